package io.lecturehighlights.pipeline.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code lhx batch}, {@code demo}, {@code stream} and {@code retry-failed}: how and where the job
 * runs. The job's own options come from {@link JobOptions}.
 */
final class BatchSettings {
  enum Runner { embedded, flink }

  @Option(names = "--parallelism", defaultValue = "2", description = "Parallel subtasks (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--runner", defaultValue = "embedded",
      description = "embedded (a Flink cluster inside this process) or flink (a running cluster, see --flink-master). "
          + "Default: ${DEFAULT-VALUE}.")
  Runner runner;

  @Option(names = "--flink-master", description = "host:port of a Flink cluster's REST endpoint, with --runner flink "
      + "([auto] inside the cluster, see FlinkJobMain).")
  String flinkMaster;

  @Option(names = "--job-jar", description = "With --runner flink: the jar staged to the cluster (default: $LHX_JOB_JAR, "
      + "else lhx-job.jar beside lhx.jar, else the project's pipeline/target/lhx-job.jar).")
  Path jobJar;

  @Option(names = "--dashboard-port", defaultValue = "8081",
      description = "Embedded Flink dashboard port; the next free one is used if it is busy, 0 picks any. "
          + "Default: ${DEFAULT-VALUE}.")
  int dashboardPort;

  @Option(names = "--work-dir", description = "Work folder for Flink configuration, temp files and logs "
      + "(default: $LHX_HOME or ~/.lecture-highlights).")
  Path workDir;

  /**
   * The job's own options (thresholds, engines, clip limits): generated from LectureHighlightsOptions by
   * {@link JobOptions}, which adds them to each command that mixes these settings in.
   */
  final JobOptions job = new JobOptions();

  @Option(names = "--no-progress", description = "Do not show live progress.")
  boolean noProgress;

  @Option(names = "--force", description = "Reprocess lectures an earlier run completed with the same content "
      + "(by default an incremental batch skips them).")
  boolean force;

  @Option(names = "--no-search-index", description = "Do not update the output folder's search index "
      + "(<output>/search-index, for lhx search) at the end of the batch.")
  boolean noSearchIndex;

  @Option(names = "--no-database", description = "Write the output folder only, no PostgreSQL.")
  boolean noDatabase;

  @picocli.CommandLine.Mixin DatabaseSettings database = new DatabaseSettings();

  @picocli.CommandLine.Mixin AwsSettings aws = new AwsSettings();

  @Option(names = "--media-cache-gib", description = "Disk for local copies of remote (s3://) lectures per worker, "
      + "shared by all stages; each object is downloaded once (default: 16, at most half the free temp space).")
  Double mediaCacheGib;

  @Option(names = "--pipeline-arg", paramLabel = "--name=value",
      description = "Extra Beam/Flink pipeline option passed through, e.g. --pipeline-arg=--maxBundleSize=1 "
          + "(repeatable). One that an lhx option also sets is refused: use the lhx option.")
  List<String> pipelineArgs = new ArrayList<>();

  Path workDir() {
    return workDir(workDir);
  }

  /** The given folder, else $LHX_HOME, else ~/.lecture-highlights. */
  static Path workDir(Path override) {
    if (override != null) {
      return override.toAbsolutePath();
    }
    String env = System.getenv("LHX_HOME");
    return env != null && !env.isBlank()
        ? Paths.get(env).toAbsolutePath()
        : Paths.get(System.getProperty("user.home"), ".lecture-highlights");
  }
}
