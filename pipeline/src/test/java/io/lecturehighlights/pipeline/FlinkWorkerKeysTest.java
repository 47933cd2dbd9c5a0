package io.lecturehighlights.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkWorkerKeysTest {
  @Test
  void oneDistinctKeyPerSubtaskInSubtaskOrder() {
    for (int p = 2; p <= 64; p++) {
      List<Integer> keys = FlinkWorkerKeys.forParallelism(p);
      assertEquals(p, keys.size());
      assertEquals(p, new HashSet<>(keys).size(), "distinct keys for parallelism " + p);
      for (int s = 0; s < p; s++) {
        assertEquals(s, FlinkWorkerKeys.subtaskOf(keys.get(s), p), "key of subtask " + s + " at parallelism " + p);
      }
    }
  }

  @Test
  void nothingToBalanceOnOneWorker() {
    assertTrue(FlinkWorkerKeys.forParallelism(1).isEmpty());
    assertTrue(FlinkWorkerKeys.forParallelism(-1).isEmpty(), "the runner's default parallelism is unknown here");
  }
}
