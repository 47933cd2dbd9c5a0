package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PooledDataSources;
import io.lecturehighlights.transforms.db.PostgresStatements;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * A real results database for command tests: an embedded PostgreSQL with the project's migrations, emptied between
 * tests, written with the pipeline's own statements (so the commands read rows exactly as a run leaves them).
 */
final class ResultsDatabaseFixture implements AutoCloseable {
  private final EmbeddedPostgres pg;
  final DatabaseConfig config;

  ResultsDatabaseFixture() throws Exception {
    pg = EmbeddedPostgres.start();
    config = new DatabaseConfig(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, 2);
    Migrations.migrate(config);
  }

  /** Removes every job (and, by cascade, everything recorded about it). */
  void clean() throws Exception {
    try (Connection c = PooledDataSources.get(config).getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE jobs CASCADE");
    }
  }

  /** Writes a queued job, a stage event or a finished job with the statement the pipeline uses for it. */
  void write(Object record) throws Exception {
    String sql = record instanceof UploadEvent ? PostgresStatements.QUEUE_JOB
        : record instanceof StageEvent ? PostgresStatements.STAGE_EVENT : PostgresStatements.FINISH_JOB;
    try (Connection c = PooledDataSources.get(config).getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (record instanceof UploadEvent e) {
        PostgresStatements.queueJob(e, ps);
      } else if (record instanceof StageEvent e) {
        PostgresStatements.stageEvent(e, ps);
      } else {
        PostgresStatements.finishJob((JobStatus) record, ps);
      }
      ps.executeUpdate();
    }
  }

  @Override
  public void close() {
    PooledDataSources.closeAll();
    try {
      pg.close();
    } catch (java.io.IOException ignored) {
      // The test is over; the server's folder is temporary.
    }
  }
}
