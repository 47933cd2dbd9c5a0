package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.common.Stages;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage after the join: takes a lecture's analysis, adds its own part, and passes it on (the result's
 * {@code output()}); if the stage fails, the analysis leaves the chain with its {@code failure} set (the result's
 * {@code failures()}) and becomes the job's outcome there. Subclasses only do the work; failure routing, timing and
 * metrics are the same for all.
 */
public abstract class LectureStageFn extends DoFn<LectureAnalysis, LectureAnalysis> {
  private static final TupleTag<LectureAnalysis> DONE = new TupleTag<>() {};
  private static final TupleTag<LectureAnalysis> FAILED = new TupleTag<>() {};
  private static final Logger LOG = LoggerFactory.getLogger(LectureStageFn.class);

  private final String stage;
  private final Counter lecturesIn;
  private final Counter lecturesFailed;
  private final Distribution millis;

  protected LectureStageFn(String stage) {
    this.stage = stage;
    this.lecturesIn = Metrics.counter(Stages.METRICS_NAMESPACE, stage + "_lectures_in");
    this.lecturesFailed = Metrics.counter(Stages.METRICS_NAMESPACE, stage + "_failed");
    this.millis = Metrics.distribution(Stages.METRICS_NAMESPACE, stage + "_millis");
  }

  /** Applies a stage to the lectures: the lectures done and those failed out, both Avro-coded. */
  public static WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> apply(
      PCollection<LectureAnalysis> lectures, String name, LectureStageFn fn) {
    PCollectionTuple out = lectures.apply(name, ParDo.of(fn).withOutputTags(DONE, TupleTagList.of(FAILED)));
    return WithFailures.Result.of(out.get(DONE).setCoder(AvroCoder.of(LectureAnalysis.class)),
        out.get(FAILED).setCoder(AvroCoder.of(LectureAnalysis.class)));
  }

  /** The stage's work: the analysis with this stage's part filled in. */
  protected abstract LectureAnalysis.Builder run(LectureAnalysis in) throws StageException;

  @ProcessElement
  public void process(@Element LectureAnalysis in, MultiOutputReceiver out) {
    lecturesIn.inc();
    long t0 = System.nanoTime();
    LectureAnalysis.Builder done;
    try {
      done = run(in);
    } catch (StageException e) {
      lecturesFailed.inc();
      LOG.warn("{}: {} failed: {} ({})", in.getJobId(), stage, e.getMessage(), e.reason());
      out.get(FAILED).output(LectureAnalysis.newBuilder(in)
          .setFailure(Failures.of(in.getLecture().getEvent(), stage, e, 1)).build());
      return;
    } catch (RuntimeException | LinkageError e) {
      lecturesFailed.inc();
      LOG.error("{}: {} failed unexpectedly", in.getJobId(), stage, e);
      out.get(FAILED).output(LectureAnalysis.newBuilder(in)
          .setFailure(Failures.unexpected(in.getLecture().getEvent(), stage, e)).build());
      return;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    millis.update(ms);
    Map<String, Long> stageMillis = new LinkedHashMap<>(in.getStageMillis());
    stageMillis.put(stage, ms);
    out.get(DONE).output(done.setStageMillis(stageMillis).build());
  }
}
