package io.lecturehighlights.transforms.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Breaks fusion and spreads elements over the workers of the next step.
 *
 * <p>Random keys (Reshuffle.viaRandomKey) balance a large batch, but a small one lands unevenly: 18 chunks split
 * 12/6 about as often as 9/9, and the stage lasts as long as its busiest worker. So for a bounded input, when the
 * runner's key for each worker is known ({@link #over}), the elements' costs are gathered (only id and cost, one
 * small map), assigned longest first to the least loaded worker ({@link LongestFirstAssignment}), and each element
 * is sent to its worker under that worker's key. Streaming input, or unknown worker keys, get random keys.
 */
public final class SpreadOverWorkers<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final SerializableFunction<T, String> id;
  private final SerializableFunction<T, Double> cost;
  private final List<Integer> workerKeys;

  private SpreadOverWorkers(SerializableFunction<T, String> id, SerializableFunction<T, Double> cost,
      List<Integer> workerKeys) {
    this.id = id;
    this.cost = cost;
    this.workerKeys = List.copyOf(workerKeys);
  }

  /** Balances by {@code cost} (e.g. media seconds); {@code id} names an element uniquely within the input. */
  public static <T> SpreadOverWorkers<T> byCost(SerializableFunction<T, String> id,
      SerializableFunction<T, Double> cost) {
    return new SpreadOverWorkers<>(id, cost, List.of());
  }

  /**
   * The keys that route an element to worker 0, 1, ... of the next step (see the pipeline's FlinkWorkerKeys).
   * Fewer than two: random keys.
   */
  public SpreadOverWorkers<T> over(List<Integer> workerKeys) {
    return new SpreadOverWorkers<>(id, cost, workerKeys);
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    if (input.isBounded() == PCollection.IsBounded.UNBOUNDED || workerKeys.size() < 2) {
      return input.apply("Spread randomly", Reshuffle.viaRandomKey());
    }
    PCollectionView<Map<String, Integer>> plan = input
        .apply("Measure costs", ParDo.of(new CostFn<>(id, cost)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
        .apply("Balance costs over workers", Combine.globally(new BalanceFn(workerKeys)).asSingletonView());
    return input
        .apply("Key by assigned worker", ParDo.of(new KeyFn<>(id, plan, workerKeys)).withSideInputs(plan))
        .setCoder(KvCoder.of(VarIntCoder.of(), input.getCoder()))
        .apply("Send to assigned workers", Reshuffle.of())
        .apply("Drop worker keys", Values.create())
        .setCoder(input.getCoder());
  }

  static final class CostFn<T> extends DoFn<T, KV<String, Double>> {
    private final SerializableFunction<T, String> id;
    private final SerializableFunction<T, Double> cost;

    CostFn(SerializableFunction<T, String> id, SerializableFunction<T, Double> cost) {
      this.id = id;
      this.cost = cost;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<KV<String, Double>> out) {
      out.output(KV.of(id.apply(element), cost.apply(element)));
    }
  }

  /** Collects (id, cost) pairs and ends with each id's worker key. */
  static final class BalanceFn
      extends Combine.CombineFn<KV<String, Double>, List<KV<String, Double>>, Map<String, Integer>> {
    private final List<Integer> workerKeys;

    BalanceFn(List<Integer> workerKeys) {
      this.workerKeys = workerKeys;
    }

    @Override
    public List<KV<String, Double>> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<KV<String, Double>> addInput(List<KV<String, Double>> acc, KV<String, Double> item) {
      acc.add(item);
      return acc;
    }

    @Override
    public List<KV<String, Double>> mergeAccumulators(Iterable<List<KV<String, Double>>> accs) {
      List<KV<String, Double>> all = new ArrayList<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public Map<String, Integer> extractOutput(List<KV<String, Double>> acc) {
      // Sorted by id first: partial lists merge in any order, the assignment must not depend on it.
      List<KV<String, Double>> items = new ArrayList<>(acc);
      items.sort((a, b) -> a.getKey().compareTo(b.getKey()));
      double[] costs = items.stream().mapToDouble(KV::getValue).toArray();
      int[] worker = LongestFirstAssignment.assign(costs, workerKeys.size());
      Map<String, Integer> keys = new HashMap<>();
      for (int i = 0; i < worker.length; i++) {
        keys.put(items.get(i).getKey(), workerKeys.get(worker[i]));
      }
      return keys;
    }

    @Override
    public Coder<List<KV<String, Double>>> getAccumulatorCoder(CoderRegistry registry,
        Coder<KV<String, Double>> inputCoder) throws CannotProvideCoderException {
      return ListCoder.of(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()));
    }

    @Override
    public Coder<Map<String, Integer>> getDefaultOutputCoder(CoderRegistry registry,
        Coder<KV<String, Double>> inputCoder) throws CannotProvideCoderException {
      return MapCoder.of(StringUtf8Coder.of(), VarIntCoder.of());
    }
  }

  static final class KeyFn<T> extends DoFn<T, KV<Integer, T>> {
    private final SerializableFunction<T, String> id;
    private final PCollectionView<Map<String, Integer>> plan;
    private final List<Integer> workerKeys;

    KeyFn(SerializableFunction<T, String> id, PCollectionView<Map<String, Integer>> plan, List<Integer> workerKeys) {
      this.id = id;
      this.plan = plan;
      this.workerKeys = workerKeys;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      String name = id.apply(c.element());
      Integer key = c.sideInput(plan).get(name);
      // Every element was measured, so a miss means a non-deterministic id: still deliver it, on a stable worker.
      c.output(KV.of(key != null ? key : workerKeys.get(Math.floorMod(name.hashCode(), workerKeys.size())),
          c.element()));
    }
  }
}
