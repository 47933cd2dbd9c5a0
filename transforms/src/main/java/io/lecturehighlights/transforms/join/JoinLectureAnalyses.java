package io.lecturehighlights.transforms.join;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Stages;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins each lecture with its silence, transcription and layout results (CoGroupByKey on the job id) into one
 * {@link LectureAnalysis}. Input: a tuple with {@link #LECTURES}, {@link #SILENCES}, {@link #TRANSCRIPTS},
 * {@link #LAYOUTS} and the branches' {@link #FAILURES}. Out: the joined lectures, ready for content analysis, and
 * as failures those whose outcome is decided ({@code failure} is set).
 *
 * <p>Batch and streaming share one windowing: a session per job (all four results carry the lecture's timestamp)
 * with a gap of {@code timeout}. The pane fires early the moment the fourth result arrives, so a streaming job goes
 * on as soon as its analyses are in rather than at the end of a long window; if a branch never reports, the
 * window closes when the watermark passes the timeout and the job fails with {@code branch_timeout}. A result
 * arriving after that is counted ({@code join_late_results}) and dropped: the job already has its one outcome.
 * In batch the watermark jumps to the end at once, so every job is decided from all its results.
 */
public class JoinLectureAnalyses
    extends PTransform<PCollectionTuple, WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis>> {
  public static final TupleTag<ValidatedLecture> LECTURES = new TupleTag<>() {};
  public static final TupleTag<SilenceResult> SILENCES = new TupleTag<>() {};
  public static final TupleTag<Transcript> TRANSCRIPTS = new TupleTag<>() {};
  public static final TupleTag<Layout> LAYOUTS = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private static final TupleTag<LectureAnalysis> JOINED = new TupleTag<>() {};
  private static final TupleTag<LectureAnalysis> FAILED = new TupleTag<>() {};

  /** The lecture plus one result (or failure) per branch. */
  static final int RESULTS_PER_JOB = 1 + AnalysisJoin.BRANCHES.size();

  private final Duration timeout;
  private boolean keepSessionWindows;

  private JoinLectureAnalyses(Duration timeout) {
    super("Join analyses by job");
    this.timeout = timeout;
  }

  /** @param timeout how long after its lecture a job waits for a branch that never reports */
  public static JoinLectureAnalyses withTimeout(Duration timeout) {
    return new JoinLectureAnalyses(timeout);
  }

  /** Leaves the output in the per-job session windows, so tests can check which pane a job came out in. */
  JoinLectureAnalyses keepingSessionWindows() {
    keepSessionWindows = true;
    return this;
  }

  private <T> PCollection<KV<String, T>> keyed(PCollectionTuple in, TupleTag<T> tag, String what,
      SerializableFunction<T, String> jobId) {
    return in.get(tag)
        .apply("Key " + what + " by job", WithKeys.of(jobId).withKeyType(TypeDescriptors.strings()))
        .apply("Session of " + what, Window.<KV<String, T>>into(Sessions.withGapDuration(timeout))
            .triggering(AfterWatermark.pastEndOfWindow()
                .withEarlyFirings(AfterPane.elementCountAtLeast(RESULTS_PER_JOB))
                .withLateFirings(AfterPane.elementCountAtLeast(1)))
            // Late results are still let in, to be counted; the decision ignores them.
            .withAllowedLateness(timeout)
            .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY)
            // A joined job keeps the time of its upload, not the end of its session (upload + timeout): later
            // stages and sinks then see event times close to the watermark, never beyond the global window.
            .withTimestampCombiner(TimestampCombiner.EARLIEST)
            .discardingFiredPanes());
  }

  @Override
  public WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> expand(PCollectionTuple in) {
    PCollectionTuple decided = KeyedPCollectionTuple
        .of(LECTURES, keyed(in, LECTURES, "lectures", (ValidatedLecture v) -> v.getEvent().getJobId()))
        .and(SILENCES, keyed(in, SILENCES, "silences", SilenceResult::getJobId))
        .and(TRANSCRIPTS, keyed(in, TRANSCRIPTS, "transcripts", Transcript::getJobId))
        .and(LAYOUTS, keyed(in, LAYOUTS, "layouts", Layout::getJobId))
        .and(FAILURES, keyed(in, FAILURES, "branch failures", Failure::getJobId))
        .apply("CoGroupByKey job id", CoGroupByKey.create())
        .apply("Decide each joined job", ParDo.of(new DecideFn()).withOutputTags(JOINED, TupleTagList.of(FAILED)));
    AvroCoder<LectureAnalysis> coder = AvroCoder.of(LectureAnalysis.class);
    PCollection<LectureAnalysis> joined = decided.get(JOINED).setCoder(coder);
    PCollection<LectureAnalysis> failed = decided.get(FAILED).setCoder(coder);
    if (keepSessionWindows) {
      return WithFailures.Result.of(joined, failed);
    }
    // Downstream stages and sinks work per job, not per window; back to the global window they share with the
    // rest of the pipeline (Flatten needs compatible windows).
    return WithFailures.Result.of(joined.apply("Joined jobs leave their sessions", global()),
        failed.apply("Failed jobs leave their sessions", global()));
  }

  private static Window<LectureAnalysis> global() {
    return Window.<LectureAnalysis>into(new GlobalWindows())
        .triggering(DefaultTrigger.of())
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }

  static class DecideFn extends DoFn<KV<String, CoGbkResult>, LectureAnalysis> {
    private static final Logger LOG = LoggerFactory.getLogger(JoinLectureAnalyses.class);
    private final Counter joinedJobs = Metrics.counter(Stages.METRICS_NAMESPACE, "join_complete");
    private final Counter timedOut = Metrics.counter(Stages.METRICS_NAMESPACE, "join_timed_out");
    private final Counter late = Metrics.counter(Stages.METRICS_NAMESPACE, "join_late_results");
    private final Counter orphans = Metrics.counter(Stages.METRICS_NAMESPACE, "join_orphan_results");

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> job, PaneInfo pane, MultiOutputReceiver out) {
      CoGbkResult r = job.getValue();
      AnalysisJoin.Reports reports = new AnalysisJoin.Reports()
          .lectures(r.getAll(LECTURES))
          .silences(r.getAll(SILENCES))
          .transcripts(r.getAll(TRANSCRIPTS))
          .layouts(r.getAll(LAYOUTS))
          .failures(r.getAll(FAILURES));
      if (pane.getTiming() == PaneInfo.Timing.LATE) {
        late.inc(reports.count());
        LOG.warn("{}: {} result(s) arrived after the join timeout; the job was already failed", job.getKey(),
            reports.count());
        return;
      }
      LectureAnalysis decided = AnalysisJoin.decide(job.getKey(), reports);
      if (decided == null) {
        orphans.inc(reports.count());
        LOG.error("{}: branch results without a validated lecture were dropped", job.getKey());
        return;
      }
      if (decided.getFailure() == null) {
        joinedJobs.inc();
        out.get(JOINED).output(decided);
      } else {
        if ("branch_timeout".equals(decided.getFailure().getReason())) {
          timedOut.inc();
        }
        out.get(FAILED).output(decided);
      }
    }
  }
}
