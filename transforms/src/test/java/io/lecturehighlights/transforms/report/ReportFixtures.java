package io.lecturehighlights.transforms.report;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.testing.JoinedLectures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Analysis records for report tests, and a way to read the SVG the pages carry as XML. */
final class ReportFixtures {
  private ReportFixtures() {}

  static Highlight highlight(int index, String title, double... keep) {
    List<TimeRange> ranges = new ArrayList<>();
    for (int i = 0; i < keep.length; i += 2) {
      ranges.add(new TimeRange(keep[i], keep[i + 1]));
    }
    return Highlight.newBuilder().setIndex(index).setTitle(title).setStart(keep[0]).setEnd(keep[keep.length - 1])
        .setKeep(ranges).setScore(0.5 + index / 10.0).build();
  }

  static ContentSegment topic(double start, double end, String title, double importance) {
    return ContentSegment.newBuilder().setStart(start).setEnd(end).setTitle(title).setImportance(importance)
        .setSummary("about " + title).setKeywords(List.of(title.toLowerCase())).build();
  }

  /**
   * The clean fixture lecture (60 s in its media record) with three topics, two highlights (the second with a cut
   * from 25 to 27 s) and their two clips, named as the renderer names them.
   */
  static LectureAnalysis analysed(String jobId) throws IOException {
    return analysed(jobId, "/out");
  }

  /** The same, with its clips under {@code <outputDir>/<jobId>/clips/}. */
  static LectureAnalysis analysed(String jobId, String outputDir) throws IOException {
    LectureAnalysis clean = JoinedLectures.clean(jobId);
    ContentSegments content = ContentSegments.newBuilder().setJobId(jobId).setAnalyzer("test")
        .setSegments(List.of(topic(0, 14, "Intro", 0.2), topic(14, 30, "Core idea", 0.9),
            topic(30, 41, "Wrap up", 0.5)))
        .build();
    Highlights hs = Highlights.newBuilder().setJobId(jobId)
        .setHighlights(List.of(highlight(1, "Opening", 1.3, 9.1), highlight(2, "The core", 18.0, 25.0, 27.0, 33.5)))
        .build();
    List<Clip> clips = new ArrayList<>();
    for (Highlight h : hs.getHighlights()) {
      String base = outputDir + "/" + jobId + "/clips/clip-0" + h.getIndex();
      double d = h.getKeep().stream().mapToDouble(r -> r.getEnd() - r.getStart()).sum();
      clips.add(Clip.newBuilder().setJobId(jobId).setIndex(h.getIndex()).setVideoUri(base + ".mp4")
          .setThumbnailUri(base + ".jpg").setSubtitlesUri(base + ".vtt").setDurationSeconds(d).setSizeBytes(123_456)
          .setWidth(720).setHeight(1280).setVideoCodec("h264").setAudioCodec("aac")
          .setSourceIntervals(h.getKeep()).build());
    }
    return LectureAnalysis.newBuilder(clean).setContent(content).setHighlights(hs).setClips(clips)
        .setStageMillis(Map.of("silence", 1200L, "transcription", 8000L)).build();
  }

  private static final String[] TITLES = {"Newton's laws of motion", "Inertia", "F = m · a",
      "Free-body diagrams", "Worked example: a block on an incline with friction", "Friction (cont.)",
      "Momentum & impulse", "Summary"};

  /**
   * n slides as the layout stage records them, back to back from {@code from} to {@code to}: titled (every
   * seventh without a title, as when no line stands out), their text the title's line and two more, and a
   * thumbnail slides/slide-NN.jpg for all but every fourth.
   */
  static List<Slide> slides(String jobId, int n, double from, double to) {
    List<Slide> out = new ArrayList<>();
    double step = (to - from) / n;
    for (int i = 1; i <= n; i++) {
      String title = i % 7 == 0 ? "" : TITLES[(i - 1) % TITLES.length];
      String text = (title.isEmpty() ? "" : title + "\n") + "• point " + i + " of the lecture\n• and one more line";
      out.add(Slide.newBuilder().setJobId(jobId).setIndex(i).setStart(from + (i - 1) * step)
          .setEnd(from + i * step).setTitle(title).setText(text).setConfidence(0.6 + (i % 4) / 10.0)
          .setThumbnail(i % 4 == 0 ? null : String.format("slides/slide-%02d.jpg", i))
          .setFrameTime(from + (i - 0.5) * step).build());
    }
    return out;
  }

  /** The lecture with a screen and the given slides read on it. */
  static LectureAnalysis withSlides(LectureAnalysis a, List<Slide> slides) {
    Layout l = a.getLayout() == null ? Layout.newBuilder().setJobId(a.getJobId()).setType("screen_only").build()
        : a.getLayout();
    List<Double> changes = slides.stream().skip(1).map(Slide::getStart).toList();
    return LectureAnalysis.newBuilder(a).setLayout(Layout.newBuilder(l).setFrameWidth(1280).setFrameHeight(720)
        .setScreen(l.getScreen() != null ? l.getScreen() : new Rect(0, 0, 960, 720)).setSlideChanges(changes)
        .setSlides(slides).setOcr("tesseract 5.3.0 eng").build()).build();
  }

  /** The lecture as if it lasted the given time (its media record's duration; the rest stays in the first minute). */
  static LectureAnalysis lasting(LectureAnalysis a, double seconds) {
    ValidatedLecture v = a.getLecture();
    return LectureAnalysis.newBuilder(a).setLecture(ValidatedLecture.newBuilder(v)
        .setMedia(MediaInfo.newBuilder(v.getMedia()).setDurationSeconds(seconds).build()).build()).build();
  }

  /** The first {@code <svg ...>...</svg>} with the given id in a page, parsed as XML (the SVG is well-formed). */
  static Document svg(String html, String id) {
    int at = html.indexOf("<svg id=\"" + id + "\"");
    if (at < 0) {
      throw new AssertionError("no svg#" + id + " in the page");
    }
    int end = html.indexOf("</svg>", at) + "</svg>".length();
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(false);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.substring(at, end).getBytes("UTF-8")));
    } catch (Exception e) {
      throw new AssertionError("svg#" + id + " is not well-formed: " + e.getMessage(), e);
    }
  }

  /** Elements of an SVG document whose class list holds cls. */
  static List<Element> byClass(Document doc, String tag, String cls) {
    List<Element> out = new ArrayList<>();
    NodeList all = doc.getElementsByTagName(tag);
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (List.of(e.getAttribute("class").split("\\s+")).contains(cls)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Elements inside one element whose class list holds cls. */
  static List<Element> byClass(Element root, String tag, String cls) {
    List<Element> out = new ArrayList<>();
    NodeList all = root.getElementsByTagName(tag);
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (List.of(e.getAttribute("class").split("\\s+")).contains(cls)) {
        out.add(e);
      }
    }
    return out;
  }

  static double attr(Element e, String name) {
    return Double.parseDouble(e.getAttribute(name));
  }
}
