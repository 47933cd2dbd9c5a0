package io.lecturehighlights.transforms.report;

import static io.lecturehighlights.transforms.report.ReportFixtures.attr;
import static io.lecturehighlights.transforms.report.ReportFixtures.byClass;
import static io.lecturehighlights.transforms.report.ReportFixtures.svg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import io.lecturehighlights.transforms.rendering.SubtitleCues;
import io.lecturehighlights.transforms.rendering.WebVtt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class LectureReportTest {
  private static final double D = 60; // the fixture's media duration

  private static double x(double t) {
    return TimelineSvg.LEFT + t / D * TimelineSvg.PLOT;
  }

  private static String page(LectureAnalysis a) {
    return LectureReport.html(a, ReportAssets.none());
  }

  @Test
  void drawsOneBandPerChosenHighlightAtItsTimesWithItsCuts() throws IOException {
    LectureAnalysis a = ReportFixtures.analysed("hl");
    Document svg = svg(page(a), "timeline");
    List<Element> groups = byClass(svg, "g", "highlight");
    assertEquals(2, groups.size());
    for (Highlight h : a.getHighlights().getHighlights()) {
      Element g = groups.get(h.getIndex() - 1);
      assertEquals(Integer.toString(h.getIndex()), g.getAttribute("data-index"));
      Element band = (Element) g.getElementsByTagName("rect").item(0);
      assertEquals("hl-band", band.getAttribute("class"));
      assertEquals(x(h.getStart()), attr(band, "x"), 0.01);
      assertEquals(x(h.getEnd()) - x(h.getStart()), attr(band, "width"), 0.02);
    }
    // Highlight 1 keeps one stretch, highlight 2 two with a cut between 25 and 27 s.
    List<Element> cuts = byClass(svg, "rect", "hl-cut");
    assertEquals(1, cuts.size());
    assertEquals(x(25.0), attr(cuts.get(0), "x"), 0.01);
    assertEquals(x(27.0) - x(25.0), attr(cuts.get(0), "width"), 0.02);
    assertEquals(3, byClass(svg, "rect", "hl-keep").size());
  }

  @Test
  void cutsAreTheGapsBetweenKeptIntervalsInsideTheHighlight() {
    Highlight h = Highlight.newBuilder(ReportFixtures.highlight(1, "x", 10, 12, 13, 15, 15, 18)).setStart(9).setEnd(19)
        .build();
    List<TimeRange> cuts = TimelineSvg.cuts(h);
    assertEquals(List.of(new TimeRange(9.0, 10.0), new TimeRange(12.0, 13.0), new TimeRange(18.0, 19.0)), cuts);
  }

  @Test
  void drawsEverySilenceAndTheLoudnessEnvelope() throws IOException {
    LectureAnalysis base = ReportFixtures.analysed("sil");
    List<Float> env = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      env.add(i % 10 < 3 ? -65f : -20f);
    }
    SilenceResult s = SilenceResult.newBuilder(base.getSilence()).setLoudnessEnvelopeDb(env).setEnvelopeHopSeconds(0.5)
        .build();
    Document svg = svg(page(LectureAnalysis.newBuilder(base).setSilence(s).build()), "timeline");
    List<Element> rects = byClass(svg, "rect", "silence");
    assertEquals(s.getSilences().size(), rects.size());
    for (int i = 0; i < rects.size(); i++) {
      TimeRange r = s.getSilences().get(i);
      assertEquals(x(r.getStart()), attr(rects.get(i), "x"), 0.01);
      assertEquals(x(r.getEnd()) - x(r.getStart()), attr(rects.get(i), "width"), 0.02);
    }
    Element path = byClass(svg, "path", "loudness").get(0);
    // One point per envelope value here (120 < plot width), between the row's top and bottom.
    String[] points = path.getAttribute("d").split(" L");
    assertEquals(120 + 2, points.length);
    double bottom = TimelineSvg.LOUD_Y + TimelineSvg.LOUD_H;
    double yLoud = bottom - (-20 - TimelineSvg.DB_FLOOR) / (TimelineSvg.DB_TOP - TimelineSvg.DB_FLOOR)
        * TimelineSvg.LOUD_H;
    assertTrue(path.getAttribute("d").contains(" " + Html.num(yLoud) + " L"), path.getAttribute("d"));
    assertEquals(1, byClass(svg, "line", "threshold").size());
  }

  @Test
  void aLongEnvelopeIsReducedToAboutOnePointPerPlotUnit() throws IOException {
    LectureAnalysis base = ReportFixtures.analysed("long");
    List<Float> env = new ArrayList<>();
    for (int i = 0; i < 14_400; i++) { // two hours at 0.5 s
      env.add(i == 7_000 ? -3f : -40f);
    }
    SilenceResult s = SilenceResult.newBuilder(base.getSilence()).setLoudnessEnvelopeDb(env).setDurationSeconds(7200)
        .build();
    Document svg = svg(page(LectureAnalysis.newBuilder(base).setSilence(s).build()), "timeline");
    String d = byClass(svg, "path", "loudness").get(0).getAttribute("d");
    int points = d.split(" L").length - 2;
    assertTrue(points <= Math.ceil(TimelineSvg.PLOT), "points: " + points);
    // The one loud hop survives the reduction (each bucket keeps its loudest value).
    double bottom = TimelineSvg.LOUD_Y + TimelineSvg.LOUD_H;
    double yPeak = bottom - (-3 - TimelineSvg.DB_FLOOR) / (TimelineSvg.DB_TOP - TimelineSvg.DB_FLOOR) * TimelineSvg.LOUD_H;
    assertTrue(d.contains(" " + Html.num(yPeak) + " L"), "peak missing");
  }

  @Test
  void topicShadingGrowsWithImportance() throws IOException {
    LectureAnalysis a = ReportFixtures.analysed("topics");
    List<Element> topics = byClass(svg(page(a), "timeline"), "rect", "topic");
    assertEquals(3, topics.size());
    for (int i = 0; i < topics.size(); i++) {
      ContentSegment s = a.getContent().getSegments().get(i);
      assertEquals(x(s.getStart()), attr(topics.get(i), "x"), 0.01);
      assertEquals(s.getImportance(), attr(topics.get(i), "data-importance"), 1e-9);
    }
    topics.sort(Comparator.comparingDouble(e -> attr(e, "data-importance")));
    for (int i = 1; i < topics.size(); i++) {
      assertTrue(attr(topics.get(i), "fill-opacity") > attr(topics.get(i - 1), "fill-opacity"),
          "opacity must grow with importance");
    }
    double last = -1;
    for (double imp = 0; imp <= 1.0001; imp += 0.05) {
      double o = TimelineSvg.topicOpacity(imp);
      assertTrue(o > last && o <= 1, "opacity at " + imp);
      last = o;
    }
  }

  @Test
  void slideChangesAreMarkedAtTheirTimes() throws IOException {
    LectureAnalysis a = ReportFixtures.analysed("slides");
    Document svg = svg(page(a), "timeline");
    List<Element> slides = byClass(svg, "g", "slide");
    assertEquals(a.getLayout().getSlideChanges().size(), slides.size());
    Element line = (Element) slides.get(0).getElementsByTagName("line").item(0);
    assertEquals(x(a.getLayout().getSlideChanges().get(0)), attr(line, "x1"), 0.01);
  }

  @Test
  void eachSlideIsABandFromWhenItWasShownToWhenItWasReplacedTitledWhereTheTitleFits() throws IOException {
    List<Slide> slides = ReportFixtures.slides("deck", 5, 2, 58);
    LectureAnalysis a = ReportFixtures.withSlides(ReportFixtures.analysed("deck"), slides);
    Document svg = svg(page(a), "timeline");
    List<Element> bands = byClass(svg, "g", "slide-band");
    assertEquals(5, bands.size());
    // The bands replace the change markers (their edges are the changes).
    assertEquals(0, byClass(svg, "g", "slide").size());
    for (int i = 0; i < 5; i++) {
      Slide s = slides.get(i);
      Element g = bands.get(i);
      assertEquals(Integer.toString(s.getIndex()), g.getAttribute("data-index"));
      Element rect = (Element) g.getElementsByTagName("rect").item(0);
      assertEquals(x(s.getStart()), attr(rect, "x"), 0.01);
      assertEquals(x(s.getEnd()) - x(s.getStart()), attr(rect, "width"), 0.01);
      String tooltip = g.getElementsByTagName("title").item(0).getTextContent();
      assertTrue(tooltip.startsWith("slide " + s.getIndex() + " (" + Html.clock(s.getStart()) + "–"), tooltip);
      // 11.2 s of 60 is 167 units: every title of the fixture fits but the long one, which is shortened.
      List<Element> labels = byClass((Element) g, "text", "slide-label");
      assertEquals(1, labels.size(), "slide " + s.getIndex());
      String label = labels.get(0).getTextContent();
      assertTrue(label.length() * TimelineSvg.SLIDE_CHAR_WIDTH <= attr(rect, "width") - 6, label);
      if (s.getTitle().length() * TimelineSvg.SLIDE_CHAR_WIDTH <= attr(rect, "width") - 6) {
        assertEquals(s.getTitle(), label);
      } else {
        assertTrue(label.endsWith("…") && s.getTitle().startsWith(label.substring(0, label.length() - 1)), label);
      }
      assertTrue(tooltip.endsWith(s.getTitle()), tooltip);
      // The label is clipped to its band (glyph widths are only estimated).
      String clip = labels.get(0).getAttribute("clip-path");
      assertEquals("url(#slide-clip-" + s.getIndex() + ")", clip);
    }
    assertEquals("Worked example: a block on an incline with friction", slides.get(4).getTitle());
    assertTrue(byClass(bands.get(4), "text", "slide-label").get(0).getTextContent().endsWith("…"));
  }

  @Test
  void aBandShowsTheTitleItsStartTheSlideNumberOrNothingAsWidthAllows() {
    String title = "Conservation of angular momentum";
    assertEquals(title, TimelineSvg.bandLabel(title, 7, 6 + title.length() * TimelineSvg.SLIDE_CHAR_WIDTH));
    String cut = TimelineSvg.bandLabel(title, 7, 6 + 10 * TimelineSvg.SLIDE_CHAR_WIDTH);
    assertEquals("Conservat…", cut);
    assertEquals("Con…", TimelineSvg.bandLabel(title, 7, 6 + 4 * TimelineSvg.SLIDE_CHAR_WIDTH));
    assertEquals("7", TimelineSvg.bandLabel(title, 7, 6 + 3 * TimelineSvg.SLIDE_CHAR_WIDTH));
    assertEquals("", TimelineSvg.bandLabel(title, 117, 6 + 2 * TimelineSvg.SLIDE_CHAR_WIDTH));
    assertEquals("", TimelineSvg.bandLabel(title, 7, 2));
    // No title: the number; titles of several lines read as one.
    assertEquals("12", TimelineSvg.bandLabel("", 12, 40));
    assertEquals("Part 2 Energy", TimelineSvg.bandLabel("Part 2\n  Energy ", 3, 200));
  }

  @Test
  void aLongLecturesHundredAndTwentySlidesStayInTheirRowWithoutOverlappingLabels() throws IOException {
    List<Slide> slides = ReportFixtures.slides("long", 120, 0, 7200);
    LectureAnalysis a = ReportFixtures.withSlides(ReportFixtures.lasting(ReportFixtures.analysed("long"), 7200),
        slides);
    String html = page(a);
    Document svg = svg(html, "timeline");
    List<Element> bands = byClass(svg, "g", "slide-band");
    assertEquals(120, bands.size());
    double previousEnd = TimelineSvg.LEFT;
    for (Element g : bands) {
      Element rect = (Element) g.getElementsByTagName("rect").item(0);
      assertTrue(attr(rect, "x") >= previousEnd - 0.02, "bands overlap at slide " + g.getAttribute("data-index"));
      previousEnd = attr(rect, "x") + attr(rect, "width");
      assertTrue(previousEnd <= TimelineSvg.LEFT + TimelineSvg.PLOT + 0.01);
      assertEquals(TimelineSvg.SLIDE_Y, attr(rect, "y"));
      // 60 s of 2 h is 7.5 units: too narrow even for a number; the tooltip has the title.
      assertEquals(List.of(), byClass(g, "text", "slide-label"));
      assertTrue(g.getElementsByTagName("title").item(0).getTextContent().startsWith("slide "));
    }
    assertEquals(120, count(html, "<li class=\"slide-card\""));
    // Every fourth slide has no thumbnail: 90 pictures, linked (not embedded), loaded lazily.
    assertEquals(90, count(html, "loading=\"lazy\""));
    assertEquals(30, count(html, "<div class=\"thumb none\">"));
    assertTrue(html.contains("<img src=\"slides/slide-119.jpg\""));
    assertTrue(html.length() < 400_000, html.length() + " characters");
  }

  @Test
  void theSlidesSectionListsEachSlideWithItsPictureTimesTitleAndText() throws IOException {
    List<Slide> slides = ReportFixtures.slides("deck", 5, 2, 58);
    String html = page(ReportFixtures.withSlides(ReportFixtures.analysed("deck"), slides));
    String section = html.substring(html.indexOf("<section id=\"slides-section\">"),
        html.indexOf("</section>", html.indexOf("<section id=\"slides-section\">")));
    assertTrue(section.contains("<h2>Slides <span class=\"muted count\">5</span></h2>"), section);
    assertEquals(5, count(section, "<li class=\"slide-card\""));
    assertTrue(section.contains("<li class=\"slide-card\" id=\"slide-2\" data-index=\"2\" data-start=\"13.2\" "
        + "data-end=\"24.4\"><a class=\"thumb\" href=\"slides/slide-02.jpg\"><img src=\"slides/slide-02.jpg\" "
        + "alt=\"slide 2\" loading=\"lazy\" decoding=\"async\"></a>"), section);
    // Slide 4 has no thumbnail: no picture is linked for it.
    assertFalse(section.contains("slides/slide-04.jpg"));
    assertTrue(section.contains("id=\"slide-4\" data-index=\"4\" data-start=\"35.6\" data-end=\"46.8\">"
        + "<div class=\"thumb none\">no picture</div>"), section);
    // When it was shown, as a timestamp link that seeks like the transcript's.
    assertTrue(section.contains("<span class=\"slide-no\">2</span><a class=\"ts\" href=\"#t=13.2\" "
        + "data-t=\"13.2\">0:13</a>–0:24"), section);
    assertTrue(section.contains("<b class=\"slide-title\">Inertia</b>"));
    // The title is not repeated as the first line of the text.
    assertTrue(section.contains("<div class=\"slide-text\">• point 2 of the lecture\n• and one more line</div>"),
        section);
    assertTrue(section.contains("· OCR 90%</span>"), section);
    // The layout facts say how many were read and by what.
    assertTrue(html.contains("<dt>Slides read</dt><dd>5 (tesseract 5.3.0 eng)</dd>"));
  }

  @Test
  void slideTextAndTitlesAreEscapedAndOnlyPlainRelativeThumbnailsAreLinked() throws IOException {
    String evil = "<script>alert('slide')</script>";
    List<Slide> slides = new ArrayList<>(ReportFixtures.slides("esc", 3, 0, 60));
    slides.set(0, Slide.newBuilder(slides.get(0)).setTitle(evil).setText(evil + "\n<img src=x onerror=alert(1)>")
        .build());
    slides.set(1, Slide.newBuilder(slides.get(1)).setThumbnail("javascript:alert(1)").build());
    slides.set(2, Slide.newBuilder(slides.get(2)).setThumbnail("../../etc/passwd").build());
    String html = page(ReportFixtures.withSlides(ReportFixtures.analysed("esc"), slides));
    assertFalse(html.contains(evil));
    assertFalse(html.contains("<img src=x"));
    assertFalse(html.contains("javascript:"));
    assertFalse(html.contains("passwd"));
    assertTrue(html.contains("<b class=\"slide-title\">&lt;script&gt;alert(&#39;slide&#39;)&lt;/script&gt;</b>"));
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assertEquals(2, count(html, "<div class=\"thumb none\">"));
    svg(html, "timeline"); // still well-formed with the title in a <title> and a label
    assertTrue(LectureReport.isRelativeFile("slides/slide-01.jpg"));
    assertFalse(LectureReport.isRelativeFile("/out/job/slides/slide-01.jpg"));
    assertFalse(LectureReport.isRelativeFile("slides/../../x.jpg"));
    assertFalse(LectureReport.isRelativeFile("https://example.com/x.jpg"));
    assertFalse(LectureReport.isRelativeFile(null));
  }

  @Test
  void aLectureWithoutSlidesSaysWhyAndKeepsItsSlideChangeMarks() throws IOException {
    LectureAnalysis base = ReportFixtures.analysed("none");
    // The fixture's layout has slide changes but no screen and no slides read.
    String html = page(base);
    assertTrue(html.contains("No slides: no shared screen was found in this lecture."), html);
    assertEquals(0, count(html, "<li class=\"slide-card\""));
    assertEquals(base.getLayout().getSlideChanges().size(), byClass(svg(html, "timeline"), "g", "slide").size());
    assertTrue(html.contains("slide change</span>"));
    LectureAnalysis screen = ReportFixtures.withSlides(base, List.of());
    String off = page(LectureAnalysis.newBuilder(screen).setLayout(Layout.newBuilder(screen.getLayout())
        .setOcr(null).build()).build());
    assertTrue(off.contains("No slide was read (slide reading was off)."), off);
    assertTrue(page(LectureAnalysis.newBuilder(base).setLayout(null).build())
        .contains("No slides (layout detection failed or did not run)."));
  }

  @Test
  void theTitleIsTakenOffTheSlideTextOnlyWhenItIsItsFirstLines() {
    assertEquals("• a\n• b", LectureReport.bodyText("Energy", "Energy\n• a\n• b"));
    assertEquals("", LectureReport.bodyText("Energy", "Energy"));
    assertEquals("Energy levels\n• a", LectureReport.bodyText("Energy", "Energy levels\n• a"));
    assertEquals("Intro\nEnergy", LectureReport.bodyText("Energy", "Intro\nEnergy"));
    assertEquals("x", LectureReport.bodyText("", "  x \n"));
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }

  @Test
  void everyTranscriptLineHasAClickableTimestamp() throws IOException {
    LectureAnalysis a = ReportFixtures.analysed("ts");
    String html = page(a);
    List<TranscriptSegment> segs = a.getTranscript().getSegments();
    Matcher li = Pattern.compile("<li id=\"seg-(\\d+)\" data-start=\"([^\"]+)\"[^>]*><a class=\"ts\" "
        + "href=\"#t=([^\"]+)\" data-t=\"([^\"]+)\">([^<]+)</a><span class=\"text\">([^<]*)</span>").matcher(html);
    int n = 0;
    while (li.find()) {
      TranscriptSegment s = segs.get(n++);
      assertEquals(s.getStart(), Double.parseDouble(li.group(4)), 0.005);
      assertEquals(li.group(3), li.group(4));
      assertEquals(Html.clock(s.getStart()), li.group(5));
    }
    assertEquals(segs.size(), n);
    // Lines inside a kept interval name their clip (the second sentence, 3.6-6.3 s, is in clip 1).
    assertTrue(html.contains("<li id=\"seg-2\" data-start=\"3.61\" data-end=\"6.3\" class=\"in-clip\" data-clip=\"1\""),
        html.substring(html.indexOf("id=\"seg-2\"") - 4, html.indexOf("id=\"seg-2\"") + 120));
    // The page script seeks on those links, with the clips' source intervals to map times.
    assertTrue(html.contains("document.querySelectorAll('a.ts')"));
    JsonNode data = reportData(html);
    assertEquals(2, data.get("clips").size());
    assertEquals(27.0, data.get("clips").get(1).get("intervals").get(1).get(0).asDouble());
  }

  @Test
  void aWordsOnlyTranscriptIsShownInLinesBrokenAtPauses() throws IOException {
    List<TranscriptWord> words = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      double t = i < 5 ? i * 0.4 : 5 + i * 0.4; // a 3 s pause after the fifth word
      words.add(new TranscriptWord(t, t + 0.3, "w" + i, null));
    }
    Transcript t = Transcript.newBuilder().setJobId("w").setEngine("api").setSegments(List.of()).setWords(words).build();
    List<LectureReport.Line> lines = LectureReport.lines(t);
    assertEquals(3, lines.size());
    assertEquals("w0 w1 w2 w3 w4", lines.get(0).text());
    assertEquals(14, lines.get(1).text().split(" ").length);
    assertEquals(words.get(5).getStart(), lines.get(1).start());
  }

  @Test
  void textFromRecordsIsEscapedEverywhere() throws IOException {
    String evil = "<script>alert('x')</script>";
    LectureAnalysis base = ReportFixtures.analysed("esc");
    UploadEvent event = UploadEvent.newBuilder(base.getLecture().getEvent())
        .setMetadata(LectureMetadata.newBuilder().setTitle(evil).setCourse("A&B \"quoted\"").build()).build();
    ValidatedLecture lecture = ValidatedLecture.newBuilder(base.getLecture()).setEvent(event).build();
    List<TranscriptSegment> segs = new ArrayList<>(base.getTranscript().getSegments());
    segs.set(0, new TranscriptSegment(1.5, 3.0, "he said </script><img src=x onerror=alert(1)>"));
    List<ContentSegment> topics = new ArrayList<>(base.getContent().getSegments());
    topics.set(0, ReportFixtures.topic(0, 14, evil, 0.2));
    LectureAnalysis a = LectureAnalysis.newBuilder(base).setLecture(lecture)
        .setTranscript(Transcript.newBuilder(base.getTranscript()).setSegments(segs).build())
        .setContent(io.lecturehighlights.schemas.ContentSegments.newBuilder(base.getContent()).setSegments(topics).build())
        .setNotes(List.of("layout: <b>bad</b>"))
        .build();
    ReportAssets assets = new ReportAssets(null, Map.of(),
        Map.of(1, List.of(new ReportAssets.Cue(0, 1, "</script><script>alert(2)</script>"))));
    String html = LectureReport.html(a, assets);
    assertFalse(html.contains(evil), "raw title in page");
    assertFalse(html.contains("<img src=x"));
    assertFalse(html.contains("<b>bad</b>"));
    assertTrue(html.contains("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; – report</title>"));
    assertTrue(html.contains("A&amp;B &quot;quoted&quot;"));
    assertTrue(html.contains("he said &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // Exactly the page's own two script elements; the cue text stays inside the JSON (as \\u003c escapes).
    assertEquals(2, html.split("<script", -1).length - 1);
    assertEquals("</script><script>alert(2)</script>",
        reportData(html).get("clips").get(0).get("cues").get(0).get("text").asText());
    svg(html, "timeline"); // still well-formed with the title inside a <title>
  }

  @Test
  void aFailedJobShowsTheStageReasonAndWhateverItHas() throws IOException {
    LectureAnalysis base = ReportFixtures.analysed("fail");
    Failure f = Failures.of(base.getLecture().getEvent(), Stages.CONTENT, "invalid_model_answer",
        "three unusable answers from the model", true, 3);
    LectureAnalysis a = LectureAnalysis.newBuilder(base).setContent(null).setHighlights(null).setClips(List.of())
        .setFailure(f).build();
    String html = page(a);
    assertTrue(html.contains("class=\"badge failed\""));
    assertTrue(html.contains("Failed at stage <span class=\"stage\">content</span>: "
        + "<code class=\"reason\">invalid_model_answer</code>"), html);
    assertTrue(html.contains("three unusable answers from the model"));
    assertTrue(html.contains("3 attempts; retryable"));
    assertTrue(html.contains("No topic segments (content analysis failed)"));
    // What the job had before it failed is still there: the transcript, the silences.
    assertTrue(html.contains("Newton&#39;s laws of motion"));
    assertEquals(a.getSilence().getSilences().size(), byClass(svg(html, "timeline"), "rect", "silence").size());
    assertTrue(html.contains("No highlights were chosen (the job failed first)."));
  }

  @Test
  void aRejectedUploadGetsAReportWithItsReason() {
    Failure f = Failures.of(JobOutcomesTest.event("rej"), Stages.VALIDATION, "no_audio_stream",
        "the file has no audio stream", false, 1);
    String html = LectureReport.html(f);
    assertTrue(html.contains("Failed at stage <span class=\"stage\">validation</span>: "
        + "<code class=\"reason\">no_audio_stream</code>"));
    assertTrue(html.contains("the file has no audio stream"));
    assertTrue(html.contains("/v/rej.mp4"));
    assertFalse(html.contains("<svg id=\"timeline\""));
    assertFalse(html.contains("<script"));
  }

  @Test
  void clipsPlayBesideThePageWithTheirPosterAndCuesEmbedded() throws IOException {
    LectureAnalysis a = ReportFixtures.analysed("clips");
    byte[] jpg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};
    var cues = List.of(new SubtitleCues.Cue(0.0, 1.25, List.of("Welcome back", "everyone.")),
        new SubtitleCues.Cue(1.25, 2.5, List.of("Today & <tomorrow>")));
    // The cues as the renderer writes them, read back as the report reads them.
    List<ReportAssets.Cue> parsed = ReportAssets.parseVtt(WebVtt.format(cues));
    assertEquals(List.of(new ReportAssets.Cue(0.0, 1.25, "Welcome back\neveryone."),
        new ReportAssets.Cue(1.25, 2.5, "Today & <tomorrow>")), parsed);
    String html = LectureReport.html(a, new ReportAssets(jpg, Map.of(1, jpg), Map.of(1, parsed)));
    assertTrue(html.contains("<video id=\"clip-video-1\" controls preload=\"metadata\" playsinline "
        + "src=\"clips/clip-01.mp4\" width=\"720\" height=\"1280\" poster=\"data:image/jpeg;base64,/9gBAgM=\">"));
    assertTrue(html.contains("src=\"clips/clip-02.mp4\""));
    assertTrue(html.contains("<img class=\"layout-frame\""));
    assertTrue(html.contains("2 subtitle cues"));
    assertTrue(html.contains("no subtitle file"));
    JsonNode clips = reportData(html).get("clips");
    assertEquals("Welcome back\neveryone.", clips.get(0).get("cues").get(0).get("text").asText());
    assertEquals(0, clips.get(1).get("cues").size());
    // Nothing is fetched from elsewhere: the only src/href that is not a data: URI, a fragment or a relative page
    // link is a clip beside the page.
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
    while (refs.find()) {
      String r = refs.group(1);
      assertTrue(r.startsWith("data:") || r.startsWith("#") || r.startsWith("clips/") || r.equals("../index.html"),
          r);
    }
  }

  private static JsonNode reportData(String html) throws IOException {
    String open = "<script type=\"application/json\" id=\"report-data\">";
    int at = html.indexOf(open) + open.length();
    return Json.MAPPER.readTree(html.substring(at, html.indexOf("</script>", at)));
  }

  @Test
  void aClipInSeveralFormatsPlaysItsFirstAndLinksEach() throws IOException {
    LectureAnalysis one = ReportFixtures.analysed("formats");
    List<io.lecturehighlights.schemas.Clip> clips = new ArrayList<>();
    for (io.lecturehighlights.schemas.Clip c : one.getClips()) {
      clips.add(io.lecturehighlights.schemas.Clip.newBuilder(c).setFormat("vertical").build());
      String wide = c.getVideoUri().replace(".mp4", "-landscape.mp4");
      clips.add(io.lecturehighlights.schemas.Clip.newBuilder(c).setFormat("landscape").setLayout("landscape")
          .setVideoUri(wide).setWidth(1280).setHeight(720).build());
    }
    LectureAnalysis a = LectureAnalysis.newBuilder(one).setClips(clips).build();
    String html = LectureReport.html(a, ReportAssets.none());
    // One card per clip, playing the first format; every format linked with its size.
    assertEquals(1, html.split("id=\"clip-video-1\"", -1).length - 1);
    assertTrue(html.contains("src=\"clips/clip-01.mp4\" width=\"720\" height=\"1280\""), html);
    assertTrue(html.contains("<a class=\"format\" data-format=\"vertical\" href=\"clips/clip-01.mp4\">vertical</a> "
        + "720×1280 · <a class=\"format\" data-format=\"landscape\" href=\"clips/clip-01-landscape.mp4\">landscape"
        + "</a> 1280×720"), html);
    assertTrue(html.contains("2 (vertical, landscape)"), "the facts count clips, not files");
    assertEquals(2, reportData(html).get("clips").size());
  }
}
