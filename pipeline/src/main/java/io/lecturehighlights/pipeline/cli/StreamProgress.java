package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.PooledDataSources;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.PipelineResult;

/**
 * Watches a running {@code lhx stream} job through the results database: prints a line when lectures finish, and
 * for {@code --stop-when-idle} stops the job (the caller drains it) once no job of the queue has been in progress and
 * nothing has changed for the quiet period: every upload read has its outcome by then, and the quiet period spans
 * checkpoints (which delete the messages read from SQS).
 *
 * <p>The database rather than Beam metrics: a detached Flink job's metrics reach the client only when it ends, and
 * a streaming job's counters stay out of the REST accumulators while it runs, whereas every job row is written as
 * it changes.
 */
final class StreamProgress {
  private static final long POLL_MILLIS = 2000;
  // LocalTime's own toString drops ":00" seconds, which makes the column ragged.
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  // Before the first row appears the job may still be deploying: an empty queue counts as idle only after this.
  private static final long STARTUP_MILLIS = 90_000;

  /** This stream's jobs and dead letters so far. */
  record Counts(long inProgress, long completed, long failed, long deadLetters, Timestamp lastChange) {
    long finished() {
      return completed + failed;
    }

    String summary() {
      return String.format("%d lectures finished (%d completed, %d failed), %d dead letters", finished(), completed,
          failed, deadLetters);
    }
  }

  private final PipelineResult result;
  private final DatabaseConfig db;
  private final String source;
  private final String queue;
  private final Timestamp since;
  private final PrintStream out;
  private final Runnable stop;
  private Counts latest;

  StreamProgress(PipelineResult result, DatabaseConfig db, String queue, long startedMillis, PrintStream out,
      Runnable stop) {
    this.stop = stop;
    this.result = result;
    this.db = db;
    this.source = "sqs:" + queue;
    this.queue = queue;
    // Rows of this run: re-queued jobs get a fresh updated_at too. A second of slack for clock rounding.
    this.since = new Timestamp(startedMillis - 1000);
    this.out = out;
  }

  /** The asked-for idle time, but at least two checkpoints or dataset flushes and half a minute. */
  static long quietMillis(long idleSeconds, long checkpointSeconds, long flushSeconds) {
    return Math.max(idleSeconds * 1000, 2 * Math.max(checkpointSeconds, flushSeconds) * 1000 + 30_000);
  }

  Counts read() throws SQLException {
    try (Connection c = PooledDataSources.get(db).getConnection();
        PreparedStatement jobs = c.prepareStatement("SELECT "
            + "count(*) FILTER (WHERE status IN ('queued', 'running')), count(*) FILTER (WHERE status = 'completed'), "
            + "count(*) FILTER (WHERE status = 'failed'), max(updated_at) FROM jobs WHERE source = ? AND updated_at >= ?");
        PreparedStatement dead = c.prepareStatement(
            "SELECT count(*), max(received_at) FROM dead_letters WHERE queue = ? AND received_at >= ?")) {
      jobs.setString(1, source);
      jobs.setTimestamp(2, since);
      dead.setString(1, queue);
      dead.setTimestamp(2, since);
      try (ResultSet j = jobs.executeQuery(); ResultSet d = dead.executeQuery()) {
        j.next();
        d.next();
        Timestamp last = j.getTimestamp(4);
        Timestamp lastDead = d.getTimestamp(2);
        if (last == null || lastDead != null && lastDead.after(last)) {
          last = lastDead;
        }
        return new Counts(j.getLong(1), j.getLong(2), j.getLong(3), d.getLong(1), last);
      }
    }
  }

  /**
   * Polls until the stream has been idle for {@code quietMillis}, then stops the job and returns the last
   * figures; null if the job ended by itself first (failed, or cancelled from outside).
   */
  Counts untilIdle(long quietMillis) {
    long lastChange = System.currentTimeMillis();
    long runningSince = 0;
    while (true) {
      PipelineResult.State state = result.getState();
      if (state.isTerminal()) {
        return null;
      }
      if (state == PipelineResult.State.RUNNING && runningSince == 0) {
        runningSince = System.currentTimeMillis();
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      Counts c;
      try {
        c = read();
      } catch (SQLException | RuntimeException unavailable) {
        continue;
      }
      long now = System.currentTimeMillis();
      if (!c.equals(latest)) {
        if (latest == null || c.finished() != latest.finished() || c.inProgress() != latest.inProgress()
            || c.deadLetters() != latest.deadLetters()) {
          out.printf("%s  %s, %d in progress%n", LocalTime.now().format(CLOCK), c.summary(),
              c.inProgress());
        }
        latest = c;
        lastChange = now;
      } else if (c.inProgress() == 0 && runningSince > 0 && now - lastChange >= quietMillis
          && (c.lastChange() != null || now - runningSince >= Math.max(quietMillis, STARTUP_MILLIS))) {
        out.printf("Idle for %d s with nothing in progress: stopping the job.%n", (now - lastChange) / 1000);
        stop.run();
        return c;
      }
    }
  }
}
