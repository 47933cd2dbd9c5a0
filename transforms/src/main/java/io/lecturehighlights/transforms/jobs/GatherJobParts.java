package io.lecturehighlights.transforms.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Gathers the parts of one job (the chunks of a transcription, the clips of a render) and emits them together
 * the moment the last one arrives. Each part says how many parts its job has, so this works the same in batch
 * and in streaming: no window has to close and no trigger has to guess (a GroupByKey in the global window
 * would never fire on an unbounded input). State is cleared once a job's group is emitted.
 *
 * <p>Every producer must emit exactly one part per planned index, success or failure; that is what each
 * stage's failure routing guarantees.
 */
public class GatherJobParts<T> extends PTransform<PCollection<T>, PCollection<KV<String, Iterable<T>>>> {
  private final SerializableFunction<T, String> jobId;
  private final SerializableFunction<T, Integer> expectedParts;

  private GatherJobParts(SerializableFunction<T, String> jobId, SerializableFunction<T, Integer> expectedParts) {
    this.jobId = jobId;
    this.expectedParts = expectedParts;
  }

  /** @param expectedParts how many parts the job of this part has (the same for all of them) */
  public static <T> GatherJobParts<T> of(SerializableFunction<T, String> jobId,
      SerializableFunction<T, Integer> expectedParts) {
    return new GatherJobParts<>(jobId, expectedParts);
  }

  @Override
  public PCollection<KV<String, Iterable<T>>> expand(PCollection<T> parts) {
    Coder<T> coder = parts.getCoder();
    return parts
        .apply("Key parts by job", WithKeys.of(jobId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply("Emit each job once all its parts are in", ParDo.of(new GatherFn<>(coder, expectedParts)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), IterableCoder.of(coder)));
  }

  static class GatherFn<T> extends DoFn<KV<String, T>, KV<String, Iterable<T>>> {
    private final SerializableFunction<T, Integer> expectedParts;

    @StateId("parts")
    private final StateSpec<BagState<T>> partsSpec;

    @StateId("count")
    private final StateSpec<ValueState<Integer>> countSpec = StateSpecs.value(VarIntCoder.of());

    GatherFn(Coder<T> coder, SerializableFunction<T, Integer> expectedParts) {
      this.expectedParts = expectedParts;
      this.partsSpec = StateSpecs.bag(coder);
    }

    @ProcessElement
    public void process(@Element KV<String, T> part,
        @StateId("parts") BagState<T> parts,
        @StateId("count") ValueState<Integer> count,
        OutputReceiver<KV<String, Iterable<T>>> out) {
      parts.add(part.getValue());
      Integer before = count.read();
      int seen = (before == null ? 0 : before) + 1;
      count.write(seen);
      int expected = Math.max(1, expectedParts.apply(part.getValue()));
      if (seen >= expected) {
        List<T> all = new ArrayList<>();
        parts.read().forEach(all::add);
        parts.clear();
        count.clear();
        out.output(KV.of(part.getKey(), all));
      }
    }
  }
}
