package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.transforms.common.JobIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.PathStyleS3ClientBuilderFactory;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.ingest.S3EventNotifications.CreatedObject;
import io.lecturehighlights.transforms.ingest.S3EventNotifications.Result;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.LocalAws;
import io.lecturehighlights.transforms.validate.UploadValidator;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The S3 and SQS building blocks against the real APIs: S3Proxy and ElasticMQ as child JVMs (testing/LocalAws),
 * real lecture media in S3, Beam's aws2 file system reading and writing it, and S3 event notifications going
 * through a real queue into upload events that the validator accepts.
 */
class S3AndSqsServicesTest {
  private static final String BUCKET = "lectures";
  private static final String QUEUE = "lecture-uploads";
  private static final String CLEAN_KEY = "fall/Week 1/lecture clean.mp4";
  private static final String NOISY_KEY = "fall/cs101/lecture-noisy.mp4";

  @TempDir static Path work;
  private static LocalAws aws;
  private static S3Client s3;
  private static SqsClient sqs;
  private static String cleanETag;

  @BeforeAll
  static void startServices() throws Exception {
    aws = LocalAws.start(work.resolve("aws"), QUEUE);
    s3 = aws.s3Client();
    sqs = aws.sqsClient();
    s3.createBucket(b -> b.bucket(BUCKET));
    cleanETag = s3.putObject(b -> b.bucket(BUCKET).key(CLEAN_KEY),
        RequestBody.fromFile(Fixtures.lecture("lecture-clean.mp4"))).eTag();
    s3.putObject(b -> b.bucket(BUCKET).key(NOISY_KEY), RequestBody.fromFile(Fixtures.lecture("lecture-noisy.mp4")));
    s3.putObject(b -> b.bucket(BUCKET).key("fall/notes.txt"), RequestBody.fromString("not a lecture"));
    s3.putObject(b -> b.bucket(BUCKET).key("spring/lecture-letterboxed.mp4"),
        RequestBody.fromFile(Fixtures.lecture("lecture-letterboxed.mp4")));

    // Beam's s3:// file system as a pipeline would configure it. The endpoint names the host (not an IP), which
    // only works with path-style addressing: PathStyleS3ClientBuilderFactory is what makes it work.
    S3Options options = PipelineOptionsFactory.as(S3Options.class);
    options.setEndpoint(URI.create("http://localhost:" + aws.s3Endpoint().getPort()));
    options.setAwsRegion(LocalAws.REGION);
    options.setAwsCredentialsProvider(LocalAws.credentials());
    options.setS3ClientFactoryClass(PathStyleS3ClientBuilderFactory.class);
    FileSystems.setDefaultPipelineOptions(options);
  }

  @AfterAll
  static void stopServices() {
    if (s3 != null) {
      s3.close();
      sqs.close();
    }
    if (aws != null) {
      List<Long> pids = aws.pids();
      aws.close();
      pids.forEach(pid -> assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "pid " + pid));
    }
  }

  @Test
  void globFindsTheFallVideosOnly() throws IOException {
    MatchResult m = FileSystems.match("s3://" + BUCKET + "/fall/**.mp4");
    Map<String, Long> found = m.metadata().stream()
        .collect(Collectors.toMap(x -> x.resourceId().toString(), MatchResult.Metadata::sizeBytes, (a, b) -> a, TreeMap::new));
    assertEquals(Map.of(
            "s3://lectures/" + CLEAN_KEY, Files.size(Fixtures.lecture("lecture-clean.mp4")),
            "s3://lectures/" + NOISY_KEY, Files.size(Fixtures.lecture("lecture-noisy.mp4"))),
        found);
  }

  @Test
  void readsTheVideoBackByteForByte() throws Exception {
    ResourceId id = FileSystems.matchSingleFileSpec("s3://" + BUCKET + "/" + CLEAN_KEY).resourceId();
    try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
      assertEquals(sha256(Files.readAllBytes(Fixtures.lecture("lecture-clean.mp4"))), sha256(in.readAllBytes()));
    }
  }

  @Test
  void writesOutputsToAnS3Prefix() throws IOException {
    // Written under a temporary name and renamed, as Beam's file sinks finalise (a server-side copy in S3).
    ResourceId tmp = FileSystems.matchNewResource("s3://" + BUCKET + "/out/.temp/job-1/job.json", false);
    ResourceId out = FileSystems.matchNewResource("s3://" + BUCKET + "/out/job-1/job.json", false);
    byte[] json = "{\"jobId\":\"job-1\",\"clips\":3}".getBytes(StandardCharsets.UTF_8);
    try (OutputStream os = Channels.newOutputStream(FileSystems.create(tmp, MimeTypes.TEXT))) {
      os.write(json);
    }
    FileSystems.rename(List.of(tmp), List.of(out));
    assertTrue(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("out/.temp/")).contents().isEmpty());
    // Read with the plain SDK, not Beam: the object really is in S3.
    assertEquals(new String(json, StandardCharsets.UTF_8),
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("out/job-1/job.json")).asUtf8String());
  }

  @Test
  void s3EventsThroughSqsBecomeValidUploads() throws Exception {
    String queueUrl = sqs.getQueueUrl(b -> b.queueName(QUEUE)).queueUrl();
    long cleanSize = Files.size(Fixtures.lecture("lecture-clean.mp4"));
    List<String> bodies = List.of(
        s3Event(CLEAN_KEY, cleanSize, cleanETag),
        S3EventNotificationsTest.resource("test-event.json"),
        "{\"Records\":[{\"eventSource\":\"aws:s3\"",
        s3Event("fall/notes.txt", 13, "0cc175b9c0f1b6a831c399e269772661"));
    for (String body : bodies) {
      sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    List<Message> received = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 15_000;
    while (received.size() < bodies.size() && System.currentTimeMillis() < deadline) {
      received.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
    }
    assertEquals(bodies.size(), received.size());

    S3EventNotifications parser = S3EventNotifications.defaults();
    List<CreatedObject> accepted = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    int testEvents = 0;
    for (Message msg : received) {
      Result r = parser.parse(msg.body());
      accepted.addAll(r.accepted());
      r.skipped().forEach(n -> reasons.add(n.reason()));
      r.deadLetters().forEach(n -> reasons.add(n.reason()));
      testEvents += r.testEvent() ? 1 : 0;
      sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(msg.receiptHandle()));
    }
    assertEquals(1, testEvents);
    reasons.sort(null);
    assertEquals(List.of(S3EventNotifications.MALFORMED_NOTIFICATION, S3EventNotifications.UNSUPPORTED_SUFFIX), reasons);
    assertEquals(1, accepted.size());

    UploadEvent upload = S3EventsToUploads.fromQueue(queueUrl).toUpload(accepted.get(0), System.currentTimeMillis());
    // The same location (and so the same job id) as a batch glob over the bucket produces.
    String globbed = FileSystems.match("s3://" + BUCKET + "/fall/Week 1/*.mp4").metadata().get(0).resourceId().toString();
    assertEquals(globbed, upload.getVideoUri());
    assertEquals(JobIds.derive(globbed), upload.getJobId());
    assertEquals(cleanETag.replace("\"", ""), upload.getObjectVersion());

    // The validator reads the object through the s3:// file system and probes the real video.
    MediaInfo info = new UploadValidator(ValidationConfig.defaults()).validate(upload);
    assertEquals(cleanSize, info.getSizeBytes());
    assertEquals(1280, info.getWidth());
    assertEquals(720, info.getHeight());
    assertEquals(Fixtures.truth("lecture-clean.mp4").path("duration").asDouble(40.9), info.getDurationSeconds(), 0.2);

    assertEquals(0, sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(0)).messages().size());
  }

  @Test
  void aMissingObjectIsAStageFailureNotACrash() {
    UploadEvent missing = S3EventsToUploads.fromQueue("q").toUpload(new CreatedObject(BUCKET, "fall/gone.mp4", 10,
        "e", null, null, "ObjectCreated:Put", 0L, null), 0L);
    StageException e = org.junit.jupiter.api.Assertions.assertThrows(StageException.class,
        () -> new UploadValidator(ValidationConfig.defaults()).validate(missing));
    assertEquals("missing_file", e.reason());
  }

  /** An S3 notification as S3 would send it for this object: the AWS example event with our bucket and key. */
  private static String s3Event(String key, long size, String eTag) throws IOException {
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(S3EventNotificationsTest.resource("object-created-put.json"));
    ObjectNode record = (ObjectNode) event.get("Records").get(0);
    ((ObjectNode) record.get("s3").get("bucket")).put("name", BUCKET).put("arn", "arn:aws:s3:::" + BUCKET);
    ObjectNode object = (ObjectNode) record.get("s3").get("object");
    // S3 URL-encodes each key segment form-style (space as '+') and leaves the '/' separators alone.
    object.put("key", Arrays.stream(key.split("/", -1))
        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)).collect(Collectors.joining("/")));
    object.put("size", size).put("eTag", eTag.replace("\"", ""));
    object.remove("versionId");
    return Json.COMPACT.writeValueAsString(event);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
