package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.JobIds;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.LocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The batch's production path against a real S3 API (S3Proxy as a child JVM): a batch over an S3 glob writing
 * everything back to S3 with rows in PostgreSQL. {@code lhx stream} on S3 notifications from SQS (a malformed message,
 * a repeated notification, a key that is not a lecture, the draining stop) is tested end to end by
 * {@link DemoStreamIT}, through {@code lhx demo --stream}.
 */
class S3BatchIT {
  private static final String ARCHIVE = "archive";
  private static final String RESULTS = "results";
  // A space and brackets: Beam would read "[clean]" as a pattern; the media lookups must take the name literally.
  private static final String CLEAN_KEY = "fall-2026/phys101/lecture [clean].mp4";
  private static final String NOISY_KEY = "fall-2026/cs101/lecture-noisy.mp4";
  private static final String NOTES_KEY = "fall-2026/cs101/notes.txt";

  @TempDir static Path tmp;
  private static LocalAws aws;
  private static S3Client s3;

  @BeforeAll
  static void startServices() throws Exception {
    aws = LocalAws.start(tmp.resolve("aws"));
    s3 = aws.s3Client();
    s3.createBucket(b -> b.bucket(ARCHIVE));
    s3.createBucket(b -> b.bucket(RESULTS));
    s3.putObject(b -> b.bucket(ARCHIVE).key(CLEAN_KEY), RequestBody.fromFile(Fixtures.lecture("lecture-clean.mp4")));
    s3.putObject(b -> b.bucket(ARCHIVE).key(NOISY_KEY), RequestBody.fromFile(Fixtures.lecture("lecture-noisy.mp4")));
    s3.putObject(b -> b.bucket(ARCHIVE).key(NOTES_KEY), RequestBody.fromString("not a lecture"));
    // The default credential chain reads these first: the job runs in this JVM (embedded Flink).
    LocalAws.useAsDefaultCredentials();
  }

  @AfterAll
  static void stopServices() {
    LocalAws.clearDefaultCredentials();
    if (aws != null) {
      aws.close();
    }
  }

  private static List<String> common(Path work) {
    return new ArrayList<>(List.of("--s3-endpoint", aws.s3Endpoint().toString(), "--aws-region", "us-east-1",
        "--parallelism", "2", "--dashboard-port", "0", "--no-progress", "--work-dir", work.toString()));
  }

  private static String jobId(String key) {
    return JobIds.derive("s3://" + ARCHIVE + "/" + key);
  }

  @Test
  void batchOverAnS3GlobWritesClipsAndResultsBackToS3() throws Exception {
    Path work = tmp.resolve("batch-work");
    List<String> args = new ArrayList<>(List.of("batch", "--input", "s3://" + ARCHIVE + "/fall-2026/**/*.mp4",
        "--output", "s3://" + RESULTS + "/run1"));
    args.addAll(common(work));
    String[] r = LhxRun.run(args.toArray(new String[0]));
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("Processing 2 lectures"), r[1]);

    for (String key : List.of(CLEAN_KEY, NOISY_KEY)) {
      String prefix = "run1/" + jobId(key) + "/";
      JsonNode job = Json.MAPPER.readTree(get(prefix + "job.json").asUtf8String());
      assertEquals("completed", job.path("status").asText(), job.toString());
      assertEquals("s3://" + ARCHIVE + "/" + key, job.path("videoUri").asText());
      int clips = job.path("clips").asInt();
      assertTrue(clips >= 1, job.toString());
      for (int i = 1; i <= clips; i++) {
        String clip = String.format("%sclips/clip-%02d", prefix, i);
        byte[] mp4 = get(clip + ".mp4").asByteArray();
        // An MP4 starts with its ftyp box.
        assertEquals("ftyp", new String(mp4, 4, 4, StandardCharsets.US_ASCII), clip);
        assertTrue(mp4.length > 50_000, clip + " is " + mp4.length + " bytes");
        assertTrue(head(clip + ".jpg").contentLength() > 1000, clip + ".jpg");
        assertTrue(get(clip + ".vtt").asUtf8String().startsWith("WEBVTT"), clip + ".vtt");
      }
      for (String f : List.of("silences.json", "transcript.srt", "layout.json", "segments.json", "highlights.json")) {
        assertTrue(head(prefix + f).contentLength() > 10, prefix + f);
      }
    }
    List<String> datasets = keys("run1/datasets/");
    for (String d : List.of("jobs", "silences", "transcripts", "layouts", "segments", "highlights", "clips")) {
      assertTrue(datasets.stream().anyMatch(k -> k.startsWith("run1/datasets/" + d + "/") && k.endsWith(".avro")),
          d + " dataset in " + datasets);
    }
    BatchSettings where = new BatchSettings();
    where.workDir = work;
    try (ResultsDatabase db = ResultsDatabase.open(new DatabaseSettings(), where.workDir())) {
      assertEquals(2L, PostgresBatchIT.scalar(db.config(),
          "SELECT count(*) FROM jobs WHERE status = 'completed' AND video_uri LIKE 's3://archive/%'"));
      long clipRows = PostgresBatchIT.scalar(db.config(),
          "SELECT count(*) FROM clips WHERE video_uri LIKE 's3://results/run1/%'");
      assertTrue(clipRows >= 2, "clip rows pointing at S3: " + clipRows);
      serveLinksTheJobFoldersInS3FromTheDatabase(db, jobId(CLEAN_KEY));
    }
  }

  /**
   * lhx serve --database over the same run: the job's folder is in S3 (its clip rows say so), so its clips and report
   * are presigned GET URLs that S3Proxy answers, with ranges; nothing is proxied.
   */
  private static void serveLinksTheJobFoldersInS3FromTheDatabase(ResultsDatabase db, String id) throws Exception {
    ServeCommand cmd = new ServeCommand();
    new picocli.CommandLine(cmd).parseArgs("--database", "--port", "0", "--s3-endpoint", aws.s3Endpoint().toString(),
        "--aws-region", "us-east-1");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try (io.lecturehighlights.pipeline.serve.ServeApp app = io.lecturehighlights.pipeline.serve.ServeApp.start(
        cmd.settings(io.lecturehighlights.transforms.db.PooledDataSources.get(db.config())),
        io.lecturehighlights.transforms.search.MiniLmEmbedder.shared())) {
      JsonNode r = Json.MAPPER.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          "http://127.0.0.1:" + app.port() + "/api/jobs/" + id + "/results")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      java.net.URI clip = java.net.URI.create(r.at("/clips/0/url").asText());
      assertEquals(aws.s3Endpoint().getPort(), clip.getPort(), r::toString);
      assertTrue(clip.getRawQuery().contains("X-Amz-Signature="), clip::toString);
      byte[] mp4 = get("run1/" + id + "/clips/clip-01.mp4").asByteArray();
      java.net.http.HttpResponse<byte[]> part = http.send(java.net.http.HttpRequest.newBuilder(clip)
          .header("Range", "bytes=100-199").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(206, part.statusCode(), new String(part.body()));
      assertArrayEquals(java.util.Arrays.copyOfRange(mp4, 100, 200), part.body());
      String report = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(r.get("report").asText()))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(report.toLowerCase(java.util.Locale.ROOT).startsWith("<!doctype html>"), report);
    }
  }

  private static ResponseBytes<GetObjectResponse> get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(RESULTS).key(key));
  }

  private static HeadObjectResponse head(String key) {
    return s3.headObject(b -> b.bucket(RESULTS).key(key));
  }

  private static List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(RESULTS).prefix(prefix)).contents().stream()
        .map(S3Object::key).toList();
  }

  /**
   * lhx serve over a folder whose lecture is in S3: /video/{jobId} redirects to a presigned GET URL (signed with the
   * command line's S3 settings, path-style to S3Proxy) that S3 itself answers, with range requests; unsigned, S3
   * refuses. The key has a space and brackets.
   */
  @Test
  void serveLinksAVideoInS3WithAPresignedUrl() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("serve-out"));
    String id = "clean-in-s3";
    Files.createDirectories(out.resolve(id));
    Files.writeString(out.resolve(id).resolve("job.json"), "{\"jobId\":\"" + id + "\",\"status\":\"completed\","
        + "\"videoUri\":\"s3://" + ARCHIVE + "/" + CLEAN_KEY + "\",\"metadata\":{}}");
    ServeCommand cmd = new ServeCommand();
    new picocli.CommandLine(cmd).parseArgs("--output", out.toString(), "--port", "0", "--s3-endpoint",
        aws.s3Endpoint().toString(), "--aws-region", "us-east-1", "--presign-expiry-minutes", "5");
    byte[] source = Files.readAllBytes(Fixtures.lecture("lecture-clean.mp4"));
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
    try (io.lecturehighlights.pipeline.serve.ServeApp app = io.lecturehighlights.pipeline.serve.ServeApp.start(
        cmd.settings(), io.lecturehighlights.transforms.search.MiniLmEmbedder.shared())) {
      java.net.http.HttpResponse<byte[]> redirect = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + app.port() + "/video/" + id)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(302, redirect.statusCode(), new String(redirect.body()));
      java.net.URI link = java.net.URI.create(redirect.headers().firstValue("Location").orElseThrow());
      assertEquals(aws.s3Endpoint().getPort(), link.getPort(), link::toString);
      assertTrue(link.getRawQuery().matches(".*X-Amz-Expires=(300|299)(&.*|$)"), link::toString);
      java.net.http.HttpResponse<byte[]> part = http.send(java.net.http.HttpRequest.newBuilder(link)
          .header("Range", "bytes=100-199").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(206, part.statusCode(), new String(part.body()));
      assertArrayEquals(java.util.Arrays.copyOfRange(source, 100, 200), part.body());
      java.net.URI unsigned = java.net.URI.create(link.toString().substring(0, link.toString().indexOf('?')));
      int refused = http.send(java.net.http.HttpRequest.newBuilder(unsigned).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      assertTrue(refused >= 400, "unsigned: " + refused);
    }
  }
}
