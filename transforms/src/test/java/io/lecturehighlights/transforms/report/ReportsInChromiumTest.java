package io.lecturehighlights.transforms.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.content.OfflineContentAnalyzer;
import io.lecturehighlights.transforms.extraction.ExtractionConfig;
import io.lecturehighlights.transforms.extraction.HighlightSelector;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import io.lecturehighlights.transforms.layout.DetectLayout;
import io.lecturehighlights.transforms.layout.LayoutAnalysis;
import io.lecturehighlights.transforms.layout.LayoutAnalyzer;
import io.lecturehighlights.transforms.layout.LayoutConfig;
import io.lecturehighlights.transforms.output.JobFiles;
import io.lecturehighlights.transforms.rendering.ClipRenderer;
import io.lecturehighlights.transforms.rendering.RenderConfig;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.silence.SilenceConfig;
import io.lecturehighlights.transforms.silence.SilenceDetector;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.JoinedLectures;
import io.lecturehighlights.transforms.media.MediaProbe;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reports in a real browser. A job folder is made the way the pipeline makes it, from the clean fixture lecture
 * and the real stages (silence detection, layout detection with its layout.jpg, the offline topic analyzer, the
 * highlight selector, clips rendered by {@link ClipRenderer}), its pages are written by {@link WriteReports}, and
 * headless Chromium (Debian's {@code chromium}) loads them from {@code file://}: no console errors, the plots, the
 * layout frame, the transcript links and the players are there, the videos' metadata loads (Debian's build plays
 * H.264/AAC), their text tracks hold the subtitle cues, a timestamp click seeks the right clip, and screenshots show
 * the plot's colours. The clean lecture carries five slides (thumbnails drawn into its slides/ folder, one slide
 * without), a two-hour lecture 120 and another none: each slide page shows its strip and slide list in the width
 * of the window. Skipped, saying so, where no chromium is installed (deploy/install-prerequisites.sh installs it).
 * Screenshots are kept in target/report-screenshots/ to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsInChromiumTest {
  private static final String JOB = "lecture-clean";
  private static final String REJECTED = "broken-upload";
  /** A two-hour lecture with 120 slides, and one without a screen (no slides). */
  private static final String LONG = "lecture-long";
  private static final String NO_SLIDES = "lecture-no-slides";

  private Path out;
  private Path profile;
  private Chromium browser;
  private LectureAnalysis analysis;
  private LectureAnalysis longLecture;
  private LectureAnalysis noSlides;
  private final Map<Integer, Integer> cueCounts = new LinkedHashMap<>();

  @BeforeAll
  void makeTheJobFolderAndStartTheBrowser() throws Exception {
    Path binary = Chromium.binary().orElse(null);
    Assumptions.assumeTrue(binary != null,
        "skipped: no chromium on the PATH (Debian: apt-get install chromium; deploy/install-prerequisites.sh)");
    out = Files.createTempDirectory("lhx-reports-");
    profile = Files.createTempDirectory("lhx-chromium-");
    analysis = analyse(out);
    // The synthetic lectures have no rendered clips: their chosen highlights are listed as not rendered.
    longLecture = LectureAnalysis.newBuilder(ReportFixtures.withSlides(ReportFixtures.lasting(
        ReportFixtures.analysed(LONG, out.toString()), 7200), ReportFixtures.slides(LONG, 120, 0, 7200)))
        .setClips(List.of()).build();
    writeThumbnails(out.resolve(LONG), longLecture.getLayout().getSlides());
    noSlides = LectureAnalysis.newBuilder(ReportFixtures.analysed(NO_SLIDES, out.toString())).setClips(List.of())
        .build();
    Failure rejected = Failures.of(JobOutcomesTest.event(REJECTED), Stages.VALIDATION, "no_audio_stream",
        "the upload has no audio stream", false, 1);
    // A job of an earlier run, only on disk.
    JobStatus earlier = JobOutcomes.of(JobOutcomesTest.finished(JobOutcomesTest.validated("earlier-run"), null));
    Files.createDirectories(out.resolve("earlier-run"));
    Files.write(out.resolve("earlier-run/job.json"), JobFiles.bytes(JobFiles.job(earlier)));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    AvroCoders.registerAll(p);
    PCollectionTuple.of(WriteReports.ANALYSED, p.apply("analysed", Create.of(analysis, longLecture, noSlides)))
        .and(WriteReports.REJECTED, p.apply("rejected", Create.of(rejected)))
        .and(WriteReports.JOBS, p.apply("jobs", Create.of(JobOutcomes.of(analysis), JobOutcomes.of(rejected),
            JobOutcomes.of(longLecture), JobOutcomes.of(noSlides))))
        .apply(WriteReports.to(out.toString()));
    p.run().waitUntilFinish();

    browser = Chromium.launch(binary, profile);
  }

  /** The clean lecture through the real analysis stages, its clips rendered into {@code <out>/<job>/clips/}. */
  private LectureAnalysis analyse(Path out) throws Exception {
    Path source = Fixtures.lecture("lecture-clean.mp4");
    Map<String, Long> millis = new LinkedHashMap<>();
    long t0 = System.currentTimeMillis();
    MediaProbe.Result probe = MediaProbe.probe(source);
    MediaInfo media = MediaInfo.newBuilder().setContainer(probe.container).setDurationSeconds(probe.durationSeconds)
        .setSizeBytes(Files.size(source)).setVideoCodec(probe.videoCodec).setWidth(probe.width)
        .setHeight(probe.height).setFrameRate(probe.frameRate).setAudioCodec(probe.audioCodec)
        .setAudioSampleRate(probe.audioSampleRate).setAudioChannels(probe.audioChannels).build();
    millis.put(Stages.VALIDATION, System.currentTimeMillis() - t0);

    t0 = System.currentTimeMillis();
    SilenceConfig sc = SilenceConfig.defaults();
    SilenceDetector.Analysis sa = new SilenceDetector(sc).detect(AudioLevelReader.read(source, sc.hopSeconds()));
    List<TimeRange> silences = new ArrayList<>();
    sa.silences.forEach(r -> silences.add(new TimeRange(r.start, r.end)));
    List<Float> envelope = new ArrayList<>();
    for (float v : sa.envelopeDb) {
      envelope.add(v);
    }
    SilenceResult silence = SilenceResult.newBuilder().setJobId(JOB).setSilences(silences)
        .setDurationSeconds(sa.durationSeconds).setNoiseFloorDb(sa.noiseFloorDb).setSpeechLevelDb(sa.speechLevelDb)
        .setMeanLoudnessDb(sa.meanLoudnessDb).setThresholdDb(sa.thresholdDb).setSpeechRatio(sa.speechRatio)
        .setEnvelopeHopSeconds(sc.envelopeHopSeconds()).setLoudnessEnvelopeDb(envelope).setDetector(sc.describe())
        .setProcessingMillis(System.currentTimeMillis() - t0).build();
    millis.put(Stages.SILENCE, silence.getProcessingMillis());

    t0 = System.currentTimeMillis();
    LayoutConfig lc = LayoutConfig.defaults();
    Layout layout;
    try (LayoutAnalyzer analyzer = new LayoutAnalyzer(lc)) {
      LayoutAnalysis la = analyzer.analyze(source, true);
      layout = DetectLayout.toRecord(JOB, la, System.currentTimeMillis() - t0, lc);
      Files.createDirectories(out.resolve(JOB));
      Files.write(out.resolve(JOB).resolve(DetectLayout.THUMBNAIL), la.thumbnailJpeg);
    }
    millis.put(Stages.LAYOUT, layout.getProcessingMillis());

    Transcript transcript = Transcript.newBuilder(JoinedLectures.clean(JOB).getTranscript()).setEngine("truth")
        .build();
    millis.put(Stages.TRANSCRIPTION, 0L);
    t0 = System.currentTimeMillis();
    ContentSegments content = new OfflineContentAnalyzer().analyze(transcript, layout.getSlideChanges(), silences);
    millis.put(Stages.CONTENT, System.currentTimeMillis() - t0);
    t0 = System.currentTimeMillis();
    Highlights highlights = HighlightSelector.select(JOB, content, transcript, silences, media.getDurationSeconds(),
        ExtractionConfig.defaults().withClipSeconds(4, 12).withMaxClips(2));
    millis.put(Stages.EXTRACTION, System.currentTimeMillis() - t0);
    assertTrue(!highlights.getHighlights().isEmpty(), "the selector chose no highlight in the clean lecture");

    t0 = System.currentTimeMillis();
    ClipRenderer renderer = new ClipRenderer(RenderConfig.defaults());
    List<Clip> clips = new ArrayList<>();
    for (Highlight h : highlights.getHighlights()) {
      clips.add(renderer.render(JOB, source, h.getKeep(), layout, transcript, out.resolve(JOB).resolve("clips"),
          h.getIndex()));
    }
    millis.put(Stages.RENDERING, System.currentTimeMillis() - t0);
    for (Clip c : clips) {
      cueCounts.put(c.getIndex(), ReportAssets.parseVtt(Files.readString(Path.of(c.getSubtitlesUri()))).size());
    }

    // Five slides as the layout stage would have read them, their thumbnails in slides/ (the fourth has none).
    List<Slide> slides = ReportFixtures.slides(JOB, 5, 0, Math.max(media.getDurationSeconds(),
        silence.getDurationSeconds()));
    layout = ReportFixtures.withSlides(LectureAnalysis.newBuilder(JoinedLectures.clean(JOB)).setLayout(layout)
        .build(), slides).getLayout();
    writeThumbnails(out.resolve(JOB), slides);

    UploadEvent event = UploadEvent.newBuilder(JobOutcomesTest.event(JOB)).setVideoUri(source.toString())
        .setMetadata(io.lecturehighlights.schemas.LectureMetadata.newBuilder().setTitle("Newton's laws <intro>")
            .setCourse("PHYS 101").setLectureNumber(3).setInstructor("Dr. Test").build()).build();
    LectureAnalysis a = LectureAnalysis.newBuilder().setJobId(JOB)
        .setLecture(ValidatedLecture.newBuilder().setEvent(event).setMedia(media).setValidationMillis(
            millis.get(Stages.VALIDATION)).build())
        .setSilence(silence).setTranscript(transcript).setLayout(layout).setContent(content)
        .setHighlights(highlights).setClips(clips).setStageMillis(millis).build();
    Files.write(out.resolve(JOB).resolve("job.json"), JobFiles.bytes(JobFiles.job(JobOutcomes.of(a))));
    return a;
  }

  /** Slide-like pictures (a title bar and the text's lines) where the slides' thumbnails point. */
  private static void writeThumbnails(Path jobDir, List<Slide> slides) throws IOException {
    for (Slide s : slides) {
      if (s.getThumbnail() == null) {
        continue;
      }
      BufferedImage img = new BufferedImage(384, 216, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, 384, 216);
      g.setColor(new Color(0x1f4e8c));
      g.fillRect(0, 0, 384, 46);
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 19));
      g.drawString(s.getTitle().isEmpty() ? "(untitled)" : s.getTitle(), 14, 31);
      g.setColor(new Color(0x222222));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
      int y = 80;
      for (String line : LectureReport.bodyText(s.getTitle(), s.getText()).split("\n")) {
        g.drawString(line, 18, y);
        y += 26;
      }
      g.drawString(Integer.toString(s.getIndex()), 350, 200);
      g.dispose();
      Path f = jobDir.resolve(s.getThumbnail());
      Files.createDirectories(f.getParent());
      assertTrue(ImageIO.write(img, "jpg", f.toFile()));
    }
  }

  @AfterAll
  void stop() throws IOException {
    if (browser != null) {
      browser.close();
    }
    for (Path dir : new Path[] {out, profile}) {
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    }
  }

  private Chromium.Tab load(Path page) throws IOException {
    Chromium.Tab tab = browser.open(1366, 900);
    tab.navigate(page.toUri().toString());
    return tab;
  }

  /** Waits (in the page) until every video has its metadata or has failed, and describes each. */
  private static final String VIDEOS = """
      Promise.all(Array.from(document.querySelectorAll('video')).map(function (v) {
        return new Promise(function (done) {
          function report() {
            var t = v.textTracks.length ? v.textTracks[0] : null;
            done({ id: v.id, src: v.currentSrc, readyState: v.readyState, duration: v.duration,
                   error: v.error ? v.error.code : 0, tracks: v.textTracks.length,
                   cues: t && t.cues ? t.cues.length : 0, mode: t ? t.mode : null,
                   poster: v.poster.slice(0, 23), width: v.videoWidth, height: v.videoHeight });
          }
          if (v.readyState >= 1 || v.error) { report(); return; }
          v.addEventListener('loadedmetadata', report);
          v.addEventListener('error', report);
          setTimeout(report, 20000);
        });
      }))
      """;

  @Test
  void theLectureReportLoadsCleanlyWithItsPlotsFrameTranscriptAndPlayers() throws Exception {
    Chromium.Tab tab = load(out.resolve(JOB).resolve(LectureReport.FILE_NAME));
    JsonNode dom = tab.eval("""
        (function () {
          var img = document.querySelector('img.layout-frame');
          return {
            timeline: document.querySelectorAll('svg#timeline').length,
            highlights: document.querySelectorAll('svg#timeline g.highlight').length,
            silences: document.querySelectorAll('svg#timeline rect.silence').length,
            topics: document.querySelectorAll('svg#timeline rect.topic').length,
            loudness: document.querySelectorAll('svg#timeline path.loudness').length,
            timelineWidth: document.getElementById('timeline').getBoundingClientRect().width,
            frameLoaded: !!img && img.complete && img.naturalWidth > 0,
            frameWidth: img ? img.naturalWidth : 0,
            links: document.querySelectorAll('#transcript li a.ts').length,
            videos: document.querySelectorAll('video').length,
            resources: performance.getEntriesByType('resource').map(function (e) { return e.name; })
          };
        })()
        """);
    assertEquals(1, dom.get("timeline").asInt());
    assertEquals(analysis.getHighlights().getHighlights().size(), dom.get("highlights").asInt());
    assertEquals(analysis.getSilence().getSilences().size(), dom.get("silences").asInt());
    assertEquals(analysis.getContent().getSegments().size(), dom.get("topics").asInt());
    assertEquals(1, dom.get("loudness").asInt());
    assertTrue(dom.get("timelineWidth").asDouble() > 800, dom.toString());
    assertTrue(dom.get("frameLoaded").asBoolean(), "layout.jpg did not decode: " + dom);
    assertEquals(analysis.getTranscript().getSegments().size(), dom.get("links").asInt());
    assertEquals(analysis.getClips().size(), dom.get("videos").asInt());
    // Nothing is fetched from anywhere but the job folder (the clip videos) and data: URIs.
    for (JsonNode r : dom.get("resources")) {
      assertTrue(r.asText().startsWith("file://" + out.resolve(JOB).resolve("clips"))
          || r.asText().startsWith("file://" + out.resolve(JOB).resolve("slides")) || r.asText().startsWith("data:"),
          "fetched " + r.asText());
    }

    JsonNode videos = tab.eval(VIDEOS);
    assertEquals(analysis.getClips().size(), videos.size());
    for (int i = 0; i < videos.size(); i++) {
      JsonNode v = videos.get(i);
      Clip c = analysis.getClips().get(i);
      assertEquals(0, v.get("error").asInt(), "media error: " + v);
      assertTrue(v.get("readyState").asInt() >= 1, "no metadata: " + v);
      assertEquals(c.getDurationSeconds(), v.get("duration").asDouble(), 0.1, v.toString());
      assertEquals(c.getWidth(), v.get("width").asInt(), v.toString());
      assertTrue(v.get("src").asText().endsWith("/clips/" + ClipRenderer.fileName(c.getIndex(), "mp4")), v.toString());
      assertEquals(1, v.get("tracks").asInt(), v.toString());
      assertTrue(cueCounts.get(c.getIndex()) > 0, "the renderer wrote no cue for clip " + c.getIndex());
      assertEquals((int) cueCounts.get(c.getIndex()), v.get("cues").asInt(), v.toString());
      assertEquals("data:image/jpeg;base64,", v.get("poster").asText());
    }
    assertEquals(List.of(), tab.errors, "console: " + tab.console);
    tab.close();
  }

  @Test
  void aTimestampClickSeeksItsClipMovesThePlayheadAndShowsTheCue() throws Exception {
    Chromium.Tab tab = load(out.resolve(JOB).resolve(LectureReport.FILE_NAME));
    tab.eval(VIDEOS);
    // A transcript line inside the last clip: its start maps to the clip's time through the kept intervals.
    Highlight h = analysis.getHighlights().getHighlights().get(analysis.getHighlights().getHighlights().size() - 1);
    JsonNode line = tab.eval("(function () { var li = document.querySelector('#transcript li[data-clip=\""
        + h.getIndex() + "\"]'); return li ? { t: +li.querySelector('a.ts').dataset.t, id: li.id } : null; })()");
    assertTrue(line.isObject(), "no transcript line marked as in clip " + h.getIndex());
    double t = line.get("t").asDouble();
    double expected = 0;
    boolean inside = false;
    for (TimeRange r : h.getKeep()) {
      if (t >= r.getStart() && t < r.getEnd()) {
        expected += t - r.getStart();
        inside = true;
        break;
      }
      expected += r.getEnd() - r.getStart();
    }
    if (!inside) {
      // The line's middle is in the clip but its start is not: then the click lands outside every clip.
      Assumptions.abort("line " + line + " starts outside the clip's kept intervals");
    }
    JsonNode after = tab.eval("""
        (function () {
          document.querySelector('#%s a.ts').click();
          var v = document.getElementById('clip-video-%d');
          return new Promise(function (done) {
            function report() {
              var ph = document.getElementById('playhead');
              done({ time: v.currentTime, ready: v.readyState, playhead: ph.getAttribute('visibility'),
                     x: +ph.getAttribute('x1'),
                     current: document.querySelector('#transcript li.current') ?
                       document.querySelector('#transcript li.current').id : null,
                     card: document.getElementById('clip-%d').classList.contains('current') });
            }
            if (v.seeking) { v.addEventListener('seeked', function () { setTimeout(report, 100); }); }
            else { setTimeout(report, 200); }
          });
        })()
        """.formatted(line.get("id").asText(), h.getIndex(), h.getIndex()));
    assertEquals(expected, after.get("time").asDouble(), 0.05, after.toString());
    // HAVE_CURRENT_DATA: the frame there was decoded (this Chromium plays H.264).
    assertTrue(after.get("ready").asInt() >= 2, after.toString());
    assertEquals("visible", after.get("playhead").asText());
    assertEquals(TimelineSvg.x(t, TimelineSvg.duration(analysis)), after.get("x").asDouble(), 0.5);
    assertEquals(line.get("id").asText(), after.get("current").asText());
    assertTrue(after.get("card").asBoolean());
    // The cue playing at a moment is shown under the video (the text track is live even while hidden).
    JsonNode cue = tab.eval("""
        (function () {
          var v = document.getElementById('clip-video-%d');
          var cue = v.textTracks[0].cues[0];
          return new Promise(function (done) {
            v.addEventListener('seeked', function () {
              setTimeout(function () {
                done({ text: cue.text, shown: document.getElementById('clip-caption-%d').textContent });
              }, 100);
            }, { once: true });
            v.currentTime = (cue.startTime + cue.endTime) / 2;
          });
        })()
        """.formatted(h.getIndex(), h.getIndex()));
    assertTrue(!cue.get("text").asText().isBlank(), cue.toString());
    assertEquals(cue.get("text").asText(), cue.get("shown").asText());
    assertEquals(List.of(), tab.errors, "console: " + tab.console);
    tab.close();
  }

  @Test
  void aLinkToAMomentOpensTheReportThere() throws Exception {
    // lhx search links to report.html#t=<seconds>: the page moves the playhead there and marks that transcript line.
    Chromium.Tab probe = load(out.resolve(JOB).resolve(LectureReport.FILE_NAME));
    JsonNode line = probe.eval("(function () { var all = document.querySelectorAll('#transcript li[data-start]'); "
        + "var li = all[Math.floor(all.length / 2)]; return { t: +li.querySelector('a.ts').dataset.t, id: li.id }; })()");
    probe.close();
    double t = line.get("t").asDouble();
    Chromium.Tab tab = browser.open(1366, 900);
    tab.navigate(out.resolve(JOB).resolve(LectureReport.FILE_NAME).toUri() + "#t=" + t);
    JsonNode at = tab.eval("""
        (function () {
          var ph = document.getElementById('playhead');
          var li = document.querySelector('#transcript li.current');
          return { playhead: ph.getAttribute('visibility'), x: +ph.getAttribute('x1'), current: li ? li.id : null };
        })()
        """);
    assertEquals("visible", at.get("playhead").asText(), at.toString());
    assertEquals(TimelineSvg.x(t, TimelineSvg.duration(analysis)), at.get("x").asDouble(), 0.5);
    assertEquals(line.get("id").asText(), at.get("current").asText());
    assertEquals(List.of(), tab.errors, "console: " + tab.console);
    tab.close();
  }

  @Test
  void theIndexAndTheRejectedUploadsReportLoadCleanly() throws Exception {
    Chromium.Tab tab = load(out.resolve(BatchIndex.FILE_NAME));
    JsonNode dom = tab.eval("""
        ({ rows: Array.from(document.querySelectorAll('#jobs tbody tr')).map(function (r) {
             var a = r.querySelector('a');
             return { job: r.dataset.job, origin: r.dataset.origin, href: a ? a.href : null }; }),
           bars: Array.from(document.querySelectorAll('#stage-chart g.stage-bar')).map(function (g) {
             return { stage: g.dataset.stage, width: g.querySelector('rect').getBoundingClientRect().width }; }) })
        """);
    Set<String> jobs = new HashSet<>();
    for (JsonNode r : dom.get("rows")) {
      jobs.add(r.get("job").asText());
      if (r.get("job").asText().equals("earlier-run")) {
        assertTrue(r.get("href").isNull(), "the earlier run wrote no report, yet its row links one: " + r);
      } else {
        // Every job of this run has its report where the link points.
        assertTrue(Files.isRegularFile(Path.of(java.net.URI.create(r.get("href").asText()))), r.toString());
      }
    }
    assertEquals(Set.of(JOB, REJECTED, "earlier-run", LONG, NO_SLIDES), jobs);
    assertEquals(analysis.getStageMillis().size(), dom.get("bars").size(), dom.toString());
    for (JsonNode b : dom.get("bars")) {
      assertTrue(b.get("width").asDouble() >= 1, b.toString());
    }
    byte[] png = tab.screenshot(true);
    save("index.png", png);
    assertTrue(distinctColours(ImageIO.read(new ByteArrayInputStream(png))) > 50, "index screenshot looks blank");
    assertEquals(List.of(), tab.errors, "console: " + tab.console);
    tab.close();

    Chromium.Tab rejected = load(out.resolve(REJECTED).resolve(LectureReport.FILE_NAME));
    JsonNode r = rejected.eval("({ stage: document.querySelector('#failure .stage').textContent, "
        + "reason: document.querySelector('#failure .reason').textContent })");
    assertEquals("validation", r.get("stage").asText());
    assertEquals("no_audio_stream", r.get("reason").asText());
    assertEquals(List.of(), rejected.errors, "console: " + rejected.console);
    rejected.close();
  }

  @Test
  void aScreenshotOfTheReportShowsThePlotAndThePictures() throws Exception {
    Chromium.Tab tab = load(out.resolve(JOB).resolve(LectureReport.FILE_NAME));
    tab.eval(VIDEOS);
    tab.eval("document.fonts.ready.then(function () { return true; })");
    byte[] png = tab.screenshot(false);
    save("report.png", png);
    save("report-full.png", tab.screenshot(true));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(1366, img.getWidth());
    int colours = distinctColours(img);
    assertTrue(colours > 1000, "only " + colours + " colours: the page did not render");
    // The timeline's highlight orange and a topic's blue are on screen (the top of the page holds the timeline).
    assertTrue(pixelsNear(img, 0xe07b00, 12) > 200, "no highlight band visible");
    assertTrue(pixelsNear(img, 0x2f6fb5, 40) > 200, "no topic shading visible");
    assertEquals(List.of(), tab.errors, "console: " + tab.console);
    tab.close();
  }

  /**
   * What a slide page shows, measured in the browser: each band of the strip (its box, its label's box and drawn
   * length, its tooltip), each card of the slide list once scrolled to (title, picture decoded, boxes), and whether
   * anything is wider than the window.
   */
  private static final String SLIDES = """
      (async function () {
        var svg = document.getElementById('timeline');
        var box = svg.getBoundingClientRect();
        var bands = Array.from(svg.querySelectorAll('g.slide-band')).map(function (g) {
          var r = g.querySelector('rect');
          var rb = r.getBoundingClientRect();
          var t = g.querySelector('text.slide-label');
          var tb = t ? t.getBoundingClientRect() : null;
          return { index: +g.dataset.index, left: rb.left, right: rb.right, top: rb.top, bottom: rb.bottom,
                   units: +r.getAttribute('width'), label: t ? t.textContent : null,
                   labelUnits: t ? t.getComputedTextLength() : 0, labelLeft: tb ? tb.left : 0,
                   labelHeight: tb ? tb.height : 0, tooltip: g.querySelector('title').textContent };
        });
        var section = document.getElementById('slides-section');
        var list = document.getElementById('slides');
        section.scrollIntoView();
        function loaded(imgs) {
          return Promise.all(imgs.map(function (i) {
            return i.complete ? null : new Promise(function (done) { i.onload = i.onerror = done; });
          }));
        }
        var cards = list ? Array.from(list.querySelectorAll('li.slide-card')) : [];
        var firstRow = cards.filter(function (c) {
          return c.getBoundingClientRect().top < list.getBoundingClientRect().bottom;
        });
        await loaded(firstRow.map(function (c) { return c.querySelector('img'); }).filter(Boolean));
        var sb = section.getBoundingClientRect();
        return {
          svgLeft: box.left, svgRight: box.right, bands: bands,
          markers: svg.querySelectorAll('g.slide').length,
          message: list ? null : section.querySelector('p.muted').textContent,
          cards: cards.map(function (c) {
            var img = c.querySelector('img');
            var cb = c.getBoundingClientRect();
            var text = c.querySelector('.slide-text');
            return { id: c.id, title: c.querySelector('.slide-title').textContent,
                     src: img ? img.getAttribute('src') : null, decoded: img ? img.naturalWidth : -1,
                     noPicture: !!c.querySelector('.thumb.none'), left: cb.left, right: cb.right,
                     textClipped: text ? text.scrollWidth > text.clientWidth : false };
          }),
          sectionLeft: sb.left, sectionRight: sb.right,
          listHeight: list ? list.clientHeight : 0, listScroll: list ? list.scrollHeight : 0,
          viewport: window.innerHeight,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth
        };
      })()
      """;

  /** The checks every slide page passes: nothing wider than the window, every band in the plot and in order. */
  private static void assertSlidePageFits(JsonNode dom, int slides) {
    assertEquals(0, dom.get("overflow").asInt(), "the page is wider than the window: " + dom.get("overflow"));
    JsonNode bands = dom.get("bands");
    assertEquals(slides, bands.size());
    double previous = dom.get("svgLeft").asDouble();
    for (JsonNode b : bands) {
      assertTrue(b.get("left").asDouble() >= previous - 0.5, "bands overlap: " + b);
      assertTrue(b.get("right").asDouble() <= dom.get("svgRight").asDouble(), "band outside the plot: " + b);
      previous = b.get("right").asDouble();
      if (!b.get("label").isNull()) {
        // The label fits its band as drawn by this browser, not only by the estimate, and is big enough to read.
        assertTrue(b.get("labelUnits").asDouble() <= b.get("units").asDouble() - 3, "label wider than its band: " + b);
        assertTrue(b.get("labelLeft").asDouble() >= b.get("left").asDouble(), b.toString());
        assertTrue(b.get("labelHeight").asDouble() >= 9, "label too small to read: " + b);
      }
    }
    assertEquals(slides, dom.get("cards").size());
    for (JsonNode c : dom.get("cards")) {
      assertTrue(c.get("left").asDouble() >= dom.get("sectionLeft").asDouble() - 0.5
          && c.get("right").asDouble() <= dom.get("sectionRight").asDouble() + 0.5, "card outside its section: " + c);
      assertTrue(!c.get("textClipped").asBoolean(), "slide text wider than its card: " + c);
    }
  }

  @Test
  void theSlideStripAndTheSlidesSectionShowEverySlideWithItsTitleAndPicture() throws Exception {
    List<Slide> slides = analysis.getLayout().getSlides();
    Chromium.Tab tab = load(out.resolve(JOB).resolve(LectureReport.FILE_NAME));
    tab.eval("document.fonts.ready.then(function () { return true; })");
    JsonNode dom = tab.eval(SLIDES);
    assertSlidePageFits(dom, slides.size());
    assertEquals(0, dom.get("markers").asInt(), "slide change marks drawn over the bands");
    for (int i = 0; i < slides.size(); i++) {
      Slide s = slides.get(i);
      JsonNode b = dom.get("bands").get(i);
      assertEquals(s.getIndex(), b.get("index").asInt());
      assertTrue(b.get("tooltip").asText().endsWith(s.getTitle()), b.toString());
      // A 1-minute lecture's five slides are wide enough for their titles, whole or shortened.
      String label = b.get("label").asText();
      assertTrue(label.equals(s.getTitle()) || label.endsWith("…")
          && s.getTitle().startsWith(label.substring(0, label.length() - 1)), b.toString());
      JsonNode c = dom.get("cards").get(i);
      assertEquals("slide-" + s.getIndex(), c.get("id").asText());
      assertEquals(s.getTitle(), c.get("title").asText());
      if (s.getThumbnail() == null) {
        assertTrue(c.get("noPicture").asBoolean(), c.toString());
      } else {
        assertEquals(s.getThumbnail(), c.get("src").asText());
        assertEquals(384, c.get("decoded").asInt(), "thumbnail did not load: " + c);
      }
    }
    assertTrue(dom.get("bands").get(0).get("label").asText().equals(slides.get(0).getTitle()));

    // A slide's timestamp seeks like the transcript's, and marks the slide; so does a click on its band.
    JsonNode clicked = tab.eval("""
        (function () {
          document.querySelector('#slide-3 a.ts').click();
          var byLink = document.querySelector('#slides li.current');
          var band = document.querySelector('svg#timeline g.slide-band[data-index="5"] rect').getBoundingClientRect();
          document.getElementById('timeline').dispatchEvent(new MouseEvent('click', { bubbles: true,
              clientX: band.left + band.width / 2, clientY: band.top + band.height / 2 }));
          var byBand = document.querySelector('#slides li.current');
          return { link: byLink ? byLink.id : null, band: byBand ? byBand.id : null,
                   current: document.querySelectorAll('#slides li.current').length,
                   playhead: document.getElementById('playhead').getAttribute('visibility') };
        })()
        """);
    assertEquals("slide-3", clicked.get("link").asText(), clicked.toString());
    assertEquals("slide-5", clicked.get("band").asText(), clicked.toString());
    assertEquals(1, clicked.get("current").asInt());
    assertEquals("visible", clicked.get("playhead").asText());

    tab.eval("window.scrollTo(0, 0)");
    byte[] png = tab.screenshot(true);
    save("slides-report.png", png);
    Files.write(Path.of("/tmp/slides-report.png"), png);
    assertTrue(distinctColours(ImageIO.read(new ByteArrayInputStream(png))) > 1000, "the page did not render");
    assertEquals(List.of(), tab.errors, "console: " + tab.console);
    tab.close();
  }

  @Test
  void aTwoHourLecturesHundredAndTwentySlidesFitTheStripAndScrollInTheirList() throws Exception {
    Chromium.Tab tab = load(out.resolve(LONG).resolve(LectureReport.FILE_NAME));
    tab.eval("document.fonts.ready.then(function () { return true; })");
    JsonNode dom = tab.eval(SLIDES);
    assertSlidePageFits(dom, 120);
    // The list keeps to its box (at most 80 % of the window) and scrolls inside it.
    assertTrue(dom.get("listHeight").asDouble() <= 0.8 * dom.get("viewport").asDouble() + 1, dom.get("listHeight")
        .toString());
    assertTrue(dom.get("listScroll").asDouble() > 3 * dom.get("listHeight").asDouble(), dom.get("listScroll")
        .toString());
    // Each band is a few pixels wide: titles are in the tooltips only.
    for (JsonNode b : dom.get("bands")) {
      assertTrue(b.get("label").isNull(), b.toString());
      assertTrue(b.get("right").asDouble() - b.get("left").asDouble() > 3, b.toString());
    }
    // Pictures load as they are scrolled to, inside the list: the last ones too.
    JsonNode last = tab.eval("""
        (function () {
          var list = document.getElementById('slides');
          list.scrollTop = list.scrollHeight;
          var img = document.querySelector('#slide-119 img');
          return new Promise(function (done) {
            function report() { done({ decoded: img.naturalWidth, src: img.getAttribute('src') }); }
            if (img.complete && img.naturalWidth) { report(); return; }
            img.addEventListener('load', report);
            img.addEventListener('error', report);
            setTimeout(report, 10000);
          });
        })()
        """);
    assertEquals(384, last.get("decoded").asInt(), last.toString());
    tab.eval("document.getElementById('slides').scrollTop = 0; window.scrollTo(0, 0)");
    byte[] png = tab.screenshot(true);
    save("slides-report-long.png", png);
    Files.write(Path.of("/tmp/slides-report-long.png"), png);
    assertEquals(List.of(), tab.errors, "console: " + tab.console);
    tab.close();
  }

  @Test
  void aLectureWithoutSlidesSaysSoAndKeepsItsSlideChangeMarks() throws Exception {
    Chromium.Tab tab = load(out.resolve(NO_SLIDES).resolve(LectureReport.FILE_NAME));
    JsonNode dom = tab.eval(SLIDES);
    assertSlidePageFits(dom, 0);
    assertEquals("No slides: no shared screen was found in this lecture.", dom.get("message").asText());
    assertEquals(noSlides.getLayout().getSlideChanges().size(), dom.get("markers").asInt());
    byte[] png = tab.screenshot(true);
    save("slides-report-none.png", png);
    Files.write(Path.of("/tmp/slides-report-none.png"), png);
    assertEquals(List.of(), tab.errors, "console: " + tab.console);
    tab.close();
  }

  private static void save(String name, byte[] png) throws IOException {
    Path dir = Path.of("target", "report-screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), png);
  }

  static int distinctColours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 1) {
      for (int x = 0; x < img.getWidth(); x += 1) {
        seen.add(img.getRGB(x, y) & 0xffffff);
      }
    }
    return seen.size();
  }

  /** Pixels within tol (per channel) of rgb, or of rgb blended over white at any opacity when the tolerance allows. */
  static int pixelsNear(BufferedImage img, int rgb, int tol) {
    int r = rgb >> 16 & 0xff;
    int g = rgb >> 8 & 0xff;
    int b = rgb & 0xff;
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        if (Math.abs((p >> 16 & 0xff) - r) <= tol && Math.abs((p >> 8 & 0xff) - g) <= tol
            && Math.abs((p & 0xff) - b) <= tol) {
          n++;
        }
      }
    }
    return n;
  }
}
