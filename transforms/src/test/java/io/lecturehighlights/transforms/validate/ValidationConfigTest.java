package io.lecturehighlights.transforms.validate;

import static io.lecturehighlights.transforms.common.ConfigValues.assertWitherChangesOnly;
import static io.lecturehighlights.transforms.common.ConfigValues.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ValidationConfigTest {
  private final ValidationConfig d = ValidationConfig.defaults();

  @Test
  void defaultsAreFourHoursAndEightGib() {
    assertEquals(4 * 3600.0, d.maxDurationSeconds());
    assertEquals(8L << 30, d.maxSizeBytes());
  }

  @Test
  void eachWitherChangesOnlyItsOwnValueAndLeavesTheOriginal() {
    assertEquals(60.0, assertWitherChangesOnly(d, c -> c.withMaxDurationSeconds(60), "maxDurationSeconds")
        .maxDurationSeconds());
    assertEquals(1000L, assertWitherChangesOnly(d, c -> c.withMaxSizeBytes(1000), "maxSizeBytes").maxSizeBytes());
    assertEquals(d, roundTrip(d));
  }
}
