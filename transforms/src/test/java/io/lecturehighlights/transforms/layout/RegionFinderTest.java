package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RegionFinder and SlideChangeDetector on drawn pictures, where every pixel is known. */
class RegionFinderTest {
  static final int W = 320;
  static final int H = 180;
  private final LayoutConfig config = LayoutConfig.defaults();

  /** A slide: light background, dark text lines that depend on the slide number. */
  static void slide(byte[] img, Box where, int number) {
    for (int y = where.y0(); y < where.y1(); y++) {
      for (int x = where.x0(); x < where.x1(); x++) {
        int ly = (y - where.y0()) % 14;
        int line = (y - where.y0()) / 14;
        boolean text = ly < 4 && ((x - where.x0()) / 6 + line * 7 + number * 13) % 5 != 0 && line > 0
            && (x - where.x0()) < where.w() - 10 - ((line * 37 + number * 11) % 60);
        img[y * W + x] = (byte) (text ? 40 : 235);
      }
    }
  }

  /** A camera picture: a textured background with a static horizontal line across it and a moving blob. */
  static void camera(byte[] img, Box where, int frame, Random noise) {
    for (int y = where.y0(); y < where.y1(); y++) {
      for (int x = where.x0(); x < where.x1(); x++) {
        int bg = y - where.y0() < where.h() / 3 ? 170 : 90; // a "blackboard" edge across the whole camera width
        double cx = where.x0() + where.w() * (0.3 + 0.4 * (frame % 20) / 20.0);
        double cy = where.y0() + where.h() * 0.6;
        boolean person = Math.abs(x - cx) < where.w() * 0.1 && Math.abs(y - cy) < where.h() * 0.3;
        int v = (person ? 30 : bg) + noise.nextInt(5) - 2;
        img[y * W + x] = (byte) v;
      }
    }
  }

  private FrameStatistics run(int frames, Box screen, Box cam, int[] changeAt) {
    FrameStatistics s = new FrameStatistics(W, H);
    Random noise = new Random(7);
    byte[] prev = null;
    for (int f = 0; f < frames; f++) {
      byte[] img = new byte[W * H];
      int number = 0;
      for (int c : changeAt) {
        if (f >= c) {
          number++;
        }
      }
      if (screen != null) {
        slide(img, screen, number);
      }
      if (cam != null) {
        camera(img, cam, f, noise);
      }
      s.add(img, prev, config.motionDelta(), config.edgeDelta());
      prev = img;
    }
    return s;
  }

  @Test
  void insetInEachCornerIsFoundExactly() {
    Box[] insets = {Box.ofSize(230, 120, 80, 52), Box.ofSize(6, 6, 90, 60), Box.ofSize(0, 130, 70, 50),
        Box.ofSize(250, 0, 70, 50)};
    for (Box inset : insets) {
      FrameStatistics s = run(40, new Box(0, 0, W, H), inset, new int[] {15});
      RegionFinder.Decision d = new RegionFinder(config).find(s, List.of(), 0, 0);
      assertEquals(RegionFinder.PICTURE_IN_PICTURE, d.type(), inset + " " + d);
      assertTrue(inset.iou(d.camera()) > 0.95, inset + " found " + d.camera());
      assertEquals(new Box(0, 0, W, H), d.screen());
    }
  }

  @Test
  void sideBySideWithBarsAndGap() {
    Box screen = Box.ofSize(0, 20, 200, 140);
    Box cam = Box.ofSize(210, 20, 100, 140);
    FrameStatistics s = run(40, screen, cam, new int[] {10, 30});
    RegionFinder.Decision d = new RegionFinder(config).find(s, List.of(), 0, 0);
    assertEquals(RegionFinder.SIDE_BY_SIDE, d.type(), d.toString());
    assertEquals(screen, d.screen());
    assertEquals(cam, d.camera());
    assertEquals(new Box(0, 20, 310, 160), d.content());
  }

  /** A still info panel: a mid-grey bar with bright text lines (strong edges, no change over time). */
  static void panel(byte[] img, Box where) {
    for (int y = where.y0(); y < where.y1(); y++) {
      for (int x = where.x0(); x < where.x1(); x++) {
        int ly = (y - where.y0()) % 12;
        boolean text = ly >= 4 && ly < 8 && (x - where.x0()) % 9 < 6 && x - where.x0() > 6
            && x < where.x1() - 10;
        img[y * W + x] = (byte) (text ? 230 : 140);
      }
    }
  }

  /**
   * Slides, a webcam (noise, a moving figure only in its lower part) and still panels in the same column: the camera
   * is the webcam window alone.
   */
  private RegionFinder.Decision withPanels(Box screen, Box cam, Box... panels) {
    FrameStatistics s = new FrameStatistics(W, H);
    Random noise = new Random(11);
    byte[] prev = null;
    for (int f = 0; f < 40; f++) {
      byte[] img = new byte[W * H];
      slide(img, screen, f >= 20 ? 1 : 0);
      for (Box p : panels) {
        panel(img, p);
      }
      for (int y = cam.y0(); y < cam.y1(); y++) {
        for (int x = cam.x0(); x < cam.x1(); x++) {
          int bg = y - cam.y0() < cam.h() / 3 ? 170 : 90; // the upper third never moves: only sensor noise
          double cx = cam.x0() + cam.w() * (0.3 + 0.4 * (f % 20) / 20.0);
          boolean person = Math.abs(x - cx) < cam.w() * 0.1 && y - cam.y0() > cam.h() / 2;
          img[y * W + x] = (byte) ((person ? 30 : bg) + noise.nextInt(5) - 2);
        }
      }
      s.add(img, prev, config.motionDelta(), config.edgeDelta());
      prev = img;
    }
    return new RegionFinder(config).find(s, List.of(), 0, 0);
  }

  @Test
  void stillPanelsBesideTheWebcamAreNotCamera() {
    Box screen = Box.ofSize(0, 0, 200, H);
    // A webcam over a panel, then a title bar over a webcam over a panel, in the right-hand column.
    Box cam = Box.ofSize(200, 0, 120, 90);
    RegionFinder.Decision d = withPanels(screen, cam, Box.ofSize(200, 90, 120, 90));
    assertEquals(RegionFinder.SIDE_BY_SIDE, d.type(), d.toString());
    assertEquals(screen, d.screen());
    assertEquals(cam, d.camera());
    Box middle = Box.ofSize(200, 30, 120, 90);
    d = withPanels(screen, middle, Box.ofSize(200, 0, 120, 30), Box.ofSize(200, 120, 120, 60));
    assertEquals(RegionFinder.SIDE_BY_SIDE, d.type(), d.toString());
    assertEquals(middle, d.camera());
    // An inset: a webcam over a name plate in the bottom-right corner of the slides.
    Box inset = Box.ofSize(220, 90, 90, 60);
    d = withPanels(new Box(0, 0, W, H), inset, Box.ofSize(220, 150, 90, 24));
    assertEquals(RegionFinder.PICTURE_IN_PICTURE, d.type(), d.toString());
    assertTrue(inset.iou(d.camera()) > 0.95, "found " + d.camera());
  }

  @Test
  void aMotionlessButNoisyPartOfTheWebcamStaysCamera() {
    // No panel: the webcam's upper third (behind a full-width line) never moves but has sensor noise.
    Box screen = Box.ofSize(0, 0, 200, H);
    Box cam = Box.ofSize(200, 0, 120, H);
    RegionFinder.Decision d = withPanels(screen, cam);
    assertEquals(RegionFinder.SIDE_BY_SIDE, d.type(), d.toString());
    assertEquals(cam, d.camera());
  }

  @Test
  void staticPillarboxedSlidesAreScreenOnlyAndBlackIsNone() {
    Box content = Box.ofSize(40, 0, 240, 180);
    RegionFinder.Decision d = new RegionFinder(config).find(run(30, content, null, new int[] {12}), List.of(), 0, 0);
    assertEquals(RegionFinder.SCREEN_ONLY, d.type());
    assertEquals(content, d.screen());
    assertNull(d.camera());

    RegionFinder.Decision cam = new RegionFinder(config).find(run(30, null, new Box(0, 0, W, H), new int[0]),
        List.of(), 0, 0);
    assertEquals(RegionFinder.CAMERA_ONLY, cam.type());

    RegionFinder.Decision black = new RegionFinder(config).find(run(30, null, null, new int[0]), List.of(), 0, 0);
    assertEquals(RegionFinder.NONE, black.type());
  }

  @Test
  void slideChangesIgnoreTheCameraAndNoise() {
    Box inset = Box.ofSize(230, 120, 80, 52);
    ChangeHistory hist = new ChangeHistory(W, H, 16);
    Random noise = new Random(3);
    byte[] prev = null;
    int[] changes = {10, 25, 26, 60};
    for (int f = 0; f < 80; f++) {
      byte[] img = new byte[W * H];
      int number = 0;
      for (int c : changes) {
        if (f >= c) {
          number++;
        }
      }
      slide(img, new Box(0, 0, W, H), number);
      camera(img, inset, f * 3, noise);
      hist.add(f * 0.25, f * 0.25, img, prev, f % 12 == 0);
      prev = img;
    }
    List<Double> found = new SlideChangeDetector(config).detect(hist, 0, hist.size(), new Box(0, 0, W, H), inset);
    // 25 and 26 are 0.25 s apart: one change (the minimum slide length is 1 s).
    assertEquals(3, found.size(), found.toString());
    assertEquals(2.5, found.get(0), 1e-9);
    assertTrue(Math.abs(found.get(1) - 6.25) <= 0.25, found.toString());
    assertEquals(15.0, found.get(2), 1e-9);
    // The camera alone, as the "screen", would be all changes; restricted to the screen it is none of them.
    assertTrue(SlideChangeDetector.screenCells(hist, new Box(0, 0, W, H), inset).size() < hist.gridW * hist.gridH);
  }

  @Test
  void splitRatioKeepsTheScreenFullWidth() {
    assertEquals(0.316, SplitRatio.choose(RegionFinder.PICTURE_IN_PICTURE, Box.ofSize(0, 0, 1280, 720), null), 1e-3);
    assertEquals(0.422, SplitRatio.choose(RegionFinder.SIDE_BY_SIDE, Box.ofSize(0, 0, 960, 720), null), 1e-3);
    assertEquals(0.75, SplitRatio.choose(RegionFinder.SIDE_BY_SIDE, Box.ofSize(0, 0, 600, 1000), null), 1e-3);
    assertEquals(1.0, SplitRatio.choose(RegionFinder.SCREEN_ONLY, Box.ofSize(0, 0, 10, 10), null));
    assertEquals(0.0, SplitRatio.choose(RegionFinder.CAMERA_ONLY, null, Box.ofSize(0, 0, 10, 10)));
    assertNull(SplitRatio.choose(RegionFinder.NONE, null, null));
  }

  @Test
  void scoringMatchesOneToOneWithinTolerance() {
    SlideChangeScoring s = SlideChangeScoring.score(List.of(2.0, 5.0, 9.0), List.of(2.4, 2.5, 5.6, 9.0), 0.5);
    assertEquals(2, s.matched);
    assertEquals(0.5, s.precision(), 1e-9);
    assertEquals(2 / 3.0, s.recall(), 1e-9);
  }
}
