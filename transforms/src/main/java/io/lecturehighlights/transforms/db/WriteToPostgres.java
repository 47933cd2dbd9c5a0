package io.lecturehighlights.transforms.db;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.UploadEvent;
import java.sql.SQLException;
import java.util.Set;
import org.apache.beam.sdk.io.jdbc.JdbcIO;

/**
 * Writers for job tracking and results: queued jobs, stage events, each stage's results and the final status.
 * Each writes a row per element, committed, and passes the element on ({@link RecordRows}): apply it in line
 * where the data is produced, without a Flatten or shuffle in between, so Flink chains the writer to the
 * producing stage and a job's rows show up while the batch runs.
 */
public final class WriteToPostgres {
  /**
   * SQL states retried: serialization failures and deadlocks (40001, 40P01), and a foreign key whose job row
   * another writer has not committed yet (23503). A lost connection (08*, 57P01) is retried too, on a fresh
   * connection ({@link CommittedRows#transientError}).
   */
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "23503");

  private WriteToPostgres() {}

  public static RecordRows<UploadEvent, UploadEvent> queuedJobs(DatabaseConfig c) {
    return write(c, PostgresStatements.QUEUE_JOB, PostgresStatements::queueJob);
  }

  /** A manifest row that failed before validation is a job too: its queued row, before its failure is recorded. */
  public static RecordRows<Failure, UploadEvent> queuedRejections(DatabaseConfig c) {
    return new RecordRows<>(c, PostgresStatements.QUEUE_JOB, PostgresStatements::queueJob, Failure::getEvent);
  }

  public static RecordRows<StageEvent, StageEvent> stageEvents(DatabaseConfig c) {
    return write(c, PostgresStatements.STAGE_EVENT, PostgresStatements::stageEvent);
  }

  public static RecordRows<SilenceResult, SilenceResult> silences(DatabaseConfig c) {
    return write(c, PostgresStatements.SILENCES, PostgresStatements::silences);
  }

  public static RecordRows<Transcript, Transcript> transcripts(DatabaseConfig c) {
    return write(c, PostgresStatements.TRANSCRIPT, PostgresStatements::transcript);
  }

  public static RecordRows<Layout, Layout> layouts(DatabaseConfig c) {
    return write(c, PostgresStatements.LAYOUT, PostgresStatements::layout);
  }

  public static RecordRows<ContentSegments, ContentSegments> contentSegments(DatabaseConfig c) {
    return write(c, PostgresStatements.CONTENT, PostgresStatements::content);
  }

  /** A topic chunk, with its vectors when it was embedded, for search from the database. */
  public static RecordRows<TopicChunk, TopicChunk> transcriptChunks(DatabaseConfig c) {
    return write(c, PostgresStatements.TRANSCRIPT_CHUNK, PostgresStatements::transcriptChunk);
  }

  public static RecordRows<Highlights, Highlights> highlights(DatabaseConfig c) {
    return write(c, PostgresStatements.HIGHLIGHTS, PostgresStatements::highlights);
  }

  public static RecordRows<Clip, Clip> clips(DatabaseConfig c) {
    // One row at a time: a clip shows up as soon as it is rendered.
    return write(c, PostgresStatements.CLIP, PostgresStatements::clip);
  }

  public static RecordRows<DeadLetter, DeadLetter> deadLetters(DatabaseConfig c) {
    return write(c, PostgresStatements.DEAD_LETTER, PostgresStatements::deadLetter);
  }

  public static RecordRows<JobStatus, JobStatus> jobOutcomes(DatabaseConfig c) {
    return write(c, PostgresStatements.FINISH_JOB, PostgresStatements::finishJob);
  }

  static boolean retryable(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      if (state != null && RETRYABLE.contains(state)) {
        return true;
      }
    }
    return false;
  }

  private static <T> RecordRows<T, T> write(DatabaseConfig c, String sql, JdbcIO.PreparedStatementSetter<T> setter) {
    return new RecordRows<>(c, sql, setter, t -> t);
  }
}
