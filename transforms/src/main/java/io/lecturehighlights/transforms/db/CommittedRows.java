package io.lecturehighlights.transforms.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One row written and committed before the caller goes on, on a pooled connection held only for that row.
 * Transient errors (connection lost, serialization failures, a job row not committed yet) are retried with
 * backoff; after the last attempt the error fails the bundle and Flink's restart strategy replays it.
 */
final class CommittedRows {
  private static final Logger LOG = LoggerFactory.getLogger(CommittedRows.class);
  static final int ATTEMPTS = 8;

  private CommittedRows() {}

  static <T> void write(DataSource dataSource, String sql, JdbcIO.PreparedStatementSetter<T> setter, T value,
      String what) throws SQLException, InterruptedException {
    long backoff = 500;
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
        setter.setParameters(value, ps);
        ps.executeUpdate();
        if (!c.getAutoCommit()) {
          c.commit();
        }
        return;
      } catch (SQLException failure) {
        if (attempt >= ATTEMPTS || !transientError(failure)) {
          throw failure;
        }
        LOG.warn("Recording {} failed (attempt {} of {}), retrying in {} ms: {}", what, attempt, ATTEMPTS, backoff,
            failure.getMessage());
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      } catch (Exception e) {
        if (e instanceof RuntimeException r) {
          throw r;
        }
        throw new SQLException(e); // the setters throw only SQLExceptions

      }
    }
  }

  /** Connection errors (SQLSTATE class 08, admin shutdown 57P01) and the states JdbcIO writers retry too. */
  static boolean transientError(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      if (state != null && (state.startsWith("08") || state.equals("57P01"))) {
        return true;
      }
    }
    return WriteToPostgres.retryable(e);
  }
}
