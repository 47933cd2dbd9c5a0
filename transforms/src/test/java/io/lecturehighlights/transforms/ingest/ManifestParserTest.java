package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.transforms.common.JobIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  private static final String M = "/data/fall/manifest.jsonl";

  @Test
  void jsonLinesWithMetadataAndRelativePaths() {
    String content = "{\"video\":\"lectures/l1.mp4\",\"jobId\":\"phys-l1\",\"title\":\"Intro\",\"course\":\"PHYS 101\","
        + "\"semester\":\"fall-2026\",\"lectureNumber\":1,\"instructor\":\"Okafor\",\"captions\":\"l1.vtt\"}\n"
        + "\n# a comment\n"
        + "{\"video_uri\":\"/abs/l2.mov\",\"lecture_number\":\"2\"}\n"
        + "{\"video\":\"s3://bucket/l3.mp4\"}\n";
    List<ManifestParser.Row> rows = ManifestParser.parse(M, content, 42);
    assertEquals(3, rows.size());
    ManifestParser.Row r = rows.get(0);
    assertNull(r.error);
    assertEquals("phys-l1", r.event.getJobId());
    assertEquals("/data/fall/lectures/l1.mp4", r.event.getVideoUri());
    assertEquals("/data/fall/l1.vtt", r.event.getCaptionsUri());
    assertEquals("PHYS 101", r.event.getMetadata().getCourse());
    assertEquals(1, r.event.getMetadata().getLectureNumber());
    assertEquals("manifest:/data/fall/manifest.jsonl#1", r.event.getSource());
    assertEquals(42, r.event.getReceivedAtMillis());
    assertEquals("/abs/l2.mov", rows.get(1).event.getVideoUri());
    assertEquals(2, rows.get(1).event.getMetadata().getLectureNumber());
    assertEquals("manifest:/data/fall/manifest.jsonl#4", rows.get(1).event.getSource());
    assertEquals("s3://bucket/l3.mp4", rows.get(2).event.getVideoUri());
    assertEquals(JobIds.derive("s3://bucket/l3.mp4"), rows.get(2).event.getJobId());
  }

  @Test
  void badRowsComeBackWithAReasonAndTheOthersSurvive() {
    String content = "{\"video\":\"a.mp4\"}\n"
        + "{not json\n"
        + "{\"title\":\"no video\"}\n"
        + "[1,2]\n"
        + "{\"video\":\"b.mp4\",\"lectureNumber\":\"three\"}\n"
        + "{\"video\":\"c.mp4\"}\n";
    List<ManifestParser.Row> rows = ManifestParser.parse(M, content, 0);
    assertEquals(6, rows.size());
    assertNull(rows.get(0).error);
    assertTrue(rows.get(1).error.contains("line 2 is not valid JSON"), rows.get(1).error);
    assertTrue(rows.get(2).error.contains("line 3 has no video location"), rows.get(2).error);
    assertTrue(rows.get(3).error.contains("line 4 is not a JSON object"), rows.get(3).error);
    assertTrue(rows.get(4).error.contains("lectureNumber 'three' is not a number"), rows.get(4).error);
    assertNull(rows.get(5).error);
    // Every bad row still has a distinct, valid job id, so it becomes a failed job rather than vanishing.
    assertTrue(JobIds.isValid(rows.get(1).event.getJobId()));
    assertNotEquals(rows.get(1).event.getJobId(), rows.get(2).event.getJobId());
  }

  @Test
  void csvWithHeaderAndQuoting() {
    String content = "\uFEFFvideo,jobId,title,course,semester,lectureNumber,instructor,captions\n"
        + "lectures/l1.mp4,,\"Forces, and more\",PHYS 101,fall-2026,1,Okafor,\n"
        + "\n"
        + "lectures/l2.mp4,my-id,Energy,PHYS 101,fall-2026,2,Okafor,l2.srt\n";
    List<ManifestParser.Row> rows = ManifestParser.parse("/data/m.csv", content, 0);
    assertEquals(2, rows.size());
    assertEquals("Forces, and more", rows.get(0).event.getMetadata().getTitle());
    assertEquals("/data/lectures/l1.mp4", rows.get(0).event.getVideoUri());
    assertEquals(JobIds.derive("/data/lectures/l1.mp4"), rows.get(0).event.getJobId());
    assertNull(rows.get(0).event.getCaptionsUri());
    assertEquals("my-id", rows.get(1).event.getJobId());
    assertEquals("/data/l2.srt", rows.get(1).event.getCaptionsUri());
    assertEquals("manifest:/data/m.csv#4", rows.get(1).event.getSource());
  }

  @Test
  void csvRowWithTooManyColumnsIsABadRow() {
    List<ManifestParser.Row> rows = ManifestParser.parse("/d/m.csv", "video,title\na.mp4,A\nb.mp4,B,extra\n", 0);
    assertNull(rows.get(0).error);
    assertTrue(rows.get(1).error.contains("3 columns"), rows.get(1).error);
  }

  @Test
  void csvWithoutAVideoColumnFailsEveryRowClearly() {
    List<ManifestParser.Row> rows = ManifestParser.parse("/d/m.csv", "file,title\na.mp4,A\n", 0);
    assertTrue(rows.get(0).error.contains("no video location"));
  }

  @Test
  void malformedCsvIsRejectedAsAWhole() {
    assertThrows(IllegalArgumentException.class,
        () -> ManifestParser.parse("/d/m.csv", "video,title\n\"unterminated,A\n", 0));
  }

  @Test
  void parentSegmentsAreKeptSoValidationCanRejectThem() {
    List<ManifestParser.Row> rows = ManifestParser.parse(M, "{\"video\":\"../../etc/passwd.mp4\"}", 0);
    assertEquals("/data/fall/../../etc/passwd.mp4", rows.get(0).event.getVideoUri());
  }
}
