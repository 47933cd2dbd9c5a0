package io.lecturehighlights.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lecturehighlights.transforms.common.SpreadOverWorkers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/**
 * On a real (embedded) Flink cluster in batch mode: the keys from {@link FlinkWorkerKeys} send each worker's share
 * to its own subtask, so a balanced assignment is what actually runs.
 */
class FlinkWorkerKeysIT {
  private static final Pattern SUBTASK = Pattern.compile("\\((\\d+)/(\\d+)\\)#\\d+");

  /** Which subtask of how many runs this thread: Flink names task threads "... (2/3)#0". */
  static final class RecordSubtaskFn extends DoFn<KV<String, Integer>, KV<String, Integer>> {
    @ProcessElement
    public void process(@Element KV<String, Integer> e, OutputReceiver<KV<String, Integer>> out) {
      Matcher m = SUBTASK.matcher(Thread.currentThread().getName());
      if (!m.find()) {
        throw new IllegalStateException("not a Flink task thread: " + Thread.currentThread().getName());
      }
      out.output(KV.of(m.group(1) + "/" + m.group(2), e.getValue()));
    }
  }

  @Test
  void balancedElementsRunOnTheSubtasksTheyWereAssignedTo() {
    for (int parallelism : new int[] {2, 3}) {
      FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
      o.setRunner(FlinkRunner.class);
      o.setParallelism(parallelism);
      o.setExecutionModeForBatch("BATCH_FORCED");
      Pipeline p = Pipeline.create(o);
      // Costs 1..12 sum to 78: with 2 workers LPT gives 39/39, with 3 workers 26/26/26.
      List<KV<String, Integer>> items = IntStream.rangeClosed(1, 12).mapToObj(i -> KV.of("item-" + i, i))
          .collect(Collectors.toList());
      PCollection<KV<String, Integer>> ran = p
          .apply("Items", Create.of(items).withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())))
          .apply("Spread", SpreadOverWorkers.<KV<String, Integer>>byCost(KV::getKey, kv -> (double) kv.getValue())
              .over(FlinkWorkerKeys.forParallelism(parallelism)))
          .apply("Record subtask", ParDo.of(new RecordSubtaskFn()));
      int expectedLoad = 78 / parallelism;
      int workers = parallelism;
      PAssert.that(ran).satisfies(kvs -> {
        Map<String, Integer> load = new TreeMap<>();
        kvs.forEach(kv -> load.merge(kv.getKey(), kv.getValue(), Integer::sum));
        Map<String, Integer> expected = new HashMap<>();
        for (int s = 1; s <= workers; s++) {
          expected.put(s + "/" + workers, expectedLoad);
        }
        assertEquals(new TreeMap<>(expected), load, "cost per subtask");
        return null;
      });
      p.run().waitUntilFinish();
    }
  }
}
