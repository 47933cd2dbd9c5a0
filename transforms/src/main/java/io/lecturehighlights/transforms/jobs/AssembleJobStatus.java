package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Stages;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Joins what every stage reported about a job (CoGroupByKey on the job id) into one {@link JobStatus}.
 * Input: a tuple with {@link #VALIDATED}, {@link #SILENCES} and {@link #FAILURES}.
 */
public class AssembleJobStatus extends PTransform<PCollectionTuple, PCollection<JobStatus>> {
  public static final TupleTag<ValidatedLecture> VALIDATED = new TupleTag<>() {};
  public static final TupleTag<SilenceResult> SILENCES = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  public AssembleJobStatus() {
    super("Assemble job status");
  }

  @Override
  public PCollection<JobStatus> expand(PCollectionTuple in) {
    PCollection<KV<String, ValidatedLecture>> validated = in.get(VALIDATED).apply("Key lectures by job",
        WithKeys.of((ValidatedLecture v) -> v.getEvent().getJobId()).withKeyType(TypeDescriptors.strings()));
    PCollection<KV<String, SilenceResult>> silences = in.get(SILENCES).apply("Key silences by job",
        WithKeys.of(SilenceResult::getJobId).withKeyType(TypeDescriptors.strings()));
    PCollection<KV<String, Failure>> failures = in.get(FAILURES).apply("Key failures by job",
        WithKeys.of(Failure::getJobId).withKeyType(TypeDescriptors.strings()));
    return KeyedPCollectionTuple.of(VALIDATED, validated)
        .and(SILENCES, silences)
        .and(FAILURES, failures)
        .apply("Join stage results by job", CoGroupByKey.create())
        .apply("Decide each job's outcome", ParDo.of(new ResolveFn()));
  }

  static class ResolveFn extends DoFn<KV<String, CoGbkResult>, JobStatus> {
    private final Counter completed = Metrics.counter(Stages.METRICS_NAMESPACE, "jobs_completed");
    private final Counter failed = Metrics.counter(Stages.METRICS_NAMESPACE, "jobs_failed");

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<JobStatus> out) {
      CoGbkResult r = joined.getValue();
      JobStatus status = JobOutcomes.resolve(joined.getKey(), r.getAll(VALIDATED), r.getAll(SILENCES),
          r.getAll(FAILURES));
      (JobOutcomes.isFailed(status) ? failed : completed).inc();
      out.output(status);
    }
  }
}
