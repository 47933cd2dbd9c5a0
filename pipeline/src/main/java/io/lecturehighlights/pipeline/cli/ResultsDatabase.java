package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PooledDataSources;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The results database for one command: the configured server, or an embedded PostgreSQL whose data lives in
 * {@code <work-dir>/postgres}, so every command (batch, jobs, status) sees the same jobs. Migrations are applied on
 * open; the embedded server stops on close.
 */
final class ResultsDatabase implements AutoCloseable {
  static final int EMBEDDED_PORT = 54329;

  private final DatabaseConfig config;
  private final EmbeddedPostgres embedded;

  private final boolean shared;

  private ResultsDatabase(DatabaseConfig config, EmbeddedPostgres embedded, boolean shared) {
    this.config = config;
    this.embedded = embedded;
    this.shared = shared;
  }

  /** The embedded server another command started on this data folder, if it is up. */
  static DatabaseConfig runningEmbedded(Path data, int maxConnections) {
    Path pidFile = data.resolve("postmaster.pid");
    try {
      java.util.List<String> lines = Files.readAllLines(pidFile);
      long pid = Long.parseLong(lines.get(0).trim());
      int port = Integer.parseInt(lines.get(3).trim());
      if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return null;
      }
      DatabaseConfig c = new DatabaseConfig("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null,
          maxConnections);
      Migrations.checkReachable(c);
      return c;
    } catch (IOException | RuntimeException | Migrations.DatabaseUnavailable e) {
      return null;
    }
  }

  static ResultsDatabase open(DatabaseSettings s, Path workDir) throws Migrations.DatabaseUnavailable {
    EmbeddedPostgres pg = null;
    DatabaseConfig config;
    if (s.url != null) {
      config = new DatabaseConfig(s.url, s.user, s.passwordEnv, s.maxConnections);
    } else {
      Path data = workDir.resolve("postgres");
      DatabaseConfig running = runningEmbedded(data, s.maxConnections);
      if (running != null) {
        // Another lhx command (a batch still running) owns the server: use it, leave it running.
        Migrations.migrate(running);
        return new ResultsDatabase(running, null, true);
      }
      try {
        Files.createDirectories(data);
        pg = EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPort(EmbeddedFlink.freePort(EMBEDDED_PORT))
            .start();
      } catch (IOException | RuntimeException e) {
        throw new Migrations.DatabaseUnavailable("cannot start the embedded PostgreSQL in " + data + ": "
            + e.getMessage() + (Files.exists(data.resolve("postmaster.pid"))
                ? " (another lhx command may be using it; if none runs, remove " + data.resolve("postmaster.pid") + ")"
                : ""), e);
      }
      config = new DatabaseConfig(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, s.maxConnections);
    }
    try {
      Migrations.migrate(config);
    } catch (Migrations.DatabaseUnavailable | RuntimeException e) {
      closeQuietly(pg);
      if (e instanceof Migrations.DatabaseUnavailable) {
        throw (Migrations.DatabaseUnavailable) e;
      }
      throw new Migrations.DatabaseUnavailable("cannot migrate the database at " + config.url() + ": " + e.getMessage(), e);
    }
    return new ResultsDatabase(config, pg, false);
  }

  DatabaseConfig config() {
    return config;
  }

  boolean embedded() {
    return embedded != null || shared;
  }

  @Override
  public void close() {
    PooledDataSources.closeAll();
    closeQuietly(embedded);
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    if (pg != null) {
      try {
        pg.close();
      } catch (IOException ignored) {
        // the server process is gone either way
      }
    }
  }
}
