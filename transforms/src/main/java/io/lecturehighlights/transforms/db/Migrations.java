package io.lecturehighlights.transforms.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the results database to the current schema (Flyway migrations in db/migration on the classpath). */
public final class Migrations {
  private Migrations() {}

  /** Thrown when the database cannot be reached: the message says where and why. */
  public static final class DatabaseUnavailable extends Exception {
    public DatabaseUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static int migrate(DatabaseConfig c) throws DatabaseUnavailable {
    checkReachable(c);
    MigrateResult r = Flyway.configure()
        .dataSource(c.url(), c.user(), c.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return r.migrationsExecuted;
  }

  /** Fails fast, before any job starts, with a message a person can act on. */
  public static void checkReachable(DatabaseConfig c) throws DatabaseUnavailable {
    Properties p = new Properties();
    p.setProperty("user", c.user());
    if (c.password() != null) {
      p.setProperty("password", c.password());
    }
    p.setProperty("connectTimeout", "5");
    try (Connection conn = DriverManager.getConnection(c.url(), p)) {
      conn.isValid(5);
    } catch (SQLException e) {
      throw new DatabaseUnavailable("cannot connect to PostgreSQL at " + c.url() + " as " + c.user() + ": "
          + e.getMessage(), e);
    }
  }
}
