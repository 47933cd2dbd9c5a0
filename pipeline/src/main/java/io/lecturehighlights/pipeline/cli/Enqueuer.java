package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.ingest.ReadUploadEvents;
import io.lecturehighlights.transforms.ingest.S3EventNotification;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * What {@code lhx enqueue} does, without the command line: finds the lectures an input names, uploads local ones, and
 * sends each the {@link S3EventNotification} S3 would have sent, so a running {@code lhx stream} processes objects S3
 * never notified (a semester in the bucket before notifications were set up, lectures to redo, local try-outs on
 * S3Proxy, which sends no notifications).
 *
 * <p>Work is in two phases so that an unusable input fails before anything is uploaded or sent: {@link #plan} reads
 * (lists the bucket, checks local files) and throws {@link Unusable}; {@link #run} uploads and sends.
 *
 * <p>An object's size, ETag and version id are S3's own (from the listing, HeadObject or the upload's response), as
 * the stream identifies an upload by them: the same version notified again is de-duplicated there, unless the
 * notifications carry a reprocess token ({@code --force}).
 */
final class Enqueuer {
  /** Local files above this go up in parts: one PutObject is limited to 5 GiB and restarts from zero on failure. */
  static final long MULTIPART_THRESHOLD = 64L << 20;
  static final int PART_SIZE = 16 << 20;
  /** SendMessageBatch takes at most 10 entries. */
  static final int BATCH = 10;
  static final int ATTEMPTS = 5;

  /** An input that cannot be used: exit 2, nothing sent. */
  static final class Unusable extends Exception {
    Unusable(String message) {
      super(message);
    }
  }

  /** One lecture to notify: an object in S3 (size etc. known), or a local file to upload first to bucket/key. */
  record Item(Path localFile, String bucket, String key, long size, String eTag, String versionId) {
    String uri() {
      return "s3://" + bucket + "/" + key;
    }
  }

  private final S3Client s3;
  private final SqsClient sqs;
  private final String region;
  private final PrintStream out;
  long multipartThreshold = MULTIPART_THRESHOLD;
  int partSize = PART_SIZE;
  int concurrency = 4;

  Enqueuer(S3Client s3, SqsClient sqs, String region, PrintStream out) {
    this.s3 = s3;
    this.sqs = sqs;
    this.region = region;
    this.out = out;
  }

  /** A bucket and key (or key prefix or pattern) from {@code s3://bucket/rest}. */
  record S3Location(String bucket, String key) {
    static S3Location parse(String uri, String option) throws Unusable {
      if (!uri.startsWith("s3://")) {
        throw new Unusable(option + " must be an s3://bucket/prefix location, got '" + uri + "'");
      }
      String rest = uri.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      if (bucket.isEmpty()) {
        throw new Unusable(option + " names no bucket: '" + uri + "'");
      }
      return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }
  }

  /**
   * The lectures of an input. {@code s3://bucket/prefix} lists every object under the prefix; with glob characters
   * ({@code s3://bucket/fall/**.mp4}) the keys that match. A manifest's rows (its s3:// rows as they are, local rows
   * uploaded) and a local glob need {@code uploadTo} for their local files.
   */
  List<Item> plan(String input, String uploadTo) throws Unusable, IOException {
    List<Item> items = new ArrayList<>();
    S3Location target = uploadTo == null ? null : S3Location.parse(uploadTo, "--upload-to");
    if (input.startsWith("s3://")) {
      listS3(S3Location.parse(input, "--input"), items);
      if (items.isEmpty()) {
        throw new Unusable("no objects match " + input);
      }
      return items;
    }
    List<InputListing.Entry> entries;
    try {
      entries = InputListing.list(input);
    } catch (IllegalArgumentException e) {
      throw new Unusable("the manifest " + input + " cannot be read: " + e.getMessage());
    } catch (java.io.FileNotFoundException e) {
      throw new Unusable(e.getMessage());
    }
    List<String> errors = entries.stream().filter(e -> e.error() != null)
        .map(e -> e.event().getSource() + ": " + e.error()).toList();
    if (!errors.isEmpty()) {
      throw new Unusable("unusable manifest rows (fix or remove them):\n  " + String.join("\n  ", errors));
    }
    if (entries.isEmpty()) {
      throw new Unusable("no files match " + input);
    }
    Map<String, Path> keys = new HashMap<>();
    for (InputListing.Entry e : entries) {
      String video = e.event().getVideoUri();
      if (video.startsWith("s3://")) {
        S3Location at = S3Location.parse(video, "the manifest's video");
        items.add(existing(at.bucket(), at.key()));
        continue;
      }
      Path file = Paths.get(video.startsWith("file://") ? java.net.URI.create(video).getPath() : video);
      if (!Files.isRegularFile(file)) {
        throw new Unusable(video + " (" + e.event().getSource() + ") is not a file");
      }
      if (target == null) {
        throw new Unusable(file + " is a local file: S3 can only notify objects in a bucket, so give "
            + "--upload-to s3://bucket/prefix to upload local lectures first");
      }
      String prefix = target.key().isEmpty() || target.key().endsWith("/") ? target.key() : target.key() + "/";
      String key = prefix + file.getFileName();
      Path before = keys.putIfAbsent(key, file);
      if (before != null && !before.equals(file)) {
        throw new Unusable(before + " and " + file + " would both be uploaded to s3://" + target.bucket() + "/" + key);
      }
      if (before == null) {
        items.add(new Item(file, target.bucket(), key, Files.size(file), null, null));
      }
    }
    return items;
  }

  /** Lists a prefix (the part before any glob character), keeping the keys a glob matches. */
  private void listS3(S3Location at, List<Item> items) throws Unusable {
    String pattern = at.key();
    int glob = firstGlobChar(pattern);
    String prefix = glob < 0 ? pattern : pattern.substring(0, glob);
    PathMatcher matcher = glob < 0 ? null : FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    try {
      if (versioned(at.bucket())) {
        // ListObjectsV2 gives no version ids: the versions listing does, newest marked latest.
        s3.listObjectVersionsPaginator(b -> b.bucket(at.bucket()).prefix(prefix)).versions().stream()
            .filter(v -> Boolean.TRUE.equals(v.isLatest()) && matches(matcher, v.key()))
            .forEach(v -> items.add(new Item(null, at.bucket(), v.key(), v.size(), v.eTag(), v.versionId())));
      } else {
        s3.listObjectsV2Paginator(b -> b.bucket(at.bucket()).prefix(prefix)).contents().stream()
            .filter(o -> matches(matcher, o.key()))
            .forEach(o -> items.add(new Item(null, at.bucket(), o.key(), o.size(), o.eTag(), null)));
      }
    } catch (S3Exception e) {
      throw new Unusable("cannot list s3://" + at.bucket() + "/" + prefix + ": "
          + e.awsErrorDetails().errorMessage() + " (" + e.statusCode() + ")");
    }
  }

  /**
   * Whether the bucket keeps versions (then notifications carry version ids, as S3's do). A server that does not
   * implement the call (S3Proxy) or a role without s3:GetBucketVersioning counts as unversioned: the ETag then
   * identifies the upload, which the stream accepts as well.
   */
  private boolean versioned(String bucket) {
    try {
      BucketVersioningStatus status = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
      return status == BucketVersioningStatus.ENABLED || status == BucketVersioningStatus.SUSPENDED;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw e;
      }
      return false;
    }
  }

  private static boolean matches(PathMatcher matcher, String key) {
    return matcher == null || matcher.matches(Paths.get(key));
  }

  static int firstGlobChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      if ("*?[{".indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private Item existing(String bucket, String key) throws Unusable {
    try {
      HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(key));
      return new Item(null, bucket, key, h.contentLength(), h.eTag(), h.versionId());
    } catch (S3Exception e) {
      throw new Unusable("s3://" + bucket + "/" + key + " cannot be read: "
          + (e.statusCode() == 404 ? "no such object" : e.getMessage()));
    }
  }

  /** What a run did; {@code notifications}: those sent, in the order of the items (none for a dry run). */
  record Summary(int sent, int uploaded, long uploadedBytes, double seconds, List<S3EventNotification> notifications) {}

  /**
   * Uploads the local items, then sends one notification per item, 10 to a SendMessageBatch, {@link #concurrency}
   * batches at a time. Entries SQS refuses for a reason on its side are sent again ({@link #ATTEMPTS} in all).
   *
   * @param reprocess mark every notification so the stream processes it again ({@code --force})
   * @param dryRun print what would be uploaded and sent, and do neither
   */
  Summary run(List<Item> items, String queueUrl, boolean reprocess, boolean dryRun) throws IOException {
    long started = System.nanoTime();
    String token = reprocess ? UUID.randomUUID().toString() : null;
    // Increasing across runs as well: S3's sequencers order the events of a key.
    AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    Instant now = Instant.now();
    int uploaded = 0;
    long uploadedBytes = 0;
    List<S3EventNotification> notes = new ArrayList<>(items.size());
    for (Item item : items) {
      Item object = item;
      if (item.localFile() != null) {
        if (dryRun) {
          out.println("would upload " + item.localFile() + " -> " + item.uri() + " (" + item.size() + " bytes)");
        } else {
          object = upload(item);
          uploaded++;
          uploadedBytes += object.size();
          out.println("uploaded " + item.localFile() + " -> " + item.uri() + " (" + item.size() + " bytes)");
        }
      }
      S3EventNotification n = S3EventNotification.created(region, object.bucket(), object.key(), object.size(),
          object.eTag(), object.versionId(), sequence.incrementAndGet(), now);
      notes.add(token == null ? n : n.reprocess(token));
    }
    if (dryRun) {
      for (S3EventNotification n : notes) {
        out.println("would send " + describe(n));
      }
      if (!notes.isEmpty()) {
        out.println("First message body:\n" + notes.get(0).toMessageBody());
      }
      return new Summary(0, 0, 0, seconds(started), List.of());
    }
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<List<S3EventNotification>>> batches = new ArrayList<>();
      for (int i = 0; i < notes.size(); i += BATCH) {
        List<S3EventNotification> batch = notes.subList(i, Math.min(notes.size(), i + BATCH));
        batches.add(pool.submit(() -> send(queueUrl, batch)));
      }
      int sent = 0;
      for (Future<List<S3EventNotification>> f : batches) {
        List<S3EventNotification> done = f.get();
        StringBuilder lines = new StringBuilder();
        for (S3EventNotification n : done) {
          lines.append("sent ").append(describe(n)).append('\n');
        }
        out.print(lines);
        sent += done.size();
      }
      return new Summary(sent, uploaded, uploadedBytes, seconds(started), List.copyOf(notes));
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One SendMessageBatch, resending the entries that failed on SQS's side; throws when some never go through. */
  private List<S3EventNotification> send(String queueUrl, List<S3EventNotification> batch) throws IOException {
    Map<String, S3EventNotification> pending = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      pending.put(Integer.toString(i), batch.get(i));
    }
    for (int attempt = 1; ; attempt++) {
      List<SendMessageBatchRequestEntry> entries = pending.entrySet().stream()
          .map(e -> SendMessageBatchRequestEntry.builder().id(e.getKey()).messageBody(e.getValue().toMessageBody())
              .build())
          .toList();
      SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      r.successful().forEach(s -> pending.remove(s.id()));
      if (pending.isEmpty()) {
        return batch;
      }
      List<BatchResultErrorEntry> failed = r.failed();
      boolean ours = failed.stream().anyMatch(BatchResultErrorEntry::senderFault);
      if (ours || attempt == ATTEMPTS) {
        BatchResultErrorEntry f = failed.get(0);
        throw new IOException(pending.size() + " notifications not sent (" + pending.values().iterator().next().uri()
            + ": " + f.code() + " " + f.message() + ")");
      }
      try {
        Thread.sleep(100L << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** PutObject, or a multipart upload above {@link #multipartThreshold}; the object as S3 now has it. */
  Item upload(Item item) throws IOException {
    Path file = item.localFile();
    long size = Files.size(file);
    if (size <= multipartThreshold) {
      var r = s3.putObject(b -> b.bucket(item.bucket()).key(item.key()), RequestBody.fromFile(file));
      return new Item(file, item.bucket(), item.key(), size, r.eTag(), r.versionId());
    }
    String uploadId = s3.createMultipartUpload(b -> b.bucket(item.bucket()).key(item.key())).uploadId();
    try (InputStream in = Files.newInputStream(file)) {
      List<CompletedPart> parts = new ArrayList<>();
      byte[] buffer = new byte[partSize];
      for (int number = 1; ; number++) {
        int n = in.readNBytes(buffer, 0, partSize);
        if (n == 0) {
          break;
        }
        int part = number;
        var r = s3.uploadPart(b -> b.bucket(item.bucket()).key(item.key()).uploadId(uploadId).partNumber(part)
            .contentLength((long) n), RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(buffer, 0, n)));
        parts.add(CompletedPart.builder().partNumber(part).eTag(r.eTag()).build());
      }
      var done = s3.completeMultipartUpload(b -> b.bucket(item.bucket()).key(item.key()).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
      return new Item(file, item.bucket(), item.key(), size, done.eTag(), done.versionId());
    } catch (IOException | RuntimeException e) {
      s3.abortMultipartUpload(b -> b.bucket(item.bucket()).key(item.key()).uploadId(uploadId));
      throw e;
    }
  }

  static String describe(S3EventNotification n) {
    return n.uri() + " (" + (n.versionId() != null ? "version " + n.versionId()
        : n.eTag() != null ? "etag " + n.eTag() : "etag after upload")
        + ", " + n.size() + " bytes" + (n.reprocessToken() != null ? ", reprocess" : "") + ")";
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
