package io.lecturehighlights.pipeline.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by {@code lhx batch} and {@code lhx demo}: how and where the job runs, and its thresholds. */
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
      + "else lhx-job.jar beside lhx.jar).")
  Path jobJar;

  @Option(names = "--dashboard-port", defaultValue = "8081",
      description = "Embedded Flink dashboard port; the next free one is used if it is busy, 0 picks any. "
          + "Default: ${DEFAULT-VALUE}.")
  int dashboardPort;

  @Option(names = "--work-dir", description = "Work folder for Flink configuration, temp files and logs "
      + "(default: $LHX_HOME or ~/.lecture-highlights).")
  Path workDir;

  @Option(names = "--max-duration-hours", defaultValue = "4", description = "Longest lecture accepted (default: ${DEFAULT-VALUE} h).")
  double maxDurationHours;

  @Option(names = "--max-size-gib", defaultValue = "8", description = "Largest upload accepted (default: ${DEFAULT-VALUE} GiB).")
  double maxSizeGib;

  @Option(names = "--min-silence", defaultValue = "0.5", description = "Shortest silence reported, seconds (default: ${DEFAULT-VALUE}).")
  double minSilence;

  @Option(names = "--silence-margin-db", defaultValue = "6",
      description = "Adaptive threshold: dB above the recording's noise floor (default: ${DEFAULT-VALUE}).")
  double silenceMarginDb;

  @Option(names = "--silence-hysteresis-db", defaultValue = "3",
      description = "dB above the threshold needed to end a silence (default: ${DEFAULT-VALUE}).")
  double silenceHysteresisDb;

  @Option(names = "--silence-threshold-db", description = "Absolute threshold in dBFS instead of the adaptive one.")
  Double silenceThresholdDb;

  @Option(names = "--transcription-engine", defaultValue = "pocketsphinx",
      description = "pocketsphinx (offline), whisper-api (OpenAI or a compatible server) or captions-only. Uploads "
          + "that carry captions always use them. Default: ${DEFAULT-VALUE}.")
  String transcriptionEngine;

  @Option(names = "--transcription-model", defaultValue = "whisper-1",
      description = "whisper-api model, e.g. whisper-1, gpt-4o-transcribe (default: ${DEFAULT-VALUE}).")
  String transcriptionModel;

  @Option(names = "--transcription-base-url", defaultValue = "https://api.openai.com/v1",
      description = "OpenAI-compatible API base URL (default: ${DEFAULT-VALUE}).")
  String transcriptionBaseUrl;

  @Option(names = "--transcription-api-key-env", defaultValue = "OPENAI_API_KEY",
      description = "Environment variable with the API key (default: ${DEFAULT-VALUE}).")
  String transcriptionApiKeyEnv;

  @Option(names = "--transcription-language", defaultValue = "en", description = "Language hint (default: ${DEFAULT-VALUE}).")
  String transcriptionLanguage;

  @Option(names = "--transcription-chunk-seconds", defaultValue = "120",
      description = "Chunk length for parallel transcription, cut at silences (default: ${DEFAULT-VALUE}).")
  double transcriptionChunkSeconds;

  @Option(names = "--transcription-max-concurrent-requests", defaultValue = "4",
      description = "API requests at once per worker (default: ${DEFAULT-VALUE}).")
  int transcriptionMaxConcurrentRequests;

  @Option(names = "--transcription-request-timeout-seconds", defaultValue = "600",
      description = "Timeout of one API request (default: ${DEFAULT-VALUE}).")
  double transcriptionRequestTimeoutSeconds;

  @Option(names = "--transcription-max-retries", defaultValue = "5",
      description = "Retries on 429, 5xx and timeouts, with backoff and jitter (default: ${DEFAULT-VALUE}).")
  int transcriptionMaxRetries;

  @Option(names = "--pocketsphinx-args", defaultValue = "-maxhmmpf 3000",
      description = "Extra pocketsphinx_continuous flags (default: '${DEFAULT-VALUE}', the speed profile; '' for the "
          + "engine's own slower, more accurate search).")
  String pocketsphinxArgs;

  @Option(names = "--layout-sample-fps", defaultValue = "4",
      description = "Frames per second sampled for layout detection (default: ${DEFAULT-VALUE}).")
  double layoutSampleFps;

  @Option(names = "--content-analyzer", defaultValue = "offline",
      description = "offline (topic segmentation here) or gemini (Google Gemini API, key from --gemini-api-key-env) "
          + "(default: ${DEFAULT-VALUE}).")
  String contentAnalyzer;

  @Option(names = "--gemini-model", defaultValue = "gemini-2.5-flash", description = "Gemini model (default: ${DEFAULT-VALUE}).")
  String geminiModel;

  @Option(names = "--gemini-base-url", description = "Gemini API base URL (default: Google's).")
  String geminiBaseUrl;

  @Option(names = "--gemini-api-key-env", defaultValue = "GEMINI_API_KEY",
      description = "Environment variable holding the Gemini API key (default: ${DEFAULT-VALUE}).")
  String geminiApiKeyEnv;

  @Option(names = "--max-clips", defaultValue = "5", description = "Most clips per lecture (default: ${DEFAULT-VALUE}).")
  int maxClips;

  @Option(names = "--max-highlight-seconds", defaultValue = "300",
      description = "Most seconds of clips per lecture (default: ${DEFAULT-VALUE}).")
  double maxHighlightSeconds;

  @Option(names = "--min-clip-seconds", defaultValue = "20", description = "Shortest clip (default: ${DEFAULT-VALUE} s).")
  double minClipSeconds;

  @Option(names = "--max-clip-seconds", defaultValue = "120", description = "Longest clip (default: ${DEFAULT-VALUE} s).")
  double maxClipSeconds;

  @Option(names = "--cut-silences-longer-than", defaultValue = "0.75",
      description = "Pauses inside a clip longer than this are cut out (default: ${DEFAULT-VALUE} s).")
  double cutSilencesLongerThan;

  @Option(names = "--cut-margin", defaultValue = "0.2",
      description = "Pause kept on each side of speech at a cut (default: ${DEFAULT-VALUE} s).")
  double cutMargin;

  @Option(names = "--clip-layout", defaultValue = "vertical",
      description = "vertical (9:16, screen over camera) or original (16:9) (default: ${DEFAULT-VALUE}).")
  String clipLayout;

  @Option(names = "--join-timeout-minutes", defaultValue = "120",
      description = "Streaming: minutes a lecture waits for a missing analysis before it fails (default: ${DEFAULT-VALUE}).")
  int joinTimeoutMinutes;

  @Option(names = "--no-progress", description = "Do not show live progress.")
  boolean noProgress;

  @Option(names = "--force", description = "Reprocess lectures an earlier run completed with the same content "
      + "(by default an incremental batch skips them).")
  boolean force;

  @Option(names = "--no-database", description = "Write the output folder only, no PostgreSQL.")
  boolean noDatabase;

  @picocli.CommandLine.Mixin DatabaseSettings database = new DatabaseSettings();

  @picocli.CommandLine.Mixin AwsSettings aws = new AwsSettings();

  @Option(names = "--pipeline-arg", paramLabel = "--name=value",
      description = "Extra Beam/Flink pipeline option passed through, e.g. --pipeline-arg=--maxBundleSize=1 (repeatable).")
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
