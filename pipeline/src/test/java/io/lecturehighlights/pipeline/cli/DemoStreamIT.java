package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.JobIds;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.search.HybridSearch;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import io.lecturehighlights.transforms.search.SearchHit;
import io.lecturehighlights.transforms.search.SearchIndex;
import io.lecturehighlights.transforms.search.SearchMode;
import io.lecturehighlights.transforms.search.SearchQuery;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lhx demo --stream} end to end, as a user runs it: local S3 and SQS started and stopped by the command, the
 * demo manifest's files uploaded and notified through the production Enqueuer, {@code lhx stream} on embedded Flink
 * until idle. Every enqueued lecture ends as in the batch demo (the manifest's titles name each malformed file's
 * reason), the malformed message is the one dead letter, the repeated notification is processed once, rows that
 * name no file are reported, and no service is left running. It also covers what the former S3AndSqsIT stream
 * test did (dead letters, de-duplication, the draining stop's datasets, the queue emptied by checkpoints).
 */
class DemoStreamIT {
  private static final Pattern REASON = Pattern.compile("\\(([a-z_]+)\\)$");

  @TempDir Path tmp;

  @Test
  void everyEnqueuedLectureEndsAsInTheBatchDemoAndTheServicesStop() throws Exception {
    Path testdata = Fixtures.projectRoot().resolve("testdata");
    Path out = tmp.resolve("demo-stream");
    long started = System.nanoTime();
    String[] r = LhxRun.run("demo", "--stream", "--testdata", testdata.toString(), "--output", out.toString(),
        "--work-dir", tmp.resolve("work").toString(), "--dashboard-port", "0", "--no-progress");
    System.out.printf("lhx demo --stream took %.1f s%n%s", (System.nanoTime() - started) / 1e9, r[1]);
    String o = r[1];
    assertEquals("0", r[0], o + r[2]);

    List<String> expectedJobs = new ArrayList<>();
    List<String> completed = new ArrayList<>();
    int lectures = 0;
    for (String line : Files.readAllLines(testdata.resolve("manifest.jsonl"))) {
      JsonNode row = Json.MAPPER.readTree(line);
      String video = row.path("video").asText();
      String file = video.substring(video.lastIndexOf('/') + 1);
      if (video.contains("..")) {
        assertTrue(o.contains("not enqueued: " + video + ": unsafe_name"), o);
        continue;
      }
      if (!Files.exists(testdata.resolve(video))) {
        assertTrue(o.contains("not enqueued: " + video + ": missing_file"), o);
        continue;
      }
      // Uploaded as uploads/<course>/<semester>/<file>: the job id is the object's, metadata comes from the key.
      String key = "uploads/" + row.path("course").asText() + "/" + row.path("semester").asText() + "/" + file;
      String jobId = JobIds.derive("s3://lectures/" + key);
      Path jobJson = out.resolve(jobId).resolve("job.json");
      if (video.endsWith(".gif")) {
        assertFalse(Files.exists(jobJson), "the stream takes no .gif key for a lecture");
        assertTrue(o.contains("no job: the stream skips keys that are not lectures (" + key + ")"), o);
        continue;
      }
      expectedJobs.add(jobId);
      JsonNode job = Json.MAPPER.readTree(jobJson.toFile());
      assertEquals(row.path("course").asText(), job.path("metadata").path("course").asText(), job.toString());
      assertEquals(row.path("semester").asText(), job.path("metadata").path("semester").asText(), job.toString());
      assertTrue(job.path("source").asText().startsWith("sqs:"), job.toString());
      Matcher m = REASON.matcher(row.path("title").asText());
      if (video.startsWith("lectures/")) {
        lectures++;
        completed.add(jobId);
        assertEquals("completed", job.path("status").asText(), job.toString());
        assertTrue(job.path("clips").asInt() >= 1, job.toString());
      } else {
        assertTrue(m.find(), "a malformed row's title names its reason: " + row);
        assertEquals("failed", job.path("status").asText(), job.toString());
        assertEquals(m.group(1), job.path("failureReason").asText(), video + ": " + job);
      }
    }
    assertEquals(4, lectures);
    assertEquals(10, expectedJobs.size());
    try (Stream<Path> dirs = Files.list(out)) {
      assertEquals(expectedJobs.stream().sorted().toList(), dirs.filter(d -> Files.exists(d.resolve("job.json")))
          .map(d -> d.getFileName().toString()).sorted().toList());
    }
    assertTrue(o.contains("Stream ended (idle)") && o.contains("10 lectures finished (4 completed, 6 failed), "
        + "1 dead letters"), o);

    // The malformed message is the one dead letter.
    List<Path> dead;
    try (Stream<Path> files = Files.list(out.resolve("dead-letters"))) {
      dead = files.toList();
    }
    assertEquals(1, dead.size(), dead.toString());
    JsonNode letter = Json.MAPPER.readTree(dead.get(0).toFile());
    assertEquals("malformed_notification", letter.path("reason").asText());
    assertEquals(StreamDemo.MALFORMED_BODY, letter.path("body").asText());
    assertTrue(o.contains("Dead letters: 1 (malformed_notification)"), o);

    // The repeated notification: queued once, and each job exactly once in the datasets the draining stop flushed.
    assertTrue(o.contains("Repeated notification of lectures/lecture-clean.mp4: queued 1 time in this run"), o);
    assertTrue(o.contains("Drained the job"), o);
    assertEquals(expectedJobs.stream().sorted().toList(),
        avroField(out.resolve("datasets/jobs"), "jobId").stream().sorted().toList());
    assertEquals(1, avroField(out.resolve("datasets/dead_letters"), "reason").size());
    // The folder's search index followed the flushes: each completed lecture's chunks once, no failed lecture.
    assertTrue(o.contains("Search index: "), o);
    try (HybridSearch s = HybridSearch.open(out.resolve(SearchIndex.FOLDER), MiniLmEmbedder.shared())) {
      List<SearchHit> all = s.search(SearchQuery.of("lecture", SearchMode.SEMANTIC, 100));
      assertEquals(completed.stream().sorted().toList(),
          all.stream().map(h -> h.document().jobId()).distinct().sorted().toList());
      assertEquals(all.size(), all.stream().map(h -> h.document().id()).distinct().count(), "no duplicates");
      assertEquals(s.size(), all.size());
    }
    // SqsIO deleted what it read once checkpoints completed.
    assertTrue(o.contains("Messages left in the queue: 0 (0 in flight)"), o);
    assertTrue(o.matches("(?s).*Notification to job row: completed p50 \\d+\\.\\d s, p95 \\d+\\.\\d s over 4 "
        + "lectures; failed p50 \\d+\\.\\d s, p95 \\d+\\.\\d s over 6.*"), o);

    // Both services are gone when the command returns.
    Matcher pids = Pattern.compile("S3Proxy pid (\\d+)\\) and SQS \\S+ \\(ElasticMQ pid (\\d+)\\)").matcher(o);
    assertTrue(pids.find(), o);
    for (int g = 1; g <= 2; g++) {
      long pid = Long.parseLong(pids.group(g));
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs");
    }
    assertTrue(o.contains("Stopped local S3 and SQS"), o);
  }

  private static List<String> avroField(Path dir, String field) throws Exception {
    List<String> values = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avro")).toList()) {
        File file = f.toFile();
        try (DataFileReader<GenericRecord> r = new DataFileReader<>(file, new GenericDatumReader<>())) {
          while (r.hasNext()) {
            values.add(String.valueOf(r.next().get(field)));
          }
        }
      }
    }
    return values;
  }
}
