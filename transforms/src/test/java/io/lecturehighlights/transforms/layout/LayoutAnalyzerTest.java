package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole analysis on real decoded media: synthetic fixtures with exact truth, real composites, real ETH clips. */
class LayoutAnalyzerTest {
  @TempDir static Path compositeDir;
  private static LayoutAnalyzer analyzer;

  @BeforeAll
  static void setUp() {
    analyzer = new LayoutAnalyzer(LayoutConfig.defaults());
  }

  @AfterAll
  static void tearDown() {
    analyzer.close();
  }

  static Box box(JsonNode n) {
    return n == null || n.isNull() ? null
        : Box.ofSize(n.get("x").asInt(), n.get("y").asInt(), n.get("w").asInt(), n.get("h").asInt());
  }

  static List<Double> times(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asDouble()));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"lecture-clean.mp4", "lecture-noisy.mp4", "lecture-letterboxed.mp4"})
  void syntheticLecturesMatchTheirTruth(String file) throws Exception {
    JsonNode truth = Fixtures.truth(file);
    LayoutAnalysis a = analyzer.analyze(Fixtures.lecture(file), true);
    JsonNode layout = truth.get("layout");
    assertEquals(layout.get("type").asText(), a.type, file + ": " + a);
    assertIou(box(layout.get("screen")), a.screen, file + " screen");
    assertIou(box(layout.get("camera")), a.camera, file + " camera");
    SlideChangeScoring s = SlideChangeScoring.score(times(truth.get("slideChanges")), a.slideChanges, 0.5);
    assertTrue(s.precision() >= 0.9 && s.recall() >= 0.9, file + ": " + s + " found " + a.slideChanges);
    assertEquals(truth.get("width").asInt(), a.frameWidth);
    assertNotNull(a.thumbnailJpeg);
    assertTrue(a.thumbnailJpeg.length > 1000 && (a.thumbnailJpeg[0] & 0xff) == 0xFF && (a.thumbnailJpeg[1] & 0xff) == 0xD8);
    assertEquals(1, a.periods.size(), "one layout throughout: " + a.periods);
    assertEquals(truth.get("durationSeconds").asDouble(), a.periods.get(0).end(), 0.2);
  }

  /** Strong per-frame noise over the whole picture changes neither the regions nor the slide changes. */
  @ParameterizedTest
  @ValueSource(strings = {"lecture-clean.mp4", "lecture-noisy.mp4"})
  void videoNoiseDoesNotMoveRegionsOrAddSlideChanges(String file) throws Exception {
    JsonNode truth = Fixtures.truth(file);
    LayoutAnalysis a = analyzer.analyze(RealComposites.withNoise(Fixtures.lecture(file), compositeDir, 24), false);
    JsonNode layout = truth.get("layout");
    assertEquals(layout.get("type").asText(), a.type, file + ": " + a);
    assertIou(box(layout.get("screen")), a.screen, file + " screen");
    assertIou(box(layout.get("camera")), a.camera, file + " camera");
    SlideChangeScoring s = SlideChangeScoring.score(times(truth.get("slideChanges")), a.slideChanges, 0.5);
    assertTrue(s.precision() >= 0.9 && s.recall() >= 0.9, file + ": " + s + " found " + a.slideChanges);
  }

  @Test
  void audioOnlyLectureHasLayoutAudioOnly() throws Exception {
    LayoutAnalysis a = analyzer.analyze(Fixtures.lecture("lecture-audio-only.m4a"), true);
    assertEquals("audio_only", a.type);
    assertEquals(1, a.periods.size());
    assertEquals("audio_only", a.periods.get(0).type());
    assertNull(a.screen);
    assertNull(a.camera);
    assertNull(a.splitRatio);
    assertTrue(a.slideChanges.isEmpty());
    assertNull(a.thumbnailJpeg);
  }

  @Test
  void blackVideoHasLayoutNone() throws Exception {
    Path black = RealComposites.blackVideo(compositeDir);
    LayoutAnalysis a = analyzer.analyze(black, true);
    assertEquals("none", a.type, a.toString());
    assertNull(a.screen);
    assertNull(a.camera);
    assertNull(a.splitRatio);
    assertEquals(640, a.frameWidth);
    assertNotNull(a.thumbnailJpeg, "a black frame is still a frame");
  }

  @Test
  void stillLecturerKeepsTheInsetLayout() throws Exception {
    RealComposites.Composite c = RealComposites.stillCamera(
        Fixtures.sharedMedia().resolve("video/matterhorn-sidebyside"), compositeDir);
    LayoutAnalysis a;
    try (LayoutAnalyzer windows = new LayoutAnalyzer(LayoutConfig.defaults().withWindowSeconds(2.5))) {
      a = windows.analyze(c.file(), false);
    }
    assertEquals(RegionFinder.PICTURE_IN_PICTURE, a.type, a.toString());
    assertEquals(1, a.periods.size(), "a frozen camera is still an inset: " + a.periods);
    assertIou(c.camera(), a.camera, "still-camera camera");
  }

  static Stream<Arguments> composites() throws Exception {
    Path matterhorn = Fixtures.sharedMedia().resolve("video/matterhorn-sidebyside");
    return RealComposites.build(matterhorn, compositeDir).stream().map(c -> Arguments.of(c.name(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("composites")
  void realCompositesMatchTheirGeometry(String name, RealComposites.Composite c) throws Exception {
    LayoutAnalysis a = analyzer.analyze(c.file(), false);
    assertEquals(c.type(), a.type, name + ": " + a);
    assertIou(c.screen(), a.screen, name + " screen");
    assertIou(c.camera(), a.camera, name + " camera");
    assertTrue(a.slideChanges.isEmpty(), name + ": the slide never changes, found " + a.slideChanges);
  }

  static Stream<Arguments> panelComposites() throws Exception {
    Path matterhorn = Fixtures.sharedMedia().resolve("video/matterhorn-sidebyside");
    return RealComposites.withPanels(matterhorn, compositeDir).stream().map(c -> Arguments.of(c.name(), c));
  }

  /**
   * Issue #20: a webcam window stacked with static panels (title bar, name plate, logo, dark-gray bar) in the same
   * column or corner. The camera box is the webcam window, not the whole column or corner block.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("panelComposites")
  void cameraBoxIsTheWebcamNotTheStaticPanelsBesideIt(String name, RealComposites.Composite c) throws Exception {
    LayoutAnalysis a = analyzer.analyze(c.file(), false);
    System.out.printf(java.util.Locale.ROOT, "%s: %s camera %s IoU %.3f (truth %s)%n", name, a.type, a.camera,
        a.camera == null ? 0.0 : c.camera().iou(a.camera), c.camera());
    assertEquals(c.type(), a.type, name + ": " + a);
    assertIou(c.screen(), a.screen, name + " screen");
    assertIou(c.camera(), a.camera, name + " camera");
    assertTrue(a.slideChanges.isEmpty(), name + ": the slide never changes, found " + a.slideChanges);
  }

  @Test
  void aSwitchInsideAWindowIsPlacedWhereThePictureChanged() throws Exception {
    // The inset appears at 5 s, inside the window [4, 8): the window edge alone would put the boundary at 4 or 8.
    RealComposites.Composite c = RealComposites.layoutChange(
        Fixtures.sharedMedia().resolve("video/matterhorn-sidebyside"), compositeDir);
    LayoutAnalysis a;
    try (LayoutAnalyzer windows = new LayoutAnalyzer(LayoutConfig.defaults().withWindowSeconds(4.0))) {
      a = windows.analyze(c.file(), false);
    }
    assertEquals(2, a.periods.size(), a.periods.toString());
    assertEquals(RegionFinder.SCREEN_ONLY, a.periods.get(0).type(), a.periods.toString());
    assertEquals(RegionFinder.PICTURE_IN_PICTURE, a.periods.get(1).type(), a.periods.toString());
    // Samples are 0.25 s apart: the boundary is halfway between the last slides-only sample and the first with inset.
    assertEquals(5.0, a.periods.get(0).end(), 0.25, a.periods.toString());
    assertEquals(a.periods.get(0).end(), a.periods.get(1).start(), 1e-9);
  }

  @Test
  void layoutThatChangesReportsDominantLayoutAndPeriods() throws Exception {
    RealComposites.Composite c = RealComposites.layoutChange(
        Fixtures.sharedMedia().resolve("video/matterhorn-sidebyside"), compositeDir);
    LayoutAnalysis a;
    try (LayoutAnalyzer windows = new LayoutAnalyzer(LayoutConfig.defaults().withWindowSeconds(2.5))) {
      a = windows.analyze(c.file(), false);
    }
    assertEquals(RegionFinder.PICTURE_IN_PICTURE, a.type, a.toString());
    assertIou(c.camera(), a.camera, "layout-change camera");
    assertEquals(2, a.periods.size(), a.periods.toString());
    LayoutAnalysis.Period slides = a.periods.get(0);
    assertEquals(List.of(0.0, 5.0, RegionFinder.SCREEN_ONLY), List.of(slides.start(), slides.end(), slides.type()));
    assertEquals(RegionFinder.PICTURE_IN_PICTURE, a.periods.get(1).type());
    assertEquals(15.0, a.periods.get(1).end(), 0.1);
    // Each period carries its own regions: clips render each stretch with them.
    assertIou(c.screen(), slides.screen(), "screen-only period's screen");
    assertNull(slides.camera(), "no camera while the slides are alone");
    assertIou(c.camera(), a.periods.get(1).camera(), "inset period's camera");
    assertIou(c.screen(), a.periods.get(1).screen(), "inset period's screen");
    // The camera appearing is not a slide change: its cells are outside the screen-only period's pairs.
    assertTrue(a.slideChanges.isEmpty(), a.slideChanges.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"segment_0.mp4:2.03", "ingest_av.mov:3.0", "av.mov:"})
  void ethLectureSlideChanges(String spec) throws Exception {
    String[] parts = spec.split(":", -1);
    Path file = Fixtures.sharedMedia().resolve("video/opencast-eth-lecture").resolve(parts[0]);
    LayoutAnalysis a = analyzer.analyze(file, false);
    List<Double> truth = parts[1].isEmpty() ? List.of() : List.of(Double.parseDouble(parts[1]));
    SlideChangeScoring s = SlideChangeScoring.score(truth, a.slideChanges, 0.5);
    assertTrue(s.precision() >= 0.9 && s.recall() >= 0.9, parts[0] + ": " + s + " found " + a.slideChanges);
    assertEquals("screen_only", a.type, parts[0] + ": " + a);
    assertIou(Box.ofSize(0, 0, 640, 480), a.screen, parts[0] + " screen");
  }

  static void assertIou(Box expected, Box actual, String what) {
    if (expected == null) {
      assertNull(actual, what + " should be absent");
      return;
    }
    assertNotNull(actual, what + " missing");
    double iou = expected.iou(actual);
    assertTrue(iou >= 0.9, what + ": IoU " + String.format("%.3f", iou) + " expected " + expected + " got " + actual);
  }
}
