package io.lecturehighlights.pipeline.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.pipeline.cli.Lhx;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure recovery on a real session cluster: a batch of lectures runs with parallelism 2 on one TaskManager (two
 * slots), the TaskManager process is killed with SIGKILL while clips are being rendered, a new TaskManager is
 * started, and the job must recover and finish with every lecture exactly once: one completed job row each, child
 * rows and files that match the lecture's own outputs (no row or clip of the killed attempt left over, none
 * missing), valid MP4 clips, one file per Avro dataset with one record per lecture, and no temporary files.
 *
 * <p>What Flink does: the batch runs with blocking exchanges (executionModeForBatch=BATCH_FORCED), so a failure
 * restarts the failed region and re-runs the producers whose result partitions were lost. With one TaskManager all
 * partitions lived on it, so the whole graph runs again; every sink is an upsert on a natural key or a file
 * written under a temporary name and renamed over the old one, which is what this test holds the pipeline to.
 *
 * <p>The cluster runs with short heartbeats (2 s, timeout 15 s; the script's LHX_FLINK_HEARTBEAT_* settings) so the
 * JobManager notices the dead TaskManager in seconds rather than the production two minutes.
 */
class FlinkRecoveryIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Lectures built from the fixtures; real recordings from ../shared/testmedia are added when present. */
  private static final int FIXTURE_LECTURES = 6;

  @TempDir static Path tmp;
  private static LocalFlinkCluster cluster;
  private static EmbeddedPostgres pg;

  @BeforeAll
  static void start() throws IOException {
    assertTrue(Files.isRegularFile(Fixtures.projectRoot().resolve("pipeline/target/lhx-job.jar")),
        "the job jar is built in the package phase, before the ITs");
    // The test's own PostgreSQL, so it can watch the rows while the job runs (the CLI migrates it).
    pg = EmbeddedPostgres.builder().setDataDirectory(tmp.resolve("postgres")).setCleanDataDirectory(true).start();
    cluster = LocalFlinkCluster.start(Fixtures.projectRoot(), tmp.resolve("cluster"), 1,
        Map.of("LHX_FLINK_SLOTS", "2", "LHX_FLINK_HEARTBEAT_INTERVAL", "2000", "LHX_FLINK_HEARTBEAT_TIMEOUT", "15000"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (cluster != null) {
      cluster.close();
      // The cluster's logs outlive the temp folder, for a look at what the restart did.
      Path logs = Fixtures.projectRoot().resolve("pipeline/target/flink-recovery-logs");
      Files.createDirectories(logs);
      try (Stream<Path> s = Files.list(cluster.dir().resolve("log"))) {
        for (Path f : s.toList()) {
          Files.copy(f, logs.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void batchRecoversFromAKilledTaskManagerWithEveryLectureExactlyOnce() throws Exception {
    Path out = tmp.resolve("out");
    Map<String, String> lectures = writeManifest(tmp.resolve("manifest.jsonl"));
    String dbUrl = pg.getJdbcUrl("postgres", "postgres");
    long t0 = System.currentTimeMillis();
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Lhx.execute("batch",
        "--runner", "flink", "--flink-master", cluster.master(), "--parallelism", "2",
        "--input", tmp.resolve("manifest.jsonl").toString(), "--output", out.toString(),
        "--work-dir", tmp.resolve("work").toString(), "--db-url", dbUrl, "--db-user", "postgres", "--no-progress",
        // Lighter media work than the defaults (10-15 s clips in 16:9, layout sampled at 1 fps; each fixture lecture
        // still gets a clip): the test is about what survives the kill, and the batch runs twice in a few minutes.
        "--clip-layout", "original", "--min-clip-seconds", "10", "--max-clip-seconds", "15", "--layout-sample-fps", "1"));

    // Kill the TaskManager once the job is RUNNING and some, not all, clips are rendered: lectures are in flight.
    String jobId = null;
    long clipsBeforeKill = -1;
    // About 3 minutes on a quiet 2-core machine; the limit leaves room for a machine shared with other work.
    long deadline = t0 + TimeUnit.MINUTES.toMillis(8);
    while (System.currentTimeMillis() < deadline) {
      assertFalse(run.isDone(), "the batch ended before the TaskManager was killed: " + (run.isDone() ? run.get() : ""));
      if (jobId == null) {
        jobId = onlyJob();
      }
      if (jobId != null && "RUNNING".equals(state(jobId))) {
        long clips = count(pg.getPostgresDatabase(), "SELECT count(*) FROM clips");
        long done = count(pg.getPostgresDatabase(), "SELECT count(*) FROM jobs WHERE status = 'completed'");
        if (clips >= 1 && done == 0) {
          clipsBeforeKill = clips;
          break;
        }
      }
      Thread.sleep(250);
    }
    assertNotNull(jobId, "the job never showed up in /jobs/overview");
    assertTrue(clipsBeforeKill >= 1, "no clip was rendered within the time limit");
    List<Long> pids = cluster.taskManagerPids();
    assertEquals(1, pids.size(), "TaskManagers: " + pids);
    long killedAt = System.currentTimeMillis();
    cluster.script(60, "stop-taskmanager", Long.toString(pids.get(0)), "--kill");
    System.out.printf("killed TaskManager %d at %.1f s with %d clip row(s) of the first attempt written%n",
        pids.get(0), (killedAt - t0) / 1000.0, clipsBeforeKill);

    // The JobManager notices the lost TaskManager (heartbeat RPCs fail) and fails the job's tasks; only then a new
    // TaskManager, so the restart really has to move the work to another process.
    String failedState = null;
    while (System.currentTimeMillis() - killedAt < 60_000) {
      String s = state(jobId);
      if (!"RUNNING".equals(s) || exceptionCount(jobId) > 0) {
        failedState = s;
        break;
      }
      Thread.sleep(250);
    }
    assertNotNull(failedState, "the JobManager did not notice the killed TaskManager within 60 s");
    System.out.printf("the JobManager noticed after %.1f s (job %s)%n",
        (System.currentTimeMillis() - killedAt) / 1000.0, failedState);
    cluster.script(180, "add-taskmanager");
    assertEquals(1, cluster.taskManagerPids().size());
    assertFalse(cluster.taskManagerPids().contains(pids.get(0)));

    int rc = run.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    assertEquals(0, rc, "lhx batch exit code after recovery");
    JsonNode job = getJson("/jobs/" + jobId);
    for (int i = 0; i < 60 && !"FINISHED".equals(job.get("state").asText()); i++) {
      Thread.sleep(500);
      job = getJson("/jobs/" + jobId);
    }
    assertEquals("FINISHED", job.get("state").asText());
    JsonNode exceptions = getJson("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    List<String> failures = new ArrayList<>();
    exceptions.forEach(e -> failures.add(e.path("stacktrace").asText().lines().findFirst().orElse("")));
    System.out.printf("job %s FINISHED %.1f s after submission; failures in its history (newest first):%n  %s%n",
        jobId, (System.currentTimeMillis() - t0) / 1000.0, String.join("\n  ", failures));
    // The kill itself is in the history (later entries may be consumers that found their inputs gone with it,
    // PartitionNotFound, after which Flink re-runs the producers too).
    assertTrue(failures.stream().anyMatch(f -> f.contains("TaskManager with id") && f.contains("no longer reachable")),
        "the job's failure history does not show the lost TaskManager: " + failures);

    assertEveryLectureExactlyOnce(lectures, out);
    assertNoTemporaryFiles(out);
  }

  /** Each lecture: one completed job row, child rows and files that agree with its own JSON outputs, once. */
  private static void assertEveryLectureExactlyOnce(Map<String, String> lectures, Path out) throws Exception {
    DataSource db = pg.getPostgresDatabase();
    assertEquals(lectures.size(), count(db, "SELECT count(*) FROM jobs"), "job rows");
    long totalClips = 0;
    try (Connection c = db.getConnection()) {
      for (String id : lectures.keySet()) {
        Path dir = out.resolve(id);
        JsonNode jobJson = Json.MAPPER.readTree(dir.resolve("job.json").toFile());
        assertEquals("completed", jobJson.get("status").asText(), id + ": " + jobJson);
        assertEquals("completed", text(c, "SELECT status FROM jobs WHERE job_id = ?", id), id);
        assertEquals(List.of("content:completed", "extraction:completed", "layout:completed", "rendering:completed",
            "silence:completed", "transcription:completed", "validation:completed"),
            list(c, "SELECT stage || ':' || status FROM processing_logs WHERE job_id = ? ORDER BY stage", id), id);

        // Counts that do not depend on the run: what the lecture's own output files say.
        int highlights = Json.MAPPER.readTree(dir.resolve("highlights.json").toFile()).get("highlights").size();
        List<Path> clipFiles = clipFiles(dir.resolve("clips"));
        assertEquals(highlights, clipFiles.size(), id + ": clip files " + clipFiles);
        assertEquals(highlights, jobJson.get("clips").asInt(), id + ": job.json clips");
        assertEquals(highlights, count(c, "SELECT count(*) FROM highlights WHERE job_id = ?", id), id + ": highlights");
        assertEquals(highlights, count(c, "SELECT count(*) FROM clips WHERE job_id = ?", id), id + ": clip rows");
        assertEquals(highlights, count(c, "SELECT clip_count FROM jobs WHERE job_id = ?", id), id + ": clip_count");
        assertEquals(Json.MAPPER.readTree(dir.resolve("silences.json").toFile()).get("silences").size(),
            count(c, "SELECT count(*) FROM silence_regions WHERE job_id = ?", id), id + ": silence rows");
        assertEquals(Json.MAPPER.readTree(dir.resolve("transcript.json").toFile()).get("segments").size(),
            count(c, "SELECT count(*) FROM transcript_segments WHERE job_id = ?", id), id + ": transcript rows");
        assertEquals(Json.MAPPER.readTree(dir.resolve("segments.json").toFile()).get("segments").size(),
            count(c, "SELECT count(*) FROM content_segments WHERE job_id = ?", id), id + ": topic segment rows");
        for (String one : List.of("silence_analysis", "transcripts", "layout_analysis", "content_analysis")) {
          assertEquals(1, count(c, "SELECT count(*) FROM " + one + " WHERE job_id = ?", id), id + ": " + one);
        }
        // Every clip row names a file that is there, whole, and an MP4.
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT idx, video_uri, size_bytes FROM clips WHERE job_id = ? ORDER BY idx")) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              Path mp4 = Path.of(rs.getString(2));
              assertTrue(clipFiles.contains(mp4), id + ": clip row " + rs.getInt(1) + " names " + mp4);
              assertEquals(rs.getLong(3), Files.size(mp4), mp4 + ": size in the row vs on disk");
              assertValidMp4(mp4);
            }
          }
        }
        totalClips += highlights;
      }
    }
    assertTrue(totalClips >= FIXTURE_LECTURES, "fewer clips than fixture lectures: " + totalClips);
    assertEquals(totalClips, count(db, "SELECT count(*) FROM clips"), "clip rows in all");

    // The Avro datasets: one file each (no part of the killed attempt), one record per lecture or clip.
    assertEquals(lectures.keySet(), new HashSet<>(datasetField(out, "jobs", "jobId", lectures.size())));
    assertEquals(totalClips, datasetField(out, "clips", "jobId", -1).size(), "clips dataset records");
    assertEquals(lectures.keySet(), new HashSet<>(datasetField(out, "highlights", "jobId", lectures.size())));
    assertFalse(Files.exists(out.resolve("failures.jsonl")) && Files.size(out.resolve("failures.jsonl")) > 0,
        "failures.jsonl lists failed jobs");
  }

  /** The values of one field over the records of {@code <out>/datasets/<name>/}, which must be exactly one file. */
  private static List<String> datasetField(Path out, String name, String field, int expected) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(out.resolve("datasets").resolve(name))) {
      files = s.toList();
    }
    assertEquals(1, files.size(), name + " dataset files: " + files);
    List<String> values = new ArrayList<>();
    try (InputStream in = Files.newInputStream(files.get(0));
        DataFileStream<GenericRecord> r = new DataFileStream<>(in, new GenericDatumReader<>())) {
      for (GenericRecord rec : r) {
        values.add(String.valueOf(rec.get(field)));
      }
    }
    if (expected >= 0) {
      assertEquals(expected, values.size(), name + " dataset records: " + values);
    }
    return values;
  }

  /** Nothing under the output folder that a killed attempt could leave: temp names, Beam temp folders. */
  private static void assertNoTemporaryFiles(Path out) throws IOException {
    List<Path> stray;
    try (Stream<Path> s = Files.walk(out)) {
      stray = s.filter(p -> {
        String f = p.getFileName().toString();
        return f.startsWith(".") || f.contains("inprogress") || f.contains("temp-beam") || f.endsWith(".tmp");
      }).toList();
    }
    assertEquals(List.of(), stray, "temporary files left in the output");
  }

  private static List<Path> clipFiles(Path clips) throws IOException {
    if (!Files.isDirectory(clips)) {
      return List.of(); // a lecture without highlights has no clips folder
    }
    try (Stream<Path> s = Files.list(clips)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".mp4")).sorted().toList();
    }
  }

  /** An ISO base media file: an ftyp box first, a moov box somewhere, and more than a few kilobytes. */
  private static void assertValidMp4(Path mp4) throws IOException {
    byte[] head = new byte[12];
    try (InputStream in = Files.newInputStream(mp4)) {
      assertEquals(12, in.readNBytes(head, 0, 12), mp4 + ": too short");
    }
    assertArrayEquals("ftyp".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(head, 4, 8),
        mp4 + ": no ftyp box");
    assertTrue(Files.size(mp4) > 20_000, mp4 + ": " + Files.size(mp4) + " bytes");
    // faststart: the index (moov) right after ftyp, so a truncated file would lack the media, not the index.
    long ftypSize = ((head[0] & 0xffL) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
    byte[] next = new byte[8];
    try (InputStream in = Files.newInputStream(mp4)) {
      in.skipNBytes(ftypSize);
      assertEquals(8, in.readNBytes(next, 0, 8));
    }
    String box = new String(next, 4, 4, StandardCharsets.US_ASCII);
    assertTrue(box.equals("moov") || box.equals("free"), mp4 + ": box after ftyp is " + box);
  }

  /**
   * The batch: the four fixture lectures and two more under other job ids (the same videos, distinct jobs), plus
   * two short real lecture recordings from ../shared/testmedia when it is there. Returns job id -> video.
   */
  private static Map<String, String> writeManifest(Path manifest) throws IOException {
    Map<String, String> lectures = new LinkedHashMap<>();
    List<String> rows = new ArrayList<>();
    String[][] fixtures = {
      {"recovery-clean", "lecture-clean.mp4", "lecture-clean.vtt"},
      {"recovery-noisy", "lecture-noisy.mp4", "lecture-noisy.srt"},
      {"recovery-letterboxed", "lecture-letterboxed.mp4", null},
      {"recovery-audio-only", "lecture-audio-only.m4a", null},
      {"recovery-clean-2", "lecture-clean.mp4", "lecture-clean.vtt"},
      {"recovery-noisy-2", "lecture-noisy.mp4", "lecture-noisy.srt"},
    };
    for (int i = 0; i < FIXTURE_LECTURES; i++) {
      String[] f = fixtures[i];
      Path video = Fixtures.lecture(f[1]);
      rows.add(row(f[0], video, f[2] == null ? null : Fixtures.lecture(f[2]), i + 1));
      lectures.put(f[0], video.toString());
    }
    // Optional here (Fixtures.sharedMedia() would skip the whole test without it): same place, no assumption.
    Path shared = Fixtures.projectRoot().resolveSibling("shared").resolve("testmedia");
    if (Files.isDirectory(shared)) {
      Path eth = shared.resolve("video/opencast-eth-lecture");
      for (String[] r : new String[][] {{"recovery-eth-av", "av.mov"}, {"recovery-eth-segment", "segment_0.mp4"}}) {
        Path video = eth.resolve(r[1]);
        if (Files.isRegularFile(video)) {
          rows.add(row(r[0], video, null, rows.size() + 1));
          lectures.put(r[0], video.toString());
        }
      }
    } else {
      System.out.println("../shared/testmedia is absent: the batch has the fixture lectures only");
    }
    Files.write(manifest, rows);
    return lectures;
  }

  private static String row(String id, Path video, Path captions, int number) {
    ObjectNode r = Json.MAPPER.createObjectNode().put("video", video.toAbsolutePath().toString()).put("jobId", id)
        .put("title", "Recovery lecture " + number).put("course", "RECOVERY 101").put("semester", "test")
        .put("lectureNumber", number);
    if (captions != null) {
      r.put("captions", captions.toAbsolutePath().toString());
    }
    return r.toString();
  }

  private static long count(DataSource db, String sql) {
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      return 0; // the CLI has not created the tables yet
    }
  }

  private static long count(Connection c, String sql, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  private static String text(Connection c, String sql, String id) throws SQLException {
    List<String> l = list(c, sql, id);
    return l.isEmpty() ? null : l.get(0);
  }

  private static List<String> list(Connection c, String sql, String id) throws SQLException {
    List<String> l = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          l.add(rs.getString(1));
        }
      }
    }
    return l;
  }

  private static String onlyJob() throws IOException, InterruptedException {
    JsonNode jobs = getJson("/jobs/overview").path("jobs");
    return jobs.size() == 1 ? jobs.get(0).get("jid").asText() : null;
  }

  private static String state(String jobId) throws IOException, InterruptedException {
    return getJson("/jobs/" + jobId).path("state").asText();
  }

  private static int exceptionCount(String jobId) throws IOException, InterruptedException {
    return getJson("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").size();
  }

  private static JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.restUrl() + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return Json.MAPPER.readTree(r.body());
  }
}
