package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import org.junit.jupiter.api.Test;

/** The service's pages escape what manifests put in titles and courses. */
class PagesTest {
  private static final String MARKUP = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";

  private static ObjectNode job() {
    ObjectNode j = Json.MAPPER.createObjectNode().put("jobId", "l1");
    j.putObject("metadata").put("title", MARKUP).put("course", "A&B <i>").put("semester", "fall");
    return j;
  }

  @Test
  void watchPageEscapesTheTitleAndCourseAndSeeksToTheMoment() {
    String page = Pages.watch(job(), 12.5);
    assertFalse(page.contains("<script>alert"), page);
    assertFalse(page.contains("<img src=x"), page);
    assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img"), page);
    assertTrue(page.contains("A&amp;B &lt;i&gt;"), page);
    assertTrue(page.contains("data-start=\"12.500\" src=\"/video/l1#t=12.500\""), page);
    assertTrue(page.contains("/out/l1/report.html#t=12"), page);
  }

  @Test
  void clipPageEscapesTheClipTitleAndLinksItsSubtitles() {
    ObjectNode clip = Json.MAPPER.createObjectNode().put("index", 1).put("title", MARKUP).put("start", 30.0)
        .put("url", "/out/l1/clips/clip-01.mp4").put("subtitlesUrl", "/out/l1/clips/clip-01.vtt");
    String page = Pages.clip(job(), clip);
    assertFalse(page.contains("<script>alert"), page);
    assertTrue(page.contains("<title>&lt;script&gt;"), page);
    assertTrue(page.contains("src=\"/out/l1/clips/clip-01.mp4\""), page);
    assertTrue(page.contains("<track kind=\"subtitles\""), page);
    assertTrue(page.contains("href=\"/watch/l1?t=30\""), page);
  }

  @Test
  void searchPageSetsResultTextAsTextNotMarkup() {
    String page = Pages.search();
    assertTrue(page.contains("title.textContent = r.lectureTitle"), "titles from manifests are text");
    assertFalse(page.contains("innerHTML = r.lectureTitle"));
    assertTrue(page.contains("fetch('/api/search?'"));
  }
}
