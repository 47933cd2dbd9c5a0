package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.testing.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code lhx enqueue} on a versioned bucket (S3Proxy's in-memory store, the one local store that keeps versions):
 * every notification carries the version id S3 has for the newest version, from the versions listing, HeadObject or
 * the upload's own response, and the stream's parser makes it the upload's object version.
 */
class EnqueueVersionedBucketTest {
  private static final String BUCKET = "versioned";
  private static final String KEY = "ws-2026/Vorlesung 3 – Übung.mp4";
  private static final List<String> QUEUES = List.of("listing", "manifest", "upload");

  @TempDir static Path tmp;
  private static LocalAws aws;
  private static S3Client s3;
  private static SqsClient sqs;

  @BeforeAll
  static void startServices() throws Exception {
    aws = LocalAws.startVersioning(tmp.resolve("aws"), QUEUES.toArray(new String[0]));
    s3 = aws.s3Client();
    sqs = aws.sqsClient();
    s3.createBucket(b -> b.bucket(BUCKET));
    s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
    // Two versions of one key: only the newest is notified.
    s3.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString("first take"));
    s3.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString("second take"));
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

  private static String latestVersion(String key) {
    List<ObjectVersion> versions = s3.listObjectVersions(b -> b.bucket(BUCKET).prefix(key)).versions();
    assertTrue(versions.size() >= 1, versions.toString());
    return versions.stream().filter(ObjectVersion::isLatest).findFirst().orElseThrow().versionId();
  }

  @Test
  void theVersionsListingGivesTheNewestVersionsId() {
    assertEquals(2, s3.listObjectVersions(b -> b.bucket(BUCKET).prefix(KEY)).versions().size());
    String[] r = enqueue("listing", "--input", "s3://" + BUCKET + "/ws-2026/");
    assertEquals("0", r[0], r[1] + r[2]);
    Map<String, UploadEvent> got = received("listing");
    assertEquals(List.of("s3://" + BUCKET + "/" + KEY), List.copyOf(got.keySet()));
    String version = latestVersion(KEY);
    assertEquals(version, got.get("s3://" + BUCKET + "/" + KEY).getObjectVersion(),
        "versioned: the version id, not the ETag, identifies the upload");
    assertTrue(r[1].contains("version " + version), r[1]);
  }

  @Test
  void aManifestsS3RowGetsTheVersionIdFromHeadObject() throws Exception {
    Path manifest = tmp.resolve("versioned.jsonl");
    Files.writeString(manifest, "{\"video\":\"s3://" + BUCKET + "/" + KEY + "\",\"title\":\"Übung 3\"}\n");
    String[] r = enqueue("manifest", "--input", manifest.toString());
    assertEquals("0", r[0], r[1] + r[2]);
    UploadEvent e = received("manifest").get("s3://" + BUCKET + "/" + KEY);
    assertEquals(s3.headObject(b -> b.bucket(BUCKET).key(KEY)).versionId(), e.getObjectVersion());
    assertEquals(latestVersion(KEY), e.getObjectVersion());
  }

  @Test
  void anUploadedFileIsNotifiedWithTheVersionItsUploadCreated() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("local"));
    Files.writeString(dir.resolve("lecture-09.mp4"), "nine");
    String[] r = enqueue("upload", "--input", dir + "/*.mp4", "--upload-to", "s3://" + BUCKET + "/uploads");
    assertEquals("0", r[0], r[1] + r[2]);
    UploadEvent e = received("upload").get("s3://" + BUCKET + "/uploads/lecture-09.mp4");
    String version = latestVersion("uploads/lecture-09.mp4");
    assertEquals(version, e.getObjectVersion());
    assertNotEquals(s3.headObject(b -> b.bucket(BUCKET).key("uploads/lecture-09.mp4")).eTag().replace("\"", ""),
        e.getObjectVersion());
  }
}
