package io.lecturehighlights.transforms.rendering;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LayoutPeriod;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.transforms.layout.FaceFinder;
import io.lecturehighlights.transforms.layout.RealComposites;
import io.lecturehighlights.transforms.rendering.RenderLayout.Box;
import io.lecturehighlights.transforms.rendering.RenderLayout.Stretch;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #22: clips that follow the lecture's layout periods, on one real render of three formats (one decode) of a
 * composite of real slides and a real camera ({@link RealComposites#layoutSwitches}: slides alone [0, 4), camera
 * inset [4, 8), camera alone [8, 12)), with the periods and regions the composite was built with and the lecturer's
 * face found by the layout stage's own face finder (layout detection itself is tested in the layout package). The
 * clip keeps [2, 6) and [7, 10): a switch at clip time 2.0 (slides to inset) and at 5.0 (inset to camera alone), a
 * cut at 4.0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeriodSwitchRenderTest {
  private static final List<String> FORMATS = List.of("vertical", "landscape", "square");
  private static final RenderConfig CONFIG = RenderConfig.defaults().withEncoder("veryfast", 23).withFormats(FORMATS);
  private static final double[] KEPT = {2.0, 6.0, 7.0, 10.0};
  /** Clip times of the two switches, and the source times of their periods' starts. */
  private static final double[] SWITCH_CLIP = {2.0, 5.0};
  private static final double FPS = 25;

  private Path source;
  private Layout layout;
  private List<Clip> clips;
  private final Map<String, int[][]> outputLuma = new HashMap<>();
  private final Map<String, float[]> outputAudio = new HashMap<>();
  private final Map<String, Integer> outputRate = new HashMap<>();
  /** Source pictures (4:2:0) by frame index: those the checked output frames show. */
  private final Map<Integer, Frame> sourceFrames = new HashMap<>();
  private double renderSeconds;

  @BeforeAll
  void render(@TempDir Path tmp) throws Exception {
    source = RealComposites.layoutSwitches(Fixtures.sharedMedia().resolve("video/matterhorn-sidebyside"), tmp).file();
    layout = truthLayout(source);
    // One sentence across the first switch: subtitles go on through it.
    Transcript transcript = Transcript.newBuilder().setJobId("switches").setEngine("truth").setSegments(List.of(
        new TranscriptSegment(3.0, 5.5, "The slides come first and then the camera joins them"))).build();
    long t0 = System.nanoTime();
    clips = new ClipRenderer(CONFIG).renderAll("switches", source, RenderFixtures.kept(KEPT), layout, transcript,
        tmp.resolve("clips"), 1);
    renderSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "periods %s; three formats of 7 s rendered in %.1f s%n", layout.getPeriods(),
        renderSeconds);
    for (Clip c : clips) {
      decodeOutput(c);
    }
    decodeSource();
  }

  /**
   * The composite's layout as layout detection reports it: the dominant inset with its regions, and three periods
   * with theirs; the camera-only period's person is the face the face finder sees in its frame at 9 s.
   */
  private static Layout truthLayout(Path file) throws Exception {
    Rect full = new Rect(0, 0, 1200, 900);
    Rect inset = new Rect(864, 644, 320, 240);
    // The face in the small inset is under the face finder's reach: no person, as layout detection would report.
    Rect insetPerson = null;
    Rect person = face(file, 9.0, full, 40);
    return Layout.newBuilder().setJobId("switches").setType("picture_in_picture").setFrameWidth(1200)
        .setFrameHeight(900).setContent(full).setScreen(full).setCamera(inset).setSplitRatio(0.422)
        .setPeriods(List.of(new LayoutPeriod(0.0, 4.0, "screen_only", full, null, full, null),
            new LayoutPeriod(4.0, 8.0, "picture_in_picture", full, inset, full, insetPerson),
            new LayoutPeriod(8.0, 12.0, "camera_only", null, full, full, person)))
        .build();
  }

  /** The one face the face finder sees inside a region of the source frame at a time, in frame pixels. */
  private static Rect face(Path file, double seconds, Rect region, int minSize) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile()); FaceFinder faces = new FaceFinder()) {
      g.setPixelFormat(AV_PIX_FMT_GRAY8);
      g.start();
      g.setVideoTimestamp(Math.round(seconds * 1e6));
      Frame f = g.grabImage();
      int[] luma = DecodedClip.plane(f);
      byte[] gray = new byte[region.getW() * region.getH()];
      for (int y = 0; y < region.getH(); y++) {
        for (int x = 0; x < region.getW(); x++) {
          gray[y * region.getW() + x] = (byte) luma[(region.getY() + y) * f.imageWidth + region.getX() + x];
        }
      }
      var found = faces.find(gray, region.getW(), region.getH(), minSize);
      assertEquals(1, found.size(), "one face in the camera picture at " + seconds + " s: " + found);
      var b = found.get(0);
      return new Rect(region.getX() + b.x0(), region.getY() + b.y0(), b.w(), b.h());
    }
  }

  /** Every frame's luma and the mono audio of one rendered format. */
  private void decodeOutput(Clip c) throws Exception {
    List<int[]> frames = new ArrayList<>();
    List<Float> audio = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(c.getVideoUri())) {
      g.setPixelFormat(AV_PIX_FMT_GRAY8);
      g.setSampleMode(org.bytedeco.javacv.FrameGrabber.SampleMode.FLOAT);
      g.start();
      outputRate.put(c.getFormat(), g.getSampleRate());
      int ch = Math.max(1, g.getAudioChannels());
      Frame f;
      while ((f = g.grabFrame(true, true, true, false)) != null) {
        if (f.image != null) {
          assertEquals(c.getWidth(), f.imageWidth, c.getFormat() + ": every frame has the format's width");
          assertEquals(c.getHeight(), f.imageHeight, c.getFormat() + ": every frame has the format's height");
          frames.add(DecodedClip.plane(f));
        } else if (f.samples != null) {
          java.nio.FloatBuffer b = (java.nio.FloatBuffer) f.samples[0];
          int n = b.remaining() / ch;
          for (int i = 0; i < n; i++) {
            audio.add(b.get(b.position() + i * ch));
          }
        }
      }
    }
    outputLuma.put(c.getFormat(), frames.toArray(new int[0][]));
    float[] pcm = new float[audio.size()];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = audio.get(i);
    }
    outputAudio.put(c.getFormat(), pcm);
  }

  /** The source pictures shown by the output frames around each switch (kept as 4:2:0 copies). */
  private void decodeSource() throws Exception {
    List<Integer> wanted = new ArrayList<>();
    for (double t : SWITCH_CLIP) {
      int slot = (int) Math.round(t * FPS);
      for (int k = slot - 2; k <= slot + 1; k++) {
        wanted.add((int) Math.round(sourceTime(k) * FPS));
      }
    }
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
      g.setPixelFormat(AV_PIX_FMT_YUV420P);
      g.start();
      Frame f;
      int n = 0;
      while ((f = g.grabImage()) != null) {
        if (wanted.contains(n)) {
          sourceFrames.put(n, packed(f));
        }
        n++;
      }
    }
  }

  /** The source time output slot k shows (the clip keeps [2, 6) then [7, 10)). */
  private static double sourceTime(int slot) {
    double t = slot / FPS;
    return t < 4.0 ? 2.0 + t : 7.0 + t - 4.0;
  }

  /** A packed copy of a grabbed 4:2:0 picture (the grabber reuses its own). */
  private static Frame packed(Frame f) {
    Frame p = new PackedYuvFrames().of(f);
    Frame copy = PackedYuvFrames.allocate(p.imageWidth, p.imageHeight);
    int n = PackedYuvFrames.size(p.imageWidth, p.imageHeight);
    ByteBuffer src = ((ByteBuffer) p.image[0]).duplicate();
    src.limit(n).position(0);
    ByteBuffer dst = (ByteBuffer) copy.image[0];
    dst.limit(n).position(0);
    dst.put(src);
    dst.position(0);
    return copy;
  }

  private List<Stretch> stretches(String format) {
    return RenderLayout.planPeriods(layout, 1200, 900, true, CONFIG.forFormat(format));
  }

  private static Stretch at(List<Stretch> s, double sourceTime) {
    return s.stream().filter(x -> x.holds(sourceTime)).findFirst().orElseThrow();
  }

  @Test
  void eachFormatHasOnePlanPerDistinctFraming() {
    assertEquals(3, stretches("vertical").size());
    assertEquals(3, stretches("square").size());
    // Landscape shows the slides, with or without the inset, as recorded: one plan until the camera is alone.
    assertEquals(2, stretches("landscape").size());
    assertEquals(8.0, stretches("landscape").get(1).start());
    assertTrue(stretches("vertical").get(1).plan().filter.contains("delogo"), "the inset is hidden in the screen part");
  }

  @Test
  void eachFormatKeepsItsExactGeometryThroughTheSwitches() {
    int[][] sizes = {{720, 1280}, {1280, 720}, {720, 720}};
    for (int i = 0; i < FORMATS.size(); i++) {
      Clip c = clips.get(i);
      assertEquals(FORMATS.get(i), c.getFormat());
      assertEquals(sizes[i][0], c.getWidth(), c.getFormat());
      assertEquals(sizes[i][1], c.getHeight(), c.getFormat());
      for (Stretch s : stretches(c.getFormat())) {
        assertEquals(sizes[i][0], s.plan().width, c.getFormat() + " " + s);
        assertEquals(sizes[i][1], s.plan().height, c.getFormat() + " " + s);
      }
      assertEquals(7 * 25, outputLuma.get(c.getFormat()).length, c.getFormat() + ": one frame per slot");
    }
  }

  /**
   * Around each switch, the last frame before it matches the old period's plan applied to its source picture, and
   * the first frame at it the new period's (each clearly better than the other plan): the cut is on the planned
   * frame, not one early or late.
   */
  @Test
  void framingSwitchesOnThePlannedFrame() throws Exception {
    int checked = 0;
    for (String format : FORMATS) {
      List<Stretch> plans = stretches(format);
      for (double t : SWITCH_CLIP) {
        int slot = (int) Math.round(t * FPS);
        Stretch before = at(plans, sourceTime(slot - 1));
        Stretch after = at(plans, sourceTime(slot));
        if (before == after) {
          // Landscape shows slides and inset as recorded: the same plan on both sides, nothing to switch.
          assertEquals("landscape", format, "only landscape keeps one plan through the inset's arrival");
          continue;
        }
        for (int k : new int[] {slot - 2, slot - 1, slot, slot + 1}) {
          Frame src = sourceFrames.get((int) Math.round(sourceTime(k) * FPS));
          int[] out = outputLuma.get(format)[k];
          RenderLayout own = (k < slot ? before : after).plan();
          RenderLayout other = (k < slot ? after : before).plan();
          double mOwn = mae(out, expected(own, src), own);
          double mOther = mae(out, expected(other, src), own);
          System.out.printf(Locale.ROOT, "%s slot %d: own plan %.1f, other plan %.1f%n", format, k, mOwn, mOther);
          assertTrue(mOwn < 10 && mOther > 2 * mOwn, String.format(Locale.ROOT,
              "%s frame %d (switch at %d): difference to its own period's plan %.1f, to the other's %.1f", format, k,
              slot, mOwn, mOther));
          checked++;
        }
      }
    }
    assertEquals(5 * 4, checked, "vertical and square switch twice, landscape once (to the camera)");
  }

  /** A plan's graph (without subtitles) applied to a source picture: the output's luma. */
  private static int[] expected(RenderLayout plan, Frame src) throws Exception {
    try (FFmpegFrameFilter f = new FFmpegFrameFilter(plan.filter + ",format=gray", src.imageWidth, src.imageHeight)) {
      f.setPixelFormat(AV_PIX_FMT_YUV420P);
      f.setFrameRate(FPS);
      f.start();
      src.timestamp = 0;
      f.push(src, AV_PIX_FMT_YUV420P);
      f.push(null);
      return DecodedClip.plane(f.pull());
    }
  }

  /** Mean absolute luma difference outside the subtitle band. */
  private static double mae(int[] a, int[] b, RenderLayout plan) {
    long sum = 0;
    long n = 0;
    for (int y = 0; y < plan.height; y++) {
      if (y >= plan.subtitleTop && y < plan.subtitleBottom) {
        continue;
      }
      for (int x = 0; x < plan.width; x++) {
        sum += Math.abs(a[y * plan.width + x] - b[y * plan.width + x]);
        n++;
      }
    }
    return sum / (double) n;
  }

  /**
   * Every region a plan fills from the source (the screen's place, the camera's band) shows something in every
   * output frame: never a uniform area (an empty camera half under slides, an empty crop of a slide).
   */
  @Test
  void noFrameShowsAnEmptyRegion() {
    for (String format : FORMATS) {
      List<Stretch> plans = stretches(format);
      int[][] frames = outputLuma.get(format);
      for (int k = 0; k < frames.length; k += 5) {
        RenderLayout p = at(plans, sourceTime(k)).plan();
        for (Box region : new Box[] {p.screenTarget, p.cameraTarget}) {
          if (region != null) {
            double std = std(frames[k], p, region);
            assertTrue(std > 12, String.format(Locale.ROOT, "%s frame %d (%s): region %s is uniform (std %.1f)",
                format, k, p.kind, region, std));
          }
        }
      }
    }
  }

  private static double std(int[] luma, RenderLayout p, Box r) {
    double sum = 0;
    double sq = 0;
    long n = 0;
    for (int y = r.y(); y < r.y() + r.h(); y++) {
      if (y >= p.subtitleTop && y < p.subtitleBottom) {
        continue;
      }
      for (int x = r.x(); x < r.x() + r.w(); x++) {
        int v = luma[y * p.width + x];
        sum += v;
        sq += (double) v * v;
        n++;
      }
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, sq / n - mean * mean));
  }

  /**
   * The camera parts show the lecturer: in every format the camera-only stretch shows a source region that holds the
   * person the layout reports (and the frames are that region, see {@link #framingSwitchesOnThePlannedFrame}); and
   * the face finder sees his face in the vertical clip's camera band under the slides and in the vertical and square
   * clips' camera-only stretch, where a 9:16 or 1:1 crop of the 4:3 camera could lose him.
   */
  @Test
  void theCameraPartsShowThePerson() {
    LayoutPeriod alone = layout.getPeriods().get(2);
    Box person = new Box(alone.getPerson().getX(), alone.getPerson().getY(), alone.getPerson().getW(),
        alone.getPerson().getH());
    for (String format : FORMATS) {
      RenderLayout p = at(stretches(format), 9.0).plan();
      Box c = p.cameraSource;
      assertTrue(c.x() <= person.x() && c.y() <= person.y() && c.x() + c.w() >= person.x() + person.w()
          && c.y() + c.h() >= person.y() + person.h(), format + ": camera crop " + c + " holds the person " + person);
    }
    try (FaceFinder faces = new FaceFinder()) {
      String[][] cases = {{"vertical", "2.2", "3.8"}, {"vertical", "5.2", "6.8"}, {"square", "5.2", "6.8"}};
      for (String[] cs : cases) {
        String format = cs[0];
        double from = Double.parseDouble(cs[1]);
        double to = Double.parseDouble(cs[2]);
        List<Stretch> plans = stretches(format);
        int[][] frames = outputLuma.get(format);
        int tried = 0;
        int found = 0;
        for (int k = (int) (from * FPS); k < to * FPS; k += 2) {
          RenderLayout p = at(plans, sourceTime(k)).plan();
          Box r = p.cameraTarget;
          byte[] gray = new byte[r.w() * r.h()];
          for (int y = 0; y < r.h(); y++) {
            for (int x = 0; x < r.w(); x++) {
              gray[y * r.w() + x] = (byte) frames[k][(r.y() + y) * p.width + r.x() + x];
            }
          }
          tried++;
          if (!faces.find(gray, r.w(), r.h(), Math.max(24, r.h() / 20)).isEmpty()) {
            found++;
          }
        }
        // A frontal-face finder: the lecturer mostly looks at the board or walks in profile, so the face shows in
        // some frames only; none at all would mean the framing lost him.
        System.out.printf(Locale.ROOT, "%s clip %.1f-%.1f s: a face in %d of %d frames%n", format, from, to, found,
            tried);
        assertTrue(found >= 1, String.format(Locale.ROOT, "%s clip %.1f-%.1f s: a face in %d of %d frames", format,
            from, to, found, tried));
      }
    }
  }

  /**
   * The sync marks (a black box on the slides and a beep at the same source instant, either side of the first
   * switch) arrive together in every format, and the tone under them runs on through both switches without a phase
   * jump: the switch neither drops nor repeats audio.
   */
  @Test
  void audioStaysInSyncAndContinuousAcrossTheSwitches() {
    for (String format : FORMATS) {
      List<Stretch> plans = stretches(format);
      int[][] frames = outputLuma.get(format);
      float[] audio = outputAudio.get(format);
      int rate = outputRate.get(format);
      for (double mark : RealComposites.SYNC_TIMES) {
        double clipT = mark - 2.0;
        RenderLayout p = at(plans, mark).plan();
        Box m = markInOutput(p);
        double baseline = mean(frames[(int) Math.round((clipT - 0.2) * FPS)], p, m);
        int videoFrame = -1;
        for (int k = (int) Math.round((clipT - 0.3) * FPS); k < (clipT + 0.3) * FPS; k++) {
          if (mean(frames[k], p, m) < baseline - 40) {
            videoFrame = k;
            break;
          }
        }
        double beep = beepOnset(audio, rate, clipT - 0.3, clipT + 0.3);
        assertTrue(videoFrame >= 0 && !Double.isNaN(beep), format + ": mark at " + mark + " not found");
        double offset = beep - videoFrame / FPS;
        System.out.printf(Locale.ROOT, "%s mark %.1f: video %.3f s, audio %.3f s, A/V offset %+.1f ms%n", format,
            mark, videoFrame / FPS, beep, offset * 1000);
        assertTrue(Math.abs(offset) <= 0.040, String.format(Locale.ROOT, "%s: A/V offset %.1f ms at the mark %.1f s",
            format, offset * 1000, mark));
      }
      for (double t : SWITCH_CLIP) {
        double before = tonePhase(audio, rate, t - 0.1, t);
        double after = tonePhase(audio, rate, t, t + 0.1);
        double jump = Math.abs(Math.IEEEremainder(after - before, 2 * Math.PI));
        // One sample dropped or repeated shifts a 440 Hz tone by 2 pi 440 / 48000 = 0.058 rad.
        assertTrue(jump < 0.02, String.format(Locale.ROOT, "%s: the tone's phase jumps %.3f rad at the switch %.1f s",
            format, jump, t));
      }
    }
  }

  /** Where the source's sync mark lands in a plan's output (through its screen's place). */
  private static Box markInOutput(RenderLayout p) {
    Box src = p.screenSource;
    Box dst = p.screenTarget;
    var m = RealComposites.SYNC_MARK;
    double fx = dst.w() / (double) src.w();
    double fy = dst.h() / (double) src.h();
    int x0 = dst.x() + (int) Math.ceil((m.x0() - src.x()) * fx) + 2;
    int y0 = dst.y() + (int) Math.ceil((m.y0() - src.y()) * fy) + 2;
    int x1 = dst.x() + (int) Math.floor((m.x1() - src.x()) * fx) - 2;
    int y1 = dst.y() + (int) Math.floor((m.y1() - src.y()) * fy) - 2;
    return new Box(x0, y0, x1 - x0, y1 - y0);
  }

  private static double mean(int[] luma, RenderLayout p, Box r) {
    long sum = 0;
    for (int y = r.y(); y < r.y() + r.h(); y++) {
      for (int x = r.x(); x < r.x() + r.w(); x++) {
        sum += luma[y * p.width + x];
      }
    }
    return sum / (double) (r.w() * r.h());
  }

  /** The first 2 ms step (clip seconds) whose 5 ms window holds a strong BEEP_HZ component, or NaN. */
  private static double beepOnset(float[] a, int rate, double from, double to) {
    int win = rate / 200;
    int step = rate / 500;
    double threshold = 0.1 * 0.5 * 0.5 * win * win / 4;
    for (int s = (int) (from * rate); s + win < to * rate && s + win < a.length; s += step) {
      double re = 0;
      double im = 0;
      for (int i = 0; i < win; i++) {
        double ph = 2 * Math.PI * RealComposites.BEEP_HZ * i / rate;
        re += a[s + i] * Math.cos(ph);
        im += a[s + i] * Math.sin(ph);
      }
      if (re * re + im * im > threshold) {
        // The window reaches the beep at its end: its onset is within the window; take its middle.
        return (s + win / 2.0) / rate;
      }
    }
    return Double.NaN;
  }

  /** The phase (at clip time 0) of the TONE_HZ tone fitted over [from, to) of the clip. */
  private static double tonePhase(float[] a, int rate, double from, double to) {
    double re = 0;
    double im = 0;
    for (int s = (int) Math.round(from * rate); s < Math.round(to * rate); s++) {
      double ph = 2 * Math.PI * RealComposites.TONE_HZ * s / rate;
      re += a[s] * Math.cos(ph);
      im += a[s] * Math.sin(ph);
    }
    return Math.atan2(-im, re);
  }
}
