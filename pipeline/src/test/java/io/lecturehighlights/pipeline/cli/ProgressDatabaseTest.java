package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.ingest.ContentFingerprint;
import io.lecturehighlights.transforms.jobs.StageEvents;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress and the dry run's skip check against a real PostgreSQL (embedded, started by the test), with rows written
 * by the pipeline's own statements.
 */
class ProgressDatabaseTest {
  static ResultsDatabaseFixture db;
  static DatabaseConfig config;

  @BeforeAll
  static void start() throws Exception {
    db = new ResultsDatabaseFixture();
    config = db.config;
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @BeforeEach
  void clean() throws Exception {
    db.clean();
  }

  private static void queue(String id, long at) throws Exception {
    db.write(UploadEvent.newBuilder().setJobId(id).setVideoUri("/v/" + id + ".mp4")
        .setMetadata(LectureMetadata.newBuilder().build()).setSource("manifest:/m.jsonl").setReceivedAtMillis(at)
        .build());
  }

  private static void stage(String id, String stage, String status, long at, Long millis) throws Exception {
    db.write(StageEvent.newBuilder().setJobId(id).setStage(stage).setStatus(status)
        .setAtMillis(at).setDurationMillis(millis).build());
  }

  private static void finish(String id, JobState state, String failedStage, String fingerprint, long at)
      throws Exception {
    db.write(JobStatus.newBuilder().setJobId(id).setSource("manifest:/m.jsonl")
        .setVideoUri("/v/" + id + ".mp4").setStatus(state).setFailedStage(failedStage)
        .setFailureReason(failedStage == null ? null : "empty_file").setContentFingerprint(fingerprint)
        .setUpdatedAtMillis(at).build());
  }

  @Test
  void progressCountsThisRunsStagesAndJobsFromTheDatabase() throws Exception {
    long now = System.currentTimeMillis();
    long started = now - 20_000;
    // An earlier run's lecture: not this run's, but its stage time is the prior.
    queue("old", now - 3_600_000);
    stage("old", Stages.RENDERING, StageEvents.COMPLETED, now - 3_500_000, 9000L);
    finish("old", JobState.COMPLETED, null, "v1:1:x", now - 3_500_000);

    // This run: "a" completed every stage at 2 s each; "b" failed validation; "c" has done validation and silence
    // and runs transcription (started 1.5 s ago); "d" is queued.
    queue("a", started + 100);
    for (String s : ProgressModel.STAGES) {
      stage("a", s, StageEvents.RUNNING, started + 1000, null);
      stage("a", s, StageEvents.COMPLETED, started + 3000, 2000L);
    }
    finish("a", JobState.COMPLETED, null, "v1:2:a", started + 15_000);
    queue("b", started + 100);
    stage("b", Stages.VALIDATION, StageEvents.RUNNING, started + 500, null);
    stage("b", Stages.VALIDATION, StageEvents.FAILED, started + 600, null);
    finish("b", JobState.FAILED, Stages.VALIDATION, null, started + 700);
    queue("c", started + 100);
    stage("c", Stages.VALIDATION, StageEvents.COMPLETED, started + 2000, 1000L);
    stage("c", Stages.SILENCE, StageEvents.COMPLETED, started + 4000, 2000L);
    stage("c", Stages.TRANSCRIPTION, StageEvents.RUNNING, now - 1500, null);
    queue("d", started + 100);
    // "e" failed validation, its job record not final yet; "f" entered validation and its end was never reported.
    queue("e", started + 100);
    stage("e", Stages.VALIDATION, StageEvents.RUNNING, started + 500, null);
    stage("e", Stages.VALIDATION, StageEvents.FAILED, started + 800, null);
    queue("f", started + 100);
    stage("f", Stages.VALIDATION, StageEvents.RUNNING, started + 500, null);

    ProgressModel.Observation o;
    Map<String, Double> prior;
    try (ProgressSource.Database db = new ProgressSource.Database(config, started, Set.of("c", "old", "zzz"))) {
      o = db.read();
      prior = db.priorStageMillis();
      // A second read on the same connection gives the same counts.
      assertEquals(o.completed(), db.read().completed());
    }
    assertEquals(1, o.queued());
    assertEquals(2, o.running(), "c and f");
    assertEquals(1, o.completed());
    assertEquals(1, o.failed());
    assertEquals(1, o.failing(), "e failed a stage, its record is not final yet");
    assertEquals(1, o.seenSkipCandidates(), "only c is a candidate this run touched");
    ProgressModel.StageTally validation = o.stage(Stages.VALIDATION);
    assertEquals(1, validation.running(), "f; e failed");
    assertEquals(2, validation.completed());
    assertEquals(2, validation.failed());
    assertEquals(3000, validation.completedMillis());
    assertEquals(1, validation.completedByUnfinished(), "c");
    assertEquals(2000, validation.runningMillis(), "f's ~19.5 s count up to the longest validation, a's 2 s");
    ProgressModel.StageTally transcription = o.stage(Stages.TRANSCRIPTION);
    assertEquals(1, transcription.running());
    assertEquals(1, transcription.completed());
    // 1.5 s and counting, up to the longest completed transcription (a's 2 s).
    assertTrue(transcription.runningMillis() >= 1400 && transcription.runningMillis() <= 2000,
        "running time " + transcription.runningMillis());
    assertEquals(1, o.stage(Stages.RENDERING).completed(), "the earlier run's rendering is not this run's");
    assertTrue(o.activeSeconds() >= 18 && o.activeSeconds() < 80, "active " + o.activeSeconds());
    assertEquals(Map.of(Stages.RENDERING, 9000.0), prior);

    ProgressModel.Snapshot s = new ProgressModel(6, 1, prior).snapshot(o, 20);
    assertEquals(3, s.finished());
    assertEquals(2, s.failed());
    assertEquals(6, s.expected());
    assertNotNull(s.eta());
    assertTrue(s.eta().seconds() > 0 && !s.eta().lowerBound(), s.eta().toString());
  }

  @Test
  void batchProgressReadsTheDatabaseAndLogsALinePerChange(@TempDir Path out) throws Exception {
    long started = System.currentTimeMillis() - 10_000;
    queue("a", started + 100);
    stage("a", Stages.VALIDATION, StageEvents.COMPLETED, started + 1000, 500L);
    stage("a", Stages.SILENCE, StageEvents.RUNNING, started + 1500, null);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print = new java.io.PrintStream(bytes, true);
    BatchProgress p = new BatchProgress(out, 2, started, true, false, print,
        new ProgressSource.Database(config, started, Set.of()), Set.of());
    p.poll();
    p.poll();
    String log = bytes.toString();
    assertEquals(1, log.lines().count(), log);
    assertTrue(log.contains("0/2 lectures finished (0 completed, 0 failed), 1 in progress"), log);
    assertTrue(log.contains("validation 0/1/0, silence 1/0/0"), log);
    assertEquals(1, p.latest().stages().get(Stages.SILENCE).running());
  }

  @Test
  void dryRunSkipsALectureCompletedWithTheSameContent(@TempDir Path dir) throws Exception {
    Path clean = Fixtures.testdata().resolve("lectures/lecture-clean.mp4").toAbsolutePath();
    finish("phys101-fall2026-l03", JobState.COMPLETED, null, ContentFingerprint.of(clean.toString()),
        System.currentTimeMillis());
    // Same job id, other content: processed again.
    finish("phys101-fall2026-l04", JobState.COMPLETED, null, "v1:1:0000", System.currentTimeMillis());
    String[] r = LhxRun.run("batch", "--dry-run", "--format", "json", "--input",
        Fixtures.testdata().resolve("manifest.jsonl").toString(), "--db-url", config.url(),
        "--work-dir", dir.resolve("work").toString());
    assertEquals("0", r[0], r[2]);
    JsonNode root = Json.MAPPER.readTree(r[1]);
    Map<String, String> verdicts = new java.util.HashMap<>();
    root.path("lectures").forEach(l -> verdicts.put(l.path("jobId").asText(), l.path("verdict").asText()));
    assertEquals("unchanged", verdicts.get("phys101-fall2026-l03"));
    assertEquals("process", verdicts.get("phys101-fall2026-l04"));
    assertEquals(1, root.path("totals").path("unchanged").asInt());
    assertEquals(3, root.path("totals").path("process").asInt());
    assertTrue(root.path("database").asText().contains("2 completed lectures"), root.path("database").asText());
    // --force: nothing is skipped.
    String[] forced = LhxRun.run("batch", "--dry-run", "--format", "json", "--force", "--input",
        Fixtures.testdata().resolve("manifest.jsonl").toString(), "--db-url", config.url(),
        "--work-dir", dir.resolve("work").toString());
    assertEquals(4, Json.MAPPER.readTree(forced[1]).path("totals").path("process").asInt());
    assertTrue(!Files.exists(dir.resolve("work")), "the dry run wrote nothing");
  }
}
