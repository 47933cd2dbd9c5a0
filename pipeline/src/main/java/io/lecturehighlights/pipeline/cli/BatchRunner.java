package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.pipeline.LectureHighlightsOptions;
import io.lecturehighlights.pipeline.LectureHighlightsPipeline;
import io.lecturehighlights.pipeline.StageConfigs;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.media.MediaCache;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.sql.SQLException;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.db.JobRepository;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PooledDataSources;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import io.lecturehighlights.transforms.embeddings.EmbedTranscriptChunks;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Builds the pipeline options from the command line, runs the job and reports progress and a summary. */
final class BatchRunner {
  private final BatchSettings s;
  // host:port of the job's REST endpoint (the embedded dashboard or --flink-master), set by configureRunner.
  private String restAddress;

  BatchRunner(BatchSettings settings) {
    this.s = settings;
  }

  int run(String input, String output) {
    input = absolute(input);
    output = absolute(output);
    LectureHighlightsOptions o;
    try {
      o = options(output);
    } catch (IllegalArgumentException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    }
    o.setInput(input);

    int total;
    try {
      total = countInputs(input);
    } catch (FileNotFoundException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("lhx: cannot read input " + input + ": " + e.getMessage());
      return 2;
    }
    if (total == 0) {
      System.err.println("lhx: nothing to process: " + input + " lists or matches no lecture");
      return 2;
    }
    String unusable = unusableOutput(output);
    if (unusable != null) {
      System.err.println("lhx: " + unusable);
      return 2;
    }

    if (!configureRunner(o)) {
      return 2;
    }
    System.out.printf("Processing %d lecture%s from %s%n  into %s%n", total, total == 1 ? "" : "s", input, output);

    Database d;
    try {
      d = openDatabase(o);
    } catch (Migrations.DatabaseUnavailable | SQLException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    }
    try (d) {
      return runJob(o, input, output, total, d.completed());
    }
  }

  /**
   * What {@code lhx demo --stream} does around a stream it starts: feed it once the job runs, and read the outcome
   * while the results database is still open.
   */
  interface StreamHooks {
    StreamHooks NONE = new StreamHooks() {};

    /** The job has been submitted (detached with --stop-when-idle); called before progress is watched. */
    default void submitted(PipelineResult result) {}

    /** The stream ended idle and was drained; {@code db}: its results database. */
    default void idle(ResultsDatabase db) {}
  }

  /** {@code lhx stream}: the same pipeline, unbounded, on S3 notifications from an SQS queue. */
  int stream(StreamCommand c) {
    return stream(c, StreamHooks.NONE);
  }

  int stream(StreamCommand c, StreamHooks hooks) {
    String output = absolute(c.output);
    LectureHighlightsOptions o;
    try {
      o = options(output);
    } catch (IllegalArgumentException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    }
    String unusable = unusableOutput(output);
    if (unusable == null) {
      unusable = unusableQueue(c.queue);
    }
    if (unusable != null) {
      System.err.println("lhx: " + unusable);
      return 2;
    }
    o.setQueueUrl(c.queue);
    o.setSqsEndpoint(c.sqsEndpoint == null ? null : c.sqsEndpoint.toString());
    o.setNotificationPrefix(c.keyPrefix);
    o.setNotificationSuffixes(String.join(",", c.keySuffixes));
    o.setCourseLayoutPrefix(c.courseLayoutPrefix);
    o.setDatasetFlushSeconds(c.datasetFlushSeconds);
    o.setStreaming(true);
    o.setCheckpointingInterval(c.checkpointIntervalSeconds * 1000);
    // A checkpoint waits for the elements in flight (a transcription chunk, a clip): give heavy stages time.
    if (!JobOptions.sets(s.pipelineArgs, "checkpointTimeoutMillis")) {
      o.setCheckpointTimeoutMillis(30 * 60 * 1000L);
    }
    boolean untilIdle = c.stopWhenIdleSeconds > 0;
    if (untilIdle && s.noDatabase) {
      System.err.println("lhx: --stop-when-idle watches the jobs in the results database; drop --no-database");
      return 2;
    }
    if (untilIdle) {
      // The CLI watches the jobs in the database and cancels the job when idle, so it must not block on it.
      o.setAttachedMode(false);
    }
    if (!configureRunner(o)) {
      return 2;
    }
    System.out.println("Streaming S3 notifications from " + c.queue + "\n  into " + output
        + (untilIdle ? "\n  until idle for " + c.stopWhenIdleSeconds + " s" : "\n  until stopped (Ctrl-C)"));
    Database d;
    try {
      d = openDatabase(o);
    } catch (Migrations.DatabaseUnavailable | SQLException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    }
    long started = System.currentTimeMillis();
    SearchIndexUpdate.DuringStream index = null;
    try (d) {
      PipelineResult result = LectureHighlightsPipeline.create(o, d.completed()).run();
      index = SearchIndexUpdate.duringStream(output, StageConfigs.embedding(o), c.datasetFlushSeconds,
          System.out, System.err);
      hooks.submitted(result);
      if (!untilIdle) {
        PipelineResult.State state = result.waitUntilFinish();
        closeQuietly(index);
        System.out.printf("Stream ended (%s) after %.1f s; results in %s%n", state,
            (System.currentTimeMillis() - started) / 1000.0, output);
        return state == PipelineResult.State.DONE ? 0 : 1;
      }
      StreamProgress watch = new StreamProgress(result, d.db().config(), c.queue, started, System.out,
          () -> drainOrCancel(result, o));
      StreamProgress.Counts last = watch.untilIdle(StreamProgress.quietMillis(c.stopWhenIdleSeconds,
          c.checkpointIntervalSeconds, c.datasetFlushSeconds));
      closeQuietly(index);
      if (last == null) {
        PipelineResult.State state = result.getState();
        System.out.printf("Stream ended (%s) after %.1f s; results in %s%n", state,
            (System.currentTimeMillis() - started) / 1000.0, output);
        return 1;
      }
      System.out.printf("Stream ended (idle) after %.1f s: %s; results in %s%n",
          (System.currentTimeMillis() - started) / 1000.0, last.summary(), output);
      hooks.idle(d.db());
      return 0;
    } catch (RuntimeException e) {
      System.err.println("lhx: the job failed: " + rootMessage(e));
      return 1;
    } finally {
      closeQuietly(index);
    }
  }

  private static void closeQuietly(SearchIndexUpdate.@Nullable DuringStream index) {
    if (index != null) {
      index.close();
    }
  }

  /**
   * Ends the stream with a draining savepoint, so the last dataset panes are flushed and finalised; cancels when
   * the cluster cannot drain (then the last dataset flush may be lost, the job outputs and rows are complete).
   */
  private void drainOrCancel(PipelineResult result, LectureHighlightsOptions o) {
    FlinkJobDrain drain = new FlinkJobDrain(restAddress);
    long stopAt = System.currentTimeMillis();
    try {
      String jobId = drain.runningJobId(o.getJobName());
      // Into the cluster's state.savepoints.dir (the embedded one: <work dir>/flink/savepoints).
      String savepoint = drain.drain(jobId, null, java.time.Duration.ofMinutes(10));
      System.out.println("Drained the job (savepoint " + savepoint + ").");
      return;
    } catch (FlinkJobDrain.EndpointGone gone) {
      // The embedded cluster shuts down as soon as its job has finished: the savepoint on disk tells the outcome.
      Path done = s.runner == BatchSettings.Runner.flink ? null
          : FlinkJobDrain.savepointSince(s.workDir().resolve("flink/savepoints"), stopAt);
      if (done != null) {
        System.out.println("Drained the job (savepoint " + done + ").");
        return;
      }
      System.out.println("The job ended while draining, without a savepoint: the last dataset flush may be missing.");
      return;
    } catch (IOException e) {
      System.out.println("Could not drain the job (" + e.getMessage() + "): cancelling it.");
    }
    try {
      result.cancel();
    } catch (IOException | RuntimeException c) {
      System.out.println("Could not cancel the job: " + c.getMessage());
    }
  }

  /** The results database of a run (none with --no-database) and the fingerprints of the jobs it completed. */
  private record Database(ResultsDatabase db, Map<String, String> completed) implements AutoCloseable {
    @Override
    public void close() {
      if (db != null) {
        db.close();
      }
    }
  }

  /** Opens (or starts) the results database and points the job at it; the embedded one is announced. */
  private Database openDatabase(LectureHighlightsOptions o) throws Migrations.DatabaseUnavailable, SQLException {
    if (s.noDatabase) {
      return new Database(null, Map.of());
    }
    ResultsDatabase db = ResultsDatabase.open(s.database, s.workDir());
    try {
      o.setDbUrl(db.config().url());
      o.setDbUser(db.config().user());
      o.setDbPasswordEnv(db.config().passwordEnv());
      o.setDbMaxConnections(db.config().maxConnections());
      System.out.println("Results database: " + (db.embedded() ? "embedded PostgreSQL in "
          + s.workDir().resolve("postgres") : db.config().url()));
      Map<String, String> completed = s.force ? Map.of()
          : new JobRepository(PooledDataSources.get(db.config())).completedFingerprints();
      return new Database(db, completed);
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * Beam properties lhx sets from its own flags, with those flags: a {@code --pipeline-arg} naming one is refused
   * rather than silently overwritten.
   */
  static final Map<String, String> OWNED_BY_LHX = ownedByLhx();

  private static Map<String, String> ownedByLhx() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("input", "--input");
    m.put("output", "--output");
    m.put("runner", "--runner");
    m.put("parallelism", "--parallelism");
    m.put("flinkMaster", "--flink-master");
    m.put("flinkConfDir", "--runner embedded (it writes its own) / --work-dir");
    m.put("filesToStage", "--job-jar");
    m.put("dbUrl", "--db-url");
    m.put("dbUser", "--db-user");
    m.put("dbPasswordEnv", "--db-password-env");
    m.put("dbMaxConnections", "--db-max-connections");
    m.put("awsRegion", "--aws-region");
    m.put("endpoint", "--s3-endpoint");
    m.put("awsCredentialsProvider", "--aws-credentials");
    m.put("s3ClientFactoryClass", "--s3-path-style");
    m.put("queueUrl", "lhx stream --queue");
    m.put("sqsEndpoint", "lhx stream --sqs-endpoint");
    m.put("notificationPrefix", "lhx stream --key-prefix");
    m.put("notificationSuffixes", "lhx stream --key-suffix");
    m.put("courseLayoutPrefix", "lhx stream --course-layout-prefix");
    m.put("datasetFlushSeconds", "lhx stream --dataset-flush-seconds");
    m.put("checkpointingInterval", "lhx stream --checkpoint-interval-seconds");
    m.put("streaming", "lhx stream (batch otherwise)");
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * The job's options: {@code --pipeline-arg}s, the job options given on the command line, then what lhx decides
   * (runner, output, parallelism, AWS access); input or queue are set by the caller. IllegalArgumentException: a
   * usage error, said before anything is opened.
   */
  LectureHighlightsOptions options(String output) {
    if (s.parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1, got " + s.parallelism);
    }
    if (s.dashboardPort < 0 || s.dashboardPort > 65535) {
      throw new IllegalArgumentException("--dashboard-port must be 0..65535, got " + s.dashboardPort);
    }
    LectureHighlightsOptions o = s.job.toPipelineOptions(s.pipelineArgs, OWNED_BY_LHX);
    // A misspelled engine or an impossible threshold would otherwise fail every lecture inside the job, after the
    // database is opened and the cluster started.
    JobOptions.validate(o);
    try {
      // The stage configs check what no single option can (e.g. the shortest clip longer than the longest).
      StageConfigs.from(o);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the job options do not fit together: " + e.getMessage(), e);
    }
    o.setRunner(FlinkRunner.class);
    o.setOutput(output);
    o.setParallelism(s.parallelism);
    // Stages never mutate their inputs, so Flink need not copy elements between fused operators.
    if (!JobOptions.sets(s.pipelineArgs, "fasterCopy")) {
      o.setFasterCopy(true);
    }
    // Branches that fan out and join again (stage events, the join by job id) can deadlock Flink's pipelined
    // batch exchanges (FLINK-10672); blocking exchanges avoid it. A --pipeline-arg can still override this.
    if (!JobOptions.sets(s.pipelineArgs, "executionModeForBatch")) {
      o.setExecutionModeForBatch("BATCH_FORCED");
    }
    if (!JobOptions.sets(s.pipelineArgs, "jobName")) {
      o.setJobName("lecture-highlights-"
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
    s.aws.applyTo(o);
    if (s.mediaCacheGib != null) {
      // The embedded cluster runs in this JVM; a session cluster's TaskManagers read LHX_MEDIA_CACHE_GIB instead.
      System.setProperty(MediaCache.BUDGET_PROPERTY, Double.toString(s.mediaCacheGib));
    }
    FileSystems.setDefaultPipelineOptions(o);
    return o;
  }

  /** Why --queue is not an SQS queue URL, or null when it looks like one (lhx stream, lhx enqueue). */
  static String unusableQueue(String queue) {
    return queue.matches("(?i)https?://[^/\\s]+/\\S*") ? null
        : "--queue must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>), got '" + queue + "'";
  }

  /**
   * Why a local output folder cannot be used (it is a file, or cannot be created or written), or null. Every
   * lecture would otherwise fail at its first write, after the cluster and database have started.
   */
  static String unusableOutput(String output) {
    if (!LocalMediaFile.isLocal(output)) {
      return null;
    }
    Path dir = Path.of(output.startsWith("file://") ? java.net.URI.create(output).getPath() : output);
    if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
      return "--output " + output + " is a file, not a folder";
    }
    // Nothing is created here: the nearest existing folder on the way must be one this user can write into.
    Path existing = dir.toAbsolutePath();
    while (existing != null && !java.nio.file.Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !java.nio.file.Files.isDirectory(existing)) {
      return "cannot create the output folder " + output + ": " + existing + " is not a folder";
    }
    return java.nio.file.Files.isWritable(existing) ? null
        : "cannot write the output folder " + output + ": " + existing + " is not writable";
  }

  /** Embedded cluster (with its dashboard) or a running cluster; false after saying what is wrong. */
  private boolean configureRunner(LectureHighlightsOptions o) {
    if (s.runner == BatchSettings.Runner.flink) {
      if (s.flinkMaster == null) {
        System.err.println("lhx: --runner flink needs --flink-master host:port");
        return false;
      }
      if (FlinkSubmission.prepare(o, s) != 0) {
        return false;
      }
      restAddress = FlinkSubmission.normalizeMaster(s.flinkMaster);
    } else {
      try {
        int port = EmbeddedFlink.freePort(s.dashboardPort);
        o.setFlinkMaster("[local]");
        o.setFlinkConfDir(EmbeddedFlink.writeConfig(s.workDir(), port, s.parallelism).toString());
        restAddress = "localhost:" + port;
        System.out.println(port == 0
            ? "Flink dashboard: on a random port (see the log)"
            : "Flink dashboard: http://localhost:" + port + "  (while the job runs)");
      } catch (IOException e) {
        System.err.println("lhx: cannot prepare the embedded Flink configuration: " + e.getMessage());
        return false;
      }
    }
    return true;
  }

  private int runJob(LectureHighlightsOptions o, String input, String output, int total,
      Map<String, String> completed) {
    long started = System.currentTimeMillis();
    BatchProgress progress = LocalMediaFile.isLocal(output)
        ? BatchProgress.forRun(o, input, Path.of(output), total, completed, started, !s.noProgress) : null;
    if (progress != null) {
      progress.start();
    }
    PipelineResult.State state;
    long skipped;
    Embeddings embeddings;
    try {
      Pipeline p = LectureHighlightsPipeline.create(o, completed);
      PipelineResult result = p.run();
      if (FlinkSubmission.detached(o)) {
        if (progress != null) {
          progress.stop();
        }
        System.out.println("Submitted " + o.getJobName() + " (detached): follow it on the Flink dashboard");
        return 0;
      }
      state = result.waitUntilFinish();
      skipped = counter(result, "skipped_unchanged");
      embeddings = Embeddings.of(result);
    } catch (RuntimeException e) {
      if (progress != null) {
        progress.stop();
      }
      System.err.println("lhx: the job failed: " + rootMessage(e));
      return 1;
    }
    double seconds = (System.currentTimeMillis() - started) / 1000.0;
    if (skipped > 0) {
      System.out.printf("Skipped %d lecture%s already completed with the same content (--force reprocesses them).%n",
          skipped, skipped == 1 ? "" : "s");
    }
    if (progress != null) {
      progress.stop();
      progress.printSummary(System.out, seconds, (int) skipped);
    } else {
      System.out.printf("Finished in %.1f s; results in %s%n", seconds, output);
    }
    if (embeddings != null) {
      System.out.println(embeddings);
    }
    if (state != PipelineResult.State.DONE) {
      return 1;
    }
    if (!s.noSearchIndex) {
      SearchIndexUpdate.afterBatch(output, StageConfigs.embedding(o), System.out, System.err);
    }
    return 0;
  }

  /** The job's embedding stage in figures: chunks, passages, model time, and its share of the stages' time. */
  record Embeddings(long chunks, long failed, long passages, long millis, long stageMillis) {
    static Embeddings of(PipelineResult r) {
      long chunks = counter(r, EmbedTranscriptChunks.CHUNKS_EMBEDDED);
      long failed = counter(r, EmbedTranscriptChunks.CHUNKS_NOT_EMBEDDED);
      if (chunks + failed == 0) {
        return null;
      }
      long stages = 0;
      for (String stage : List.of(Stages.VALIDATION, Stages.SILENCE, Stages.TRANSCRIPTION, Stages.LAYOUT,
          Stages.CONTENT, Stages.EXTRACTION, Stages.RENDERING)) {
        stages += distributionSum(r, stage + "_millis");
      }
      return new Embeddings(chunks, failed, counter(r, EmbedTranscriptChunks.PASSAGES_EMBEDDED),
          counter(r, EmbedTranscriptChunks.EMBEDDING_MILLIS), stages);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "Embeddings: %d topic chunk%s embedded in the job (%d passages, "
              + "%.1f s of model time: %.1f %% of the stages' %.1f s)%s", chunks, chunks == 1 ? "" : "s", passages,
          millis / 1000.0, stageMillis == 0 ? 0 : 100.0 * millis / stageMillis, stageMillis / 1000.0,
          failed == 0 ? "" : "; " + failed + " not embedded, searched by their words only (see the log)");
    }
  }

  private static long distributionSum(PipelineResult r, String name) {
    MetricQueryResults q = r.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(Stages.METRICS_NAMESPACE, name)).build());
    long sum = 0;
    for (MetricResult<org.apache.beam.sdk.metrics.DistributionResult> d : q.getDistributions()) {
      org.apache.beam.sdk.metrics.DistributionResult v = d.getAttempted();
      sum += v == null ? 0 : v.getSum();
    }
    return sum;
  }

  private static long counter(PipelineResult r, String name) {
    MetricQueryResults q = r.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(Stages.METRICS_NAMESPACE, name)).build());
    long sum = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      Long v = c.getAttempted();
      sum += v == null ? 0 : v;
    }
    return sum;
  }

  /** How many lectures the input names, so progress has a total and an empty input fails fast. */
  static int countInputs(String input) throws IOException {
    return InputListing.list(input).size();
  }

  private static String absolute(String location) {
    return LocalMediaFile.isLocal(location) && !location.startsWith("file://")
        ? Path.of(location).toAbsolutePath().normalize().toString()
        : location;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
