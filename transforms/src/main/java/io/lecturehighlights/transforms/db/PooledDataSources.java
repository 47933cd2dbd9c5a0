package io.lecturehighlights.transforms.db;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * One connection pool per database per JVM, shared by every writer in it. Connections are validated when
 * borrowed, so a connection the server dropped is replaced instead of failing the next write.
 */
public final class PooledDataSources {
  public static final String APPLICATION_NAME = "lecture-highlights";
  private static final Map<String, BasicDataSource> POOLS = new ConcurrentHashMap<>();

  private PooledDataSources() {}

  public static DataSource get(DatabaseConfig c) {
    return POOLS.computeIfAbsent(c.url() + "|" + c.user(), k -> {
      BasicDataSource ds = new BasicDataSource();
      ds.setDriverClassName("org.postgresql.Driver");
      ds.setUrl(c.url());
      ds.setUsername(c.user());
      if (c.password() != null) {
        ds.setPassword(c.password());
      }
      // Visible in pg_stat_activity, so operators can tell the pipeline's writers apart.
      ds.addConnectionProperty("ApplicationName", APPLICATION_NAME);
      ds.setMaxTotal(c.maxConnections());
      ds.setMaxIdle(c.maxConnections());
      ds.setTestOnBorrow(true);
      ds.setValidationQuery("SELECT 1");
      ds.setValidationQueryTimeout(5);
      return ds;
    });
  }

  /** For JdbcIO: serializable, resolves to the JVM-wide pool on the worker. */
  public static SerializableFunction<Void, DataSource> provider(DatabaseConfig c) {
    return ignored -> get(c);
  }

  /** Closes every pool (tests, and the CLI before it stops an embedded server). */
  public static void closeAll() {
    POOLS.values().forEach(ds -> {
      try {
        ds.close();
      } catch (java.sql.SQLException ignored) {
        // closing anyway
      }
    });
    POOLS.clear();
  }
}
