package io.lecturehighlights.transforms.db;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the results database is. The password is never part of the pipeline graph (which the Flink dashboard
 * shows): only the name of the environment variable that holds it travels, and each worker reads it there.
 */
public final class DatabaseConfig implements Serializable {
  private final String url;
  private final String user;
  private final @Nullable String passwordEnv;
  private final int maxConnections;

  public DatabaseConfig(String url, String user, @Nullable String passwordEnv, int maxConnections) {
    this.url = url;
    this.user = user;
    this.passwordEnv = passwordEnv;
    this.maxConnections = maxConnections;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public @Nullable String passwordEnv() {
    return passwordEnv;
  }

  public @Nullable String password() {
    return passwordEnv == null ? null : System.getenv(passwordEnv);
  }

  public int maxConnections() {
    return maxConnections;
  }

  @Override
  public String toString() {
    return user + "@" + url;
  }
}
