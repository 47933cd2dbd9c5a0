package io.lecturehighlights.pipeline;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.RecordRows;
import io.lecturehighlights.transforms.db.TrackStage;
import io.lecturehighlights.transforms.db.WriteToPostgres;
import io.lecturehighlights.transforms.jobs.StageEvents;
import io.lecturehighlights.transforms.rendering.RenderClips;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.POutput;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A stage of the diagram with its progress in the results database: a {@code running} event for each element going
 * in, the stage's own transform, then for each result its rows and a {@code completed} event, and for each failure
 * a {@code failed} event. Every write is in line, chained to the stage ({@link RecordRows}), so progress moves
 * lecture by lecture, and a result's rows and {@code completed} event are there before anything downstream sees
 * it. Without a database it is the stage's transform alone, under the stage's name: no step, no vertex added.
 *
 * <p>Applied under the stage's name in the diagram ("Silence detection"), so the dashboard reads
 * "Silence detection/Detect silences/…" and, with a database, "…/Started", "…/Record results", "…/Finished" and
 * "…/Failed".
 */
final class TrackedStage<InT, OutputT extends POutput> extends PTransform<PCollection<InT>, OutputT> {
  /** Writes, in line, what a stage's output says (results, completed, failed); returns the output as it goes on. */
  @FunctionalInterface
  interface Tracking<OutputT> extends Serializable {
    OutputT track(OutputT output, String stage, DatabaseConfig db);
  }

  private final String stage;
  private final PTransform<PCollection<InT>, OutputT> transform;
  private final SerializableFunction<InT, String> jobId;
  private final Tracking<OutputT> tracking;
  private final @Nullable DatabaseConfig db;

  private TrackedStage(String stage, PTransform<PCollection<InT>, OutputT> transform,
      SerializableFunction<InT, String> jobId, Tracking<OutputT> tracking, @Nullable DatabaseConfig db) {
    this.stage = stage;
    this.transform = transform;
    this.jobId = jobId;
    this.tracking = tracking;
    this.db = db;
  }

  /**
   * @param stage the stage as the database and failure records name it ({@code Stages})
   * @param jobId the job of an element going in, for its {@code running} event
   * @param db null: no database, the stage alone
   */
  static <InT, OutputT extends POutput> TrackedStage<InT, OutputT> of(String stage,
      PTransform<PCollection<InT>, OutputT> transform, SerializableFunction<InT, String> jobId,
      Tracking<OutputT> tracking, @Nullable DatabaseConfig db) {
    return new TrackedStage<>(stage, transform, jobId, tracking, db);
  }

  /**
   * Validation and the analyses: a {@code completed} event per result (add its rows with
   * {@link Results#afterRows}), a {@code failed} event per {@link Failure}.
   */
  static <OutT> Results<OutT, Failure> completed(SerializableFunction<OutT, String> jobId,
      SerializableFunction<OutT, Long> millis) {
    return new Results<>(jobId, millis, f -> f, null);
  }

  /** Content analysis and segment extraction: lectures in, lectures on, failed lectures ({@code failure} set) out. */
  static TrackedStage<LectureAnalysis, WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis>> ofLectures(
      String stage,
      PTransform<PCollection<LectureAnalysis>, WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis>> t,
      @Nullable DatabaseConfig db) {
    return of(stage, t, LectureAnalysis::getJobId,
        new Results<>(LectureAnalysis::getJobId, a -> a.getStageMillis().getOrDefault(stage, 0L),
            LectureAnalysis::getFailure, null),
        db);
  }

  /**
   * Rendering, the last stage: every lecture ends in it, with its clips ({@code completed}) or failed when all its
   * clips failed ({@code failure} set), so it has no failure output of its own; each clip's rows are written as it
   * is rendered.
   */
  static TrackedStage<LectureAnalysis, PCollectionTuple> ofRendering(RenderClips render, @Nullable DatabaseConfig db) {
    return of(Stages.RENDERING, render, LectureAnalysis::getJobId, (rendered, stage, d) -> PCollectionTuple
        .of(RenderClips.CLIPS, rendered.get(RenderClips.CLIPS).apply("Record results", WriteToPostgres.clips(d)))
        .and(RenderClips.FINISHED, rendered.get(RenderClips.FINISHED).apply("Finished or failed", TrackStage.events(
            (LectureAnalysis a) -> a.getFailure() != null ? StageEvents.failed(a.getFailure())
                : StageEvents.completed(a.getJobId(), stage, a.getStageMillis().getOrDefault(stage, 0L)), d))), db);
  }

  /** A {@code failed} event for each lecture that left the chain (e.g. the join's failures). */
  static RecordRows<LectureAnalysis, StageEvent> failedLectures(DatabaseConfig db) {
    return TrackStage.events((LectureAnalysis a) -> StageEvents.failed(a.getFailure()), db);
  }

  @Override
  public OutputT expand(PCollection<InT> in) {
    if (db == null) {
      return in.apply(transform);
    }
    return tracking.track(in.apply("Started", TrackStage.started(stage, jobId, db)).apply(transform), stage, db);
  }

  /**
   * The tracking of a stage whose failures have an output of their own ({@link WithFailures.Result}): each result's
   * rows (when the stage has any), then its {@code completed} event; a {@code failed} event per failure.
   */
  static final class Results<OutT, FailT> implements Tracking<WithFailures.Result<PCollection<OutT>, FailT>> {
    private final SerializableFunction<OutT, String> jobId;
    private final SerializableFunction<OutT, Long> millis;
    private final SerializableFunction<FailT, Failure> failure;
    private final @Nullable SerializableFunction<DatabaseConfig, RecordRows<OutT, ?>> rows;

    Results(SerializableFunction<OutT, String> jobId, SerializableFunction<OutT, Long> millis,
        SerializableFunction<FailT, Failure> failure,
        @Nullable SerializableFunction<DatabaseConfig, RecordRows<OutT, ?>> rows) {
      this.jobId = jobId;
      this.millis = millis;
      this.failure = failure;
      this.rows = rows;
    }

    /** Writes each result's rows (e.g. {@code WriteToPostgres::silences}) before its {@code completed} event. */
    Results<OutT, FailT> afterRows(SerializableFunction<DatabaseConfig, RecordRows<OutT, ?>> rows) {
      return new Results<>(jobId, millis, failure, rows);
    }

    @Override
    public WithFailures.Result<PCollection<OutT>, FailT> track(WithFailures.Result<PCollection<OutT>, FailT> result,
        String stage, DatabaseConfig db) {
      PCollection<OutT> out = rows == null ? result.output() : result.output().apply("Record results", rows.apply(db));
      SerializableFunction<OutT, String> id = jobId;
      SerializableFunction<OutT, Long> ms = millis;
      SerializableFunction<FailT, Failure> f = failure;
      return WithFailures.Result.of(
          out.apply("Finished", TrackStage.finished(stage, id, ms, db)),
          result.failures().apply("Failed", TrackStage.events((FailT t) -> StageEvents.failed(f.apply(t)), db)));
    }
  }
}
