package io.lecturehighlights.transforms.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class SpreadOverWorkersTest {
  private static final KvCoder<String, Integer> CODER = KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of());

  private static SpreadOverWorkers<KV<String, Integer>> byValue() {
    return SpreadOverWorkers.byCost(KV::getKey, kv -> (double) kv.getValue());
  }

  private static List<KV<String, Integer>> items(int n) {
    List<KV<String, Integer>> items = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      items.add(KV.of("item-" + i, i));
    }
    return items;
  }

  @Test
  void balancedBatchDeliversEveryElementOnce(TestPipeline p) {
    List<KV<String, Integer>> items = items(12);
    items.add(KV.of("item-3", 3)); // a repeated element travels too
    PCollection<KV<String, Integer>> out = p.apply(Create.of(items).withCoder(CODER))
        .apply(byValue().over(List.of(11, 4, 8)));
    PAssert.that(out).containsInAnyOrder(items);
    p.run().waitUntilFinish();
  }

  @Test
  void emptyBatchAndUnknownWorkers(TestPipeline p) {
    PCollection<KV<String, Integer>> none = p.apply("None", Create.empty(CODER)).apply("Spread none",
        byValue().over(List.of(11, 4)));
    PAssert.that(none).empty();
    PCollection<KV<String, Integer>> random = p.apply("Some", Create.of(items(5)).withCoder(CODER))
        .apply("Spread randomly", byValue());
    PAssert.that(random).containsInAnyOrder(items(5));
    p.run().waitUntilFinish();
  }

  @Test
  void streamingInputIsSpreadRandomly(TestPipeline p) {
    TestStream<KV<String, Integer>> stream = TestStream.create(CODER)
        .addElements(KV.of("a", 1), KV.of("b", 2)).addElements(KV.of("c", 3)).advanceWatermarkToInfinity();
    PCollection<KV<String, Integer>> out = p.apply(stream).apply(byValue().over(List.of(11, 4)));
    PAssert.that(out).containsInAnyOrder(KV.of("a", 1), KV.of("b", 2), KV.of("c", 3));
    p.run().waitUntilFinish();
  }

  @Test
  void planGivesEachWorkerKeyAnEqualShare() {
    SpreadOverWorkers.BalanceFn fn = new SpreadOverWorkers.BalanceFn(List.of(11, 4));
    // Partial lists, merged in either order, give the same plan.
    List<KV<String, Double>> first = fn.createAccumulator();
    List<KV<String, Double>> second = fn.createAccumulator();
    for (int i = 1; i <= 12; i++) {
      fn.addInput(i % 2 == 0 ? first : second, KV.of("item-" + i, (double) i));
    }
    Map<String, Integer> plan = fn.extractOutput(fn.mergeAccumulators(List.of(first, second)));
    assertEquals(plan, fn.extractOutput(fn.mergeAccumulators(List.of(second, first))));
    Map<Integer, Integer> load = new HashMap<>();
    plan.forEach((id, key) -> load.merge(key, Integer.parseInt(id.substring(5)), Integer::sum));
    assertEquals(Map.of(11, 39, 4, 39), load);
  }
}
