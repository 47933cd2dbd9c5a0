package io.lecturehighlights.pipeline.cli;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code lhx enqueue}: the command line of {@link Enqueuer}. */
@Command(
    name = "enqueue",
    mixinStandardHelpOptions = true,
    description = {
      "Feeds lectures to a running lhx stream: sends each the S3 event notification (ObjectCreated:Put) S3 itself",
      "would send, to the stream's SQS queue. For objects S3 never notified: those in the bucket before",
      "notifications were configured, lectures to process again (--force), and local try-outs (S3Proxy sends no",
      "notifications). Local files (a glob or a manifest) are uploaded to --upload-to first; s3:// inputs are",
      "listed and notified as they are. Prints one line per notification sent."
    })
final class EnqueueCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "What to enqueue: s3://bucket/prefix (every object "
      + "under it), s3://bucket/pattern with * ** ? (the matching keys), a local glob, or a manifest "
      + "(.jsonl/.csv, as for lhx batch; its s3:// rows are notified as they are).")
  String input;

  @Option(names = "--queue", required = true, description = "The stream's SQS queue URL.")
  String queue;

  @Option(names = "--upload-to", description = "s3://bucket/prefix to upload local lectures to (required for "
      + "local files; multipart above 64 MiB).")
  String uploadTo;

  @Option(names = "--dry-run", description = "Print what would be uploaded and sent; upload and send nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Mark the notifications so the stream processes the objects again, even "
      + "if it (or an earlier run) already processed the same version.")
  boolean force;

  @Option(names = "--sqs-endpoint", description = "SQS endpoint of an SQS-compatible server, e.g. "
      + "http://localhost:9324 (default: AWS's for the region).")
  URI sqsEndpoint;

  @Mixin AwsSettings aws = new AwsSettings();

  @Override
  public Integer call() {
    String unusable = BatchRunner.unusableQueue(queue);
    if (unusable != null) {
      System.err.println("lhx: " + unusable);
      return 2;
    }
    S3Client s3;
    SqsClient sqs;
    try {
      s3 = aws.s3Client();
      sqs = aws.sqsClient(sqsEndpoint);
    } catch (IllegalArgumentException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    }
    try (s3; sqs) {
      Enqueuer enqueuer = new Enqueuer(s3, sqs, aws.region().id(), System.out);
      List<Enqueuer.Item> items;
      long started = System.nanoTime();
      try {
        items = enqueuer.plan(input, uploadTo);
      } catch (Enqueuer.Unusable e) {
        System.err.println("lhx: " + e.getMessage());
        return 2;
      }
      System.out.printf("Found %d objects to notify in %s in %.1f s%n", items.size(), input,
          (System.nanoTime() - started) / 1e9);
      Enqueuer.Summary s = enqueuer.run(items, queue, force, dryRun);
      if (dryRun) {
        System.out.printf("Dry run: %d notifications to %s; nothing uploaded or sent%n", items.size(), queue);
      } else {
        System.out.printf("Sent %d notifications to %s in %.1f s (%.0f/s)%s%n", s.sent(), queue, s.seconds(),
            s.sent() / Math.max(s.seconds(), 1e-3), s.uploaded() == 0 ? ""
                : String.format("; uploaded %d files (%.1f MiB)", s.uploaded(), s.uploadedBytes() / 1048576.0));
      }
      return 0;
    } catch (IOException | SdkException e) {
      System.err.println("lhx enqueue failed: " + e.getMessage());
      return 1;
    }
  }
}
