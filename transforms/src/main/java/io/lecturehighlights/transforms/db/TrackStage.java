package io.lecturehighlights.transforms.db;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.transforms.jobs.StageEvents;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Stage tracking, one transform for every stage: records a stage event (a job entering, finishing or failing a
 * stage) per element and passes the element on. Applied in line — in front of a stage for {@code running},
 * behind it for {@code completed} and {@code failed} — the write is chained to the stage ({@link RecordRows}), so
 * progress moves lecture by lecture: a job's {@code running} row is there before the stage starts on it, its
 * {@code completed} row before anything downstream sees the result.
 */
public final class TrackStage {
  private TrackStage() {}

  /** A {@code running} event per element, in front of the stage. */
  public static <T> RecordRows<T, StageEvent> started(String stage, SerializableFunction<T, String> jobId,
      DatabaseConfig db) {
    return events(t -> StageEvents.running(jobId.apply(t), stage), db);
  }

  /** A {@code completed} event per result of the stage, with the time the stage took. */
  public static <T> RecordRows<T, StageEvent> finished(String stage, SerializableFunction<T, String> jobId,
      SerializableFunction<T, Long> millis, DatabaseConfig db) {
    return events(t -> StageEvents.completed(jobId.apply(t), stage, millis.apply(t)), db);
  }

  /** A {@code failed} event per failure, at the stage the failure names. */
  public static RecordRows<Failure, StageEvent> failures(DatabaseConfig db) {
    return events(StageEvents::failed, db);
  }

  /** Any event per element (e.g. completed or failed, depending on the element). */
  public static <T> RecordRows<T, StageEvent> events(SerializableFunction<T, StageEvent> event, DatabaseConfig db) {
    return new RecordRows<>(db, PostgresStatements.STAGE_EVENT, PostgresStatements::stageEvent, event);
  }
}
