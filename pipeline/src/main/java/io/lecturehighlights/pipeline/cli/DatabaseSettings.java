package io.lecturehighlights.pipeline.cli;

import picocli.CommandLine.Option;

/** Where results and job state go: a PostgreSQL server, or (by default) an embedded one in the work folder. */
final class DatabaseSettings {
  // Initial values equal the defaults, so settings made in code (benchmarks, tests) work like the command line's.
  @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL server, e.g. jdbc:postgresql://db:5432/lectures. "
      + "Default: an embedded PostgreSQL kept in the work folder (<work-dir>/postgres).")
  String url;

  @Option(names = "--db-user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
  String user = "postgres";

  @Option(names = "--db-password-env", defaultValue = "LHX_DB_PASSWORD",
      description = "Environment variable holding the database password (default: ${DEFAULT-VALUE}).")
  String passwordEnv = "LHX_DB_PASSWORD";

  @Option(names = "--db-max-connections", defaultValue = "4",
      description = "Pooled connections per worker JVM (default: ${DEFAULT-VALUE}).")
  int maxConnections = 4;
}
