package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityPlanTest {
  /** Half a lecture-hour in 900 s on 2 slots, stages 1,200 + 400 + 200 slot-seconds (the slots busy 100%). */
  private static final CapacityPlan.Measured FULL = new CapacityPlan.Measured(0.5, 900, 2,
      Map.of("transcription", 1200.0, "rendering", 400.0, "layout", 200.0));

  @Test
  void costsPerLectureHourAndUtilisationComeFromTheMeasuredRun() {
    assertEquals(3600, FULL.slotSecondsPerLectureHour(), 1e-9);
    assertEquals(1.0, FULL.utilisation(), 1e-9);
    assertEquals(1800, FULL.wallSecondsPerLectureHour(), 1e-9);
    Map<String, Double> cost = FULL.costPerLectureHour(List.of("layout", "transcription", "rendering", "content"));
    assertEquals(List.of("layout", "transcription", "rendering", "content"), List.copyOf(cost.keySet()));
    assertEquals(400, cost.get("layout"), 1e-9);
    assertEquals(2400, cost.get("transcription"), 1e-9);
    assertEquals(0, cost.get("content"), 1e-9);

    // Slots idle half the time: the same stage cost needs twice the wall time per lecture-hour.
    CapacityPlan.Measured idle = new CapacityPlan.Measured(0.5, 1800, 2, Map.of("transcription", 1800.0));
    assertEquals(0.5, idle.utilisation(), 1e-9);
    assertEquals(3600, idle.wallSecondsPerLectureHour(), 1e-9);
  }

  @Test
  void archiveTimeAndTaskManagerCount() {
    CapacityPlan plan = new CapacityPlan(FULL);
    // 3,000 h x 1,800 s per lecture-hour = 1,500 TaskManager-hours.
    assertEquals(1500, plan.hoursFor(3000, 1), 1e-9);
    assertEquals(375, plan.hoursFor(3000, 4), 1e-9);
    assertEquals(9, plan.taskManagersFor(3000, 168)); // 1,500 / 168 = 8.9
    assertEquals(4, plan.taskManagersFor(3000, 375)); // exactly 4, not 5
    assertEquals(1, plan.taskManagersFor(1, 1000));
    assertThrows(IllegalArgumentException.class, () -> plan.hoursFor(3000, 0));
    assertThrows(IllegalArgumentException.class, () -> plan.taskManagersFor(3000, 0));
    assertThrows(IllegalArgumentException.class, () -> new CapacityPlan.Measured(0, 900, 2, Map.of()));
  }

  @Test
  void printedPlanShowsItsArithmetic() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new CapacityPlan(FULL).print(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        List.of("transcription", "layout", "rendering"), 3000, List.of(1, 4), 168, "2 slots");
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("| transcription | 2400 | 67% | 2000 |"), out);
    assertTrue(out.contains("| all stages | 3600 | 100% | 3000 |"), out);
    assertTrue(out.contains("= 1800 / (2 x 900.0) = 1.00"), out);
    assertTrue(out.contains("| 4 | 8 | 375.0 h | 15.6 |"), out);
    assertTrue(out.contains("= 9 TaskManagers (18 slots), done in 166.7 h"), out);
  }
}
