package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.pipeline.serve.PresignedLinks;
import io.lecturehighlights.pipeline.serve.ServeApp;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PooledDataSources;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves an output folder read-only over HTTP: a JSON API (/api/health, /api/jobs, /api/jobs/{jobId},",
      "/api/jobs/{jobId}/results, /api/search), the batch index and reports, a search page (/search) whose results",
      "open the lecture's video at the moment, clip pages, and the videos and clips with range requests.",
      "With --database: jobs (running ones too, with their history), results and search come from the results",
      "database (the one lhx batch, jobs and search --database use); files from each job's folder and --output.",
      "Listens on loopback unless --bind says otherwise. Runs until stopped (Ctrl-C). Exit 2 for unusable input."
    })
final class ServeCommand implements Callable<Integer> {
  static final String DEFAULT_OUTPUT = "lhx-out/demo";

  @Option(names = {"-o", "--output"}, defaultValue = DEFAULT_OUTPUT,
      description = "The output folder a batch wrote (default: ${DEFAULT-VALUE}); local folders only for now. With "
          + "--database: only its files (the batch index, reports and clips), and optional.")
  String output;

  @Option(names = "--database", arity = "0..1", fallbackValue = "", paramLabel = "JDBC_URL",
      parameterConsumer = ValueUnlessOption.class,
      description = "Read jobs, results and search from the results database instead of the folder: the one at "
          + "JDBC_URL, or without it the same database as lhx jobs and lhx search --database (--db-url, or the "
          + "embedded one in --work-dir).")
  String database;

  @Option(names = "--work-dir", description = "With --database: work folder of the embedded database (default: "
      + "$LHX_HOME or ~/.lecture-highlights).")
  Path workDir;

  @Mixin DatabaseSettings databaseSettings = new DatabaseSettings();

  @Spec CommandSpec spec;

  /**
   * --database's optional value: the next argument unless it is an option. lhx lets option values look like options
   * (for --pipeline-arg), which would make {@code --database --output DIR} read "--output" as the URL.
   */
  static final class ValueUnlessOption implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      argSpec.setValue(!args.isEmpty() && !args.peek().startsWith("-") ? args.pop() : "");
    }
  }

  @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every interface).")
  String bind;

  @Option(names = "--token-env", paramLabel = "VAR",
      description = "Environment variable holding a bearer token that every request but /api/health must carry "
          + "(default: none, no token).")
  String tokenEnv;

  @Option(names = "--presign-expiry-minutes", defaultValue = "60",
      description = "How long the presigned S3 links of videos stored in S3 work (default: ${DEFAULT-VALUE}; "
          + "at most 10080, 7 days).")
  long presignExpiryMinutes;

  @Mixin AwsSettings aws = new AwsSettings();

  @Mixin EmbeddingSettings embedding = new EmbeddingSettings();

  @Override
  public Integer call() throws Exception {
    ServeApp.Settings settings;
    EmbeddingConfig models;
    ResultsDatabase db = null;
    try {
      settings = settings(null);
      models = embedding.config();
      if (databaseMode()) {
        db = ResultsDatabase.open(databaseSettings, BatchSettings.workDir(workDir));
        settings = settings(PooledDataSources.get(db.config()));
      }
    } catch (IllegalArgumentException | Migrations.DatabaseUnavailable e) {
      System.err.println("lhx serve: " + e.getMessage());
      closeQuietly(db);
      return 2;
    }
    ServeApp app;
    try {
      app = ServeApp.start(settings, models);
    } catch (IOException | RuntimeException e) {
      System.err.println("lhx serve: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
      closeQuietly(db);
      return 2;
    }
    String host = bind.contains(":") ? "[" + bind + "]" : bind;
    String what = db == null ? settings.output().toString() : "the results database at " + db.config().url()
        + (settings.output() != null ? " with the files of " + settings.output() : "");
    System.out.println("Serving " + what + " on http://" + host + ":" + app.port() + "/ (search: /search, "
        + "API: /api/jobs, /api/search" + (settings.token() != null ? "; token required" : "") + "). Ctrl-C stops.");
    CountDownLatch stopped = new CountDownLatch(1);
    ResultsDatabase opened = db;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close();
      } catch (IOException e) {
        // stopping anyway
      }
      closeQuietly(opened);
      stopped.countDown();
    }, "lhx-serve-stop"));
    stopped.await();
    return 0;
  }

  private static void closeQuietly(ResultsDatabase db) {
    if (db != null) {
      db.close();
    }
  }

  /** Jobs from the database: --database, or a --db-url that can only mean it. */
  boolean databaseMode() {
    return database != null || databaseSettings.url != null;
  }

  /** The folder mode's checked settings (tests); see {@link #settings(DataSource)}. */
  ServeApp.Settings settings() {
    return settings(null);
  }

  /**
   * The checked settings, reading from {@code db} when given; IllegalArgumentException with a message for people for
   * anything unusable. With --database, the database options are checked here too (before any server starts).
   */
  ServeApp.Settings settings(DataSource db) {
    if (database != null && !database.isBlank()) {
      String url = database.trim();
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("--database " + url + " is not a PostgreSQL JDBC URL (jdbc:postgresql://"
            + "host:5432/name); without a value, --database reads the same database as lhx jobs");
      }
      if (databaseSettings.url != null && !databaseSettings.url.equals(url)) {
        throw new IllegalArgumentException("--database " + url + " and --db-url " + databaseSettings.url
            + " name two databases: give one");
      }
      databaseSettings.url = url;
    }
    Path out = folder();
    int p = checkedPort();
    String token = token();
    checkExpiry();
    if (db == null && databaseMode()) {
      // Checked; the caller opens the database and asks again.
      return null;
    }
    return new ServeApp.Settings(out, bind, p, token,
        new PresignedLinks(aws.s3Presigner(), Duration.ofMinutes(presignExpiryMinutes)), db);
  }

  /** The output folder; with --database it is optional (null when not given and the default is not there). */
  private Path folder() {
    boolean given = spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--output");
    if (!LocalMediaFile.isLocal(output)) {
      throw new IllegalArgumentException(output + " is not a local folder: lhx serve reads local output folders only, "
          + "for now (copy the folder, e.g. aws s3 sync, or run the batch into a local one)" + (databaseMode()
              ? "; with --database, leave --output out: the links to job folders in S3 are presigned from the "
                  + "database's locations" : ""));
    }
    Path out = Path.of(output.startsWith("file://") ? URI.create(output).getPath() : output).toAbsolutePath()
        .normalize();
    if (!Files.isDirectory(out)) {
      if (databaseMode() && !given) {
        return null;
      }
      throw new IllegalArgumentException("no output folder " + out + " (--output: the folder lhx batch wrote)");
    }
    return out;
  }

  private int checkedPort() {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
    }
    return port;
  }

  private String token() {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + bind + " is not an address of this machine");
    }
    String token = null;
    if (tokenEnv != null) {
      token = System.getenv(tokenEnv);
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("--token-env " + tokenEnv + ": the environment variable " + tokenEnv
            + " is not set or empty");
      }
      token = token.trim();
    }
    if (!address.isLoopbackAddress() && token == null && !warned) {
      warned = true;
      System.err.println("lhx serve: warning: listening on " + bind + " without a token: anyone who can reach this "
          + "machine can read the output folder (--token-env VAR to require one)");
    }
    return token;
  }

  private boolean warned;

  private void checkExpiry() {
    if (presignExpiryMinutes < 1 || presignExpiryMinutes > PresignedLinks.MAX_EXPIRY.toMinutes()) {
      throw new IllegalArgumentException("--presign-expiry-minutes must be between 1 and "
          + PresignedLinks.MAX_EXPIRY.toMinutes() + ", not " + presignExpiryMinutes);
    }
  }
}
