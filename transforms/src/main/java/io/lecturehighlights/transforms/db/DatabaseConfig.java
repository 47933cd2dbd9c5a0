package io.lecturehighlights.transforms.db;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the results database is. The password is never part of the pipeline graph (which the Flink dashboard
 * shows): only the name of the environment variable that holds it travels, and each worker reads it there.
 *
 * <p>An immutable value like the other stage configs. It has no {@code defaults()}: there is no default database.
 */
public record DatabaseConfig(String url, String user, @Nullable String passwordEnv, int maxConnections)
    implements Serializable {

  public DatabaseConfig withUser(String user) {
    return new DatabaseConfig(url, user, passwordEnv, maxConnections);
  }

  public DatabaseConfig withPasswordEnv(@Nullable String passwordEnv) {
    return new DatabaseConfig(url, user, passwordEnv, maxConnections);
  }

  public DatabaseConfig withMaxConnections(int maxConnections) {
    return new DatabaseConfig(url, user, passwordEnv, maxConnections);
  }

  public @Nullable String password() {
    return passwordEnv == null ? null : System.getenv(passwordEnv);
  }

  @Override
  public String toString() {
    return user + "@" + url;
  }
}
