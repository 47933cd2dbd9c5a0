package io.lecturehighlights.transforms.rendering;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.transforms.rendering.RenderLayout.Box;
import io.lecturehighlights.transforms.rendering.SubtitleCues.Cue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout plans, each run through FFmpeg's own filter graph to prove that it parses and yields the planned size. */
class RenderLayoutTest {
  private static final RenderConfig VERTICAL = RenderConfig.defaults();
  private static final RenderConfig ORIGINAL = RenderConfig.defaults().withLayoutMode("original");

  @TempDir Path dir;

  private static Layout layout(String type, Rect screen, Rect camera, Double split) {
    return Layout.newBuilder().setJobId("t").setType(type).setFrameWidth(1280).setFrameHeight(720)
        .setScreen(screen).setCamera(camera).setSplitRatio(split).build();
  }

  /** Pushes one source-sized frame through the plan's graph and returns the output frame's size. */
  private static int[] run(RenderLayout plan, String graph, int sw, int sh) throws Exception {
    try (FFmpegFrameFilter f = new FFmpegFrameFilter(graph, sw, sh)) {
      f.setPixelFormat(AV_PIX_FMT_YUV420P);
      f.setFrameRate(25);
      f.start();
      Frame in = ClipRenderer.solidFrame(sw, sh, "0x336699");
      in.timestamp = 0;
      f.push(in, AV_PIX_FMT_YUV420P);
      f.push(null);
      Frame out = f.pull();
      return new int[] {out.imageWidth, out.imageHeight};
    }
  }

  private static void assertRuns(RenderLayout plan, int sw, int sh) throws Exception {
    int[] size = run(plan, plan.filter, sw, sh);
    assertEquals(plan.width, size[0], plan.filter);
    assertEquals(plan.height, size[1], plan.filter);
  }

  @Test
  void pictureInPictureStacksScreenOverCamera() throws Exception {
    Layout l = layout("picture_in_picture", new Rect(0, 0, 1280, 720), new Rect(944, 464, 320, 240), 0.316);
    RenderLayout p = RenderLayout.plan(l, 1280, 720, true, VERTICAL);
    assertEquals(RenderLayout.STACKED, p.kind);
    assertEquals("vertical", p.mode);
    assertEquals(720, p.width);
    assertEquals(1280, p.height);
    // 0.316 x 1280 = 404 rows: the 16:9 screen fits them at 718 wide.
    assertEquals(new Box(1, 0, 718, 404), p.screenTarget);
    assertTrue(p.filter.contains("crop=320:240:944:464"), p.filter);
    assertTrue(p.subtitleTop > p.screenTarget.h(), "subtitles over the camera, below the screen");
    assertRuns(p, 1280, 720);
  }

  @Test
  void sideBySideUsesBothRegions() throws Exception {
    Layout l = Layout.newBuilder().setJobId("t").setType("side_by_side").setFrameWidth(960).setFrameHeight(540)
        .setScreen(new Rect(0, 90, 640, 360)).setCamera(new Rect(656, 90, 296, 360)).setSplitRatio(null).build();
    RenderLayout p = RenderLayout.plan(l, 960, 540, true, VERTICAL);
    assertEquals(RenderLayout.STACKED, p.kind);
    assertTrue(p.filter.contains("crop=640:360:0:90") && p.filter.contains("crop=296:360:656:90"), p.filter);
    assertRuns(p, 960, 540);
  }

  @Test
  void screenOnlyIsCentredAndCameraOnlyFills() throws Exception {
    RenderLayout screen = RenderLayout.plan(layout("screen_only", new Rect(0, 0, 1280, 720), null, 1.0), 1280, 720,
        true, VERTICAL);
    assertEquals(RenderLayout.SCREEN, screen.kind);
    assertEquals(new Box(0, 438, 720, 404), screen.screenTarget);
    assertRuns(screen, 1280, 720);
    RenderLayout camera = RenderLayout.plan(layout("camera_only", null, new Rect(0, 0, 1280, 720), 0.0), 1280, 720,
        true, VERTICAL);
    assertEquals(RenderLayout.CAMERA, camera.kind);
    assertNull(camera.screenTarget);
    assertRuns(camera, 1280, 720);
  }

  @Test
  void missingLayoutFitsTheWholeFrame() throws Exception {
    RenderLayout p = RenderLayout.plan(null, 1280, 720, true, VERTICAL);
    assertEquals(RenderLayout.FRAME, p.kind);
    assertEquals(new Box(0, 0, 1280, 720), p.screenSource);
    assertRuns(p, 1280, 720);
    RenderLayout none = RenderLayout.plan(layout("none", null, null, null), 1280, 720, true, VERTICAL);
    assertEquals(RenderLayout.FRAME, none.kind);
  }

  @Test
  void originalModeCapsTheSizeAndDropsLetterboxBars() throws Exception {
    RenderLayout big = RenderLayout.plan(null, 1920, 1080, true, ORIGINAL);
    assertEquals(1280, big.width);
    assertEquals(720, big.height);
    assertRuns(big, 1920, 1080);
    RenderLayout portrait = RenderLayout.plan(null, 1080, 1920, true, ORIGINAL);
    assertEquals(720, portrait.height);
    assertEquals(406, portrait.width);
    assertRuns(portrait, 1080, 1920);
    RenderLayout small = RenderLayout.plan(null, 640, 480, true, ORIGINAL);
    assertEquals(640, small.width, "never upscaled");
    Layout boxed = Layout.newBuilder(layout("screen_only", new Rect(160, 0, 960, 720), null, 1.0))
        .setContent(new Rect(160, 0, 960, 720)).build();
    RenderLayout pillar = RenderLayout.plan(boxed, 1280, 720, true, ORIGINAL);
    assertEquals(960, pillar.width);
    assertEquals(720, pillar.height);
    assertTrue(pillar.filter.startsWith("crop=960:720:160:0,"), pillar.filter);
    assertRuns(pillar, 1280, 720);
  }

  @Test
  void layoutMeasuredOnAnotherFrameSizeIsScaled() {
    Layout half = Layout.newBuilder().setJobId("t").setType("picture_in_picture").setFrameWidth(640)
        .setFrameHeight(360).setScreen(new Rect(0, 0, 640, 360)).setCamera(new Rect(472, 232, 160, 120)).build();
    RenderLayout p = RenderLayout.plan(half, 1280, 720, true, VERTICAL);
    assertTrue(p.filter.contains("crop=320:240:944:464"), p.filter);
  }

  @Test
  void audioOnlyGetsAnAudiogramFrame() throws Exception {
    RenderLayout v = RenderLayout.plan(null, 0, 0, false, VERTICAL);
    assertEquals(RenderLayout.AUDIOGRAM, v.kind);
    assertEquals(720, v.width);
    RenderLayout o = RenderLayout.plan(null, 0, 0, false, ORIGINAL);
    assertEquals(1280, o.width);
    assertEquals(720, o.height);
    assertRuns(o, 1280, 720);
  }

  @Test
  void subtitlesAreOneDrawtextPerLineInClipTime() throws Exception {
    RenderLayout p = RenderLayout.plan(null, 1280, 720, true, VERTICAL);
    List<Cue> cues = List.of(new Cue(0.5, 1.25, List.of("it's 50% done: a, b", "[really]; ok")),
        new Cue(2.0, 3.0, List.of("one line")));
    String dt = p.drawtext(cues, dir, VERTICAL);
    assertEquals(3, dt.split(",drawtext=", -1).length - 1, dt);
    assertTrue(dt.contains("enable='gte(t,0.500)*lt(t,1.250)'") && dt.contains("enable='gte(t,2.000)*lt(t,3.000)'"),
        dt);
    // The text itself lives in files, so quotes, colons, commas and brackets need no escaping.
    assertEquals("it's 50% done: a, b", Files.readString(dir.resolve("cue-0000-0.txt")));
    assertRuns(p, 1280, 720);
    int[] size = run(p, p.filter + dt, 1280, 720);
    assertEquals(720, size[0]);
    assertTrue(p.fontSize >= 24 && p.fontSize <= 64, "font " + p.fontSize);
    assertTrue(p.subtitleBottom <= p.height && p.subtitleTop < p.subtitleBottom);
  }

  private static final RenderConfig SHAPES = RenderConfig.defaults().withFormats(List.of("vertical", "landscape",
      "square"));

  @Test
  void landscapeKeepsTheLecturesCompositionInSixteenByNine() throws Exception {
    // Side by side with bars above and below: the picture inside the bars, both regions as recorded.
    Layout l = Layout.newBuilder().setJobId("t").setType("side_by_side").setFrameWidth(960).setFrameHeight(540)
        .setScreen(new Rect(0, 90, 640, 360)).setCamera(new Rect(656, 90, 296, 360)).setSplitRatio(0.4)
        .setContent(new Rect(0, 90, 960, 360)).build();
    RenderLayout p = RenderLayout.plan(l, 960, 540, true, SHAPES.forFormat("landscape"));
    assertEquals("landscape", p.mode);
    assertEquals(RenderLayout.FRAME, p.kind);
    assertEquals(List.of(1280, 720), List.of(p.width, p.height));
    assertTrue(p.filter.startsWith("crop=960:360:0:90,"), p.filter);
    // 960x360 (8:3) fitted to 1280 wide is 480 rows, centred.
    assertEquals(new Box(0, 120, 1280, 480), p.screenTarget);
    assertRuns(p, 960, 540);
    RenderLayout camera = RenderLayout.plan(layout("camera_only", null, new Rect(320, 0, 640, 720), null), 1280, 720,
        true, SHAPES.forFormat("landscape"));
    assertEquals(RenderLayout.CAMERA, camera.kind);
    assertRuns(camera, 1280, 720);
  }

  @Test
  void squareStacksTheScreenAtItsNaturalHeightOverTheCamera() throws Exception {
    // The layout's split ratio (0.316) is a share of 9:16; the square gives the 16:9 screen its full-width height.
    Layout l = layout("picture_in_picture", new Rect(0, 0, 1280, 720), new Rect(944, 464, 320, 240), 0.316);
    RenderLayout p = RenderLayout.plan(l, 1280, 720, true, SHAPES.forFormat("square"));
    assertEquals("square", p.mode);
    assertEquals(RenderLayout.STACKED, p.kind);
    assertEquals(List.of(720, 720), List.of(p.width, p.height));
    assertEquals(new Box(0, 1, 720, 404), p.screenTarget);
    assertTrue(p.filter.contains("crop=720:314:(iw-ow)/2:(ih-oh)/3[lhb]"),
        "camera fills the 314 rows below, keeping its upper part: " + p.filter);
    assertEquals(new Box(0, 406, 720, 314), p.cameraTarget);
    assertRuns(p, 1280, 720);
    RenderLayout audio = RenderLayout.plan(null, 0, 0, false, SHAPES.forFormat("square"));
    assertEquals(List.of(720, 720), List.of(audio.width, audio.height));
  }

  @Test
  void cameraIsCroppedAroundThePersonAndAnInsetIsHiddenInTheScreenPart() throws Exception {
    Box camera = new Box(0, 0, 1200, 900);
    // A lecturer at the right edge: the 9:16 crop hugs that edge instead of the centre (which would miss him).
    Box right = RenderLayout.aroundPerson(camera, new Box(1080, 280, 100, 100), 720 / 1280.0);
    assertEquals(new Box(694, 0, 506, 900), right);
    // Centred on the person when the camera allows; a wide strip keeps the face a third from its top.
    assertEquals(new Box(396, 0, 506, 900), RenderLayout.aroundPerson(camera, new Box(600, 400, 100, 100), 0.5625));
    Box strip = RenderLayout.aroundPerson(camera, new Box(600, 280, 80, 80), 4.0);
    assertEquals(1200, strip.w());
    assertTrue(strip.y() <= 280 && strip.y() + strip.h() >= 360, "the face is inside the strip: " + strip);

    Layout camOnly = Layout.newBuilder().setJobId("t").setType("picture_in_picture").setFrameWidth(1200)
        .setFrameHeight(900).setScreen(new Rect(0, 0, 1200, 900)).setCamera(new Rect(864, 644, 320, 240))
        .setPeriods(List.of(new io.lecturehighlights.schemas.LayoutPeriod(0.0, 4.0, "camera_only", null,
            new Rect(0, 0, 1200, 900), new Rect(0, 0, 1200, 900), new Rect(1080, 280, 100, 100)),
            new io.lecturehighlights.schemas.LayoutPeriod(4.0, 8.0, "picture_in_picture", new Rect(0, 0, 1200, 900),
                new Rect(864, 644, 320, 240), new Rect(0, 0, 1200, 900), null)))
        .build();
    List<RenderLayout.Stretch> s = RenderLayout.planPeriods(camOnly, 1200, 900, true, VERTICAL);
    assertEquals(2, s.size());
    assertEquals(RenderLayout.CAMERA, s.get(0).plan().kind);
    assertTrue(s.get(0).plan().filter.startsWith("crop=506:900:694:0,"), s.get(0).plan().filter);
    assertEquals(RenderLayout.STACKED, s.get(1).plan().kind);
    // The inset (864..1184 x 644..884) is painted over in the screen part, with a 12 px margin for its border.
    assertTrue(s.get(1).plan().filter.contains("delogo=x=852:y=632:w=344:h=264"), s.get(1).plan().filter);
    for (RenderLayout.Stretch st : s) {
      assertRuns(st.plan(), 1200, 900);
    }
    // An inset flush in a corner: delogo needs a pixel of picture on each side.
    assertEquals("delogo=x=1:y=1:w=396:h=300,", RenderLayout.hideInset(new Box(0, 0, 1280, 960),
        new Box(0, 0, 384, 288)));
    // A side-by-side camera is not inside the screen: nothing to hide.
    assertEquals("", RenderLayout.hideInset(new Box(0, 0, 960, 720), new Box(960, 0, 960, 720)));
  }

  @Test
  void periodsFromOlderDataBorrowTheLecturesRegionsOnlyForTheDominantType() {
    Layout old = Layout.newBuilder(layout("picture_in_picture", new Rect(0, 0, 1280, 720),
        new Rect(944, 464, 320, 240), 0.316)).setPeriods(List.of(
            new io.lecturehighlights.schemas.LayoutPeriod(0.0, 10.0, "picture_in_picture", null, null, null, null),
            new io.lecturehighlights.schemas.LayoutPeriod(10.0, 20.0, "camera_only", null, null, null, null)))
        .build();
    List<RenderLayout.Stretch> s = RenderLayout.planPeriods(old, 1280, 720, true, VERTICAL);
    assertEquals(RenderLayout.STACKED, s.get(0).plan().kind);
    assertEquals(RenderLayout.plan(old, 1280, 720, true, VERTICAL).filter, s.get(0).plan().filter,
        "the dominant period is planned as before periods had regions");
    // The camera-only period has no regions of its own: the whole picture is the camera (not the inset).
    assertEquals(RenderLayout.CAMERA, s.get(1).plan().kind);
    assertTrue(!s.get(1).plan().filter.contains("crop=320:240"), s.get(1).plan().filter);
    assertEquals(10.0, s.get(1).start());
    assertEquals(Double.POSITIVE_INFINITY, s.get(1).end());
  }
}
