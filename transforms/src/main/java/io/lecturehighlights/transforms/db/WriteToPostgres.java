package io.lecturehighlights.transforms.db;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.UploadEvent;
import java.sql.SQLException;
import java.util.Set;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * JdbcIO writers for job tracking and results: queued jobs, stage events, each stage's results and the final
 * status. Apply each where its data is produced, without a Flatten or shuffle in between, so Flink chains the
 * writer to the producing stage and a job shows {@code running} with its stage while it is being processed.
 */
public final class WriteToPostgres {
  /**
   * SQL states JdbcIO retries on the same connection: serialization failures and deadlocks (40001, 40P01), and a
   * foreign key whose job row another writer has not committed yet (23503). A lost connection (08*, 57P01-03) is not
   * among them: JdbcIO keeps its connection for the bundle, so the task fails and Flink's restart strategy reruns it
   * with a fresh connection from the pool (see flink-conf/).
   */
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "23503");

  private WriteToPostgres() {}

  public static PTransform<PCollection<UploadEvent>, PDone> queuedJobs(DatabaseConfig c) {
    // One row at a time: status rows must show up while the batch runs, not at the end of a bundle.
    return write(c, PostgresStatements.QUEUE_JOB, PostgresStatements::queueJob, 1);
  }

  public static PTransform<PCollection<StageEvent>, PDone> stageEvents(DatabaseConfig c) {
    return write(c, PostgresStatements.STAGE_EVENT, PostgresStatements::stageEvent, 1);
  }

  public static PTransform<PCollection<SilenceResult>, PDone> silences(DatabaseConfig c) {
    return write(c, PostgresStatements.SILENCES, PostgresStatements::silences, 100);
  }

  public static PTransform<PCollection<Transcript>, PDone> transcripts(DatabaseConfig c) {
    return write(c, PostgresStatements.TRANSCRIPT, PostgresStatements::transcript, 20);
  }

  public static PTransform<PCollection<Layout>, PDone> layouts(DatabaseConfig c) {
    return write(c, PostgresStatements.LAYOUT, PostgresStatements::layout, 100);
  }

  public static PTransform<PCollection<ContentSegments>, PDone> contentSegments(DatabaseConfig c) {
    return write(c, PostgresStatements.CONTENT, PostgresStatements::content, 20);
  }

  public static PTransform<PCollection<Highlights>, PDone> highlights(DatabaseConfig c) {
    return write(c, PostgresStatements.HIGHLIGHTS, PostgresStatements::highlights, 20);
  }

  public static PTransform<PCollection<Clip>, PDone> clips(DatabaseConfig c) {
    // One row at a time: a clip shows up as soon as it is rendered.
    return write(c, PostgresStatements.CLIP, PostgresStatements::clip, 1);
  }

  public static PTransform<PCollection<DeadLetter>, PDone> deadLetters(DatabaseConfig c) {
    return write(c, PostgresStatements.DEAD_LETTER, PostgresStatements::deadLetter, 1);
  }

  public static PTransform<PCollection<JobStatus>, PDone> jobOutcomes(DatabaseConfig c) {
    return write(c, PostgresStatements.FINISH_JOB, PostgresStatements::finishJob, 1);
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

  private static <T> JdbcIO.Write<T> write(DatabaseConfig c, String sql, JdbcIO.PreparedStatementSetter<T> setter,
      long batchSize) {
    return JdbcIO.<T>write()
        .withDataSourceProviderFn(PooledDataSources.provider(c))
        .withStatement(sql)
        .withPreparedStatementSetter(setter)
        .withBatchSize(batchSize)
        .withRetryStrategy(WriteToPostgres::retryable)
        .withRetryConfiguration(JdbcIO.RetryConfiguration.create(8, Duration.standardMinutes(2),
            Duration.millis(500)));
  }
}
