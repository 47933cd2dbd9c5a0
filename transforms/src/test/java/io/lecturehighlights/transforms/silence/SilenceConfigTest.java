package io.lecturehighlights.transforms.silence;

import static io.lecturehighlights.transforms.common.ConfigValues.assertWitherChangesOnly;
import static io.lecturehighlights.transforms.common.ConfigValues.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SilenceConfigTest {
  private final SilenceConfig d = SilenceConfig.defaults();

  @Test
  void defaults() {
    assertEquals(0.010, d.hopSeconds());
    assertEquals(3, d.windowHops());
    assertEquals(0.5, d.minSilenceSeconds());
    assertEquals(0.05, d.minSpeechSeconds());
    assertEquals(6.0, d.marginDb());
    assertEquals(0.2, d.relativeMargin());
    assertEquals(3.0, d.hysteresisDb());
    assertTrue(Double.isNaN(d.thresholdDb()), "adaptive");
    assertEquals(0.05, d.floorPercentile());
    assertEquals(-90.0, d.floorClampDb());
    assertEquals(0.5, d.envelopeHopSeconds());
  }

  @Test
  void eachWitherChangesOnlyItsOwnValueAndLeavesTheOriginal() {
    assertEquals(0.02, assertWitherChangesOnly(d, c -> c.withHopSeconds(0.02), "hopSeconds").hopSeconds());
    assertEquals(5, assertWitherChangesOnly(d, c -> c.withWindowHops(5), "windowHops").windowHops());
    assertEquals(0.8,
        assertWitherChangesOnly(d, c -> c.withMinSilenceSeconds(0.8), "minSilenceSeconds").minSilenceSeconds());
    assertEquals(0.1,
        assertWitherChangesOnly(d, c -> c.withMinSpeechSeconds(0.1), "minSpeechSeconds").minSpeechSeconds());
    assertEquals(9.0, assertWitherChangesOnly(d, c -> c.withMarginDb(9), "marginDb").marginDb());
    assertEquals(0.3,
        assertWitherChangesOnly(d, c -> c.withRelativeMargin(0.3), "relativeMargin").relativeMargin());
    assertEquals(4.0, assertWitherChangesOnly(d, c -> c.withHysteresisDb(4), "hysteresisDb").hysteresisDb());
    assertEquals(-42.0, assertWitherChangesOnly(d, c -> c.withThresholdDb(-42), "thresholdDb").thresholdDb());
    assertEquals(0.1,
        assertWitherChangesOnly(d, c -> c.withFloorPercentile(0.1), "floorPercentile").floorPercentile());
    assertEquals(-80.0, assertWitherChangesOnly(d, c -> c.withFloorClampDb(-80), "floorClampDb").floorClampDb());
    assertEquals(1.0,
        assertWitherChangesOnly(d, c -> c.withEnvelopeHopSeconds(1), "envelopeHopSeconds").envelopeHopSeconds());
  }

  @Test
  void survivesSerializationAndDescribesTheAbsoluteThreshold() {
    SilenceConfig c = d.withThresholdDb(-42).withMinSilenceSeconds(0.8);
    assertEquals(c, roundTrip(c));
    assertEquals(d, roundTrip(d), "NaN threshold compares equal");
    assertTrue(c.describe().contains("threshold=-42.0dBFS"), c.describe());
    assertTrue(!d.describe().contains("threshold="), d.describe());
  }
}
