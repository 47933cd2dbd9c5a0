package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Stages;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stamps each upload with its {@link ContentFingerprint} and, for incremental batches, sets aside lectures that
 * an earlier run already completed with the same content (same job id, same fingerprint). Output tags:
 * {@link #TO_PROCESS} and {@link #UNCHANGED}. A file that cannot be read keeps a null fingerprint and goes on to
 * validation, which says what is wrong with it.
 */
public class FingerprintAndSkip extends PTransform<PCollection<UploadEvent>, PCollectionTuple> {
  public static final TupleTag<UploadEvent> TO_PROCESS = new TupleTag<>() {};
  public static final TupleTag<UploadEvent> UNCHANGED = new TupleTag<>() {};

  private final HashMap<String, String> completed;

  private FingerprintAndSkip(Map<String, String> completed) {
    super("Skip unchanged lectures");
    this.completed = new HashMap<>(completed);
  }

  /** @param completed job id -> fingerprint of jobs already completed (empty: process everything) */
  public static FingerprintAndSkip skipping(Map<String, String> completed) {
    return new FingerprintAndSkip(completed);
  }

  @Override
  public PCollectionTuple expand(PCollection<UploadEvent> events) {
    return events.apply("Fingerprint content and compare",
        ParDo.of(new Fn(completed)).withOutputTags(TO_PROCESS, TupleTagList.of(UNCHANGED)));
  }

  static class Fn extends DoFn<UploadEvent, UploadEvent> {
    private final HashMap<String, String> completed;
    private final Counter skipped = Metrics.counter(Stages.METRICS_NAMESPACE, "skipped_unchanged");

    Fn(HashMap<String, String> completed) {
      this.completed = completed;
    }

    @ProcessElement
    public void process(@Element UploadEvent e, MultiOutputReceiver out) {
      String fingerprint = UploadTriage.fingerprint(e);
      UploadEvent stamped = UploadEvent.newBuilder(e).setContentFingerprint(fingerprint).build();
      if (UploadTriage.unchanged(e, fingerprint, completed)) {
        skipped.inc();
        out.get(UNCHANGED).output(stamped);
      } else {
        out.get(TO_PROCESS).output(stamped);
      }
    }
  }
}
