package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.JobIds;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.db.PooledDataSources;
import io.lecturehighlights.transforms.ingest.S3EventNotification;
import io.lecturehighlights.transforms.ingest.S3EventNotifications;
import io.lecturehighlights.transforms.localaws.LocalAwsServices;
import io.lecturehighlights.transforms.validate.UploadValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code lhx demo --stream}: the streaming deployment in one command, on this machine. Starts local S3 and SQS
 * ({@link LocalAwsServices}), runs {@code lhx stream} on them until idle, and once the job runs feeds it the demo
 * manifest's files through {@code lhx enqueue}'s {@link Enqueuer} (uploaded as {@code uploads/<course>/<semester>/<file>}
 * so the stream reads course and semester from the key), plus a malformed message and a repeated notification, so the
 * dead-letter and de-duplication paths show. At the end it tells each manifest row's outcome, the time from
 * notification to job row, and stops the services.
 *
 * <p>A stream only sees objects: manifest rows that name no uploadable file (missing, an unsafe path) are told as
 * not enqueued, with the reason the batch demo fails them for, rather than silently dropped.
 */
final class StreamDemo {
  static final String BUCKET = "lectures";
  static final String QUEUE = "lecture-uploads";
  static final String KEY_PREFIX = "uploads/";
  /** A notification cut short: the stream keeps it as a dead letter. */
  static final String MALFORMED_BODY = "{\"Records\": [{\"eventSource\": \"aws:s3\", \"eventName\": \"ObjectCreated:Put\"";
  // Short intervals: a demo of a few small lectures, not a production stream (quiet period 40 s, see StreamProgress).
  private static final long CHECKPOINT_SECONDS = 5;
  private static final long IDLE_SECONDS = 10;

  /** A manifest file that goes to the bucket; {@code lecture}: whether the stream takes its key for a lecture. */
  record Upload(String row, Path file, String key, String jobId, boolean lecture) {}

  /** A manifest row with nothing to upload, and why. */
  record NotEnqueued(String row, String reason) {}

  record Plan(List<Upload> uploads, List<NotEnqueued> notEnqueued) {}

  /**
   * What the stream demo does with each manifest row: a readable, safe file is uploaded under
   * {@code uploads/<course>/<semester>/<file name>} (or {@code uploads/<file name>} without both); anything else is
   * not enqueued, with the reason. Rows are named by their video relative to {@code manifestDir}.
   */
  static Plan plan(List<InputListing.Entry> entries, Path manifestDir) {
    List<Upload> uploads = new ArrayList<>();
    List<NotEnqueued> refused = new ArrayList<>();
    Map<String, Path> keys = new HashMap<>();
    List<String> suffixes = S3EventNotifications.defaultSuffixes();
    for (InputListing.Entry e : entries) {
      UploadEvent event = e.event();
      String row = rowName(event, manifestDir.toAbsolutePath() + "/");
      if (e.error() != null) {
        refused.add(new NotEnqueued(row, "unusable manifest row: " + e.error()));
        continue;
      }
      String video = event.getVideoUri();
      try {
        UploadValidator.checkSafeName(video);
      } catch (StageException unsafe) {
        refused.add(new NotEnqueued(row, unsafe.reason() + ": " + unsafe.getMessage()
            + "; such a file is never read, so there is nothing to upload"));
        continue;
      }
      Path file = Paths.get(video.startsWith("file://") ? java.net.URI.create(video).getPath() : video);
      if (!Files.isRegularFile(file)) {
        refused.add(new NotEnqueued(row, "missing_file: " + file + " does not exist, so there is no object for S3 "
            + "to notify"));
        continue;
      }
      String key = KEY_PREFIX + layout(event.getMetadata()) + file.getFileName();
      Path before = keys.putIfAbsent(key, file);
      if (before != null) {
        if (!before.equals(file)) {
          refused.add(new NotEnqueued(row, "its key " + key + " is already taken by " + before));
        }
        continue;
      }
      String lower = key.toLowerCase(Locale.ROOT);
      boolean lecture = suffixes.stream().anyMatch(lower::endsWith);
      uploads.add(new Upload(row, file, key, JobIds.derive("s3://" + BUCKET + "/" + key), lecture));
    }
    return new Plan(uploads, refused);
  }

  /** {@code <course>/<semester>/} when the row has both (a '/' inside one would add a folder), else "". */
  private static String layout(LectureMetadata m) {
    String course = m == null || m.getCourse() == null ? "" : m.getCourse().replace('/', '-').strip();
    String semester = m == null || m.getSemester() == null ? "" : m.getSemester().replace('/', '-').strip();
    return course.isEmpty() || semester.isEmpty() ? "" : course + "/" + semester + "/";
  }

  /** The video as the manifest wrote it (relative to its folder), else the job id. */
  private static String rowName(UploadEvent e, String dir) {
    String video = e.getVideoUri();
    if (video == null || video.isEmpty()) {
      return e.getJobId();
    }
    return video.startsWith(dir) ? video.substring(dir.length()) : video;
  }

  /** The nearest-rank percentile ({@code p} in 0..100) of values; NaN for none. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }

  private final BatchSettings settings;
  private final Path testdata;
  private final String output;
  private final PrintStream out;
  private final PrintStream err;

  StreamDemo(BatchSettings settings, Path testdata, String output, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.testdata = testdata;
    this.output = output;
    this.out = out;
    this.err = err;
  }

  int run() {
    String given = settings.aws.givenOption();
    if (given != null) {
      err.println("lhx demo --stream runs its own local S3 and SQS: drop " + given);
      return 2;
    }
    if (settings.noDatabase) {
      err.println("lhx demo --stream watches the jobs in the results database until idle: drop --no-database");
      return 2;
    }
    String unusable = BatchRunner.unusableOutput(Path.of(output).toAbsolutePath().toString());
    if (unusable != null) {
      err.println("lhx: " + unusable);
      return 2;
    }
    Path manifest = testdata.resolve("manifest.jsonl");
    Plan plan;
    try {
      plan = plan(InputListing.list(manifest.toString()), testdata);
    } catch (IOException | IllegalArgumentException e) {
      err.println("lhx: cannot read " + manifest + ": " + e.getMessage());
      return 2;
    }
    out.println("Stream demo over " + manifest);
    out.printf("  %d files to upload to s3://%s/%s and notify%n", plan.uploads().size(), BUCKET, KEY_PREFIX);
    for (NotEnqueued n : plan.notEnqueued()) {
      out.println("  not enqueued: " + n.row() + ": " + n.reason());
    }

    Path awsDir = settings.workDir().resolve("demo-stream/local-aws");
    LocalAwsServices aws;
    try {
      // A fresh bucket on every run: the blobs of an earlier demo are not wanted.
      deleteTree(awsDir.resolve("s3proxy-data"));
      Path classpaths = LocalAwsServices.classpathDir(testdata.toAbsolutePath().getParent());
      aws = LocalAwsServices.start(classpaths, awsDir, List.of(QUEUE));
    } catch (LocalAwsServices.NotBuilt e) {
      err.println("lhx: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("lhx: cannot start local S3 and SQS: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    List<Long> pids = aws.pids();
    try (aws) {
      out.printf("Local S3 %s (S3Proxy pid %d) and SQS %s (ElasticMQ pid %d); logs in %s%n", aws.s3Endpoint(),
          pids.get(0), aws.sqsEndpoint(), pids.get(1), aws.dir());
      settings.aws.useLocal(aws.s3Endpoint(), LocalAwsServices.REGION, LocalAwsServices.ACCESS_KEY,
          LocalAwsServices.SECRET_KEY);
      return stream(aws, plan);
    } finally {
      out.printf("Stopped local S3 and SQS (pids %d, %d)%n", pids.get(0), pids.get(1));
    }
  }

  private int stream(LocalAwsServices aws, Plan plan) {
    try (S3Client s3 = settings.aws.s3Client(); SqsClient sqs = settings.aws.sqsClient(aws.sqsEndpoint())) {
      s3.createBucket(b -> b.bucket(BUCKET));
      String queueUrl = aws.queueUrl(QUEUE);
      StreamCommand c = new StreamCommand();
      c.queue = queueUrl;
      c.output = output;
      c.sqsEndpoint = aws.sqsEndpoint();
      c.keyPrefix = KEY_PREFIX;
      c.courseLayoutPrefix = KEY_PREFIX;
      c.stopWhenIdleSeconds = IDLE_SECONDS;
      c.checkpointIntervalSeconds = CHECKPOINT_SECONDS;
      c.datasetFlushSeconds = CHECKPOINT_SECONDS;
      c.settings = settings;
      Feed feed = new Feed(s3, sqs, queueUrl, plan);
      int rc = new BatchRunner(settings).stream(c, feed);
      if (rc == 0 && feed.outcome != null) {
        out.println("Messages left in the queue: " + left(sqs, queueUrl));
        return feed.outcome;
      }
      return rc;
    } catch (S3Exception e) {
      err.println("lhx: local S3: " + e.getMessage());
      return 1;
    }
  }

  private static String left(SqsClient sqs, String queueUrl) {
    Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
    return a.get("ApproximateNumberOfMessages") + " (" + a.get("ApproximateNumberOfMessagesNotVisible")
        + " in flight)";
  }

  /** Enqueues once the job runs; reads each row's outcome when the stream is idle. */
  private final class Feed implements BatchRunner.StreamHooks {
    private final S3Client s3;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Plan plan;
    // When the notifications went out (after the uploads): the start of each lecture's measured time.
    private long sentMillis;
    private S3EventNotification repeated;
    Integer outcome;

    Feed(S3Client s3, SqsClient sqs, String queueUrl, Plan plan) {
      this.s3 = s3;
      this.sqs = sqs;
      this.queueUrl = queueUrl;
      this.plan = plan;
    }

    @Override
    public void submitted(PipelineResult result) {
      // Sent once the source reads, so the measured time is the stream's, not the cluster's start.
      long deadline = System.currentTimeMillis() + 180_000;
      while (result.getState() != PipelineResult.State.RUNNING && System.currentTimeMillis() < deadline) {
        if (result.getState().isTerminal()) {
          return;
        }
        sleep(200);
      }
      out.println("The job runs: enqueuing through lhx enqueue (marked for reprocessing, as --force does, so every "
          + "demo run processes the lectures again)");
      Enqueuer enqueuer = new Enqueuer(s3, sqs, LocalAwsServices.REGION, out);
      List<Enqueuer.Item> items = plan.uploads().stream()
          .map(u -> new Enqueuer.Item(u.file(), BUCKET, u.key(), u.file().toFile().length(), null, null)).toList();
      try {
        Enqueuer.Summary sent = enqueuer.run(items, queueUrl, true, false);
        sentMillis = System.currentTimeMillis();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(MALFORMED_BODY));
        out.println("sent a malformed message (the stream keeps it as a dead letter)");
        repeated = sent.notifications().stream().filter(n -> isLecture(n.key())).findFirst().orElse(null);
        if (repeated != null) {
          sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(repeated.toMessageBody()));
          out.println("sent the notification of " + repeated.uri() + " again (S3 delivers at least once; the stream "
              + "processes it once)");
        }
      } catch (IOException | SdkException e) {
        try {
          result.cancel();
        } catch (IOException | RuntimeException ignored) {
          // The run ends with the exception below either way.
        }
        throw new UncheckedIOException(new IOException("enqueuing failed: " + e.getMessage(), e));
      }
    }

    private boolean isLecture(String key) {
      return plan.uploads().stream().anyMatch(u -> u.key().equals(key) && u.lecture());
    }

    @Override
    public void idle(ResultsDatabase db) {
      try (Connection c = PooledDataSources.get(db.config()).getConnection()) {
        outcome = report(c);
      } catch (SQLException e) {
        err.println("lhx: cannot read the demo's outcome: " + e.getMessage());
        outcome = 1;
      }
    }

    /** Prints each row's outcome and the latencies; 0, or 1 when an enqueued lecture has no outcome. */
    private int report(Connection c) throws SQLException {
      Map<String, String[]> rows = new LinkedHashMap<>();
      try (PreparedStatement q = c.prepareStatement("SELECT job_id, status, failed_stage, failure_reason, course, "
          + "semester, finished_at FROM jobs WHERE job_id = ANY(?) AND updated_at >= ?")) {
        q.setArray(1, c.createArrayOf("text", plan.uploads().stream().map(Upload::jobId).toArray()));
        q.setTimestamp(2, new Timestamp(sentMillis - 1000));
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            Timestamp finished = r.getTimestamp(7);
            rows.put(r.getString(1), new String[] {r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), finished == null ? null : Long.toString(finished.getTime())});
          }
        }
      }
      out.println("Outcome of each manifest row:");
      List<Double> completed = new ArrayList<>();
      List<Double> failed = new ArrayList<>();
      int missing = 0;
      int width = Stream.concat(plan.uploads().stream().map(Upload::row), plan.notEnqueued().stream()
          .map(NotEnqueued::row)).mapToInt(String::length).max().orElse(10);
      String line = "  %-" + width + "s  %s%n";
      for (Upload u : plan.uploads()) {
        String[] job = rows.get(u.jobId());
        if (!u.lecture()) {
          out.printf(line, u.row(), job == null ? "no job: the stream skips keys that are not lectures (" + u.key()
              + ")" : "UNEXPECTED job " + u.jobId() + " for a key that is not a lecture");
          continue;
        }
        if (job == null || job[5] == null) {
          out.printf(line, u.row(), "NO OUTCOME (job " + u.jobId() + ")");
          missing++;
          continue;
        }
        double seconds = (Long.parseLong(job[5]) - sentMillis) / 1000.0;
        ("completed".equals(job[0]) ? completed : failed).add(seconds);
        out.printf(line, u.row(), String.format("%s%s, %.1f s after its notification (job %s; course %s, semester %s)",
            job[0], "failed".equals(job[0]) ? " in " + job[1] + ": " + job[2] : "", seconds, u.jobId(), job[3], job[4]));
      }
      for (NotEnqueued n : plan.notEnqueued()) {
        out.printf(line, n.row(), "not enqueued (" + n.reason().split(":", 2)[0] + ")");
      }
      try (PreparedStatement q = c.prepareStatement(
          "SELECT count(*), string_agg(DISTINCT reason, ', ') FROM dead_letters WHERE queue = ? AND received_at >= ?")) {
        q.setString(1, queueUrl);
        q.setTimestamp(2, new Timestamp(sentMillis - 1000));
        try (ResultSet r = q.executeQuery()) {
          r.next();
          out.printf("Dead letters: %d (%s)%n", r.getLong(1), r.getString(2));
        }
      }
      if (repeated != null) {
        Upload u = plan.uploads().stream().filter(x -> x.key().equals(repeated.key())).findFirst().orElseThrow();
        try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM job_events WHERE job_id = ? "
            + "AND stage = 'job' AND event = 'queued' AND at >= ?")) {
          q.setString(1, u.jobId());
          q.setTimestamp(2, new Timestamp(sentMillis - 1000));
          try (ResultSet r = q.executeQuery()) {
            r.next();
            out.printf("Repeated notification of %s: queued %d time%s in this run%n", u.row(), r.getLong(1),
                r.getLong(1) == 1 ? "" : "s");
          }
        }
      }
      out.printf("Notification to job row: completed p50 %.1f s, p95 %.1f s over %d lectures; failed p50 %.1f s, "
          + "p95 %.1f s over %d%n", percentile(completed, 50), percentile(completed, 95), completed.size(),
          percentile(failed, 50), percentile(failed, 95), failed.size());
      return missing == 0 ? 0 : 1;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
