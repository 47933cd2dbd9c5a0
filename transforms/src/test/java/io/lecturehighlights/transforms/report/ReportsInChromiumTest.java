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
 * the plot's colours. Skipped, saying so, where no chromium is installed (deploy/install-prerequisites.sh installs it).
 * Screenshots are kept in target/report-screenshots/ to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsInChromiumTest {
  private static final String JOB = "lecture-clean";
  private static final String REJECTED = "broken-upload";

  private Path out;
  private Path profile;
  private Chromium browser;
  private LectureAnalysis analysis;
  private final Map<Integer, Integer> cueCounts = new LinkedHashMap<>();

  @BeforeAll
  void makeTheJobFolderAndStartTheBrowser() throws Exception {
    Path binary = Chromium.binary().orElse(null);
    Assumptions.assumeTrue(binary != null,
        "skipped: no chromium on the PATH (Debian: apt-get install chromium; deploy/install-prerequisites.sh)");
    out = Files.createTempDirectory("lhx-reports-");
    profile = Files.createTempDirectory("lhx-chromium-");
    analysis = analyse(out);
    Failure rejected = Failures.of(JobOutcomesTest.event(REJECTED), Stages.VALIDATION, "no_audio_stream",
        "the upload has no audio stream", false, 1);
    // A job of an earlier run, only on disk.
    JobStatus earlier = JobOutcomes.of(JobOutcomesTest.finished(JobOutcomesTest.validated("earlier-run"), null));
    Files.createDirectories(out.resolve("earlier-run"));
    Files.write(out.resolve("earlier-run/job.json"), JobFiles.bytes(JobFiles.job(earlier)));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    AvroCoders.registerAll(p);
    PCollectionTuple.of(WriteReports.ANALYSED, p.apply("analysed", Create.of(analysis)))
        .and(WriteReports.REJECTED, p.apply("rejected", Create.of(rejected)))
        .and(WriteReports.JOBS, p.apply("jobs", Create.of(JobOutcomes.of(analysis), JobOutcomes.of(rejected))))
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
      assertTrue(r.asText().startsWith("file://" + out.resolve(JOB).resolve("clips")) || r.asText().startsWith("data:"),
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
    assertEquals(Set.of(JOB, REJECTED, "earlier-run"), jobs);
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
