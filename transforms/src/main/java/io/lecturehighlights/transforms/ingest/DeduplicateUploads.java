package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Stages;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One upload per job id and object version. Batch: a manifest that lists a lecture twice yields one job. Streaming:
 * S3 and SQS deliver at least once, so the same notification can arrive twice (or again after a restart before
 * SqsIO deleted it); the second is dropped. A new version of the same key (a re-upload: another version id or
 * ETag) is processed again, as the lecture changed, and so is a request to reprocess ({@code lhx enqueue --force},
 * once per request: see {@link UploadTriage#delivery}).
 *
 * <p>Stateful rather than {@code Distinct}: a GroupByKey in the global window never fires on an unbounded input,
 * while per-key state works the same in batch and streaming and is checkpointed with the job.
 */
public class DeduplicateUploads extends PTransform<PCollection<UploadEvent>, PCollection<UploadEvent>> {
  private DeduplicateUploads() {
    super("One upload per job and version");
  }

  public static DeduplicateUploads byJobAndVersion() {
    return new DeduplicateUploads();
  }

  @Override
  public PCollection<UploadEvent> expand(PCollection<UploadEvent> events) {
    return events
        .apply("Key by job id", WithKeys.of(UploadEvent::getJobId).withKeyType(TypeDescriptors.strings()))
        .apply("Drop repeated uploads", ParDo.of(new FirstOfEachVersionFn()))
        .setCoder(AvroCoder.of(UploadEvent.class));
  }

  static class FirstOfEachVersionFn extends DoFn<KV<String, UploadEvent>, UploadEvent> {
    // The versions seen for the job, newest last: a lecture is re-uploaded rarely, but SQS may deliver an old
    // version's notification again after a newer one.
    static final int VERSIONS_KEPT = 16;

    @StateId("versions")
    private final StateSpec<ValueState<List<String>>> versionsSpec =
        StateSpecs.value(ListCoder.of(StringUtf8Coder.of()));
    private final Counter duplicates = Metrics.counter(Stages.METRICS_NAMESPACE, "duplicate_uploads");

    @ProcessElement
    public void process(@Element KV<String, UploadEvent> e, @StateId("versions") ValueState<List<String>> state,
        OutputReceiver<UploadEvent> out) {
      String version = UploadTriage.delivery(e.getValue());
      List<String> seen = new ArrayList<>(Objects.requireNonNullElse(state.read(), List.of()));
      if (seen.contains(version)) {
        duplicates.inc();
        return;
      }
      seen.add(version);
      state.write(seen.size() > VERSIONS_KEPT ? seen.subList(seen.size() - VERSIONS_KEPT, seen.size()) : seen);
      out.output(e.getValue());
    }
  }
}
