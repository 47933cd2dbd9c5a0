package io.lecturehighlights.pipeline.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "stream",
    modelTransformer = JobOptions.AddToCommand.class,
    mixinStandardHelpOptions = true,
    description = {
      "Processes each lecture as its upload lands: reads S3 event notifications (S3 -> SQS, or S3 -> SNS -> SQS)",
      "from an SQS queue and runs the pipeline unbounded on Flink with checkpointing. Each lecture's results are",
      "written as soon as it finishes (same output folder, datasets and tables as lhx batch); messages that are not",
      "S3 notifications go to <output>/dead-letters/ and the dead_letters table; a repeated notification of the",
      "same object version is processed once. Runs until stopped (Ctrl-C, or cancel in the Flink dashboard), or",
      "with --stop-when-idle until the queue has been quiet and every lecture read is finished."
    })
final class StreamCommand implements Callable<Integer> {
  @Option(names = "--queue", required = true, description = "SQS queue URL, e.g. "
      + "https://sqs.eu-west-1.amazonaws.com/123456789012/lecture-uploads.")
  String queue;

  @Option(names = {"-o", "--output"}, required = true, description = "Output folder or s3:// prefix.")
  String output;

  @Option(names = "--sqs-endpoint", description = "SQS endpoint of an SQS-compatible server, e.g. "
      + "http://localhost:9324 (default: AWS's for the region).")
  URI sqsEndpoint;

  @Option(names = "--key-prefix", defaultValue = "", description = "Only keys under this prefix are lectures.")
  String keyPrefix;

  @Option(names = "--key-suffix", split = ",", description = "Key suffixes that are lectures, ignoring case "
      + "(repeatable or comma-separated; default: .mp4 .mov .mkv .webm .m4v .avi .m4a .mp3 .wav).")
  List<String> keySuffixes = new ArrayList<>();

  @Option(names = "--course-layout-prefix", description = "Keys <prefix><course>/<semester>/<file> under this "
      + "prefix give the lecture's course and semester.")
  String courseLayoutPrefix;

  @Option(names = "--stop-when-idle", paramLabel = "SECONDS", defaultValue = "0",
      description = "End the run once no message has arrived and no lecture has been in progress for this long, "
          + "after a checkpoint has deleted what was read (0: run until stopped; default: ${DEFAULT-VALUE}).")
  long stopWhenIdleSeconds;

  @Option(names = "--checkpoint-interval-seconds", defaultValue = "60",
      description = "Flink checkpoint interval; SQS messages are deleted once a checkpoint holds their effect "
          + "(default: ${DEFAULT-VALUE}).")
  long checkpointIntervalSeconds;

  @Option(names = "--dataset-flush-seconds", defaultValue = "60",
      description = "Datasets and failures.jsonl get a new file with what finished in each interval "
          + "(default: ${DEFAULT-VALUE}).")
  long datasetFlushSeconds;

  @Mixin BatchSettings settings = new BatchSettings();

  @Override
  public Integer call() {
    if (checkpointIntervalSeconds < 1 || datasetFlushSeconds < 1 || stopWhenIdleSeconds < 0) {
      System.err.println("lhx: intervals must be at least 1 s and --stop-when-idle not negative");
      return 2;
    }
    return new BatchRunner(settings).stream(this);
  }
}
