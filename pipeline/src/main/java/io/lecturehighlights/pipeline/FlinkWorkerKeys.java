package io.lecturehighlights.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.flink.util.MathUtils;

/**
 * Integer keys that Flink's batch shuffle sends to subtask 0, 1, ... of the next operator, for
 * {@link io.lecturehighlights.transforms.common.SpreadOverWorkers}.
 *
 * <p>Beam's Flink batch translation of Reshuffle groups by the key's encoded bytes (KvKeySelector); the DataSet
 * hash partitioner sends a record to {@code murmurHash(Arrays.hashCode(bytes)) % parallelism}. Searching small
 * integers for one per subtask gives keys that land exactly where the balanced assignment wants them.
 * {@code FlinkWorkerKeysIT} checks this on a real Flink cluster; were the routing ever to change, elements would
 * still all be processed, only less evenly.
 */
public final class FlinkWorkerKeys {
  private FlinkWorkerKeys() {}

  /** One key per subtask, in subtask order; empty for parallelism below 2 (nothing to balance). */
  public static List<Integer> forParallelism(int parallelism) {
    if (parallelism < 2) {
      return List.of();
    }
    Integer[] keys = new Integer[parallelism];
    int found = 0;
    for (int k = 0; found < parallelism; k++) {
      int subtask = subtaskOf(k, parallelism);
      if (keys[subtask] == null) {
        keys[subtask] = k;
        found++;
      }
    }
    return new ArrayList<>(Arrays.asList(keys));
  }

  /** The subtask a Reshuffle key reaches in a Flink batch job. */
  static int subtaskOf(int key, int parallelism) {
    try {
      byte[] encoded = CoderUtils.encodeToByteArray(VarIntCoder.of(), key);
      return MathUtils.murmurHash(Arrays.hashCode(encoded)) % parallelism;
    } catch (CoderException e) {
      throw new IllegalStateException(e);
    }
  }
}
