package io.lecturehighlights.transforms.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lecturehighlights.transforms.common.StageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipTimelineTest {
  private static String reason(double sourceSeconds, double... bounds) {
    return assertThrows(StageException.class, () -> ClipTimeline.of(RenderFixtures.kept(bounds), sourceSeconds))
        .reason();
  }

  @Test
  void intervalsLaidEndToEnd() throws Exception {
    ClipTimeline t = ClipTimeline.of(RenderFixtures.kept(2, 4.5, 8, 10.5, 16.5, 19), 40);
    assertEquals(3, t.size());
    assertEquals(7.5, t.duration(), 1e-9);
    assertEquals(2.5, t.clipStart(1), 1e-9);
    assertEquals(5.0, t.clipEnd(1), 1e-9);
    assertEquals(1, t.intervalOf(9.0));
    assertEquals(-1, t.intervalOf(6.0));
    assertEquals(3.5, t.toClip(1, 9.0), 1e-9);
    assertEquals(5.0, t.toClip(1, 12.0), 1e-9, "clamped to the interval");
  }

  @Test
  void clampedToTheSourceLength() throws Exception {
    ClipTimeline t = ClipTimeline.of(RenderFixtures.kept(30, 38, 39, 45, 50, 55), 40.92);
    assertEquals(2, t.size());
    assertEquals(8 + 1.92, t.duration(), 1e-9);
    assertEquals(RenderFixtures.kept(30, 38, 39, 40.92), t.ranges());
  }

  @Test
  void badIntervalsAreRejectedWithReasons() {
    assertEquals("no_kept_intervals", assertThrows(StageException.class, () -> ClipTimeline.of(List.of(), 10))
        .reason());
    assertEquals("no_kept_intervals", assertThrows(StageException.class, () -> ClipTimeline.of(null, 10)).reason());
    assertEquals("invalid_kept_intervals", reason(10, 3, 2));
    assertEquals("invalid_kept_intervals", reason(10, -1, 2));
    assertEquals("invalid_kept_intervals", reason(10, 1, Double.NaN));
    assertEquals("invalid_kept_intervals", reason(10, 4, 6, 1, 2));
    assertEquals("invalid_kept_intervals", reason(10, 1, 3, 2, 4));
    assertEquals("kept_intervals_outside_source", reason(10, 12, 14));
  }
}
