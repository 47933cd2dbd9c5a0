package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreScalingReferenceTest {
  @Test
  void ceilingIsTwoCopiesThroughputOverOne() {
    assertEquals(2.0, new CoreScalingReference.Measurement("x", 10, 10).ceiling(), 1e-9);
    assertEquals(1.6, new CoreScalingReference.Measurement("x", 10, 12.5).ceiling(), 1e-9);
    assertEquals(List.of("taskset", "-c", "1", "nproc"), CoreScalingReference.pinned(1, List.of("nproc")));
    assertEquals(3.0, CoreScalingReference.median(new double[] {9, 1, 3}), 1e-9);
    assertEquals("1.60x / 2.00x", CoreScalingReference.ceilings(List.of(
        new CoreScalingReference.Measurement("a", 10, 12.5), new CoreScalingReference.Measurement("b", 1, 1))));
  }

  @Test
  void jobCeilingWeighsTheWorkloadsByStageShare() {
    // Half recognition at 1.35x, half media at 1.98x: 1 / (0.5 / 1.35 + 0.5 / 1.98).
    double c = CoreScalingReference.jobCeiling(Map.of("transcription", 100.0, "rendering", 80.0, "layout", 20.0),
        "transcription", 1.35, 1.98);
    assertEquals(1 / (0.5 / 1.35 + 0.5 / 1.98), c, 1e-9);
    assertEquals(2.0, CoreScalingReference.jobCeiling(Map.of("rendering", 1.0), "transcription", 1.0, 2.0), 1e-9);
    assertTrue(Double.isNaN(CoreScalingReference.jobCeiling(Map.of(), "transcription", 1.0, 2.0)));
  }

  @Test
  void workloadsThatDoNotCompeteShowTheFullCeiling() throws Exception {
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "the pair runs on cores 0 and 1");
    // Sleeping needs no core: two copies at once take as long as one, so the ceiling is 2 whatever the load.
    CoreScalingReference.Measurement m = CoreScalingReference.measure("sleep", List.of("sleep", "0.5"));
    assertEquals(0.5, m.aloneSeconds(), 0.3); // the median of three
    assertEquals(2.0, m.ceiling(), 0.5);
  }

  @Test
  void aFailingWorkloadIsAnError() {
    IOException e = assertThrows(IOException.class, () -> CoreScalingReference.measure("false", List.of("false")));
    assertTrue(e.getMessage().contains("exit 1"), e.getMessage());
  }
}
