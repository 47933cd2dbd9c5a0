package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.JobIds;
import io.lecturehighlights.transforms.testing.LocalAws;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code lhx enqueue} against real S3 and SQS APIs (S3Proxy and ElasticMQ, started once for the class): every message
 * it sends is read back with the stream's own parser and must name the object as S3 has it.
 */
class EnqueueCommandTest {
  private static final String BUCKET = "archive";
  private static final String UMLAUT_KEY = "ws-2026/Vorlesung 3 – Übung.mp4";
  private static final String PLAIN_KEY = "ws-2026/physik/lecture-01.mp4";
  private static final String NOTES_KEY = "ws-2026/notes.txt";
  private static final List<String> QUEUES = List.of("prefix", "glob", "local", "dry", "manifest", "force", "refused");

  @TempDir static Path tmp;
  private static LocalAws aws;
  private static S3Client s3;
  private static SqsClient sqs;

  @BeforeAll
  static void startServices() throws Exception {
    aws = LocalAws.start(tmp.resolve("aws"), QUEUES.toArray(new String[0]));
    s3 = aws.s3Client();
    sqs = aws.sqsClient();
    s3.createBucket(b -> b.bucket(BUCKET));
    s3.createBucket(b -> b.bucket("uploads"));
    for (String key : List.of(UMLAUT_KEY, PLAIN_KEY, NOTES_KEY)) {
      s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("content of " + key));
    }
    // The default credential chain reads these first: lhx runs in this JVM.
    LocalAws.useAsDefaultCredentials();
  }

  @AfterAll
  static void stopServices() {
    LocalAws.clearDefaultCredentials();
    if (aws != null) {
      aws.close();
    }
  }

  private static String[] enqueue(String queue, String... more) {
    return EnqueueQueues.enqueue(aws, queue, more);
  }

  private static Map<String, UploadEvent> received(String queue) {
    return EnqueueQueues.received(aws, sqs, queue);
  }

  private static void assertNamesTheObject(UploadEvent e, String bucket, String key) {
    HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(key));
    assertEquals("s3://" + bucket + "/" + key, e.getVideoUri());
    assertEquals(JobIds.derive("s3://" + bucket + "/" + key), e.getJobId());
    assertEquals(h.eTag().replace("\"", ""), e.getObjectVersion(), "unversioned: the ETag identifies the upload");
  }

  @Test
  void aPrefixNotifiesEveryObjectUnderItWithEncodedKeys() {
    String[] r = enqueue("prefix", "--input", "s3://" + BUCKET + "/ws-2026/");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("sent s3://archive/" + UMLAUT_KEY + " (etag "), r[1]);
    assertTrue(r[1].contains("Sent 3 notifications"), r[1]);
    Map<String, UploadEvent> got = received("prefix");
    assertEquals(3, got.size(), got.keySet().toString());
    for (String key : List.of(UMLAUT_KEY, PLAIN_KEY, NOTES_KEY)) {
      assertNamesTheObject(got.get("s3://archive/" + key), BUCKET, key);
    }
  }

  @Test
  void aGlobNotifiesTheMatchingKeysOnly() {
    String[] r = enqueue("glob", "--input", "s3://" + BUCKET + "/ws-2026/**.mp4");
    assertEquals("0", r[0], r[1] + r[2]);
    assertEquals(List.of("s3://archive/" + PLAIN_KEY, "s3://archive/" + UMLAUT_KEY).stream().sorted().toList(),
        List.copyOf(received("glob").keySet()));
  }

  @Test
  void localFilesAreUploadedThenNotifiedWithTheUploadedObjectsETag() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("local"));
    Files.writeString(dir.resolve("Vorlesung 4 – Übung.mp4"), "four");
    Files.writeString(dir.resolve("lecture-05.mp4"), "five");

    String[] refused = enqueue("refused", "--input", dir + "/*.mp4");
    assertEquals("2", refused[0], refused[1] + refused[2]);
    assertTrue(refused[2].contains("--upload-to"), refused[2]);
    assertTrue(received("refused").isEmpty());

    String[] r = enqueue("local", "--input", dir + "/*.mp4", "--upload-to", "s3://uploads/ws-2026");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("uploaded 2 files"), r[1]);
    Map<String, UploadEvent> got = received("local");
    assertEquals(2, got.size(), got.keySet().toString());
    assertNamesTheObject(got.get("s3://uploads/ws-2026/Vorlesung 4 – Übung.mp4"), "uploads",
        "ws-2026/Vorlesung 4 – Übung.mp4");
    assertEquals("four", s3.getObjectAsBytes(b -> b.bucket("uploads").key("ws-2026/Vorlesung 4 – Übung.mp4"))
        .asUtf8String());
  }

  @Test
  void aDryRunUploadsAndSendsNothing() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("dry"));
    Files.writeString(dir.resolve("lecture-06.mp4"), "six");
    String[] r = enqueue("dry", "--input", dir + "/*.mp4", "--upload-to", "s3://uploads/dry", "--dry-run");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("would upload " + dir.resolve("lecture-06.mp4") + " -> s3://uploads/dry/lecture-06.mp4"),
        r[1]);
    assertTrue(r[1].contains("would send s3://uploads/dry/lecture-06.mp4"), r[1]);
    assertTrue(r[1].contains("\"eventName\":\"ObjectCreated:Put\""), "shows a message body: " + r[1]);
    r = enqueue("dry", "--input", "s3://" + BUCKET + "/ws-2026/", "--dry-run");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("Dry run: 3 notifications"), r[1]);
    assertTrue(received("dry").isEmpty());
    assertEquals(0, s3.listObjectsV2(b -> b.bucket("uploads").prefix("dry/")).keyCount());
  }

  @Test
  void aManifestsLocalRowsAreUploadedAndItsS3RowsNotifiedAsTheyAre() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("manifest"));
    Files.writeString(dir.resolve("Vorlesung 7 – Übung.mp4"), "seven");
    Path manifest = dir.resolve("lectures.jsonl");
    Files.writeString(manifest, String.join("\n",
        "{\"video\":\"Vorlesung 7 – Übung.mp4\",\"title\":\"Übung 7\",\"course\":\"PHYS 101\"}",
        "{\"video\":\"s3://archive/" + PLAIN_KEY + "\",\"title\":\"Lecture 1\"}", ""));
    String[] r = enqueue("manifest", "--input", manifest.toString(), "--upload-to", "s3://uploads/manifest/");
    assertEquals("0", r[0], r[1] + r[2]);
    Map<String, UploadEvent> got = received("manifest");
    assertEquals(2, got.size(), got.keySet().toString());
    assertNamesTheObject(got.get("s3://uploads/manifest/Vorlesung 7 – Übung.mp4"), "uploads",
        "manifest/Vorlesung 7 – Übung.mp4");
    assertNamesTheObject(got.get("s3://archive/" + PLAIN_KEY), BUCKET, PLAIN_KEY);

    Files.writeString(dir.resolve("broken.jsonl"), "{\"title\":\"no video\"}\n");
    r = enqueue("manifest", "--input", dir.resolve("broken.jsonl").toString(), "--upload-to", "s3://uploads/m/");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("unusable manifest rows"), r[2]);
    assertTrue(received("manifest").isEmpty());
  }

  @Test
  void forceMarksTheNotificationsForReprocessing() {
    String[] r = enqueue("force", "--input", "s3://" + BUCKET + "/" + PLAIN_KEY, "--force");
    assertEquals("0", r[0], r[1] + r[2]);
    UploadEvent e = received("force").get("s3://archive/" + PLAIN_KEY);
    assertTrue(e.getReprocessToken() != null && !e.getReprocessToken().isEmpty(), e.toString());
  }

  @Test
  void unusableOptionsAndInputsExit2BeforeAnythingIsSent() {
    String[] r = enqueue("refused", "--input", "s3://no-such-bucket/x/");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("cannot list s3://no-such-bucket/x/"), r[2]);
    r = enqueue("refused", "--input", "s3://" + BUCKET + "/nothing-here/");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("no objects match"), r[2]);
    r = enqueue("refused", "--input", tmp.resolve("none") + "/*.mp4", "--upload-to", "s3://uploads/x");
    assertEquals("2", r[0], r[1] + r[2]);
    r = enqueue("refused", "--input", tmp.resolve("none") + "/*.mp4", "--upload-to", "uploads/x");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("--upload-to must be an s3://"), r[2]);
    r = LhxRun.run("enqueue", "--queue", "lecture-uploads", "--input", "s3://archive/");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("--queue must be an SQS queue URL"), r[2]);
    assertTrue(received("refused").isEmpty());
  }

  /**
   * S3Proxy's filesystem store keeps no versions: it refuses PutBucketVersioning. Versioned buckets are tested on its
   * in-memory store, which keeps them (EnqueueVersionedBucketTest).
   */
  @Test
  void s3ProxyKeepsNoVersions() {
    S3Exception e = assertThrows(S3Exception.class, () -> s3.putBucketVersioning(b -> b.bucket(BUCKET)
        .versioningConfiguration(v -> v.status("Enabled"))));
    assertTrue(e.statusCode() >= 400, e.toString());
  }

  @Test
  void largeFilesGoUpInParts() throws Exception {
    Path big = tmp.resolve("big.mp4");
    byte[] bytes = new byte[11 << 20];
    new Random(7).nextBytes(bytes);
    Files.write(big, bytes);
    Enqueuer enqueuer = new Enqueuer(s3, sqs, "us-east-1", new PrintStream(new ByteArrayOutputStream()));
    enqueuer.multipartThreshold = 5 << 20;
    enqueuer.partSize = 5 << 20;
    Enqueuer.Item done = enqueuer.upload(new Enqueuer.Item(big, "uploads", "big/big.mp4", bytes.length, null, null));
    HeadObjectResponse h = s3.headObject(b -> b.bucket("uploads").key("big/big.mp4"));
    assertEquals(bytes.length, h.contentLength());
    assertEquals(h.eTag(), done.eTag());
    assertTrue(h.eTag().replace("\"", "").endsWith("-3"), "a three-part upload's ETag: " + h.eTag());
  }
}
