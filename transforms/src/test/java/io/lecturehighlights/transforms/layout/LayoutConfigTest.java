package io.lecturehighlights.transforms.layout;

import static io.lecturehighlights.transforms.common.ConfigValues.assertWitherChangesOnly;
import static io.lecturehighlights.transforms.common.ConfigValues.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LayoutConfigTest {
  private final LayoutConfig d = LayoutConfig.defaults();

  @Test
  void defaults() {
    assertEquals(4.0, d.sampleFps());
    assertEquals(512, d.analysisMaxWidth());
    assertEquals(384, d.analysisMaxHeight());
    assertEquals(60.0, d.windowSeconds());
    assertEquals(16, d.cellSize());
    assertEquals(960, d.thumbnailMaxSide());
    assertEquals(4.0, d.minPeriodSeconds());
  }

  @Test
  void eachWitherChangesOnlyItsOwnValueAndLeavesTheOriginal() {
    assertEquals(2.0, assertWitherChangesOnly(d, c -> c.withSampleFps(2), "sampleFps").sampleFps());
    assertEquals(30.0, assertWitherChangesOnly(d, c -> c.withWindowSeconds(30), "windowSeconds").windowSeconds());
    assertEquals(2.5, assertWitherChangesOnly(d, c -> c.withMinPeriodSeconds(2.5), "minPeriodSeconds")
        .minPeriodSeconds());
  }

  @Test
  void survivesSerialization() {
    LayoutConfig c = d.withSampleFps(2);
    assertEquals(c, roundTrip(c));
    assertEquals(c.describe(), roundTrip(c).describe());
  }
}
