package io.lecturehighlights.transforms.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.rendering.SubtitleCues.Cue;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real renders of the synthetic lectures, checked against their ground truth by decoding the clips again: length,
 * audio/video sync, burned-in subtitles, the screen's pixels, the audiogram, the WebVTT file and clicks at cuts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipRendererTest {
  private static final String CLEAN = "lecture-clean.mp4";
  /** Three cuts in the middle of speech (clean lecture), 7.5 s in all. */
  private static final double[] SPEECH_CUTS = {2.0, 4.5, 8.0, 10.5, 16.5, 19.0};
  /** One interval across the 13.9-15.9 s pause: "We call this property inertia." then nothing, then the second law. */
  private static final double[] ACROSS_PAUSE = {11.0, 16.5};

  @TempDir Path out;
  private final ClipRenderer renderer = new ClipRenderer(RenderConfig.defaults());
  private Clip cuts;
  private DecodedClip cutsDecoded;

  @BeforeAll
  void renderCuts(@TempDir Path dir) throws Exception {
    cuts = renderer.render("clean", Fixtures.lecture(CLEAN), RenderFixtures.kept(SPEECH_CUTS),
        RenderFixtures.layout(CLEAN), RenderFixtures.transcript(CLEAN), dir, 1);
    cutsDecoded = DecodedClip.decode(Path.of(cuts.getVideoUri()));
  }

  @Test
  void clipLastsAsLongAsTheKeptIntervals() {
    double kept = 2.5 * 3;
    DecodedClip d = cutsDecoded;
    assertEquals(25, d.fps, 0.01);
    assertEquals(kept, d.videoSeconds(), 1 / d.fps + 1e-9, "video " + d.videoFrames + " frames");
    assertEquals(kept, cuts.getDurationSeconds(), 1 / d.fps + 0.03);
    assertEquals(720, d.width);
    assertEquals(1280, d.height);
    assertEquals("h264", d.videoCodec);
    assertEquals("aac", d.audioCodec);
    assertEquals(48000, d.sampleRate);
  }

  @Test
  void audioAndVideoTracksAreEquallyLong() {
    DecodedClip d = cutsDecoded;
    assertTrue(Math.abs(d.audioSeconds() - d.videoSeconds()) < 0.040,
        String.format(Locale.ROOT, "audio %.4f s vs video %.4f s", d.audioSeconds(), d.videoSeconds()));
  }

  @Test
  void clipRecordDescribesTheFiles() throws Exception {
    assertEquals("clean", cuts.getJobId());
    assertEquals(1, cuts.getIndex());
    assertTrue(cuts.getVideoUri().endsWith("clip-01.mp4"), cuts.getVideoUri());
    assertTrue(cuts.getThumbnailUri().endsWith("clip-01.jpg"), cuts.getThumbnailUri());
    assertTrue(cuts.getSubtitlesUri().endsWith("clip-01.vtt"), cuts.getSubtitlesUri());
    assertEquals("vertical", cuts.getLayout());
    assertEquals(Files.size(Path.of(cuts.getVideoUri())), cuts.getSizeBytes());
    assertEquals(720, cuts.getWidth());
    assertEquals(1280, cuts.getHeight());
    assertEquals("h264", cuts.getVideoCodec());
    assertEquals("aac", cuts.getAudioCodec());
    assertEquals(RenderFixtures.kept(SPEECH_CUTS), cuts.getSourceIntervals());
    assertTrue(cuts.getRenderMillis() > 0);
    // The thumbnail is a real JPEG of the output size.
    DecodedClip thumb = DecodedClip.decode(Path.of(cuts.getThumbnailUri()));
    assertEquals(720, thumb.width);
    assertEquals(1280, thumb.height);
    // Faststart: the index (moov) comes before the media data (mdat).
    byte[] head = Arrays.copyOf(Files.readAllBytes(Path.of(cuts.getVideoUri())), 4096);
    String ascii = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(ascii.indexOf("moov") >= 0 && (ascii.indexOf("mdat") < 0 || ascii.indexOf("moov") < ascii.indexOf("mdat")),
        "moov must precede mdat");
    try (Stream<Path> files = Files.list(Path.of(cuts.getVideoUri()).getParent())) {
      assertEquals(List.of("clip-01.jpg", "clip-01.mp4", "clip-01.vtt"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no partial files left");
    }
  }

  @Test
  void noClicksAtCuts() throws Exception {
    double faded = clickRatio(cutsDecoded);
    // The same cuts without fades: the splice jumps between unrelated samples.
    Clip hard = new ClipRenderer(RenderConfig.defaults().withFadeMillis(0).withSubtitles(false)).render("clean",
        Fixtures.lecture(CLEAN), RenderFixtures.kept(SPEECH_CUTS), RenderFixtures.layout(CLEAN), null,
        out.resolve("hard"), 1);
    double unfaded = clickRatio(DecodedClip.decode(Path.of(hard.getVideoUri())));
    assertTrue(faded < 0.5, String.format(Locale.ROOT, "largest step at a cut is %.2f of the speech's own", faded));
    assertTrue(unfaded > 2 * faded, String.format(Locale.ROOT, "hard cuts %.2f vs faded %.2f", unfaded, faded));
  }

  /**
   * The largest sample-to-sample step within 3 ms of each cut, over the 99.9th percentile of steps in the speech
   * elsewhere (high-frequency content of speech sets the scale).
   */
  private static double clickRatio(DecodedClip d) {
    int rate = d.sampleRate;
    double[] cutsAt = {2.5, 5.0};
    int win = (int) (0.003 * rate);
    double atCuts = 0;
    for (double c : cutsAt) {
      int center = (int) Math.round(c * rate);
      for (int i = center - win; i < center + win; i++) {
        atCuts = Math.max(atCuts, Math.abs(d.audio[i + 1] - d.audio[i]));
      }
    }
    double[] steps = new double[d.audio.length - 1];
    int n = 0;
    for (int i = 0; i + 1 < d.audio.length; i++) {
      boolean nearCut = false;
      for (double c : cutsAt) {
        nearCut |= Math.abs(i - c * rate) < 0.02 * rate;
      }
      if (!nearCut) {
        steps[n++] = Math.abs(d.audio[i + 1] - d.audio[i]);
      }
    }
    double[] s = Arrays.copyOf(steps, n);
    Arrays.sort(s);
    return atCuts / s[(int) (0.999 * (n - 1))];
  }

  @Test
  void subtitlesShowDuringCuesOnlyAndTheVttIsInClipTime() throws Exception {
    Transcript transcript = RenderFixtures.transcript(CLEAN);
    Layout layout = RenderFixtures.layout(CLEAN);
    List<TimeRange> kept = RenderFixtures.kept(ACROSS_PAUSE);
    Clip with = renderer.render("clean", Fixtures.lecture(CLEAN), kept, layout, transcript, out.resolve("sub"), 2);
    Clip without = new ClipRenderer(RenderConfig.defaults().withSubtitles(false))
        .render("clean", Fixtures.lecture(CLEAN), kept, layout, transcript, out.resolve("nosub"), 2);

    // The WebVTT side file: cues in clip time, the inertia sentence at 12.128-13.9 s in the source.
    List<Cue> cues = WebVtt.read(Path.of(with.getSubtitlesUri()));
    assertFalse(cues.isEmpty());
    Cue inertia = cues.stream().filter(c -> c.text().contains("inertia")).findFirst().orElseThrow();
    assertEquals(12.128 - 11.0, inertia.start(), 0.002);
    assertEquals(13.9 - 11.0, inertia.end(), 0.002);
    for (int i = 0; i < cues.size(); i++) {
      assertTrue(cues.get(i).start() >= 0 && cues.get(i).end() <= 5.5 + 1e-9, cues.get(i).toString());
      assertTrue(i == 0 || cues.get(i).start() >= cues.get(i - 1).end(), "cues overlap: " + cues);
      assertTrue(cues.get(i).lines().size() <= 2 && cues.get(i).lines().stream().allMatch(l -> l.length() <= 32),
          cues.get(i).toString());
    }
    assertTrue(cues.stream().noneMatch(c -> c.start() < 4.8 && c.end() > 3.0), "nothing is said 13.9-15.9 s: " + cues);

    double cueTime = 2.0;
    double pauseTime = 3.9;
    DecodedClip a = DecodedClip.decode(Path.of(with.getVideoUri()), cueTime, pauseTime);
    DecodedClip b = DecodedClip.decode(Path.of(without.getVideoUri()), cueTime, pauseTime);
    RenderLayout plan = RenderLayout.plan(layout, 1280, 720, true, RenderConfig.defaults());
    int top = plan.subtitleTop;
    int bottom = plan.subtitleBottom;
    double inBandAtCue = mad(a.luma.get(cueTime), b.luma.get(cueTime), a.width, top, bottom);
    double inBandInPause = mad(a.luma.get(pauseTime), b.luma.get(pauseTime), a.width, top, bottom);
    double aboveBandAtCue = mad(a.luma.get(cueTime), b.luma.get(cueTime), a.width, 0, top - 40);
    assertTrue(inBandAtCue > 15, "subtitle band at a cue differs by only " + inBandAtCue);
    assertTrue(inBandInPause < 2, "subtitle band between cues differs by " + inBandInPause);
    assertTrue(aboveBandAtCue < 2, "text outside the band: " + aboveBandAtCue);
    // White text: bright pixels appear in the band.
    assertTrue(bright(a.luma.get(cueTime), a.width, top, bottom) > bright(b.luma.get(cueTime), a.width, top, bottom)
        + 2000);
  }

  @Test
  void screenPartMatchesTheSourceScreen() throws Exception {
    Layout layout = RenderFixtures.layout(CLEAN);
    Clip clip = renderer.render("clean", Fixtures.lecture(CLEAN), RenderFixtures.kept(ACROSS_PAUSE), layout,
        RenderFixtures.transcript(CLEAN), out.resolve("screen"), 3);
    double clipTime = 1.0;
    DecodedClip d = DecodedClip.decode(Path.of(clip.getVideoUri()), clipTime);
    int[] frame = d.luma.get(clipTime);
    RenderLayout plan = RenderLayout.plan(layout, 1280, 720, true, RenderConfig.defaults());
    RenderLayout.Box target = plan.screenTarget;
    RenderLayout.Box source = plan.screenSource;
    assertTrue(target.y() + target.h() <= plan.subtitleTop, "the screen sits above the subtitles");
    int[] same = DecodedClip.sourceLuma(Fixtures.lecture(CLEAN), 11.0 + clipTime);
    int[] otherSlide = DecodedClip.sourceLuma(Fixtures.lecture(CLEAN), 16.0);
    // The camera inset inside the screen is painted over (the camera is shown below): compared apart.
    RenderLayout.Box inset = new RenderLayout.Box(930, 450, 348, 268);
    double match = blockMad(frame, d.width, target, same, 1280, source, inset, false);
    double mismatch = blockMad(frame, d.width, target, otherSlide, 1280, source, inset, false);
    assertTrue(match < 4, "screen region differs from the source by " + match);
    assertTrue(mismatch > 3 * match + 4, "a different slide should not match: " + mismatch + " vs " + match);
    double insetShown = blockMad(frame, d.width, target, same, 1280, source, inset, true);
    assertTrue(insetShown > 3 * match + 4, "the inset is not shown again in the screen part: " + insetShown);
  }

  @Test
  void audioOnlyLectureBecomesAnAudiogramWithSound() throws Exception {
    String lecture = "lecture-audio-only.m4a";
    Transcript transcript = RenderFixtures.transcript(lecture);
    Clip clip = renderer.render("audio", Fixtures.lecture(lecture), RenderFixtures.kept(0.5, 4.0, 6.0, 8.5), null,
        transcript, out.resolve("audio"), 4);
    assertEquals("vertical", clip.getLayout());
    assertEquals(720, clip.getWidth());
    assertEquals(1280, clip.getHeight());
    List<Cue> cues = WebVtt.read(Path.of(clip.getSubtitlesUri()));
    assertFalse(cues.isEmpty());
    double shown = (cues.get(0).start() + cues.get(0).end()) / 2;
    DecodedClip d = DecodedClip.decode(Path.of(clip.getVideoUri()), shown);
    assertEquals(6.0, d.videoSeconds(), 1 / d.fps + 1e-9);
    assertTrue(Math.abs(d.audioSeconds() - d.videoSeconds()) < 0.040, d.audioSeconds() + " vs " + d.videoSeconds());
    double rms = 0;
    for (float s : d.audio) {
      rms += s * s;
    }
    rms = Math.sqrt(rms / d.audio.length);
    assertTrue(20 * Math.log10(rms) > -35, "the speech is in the clip: " + 20 * Math.log10(rms) + " dBFS");
    int[] frame = d.luma.get(shown);
    RenderLayout plan = RenderLayout.plan(null, 0, 0, false, RenderConfig.defaults());
    // A dark plain background, with the white subtitle text in its band.
    assertTrue(mean(frame, d.width, 0, plan.subtitleTop - 10) < 40);
    assertTrue(bright(frame, d.width, 0, plan.subtitleTop - 10) == 0);
    assertTrue(bright(frame, d.width, plan.subtitleTop, plan.subtitleBottom) > 1000);
  }

  @Test
  void settingsFromTheCommandLineShapeTheClip() throws Exception {
    // --clip-height 640 --clip-preset ultrafast --clip-crf 30 --clip-audio-kbps 64 --subtitle-style outline
    // --subtitle-size 0.08 --subtitle-position top --subtitle-color yellow --subtitle-box-color navy, as StageConfigs
    // builds them
    RenderConfig small = RenderConfig.defaults().withClipHeight(640).withEncoder("ultrafast", 30)
        .withAudio(64_000, 48_000).withSubtitleStyle(RenderConfig.OUTLINE).withFontSizeRatio(0.08)
        .withSubtitlePosition("top").withSubtitleColors("yellow", "navy");
    Transcript transcript = RenderFixtures.transcript(CLEAN);
    Layout layout = RenderFixtures.layout(CLEAN);
    List<TimeRange> kept = RenderFixtures.kept(ACROSS_PAUSE);
    Clip clip = new ClipRenderer(small).render("clean", Fixtures.lecture(CLEAN), kept, layout, transcript,
        out.resolve("small"), 3);
    Clip plain = new ClipRenderer(small.withSubtitles(false)).render("clean", Fixtures.lecture(CLEAN), kept, layout,
        transcript, out.resolve("small-plain"), 3);
    assertEquals(360, clip.getWidth());
    assertEquals(640, clip.getHeight());
    double cueTime = 2.0;
    DecodedClip d = DecodedClip.decode(Path.of(clip.getVideoUri()), cueTime);
    DecodedClip p = DecodedClip.decode(Path.of(plain.getVideoUri()), cueTime);
    assertEquals(360, d.width);
    assertEquals(640, d.height);
    assertEquals(5.5, d.videoSeconds(), 1 / d.fps + 1e-9);
    // The larger outlined subtitles are drawn where the plan puts them for this size, at the top, and only there.
    RenderLayout plan = RenderLayout.plan(layout, 1280, 720, true, small);
    assertTrue(plan.subtitleBottom < 640 / 3, "band at the top: " + plan.subtitleTop + ".." + plan.subtitleBottom);
    assertTrue(mad(d.luma.get(cueTime), p.luma.get(cueTime), 360, plan.subtitleTop, plan.subtitleBottom) > 10,
        "no subtitles in the band");
    assertTrue(mad(d.luma.get(cueTime), p.luma.get(cueTime), 360, plan.subtitleBottom + 40, 640) < 3,
        "subtitles outside the band");
    String graph = plan.drawtext(List.of(new Cue(0, 1, List.of("one line"))), out, small);
    assertTrue(graph.contains("fontcolor=yellow") && graph.contains("bordercolor=navy"), graph);
    assertTrue(Files.isRegularFile(Path.of(plain.getSubtitlesUri())), "the .vtt is written without burned-in text");

    Clip original = new ClipRenderer(RenderConfig.defaults().withLayoutMode("original").withClipHeight(360))
        .render("clean", Fixtures.lecture(CLEAN), RenderFixtures.kept(3.0, 4.0), layout, transcript,
            out.resolve("original-360"), 4);
    assertEquals(640, original.getWidth());
    assertEquals(360, original.getHeight());
  }

  @Test
  void originalModeKeepsTheSourceFraming() throws Exception {
    String lecture = "lecture-noisy.mp4";
    Clip clip = new ClipRenderer(RenderConfig.defaults().withLayoutMode("original")).render("noisy",
        Fixtures.lecture(lecture), RenderFixtures.kept(3.0, 5.0), RenderFixtures.layout(lecture),
        RenderFixtures.transcript(lecture), out.resolve("original"), 5);
    assertEquals("original", clip.getLayout());
    assertEquals(960, clip.getWidth());
    assertEquals(540, clip.getHeight());
    DecodedClip d = DecodedClip.decode(Path.of(clip.getVideoUri()), 0.4);
    assertEquals(960, d.width);
    assertEquals(2.0, d.videoSeconds(), 1 / d.fps + 1e-9);
    int[] src = DecodedClip.sourceLuma(Fixtures.lecture(lecture), 3.4);
    RenderLayout.Box whole = new RenderLayout.Box(0, 0, 960, 400);
    assertTrue(blockMad(d.luma.get(0.4), 960, whole, src, 960, whole) < 4);
  }

  @Test
  void badInputsFailWithReasonsAndLeaveNothingBehind() throws Exception {
    Path dir = out.resolve("bad");
    Transcript t = RenderFixtures.transcript(CLEAN);
    Path clean = Fixtures.lecture(CLEAN);
    assertEquals("no_kept_intervals", assertThrows(StageException.class,
        () -> renderer.render("x", clean, List.of(), null, t, dir, 1)).reason());
    assertEquals("invalid_kept_intervals", assertThrows(StageException.class,
        () -> renderer.render("x", clean, RenderFixtures.kept(5, 6, 5.5, 7), null, t, dir, 1)).reason());
    assertEquals("kept_intervals_outside_source", assertThrows(StageException.class,
        () -> renderer.render("x", clean, RenderFixtures.kept(100, 110), null, t, dir, 1)).reason());
    assertEquals("source_unreadable", assertThrows(StageException.class,
        () -> renderer.render("x", Fixtures.malformed("notes-named-as-video.mp4"), RenderFixtures.kept(0, 1), null, t,
            dir, 1)).reason());
    assertEquals("source_unreadable", assertThrows(StageException.class,
        () -> renderer.render("x", dir.resolve("missing.mp4"), RenderFixtures.kept(0, 1), null, t, dir, 1)).reason());
    assertEquals("font_unavailable", assertThrows(StageException.class,
        () -> new ClipRenderer(RenderConfig.defaults().withFontFile("/nonexistent/font.ttf"))
            .render("x", clean, RenderFixtures.kept(0, 1), null, t, dir, 1)).reason());
    assertTrue(!Files.exists(dir) || Files.list(dir).findAny().isEmpty(), "partial files left behind");
  }

  @Test
  void videoWithoutAudioGetsASilentTrack() throws Exception {
    Clip clip = renderer.render("noaudio", Fixtures.malformed("no-audio.mp4"), RenderFixtures.kept(0.5, 2.5), null,
        null, out.resolve("noaudio"), 6);
    DecodedClip d = DecodedClip.decode(Path.of(clip.getVideoUri()));
    assertEquals(2.0, d.videoSeconds(), 1 / d.fps + 1e-9);
    assertTrue(Math.abs(d.audioSeconds() - d.videoSeconds()) < 0.040);
    assertEquals("aac", d.audioCodec);
  }

  @Test
  void truncatedSourceEndsInAClipOrAReasonNeverACrash() throws Exception {
    // Media data runs out at ~60 % of the declared length: the tail is padded (last picture, silence) or refused.
    Path dir = out.resolve("truncated");
    try {
      Clip clip = renderer.render("t", Fixtures.malformed("truncated-faststart.mp4"), RenderFixtures.kept(0.5, 1.5),
          null, null, dir, 7);
      DecodedClip d = DecodedClip.decode(Path.of(clip.getVideoUri()));
      assertEquals(1.0, d.videoSeconds(), 1 / d.fps + 1e-9);
    } catch (StageException e) {
      assertTrue(List.of("source_unreadable", "render_failed").contains(e.reason()), e.reason());
      assertTrue(!Files.exists(dir) || Files.list(dir).findAny().isEmpty(), "partial files left behind");
    }
  }

  private static double mad(int[] a, int[] b, int width, int y0, int y1) {
    double sum = 0;
    int n = 0;
    for (int y = Math.max(0, y0); y < y1; y++) {
      for (int x = 0; x < width; x++) {
        sum += Math.abs(a[y * width + x] - b[y * width + x]);
        n++;
      }
    }
    return sum / n;
  }

  private static int bright(int[] a, int width, int y0, int y1) {
    int n = 0;
    for (int y = Math.max(0, y0); y < y1; y++) {
      for (int x = 0; x < width; x++) {
        n += a[y * width + x] > 220 ? 1 : 0;
      }
    }
    return n;
  }

  private static double mean(int[] a, int width, int y0, int y1) {
    double s = 0;
    int n = 0;
    for (int y = Math.max(0, y0); y < y1; y++) {
      for (int x = 0; x < width; x++) {
        s += a[y * width + x];
        n++;
      }
    }
    return s / n;
  }

  /**
   * Mean absolute difference between a region of the clip and a region of the source, compared on a 32 x 18 grid of
   * block means (so the scaler's filter does not count, only what the picture shows), inset by 2 % against edges.
   */
  static double blockMad(int[] clip, int clipWidth, RenderLayout.Box target, int[] src, int srcWidth,
      RenderLayout.Box source) {
    return blockMad(clip, clipWidth, target, src, srcWidth, source, null, false);
  }

  /**
   * As above, over the blocks outside {@code region} (source pixels; all blocks when null), or with {@code inside}
   * over the blocks wholly inside it.
   */
  static double blockMad(int[] clip, int clipWidth, RenderLayout.Box target, int[] src, int srcWidth,
      RenderLayout.Box source, RenderLayout.Box region, boolean inside) {
    int gx = 32;
    int gy = 18;
    double sum = 0;
    int n = 0;
    for (int j = 0; j < gy; j++) {
      for (int i = 0; i < gx; i++) {
        double u0 = 0.02 + 0.96 * i / gx;
        double u1 = 0.02 + 0.96 * (i + 1) / gx;
        double v0 = 0.02 + 0.96 * j / gy;
        double v1 = 0.02 + 0.96 * (j + 1) / gy;
        if (region != null) {
          double x0 = source.x() + u0 * source.w();
          double x1 = source.x() + u1 * source.w();
          double y0 = source.y() + v0 * source.h();
          double y1 = source.y() + v1 * source.h();
          boolean within = x0 >= region.x() && x1 <= region.x() + region.w() && y0 >= region.y()
              && y1 <= region.y() + region.h();
          boolean touches = x1 > region.x() && x0 < region.x() + region.w() && y1 > region.y()
              && y0 < region.y() + region.h();
          if (inside ? !within : touches) {
            continue;
          }
        }
        sum += Math.abs(blockMean(clip, clipWidth, target, u0, u1, v0, v1)
            - blockMean(src, srcWidth, source, u0, u1, v0, v1));
        n++;
      }
    }
    return sum / n;
  }

  private static double blockMean(int[] img, int width, RenderLayout.Box r, double u0, double u1, double v0,
      double v1) {
    int x0 = r.x() + (int) Math.round(u0 * r.w());
    int x1 = r.x() + (int) Math.round(u1 * r.w());
    int y0 = r.y() + (int) Math.round(v0 * r.h());
    int y1 = r.y() + (int) Math.round(v1 * r.h());
    double s = 0;
    int n = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        s += img[y * width + x];
        n++;
      }
    }
    return s / Math.max(1, n);
  }

  /** A constant-rate source keeps its rate; a screen recording that dropped frames plays at its capture rate. */
  @Test
  void variableFrameRateSourcesRenderAtTheirCaptureRate() {
    assertEquals(25.0, ClipRenderer.outputFrameRate(25.0, 25.0, 25), 1e-9);
    assertEquals(30000 / 1001.0, ClipRenderer.outputFrameRate(30000 / 1001.0, 30000 / 1001.0, 25), 1e-9);
    assertEquals(30.0, ClipRenderer.outputFrameRate(14.24, 30.0, 25), 1e-9);
    assertEquals(14.24, ClipRenderer.outputFrameRate(14.24, 90000.0, 25), 1e-9, "a container's clock is no rate");
    assertEquals(25.0, ClipRenderer.outputFrameRate(0, 0, 25), 1e-9);
  }
}
