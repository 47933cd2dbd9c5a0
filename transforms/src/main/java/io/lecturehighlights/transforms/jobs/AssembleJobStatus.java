package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Stages;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
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
 * Input: a tuple with {@link #VALIDATED} and {@link #FAILURES}, and one tag per analysis branch the pipeline runs
 * ({@link #SILENCES}, {@link #TRANSCRIPTS}, {@link #LAYOUTS}); a completed job has a result from each of them.
 */
public class AssembleJobStatus extends PTransform<PCollectionTuple, PCollection<JobStatus>> {
  public static final TupleTag<ValidatedLecture> VALIDATED = new TupleTag<>() {};
  public static final TupleTag<SilenceResult> SILENCES = new TupleTag<>() {};
  public static final TupleTag<Transcript> TRANSCRIPTS = new TupleTag<>() {};
  public static final TupleTag<Layout> LAYOUTS = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  public AssembleJobStatus() {
    super("Assemble job status");
  }

  private static <T> PCollection<KV<String, T>> keyed(PCollectionTuple in, TupleTag<T> tag, String name,
      SerializableFunction<T, String> jobId) {
    return in.get(tag).apply(name, WithKeys.of(jobId).withKeyType(TypeDescriptors.strings()));
  }

  @Override
  public PCollection<JobStatus> expand(PCollectionTuple in) {
    KeyedPCollectionTuple<String> joined = KeyedPCollectionTuple
        .of(VALIDATED, keyed(in, VALIDATED, "Key lectures by job", (ValidatedLecture v) -> v.getEvent().getJobId()))
        .and(FAILURES, keyed(in, FAILURES, "Key failures by job", Failure::getJobId));
    Set<String> expected = new HashSet<>();
    if (in.has(SILENCES)) {
      joined = joined.and(SILENCES, keyed(in, SILENCES, "Key silences by job", SilenceResult::getJobId));
      expected.add(Stages.SILENCE);
    }
    if (in.has(TRANSCRIPTS)) {
      joined = joined.and(TRANSCRIPTS, keyed(in, TRANSCRIPTS, "Key transcripts by job", Transcript::getJobId));
      expected.add(Stages.TRANSCRIPTION);
    }
    if (in.has(LAYOUTS)) {
      joined = joined.and(LAYOUTS, keyed(in, LAYOUTS, "Key layouts by job", Layout::getJobId));
      expected.add(Stages.LAYOUT);
    }
    return joined
        .apply("Join stage results by job", CoGroupByKey.create())
        .apply("Decide each job's outcome", ParDo.of(new ResolveFn(expected)));
  }

  static class ResolveFn extends DoFn<KV<String, CoGbkResult>, JobStatus> {
    private final HashSet<String> expected;
    private final Counter completed = Metrics.counter(Stages.METRICS_NAMESPACE, "jobs_completed");
    private final Counter failed = Metrics.counter(Stages.METRICS_NAMESPACE, "jobs_failed");

    ResolveFn(Set<String> expected) {
      this.expected = new HashSet<>(expected);
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<JobStatus> out) {
      CoGbkResult r = joined.getValue();
      JobOutcomes.Reports reports = new JobOutcomes.Reports()
          .validated(r.getAll(VALIDATED))
          .failures(r.getAll(FAILURES));
      if (expected.contains(Stages.SILENCE)) {
        reports.silences(r.getAll(SILENCES));
      }
      if (expected.contains(Stages.TRANSCRIPTION)) {
        reports.transcripts(r.getAll(TRANSCRIPTS));
      }
      if (expected.contains(Stages.LAYOUT)) {
        reports.layouts(r.getAll(LAYOUTS));
      }
      JobStatus status = JobOutcomes.resolve(joined.getKey(), reports, expected);
      (JobOutcomes.isFailed(status) ? failed : completed).inc();
      out.output(status);
    }
  }
}
