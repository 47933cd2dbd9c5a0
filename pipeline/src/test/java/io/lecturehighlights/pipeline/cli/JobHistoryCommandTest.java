package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.lecturehighlights.transforms.jobs.StageEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job's processing history through {@code lhx status} and {@code lhx jobs}, against a real PostgreSQL (embedded,
 * started by the test) with rows written by the pipeline's own statements: a lecture that failed, then was run
 * again and completed, keeps both attempts.
 */
class JobHistoryCommandTest {
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
        .setMetadata(LectureMetadata.newBuilder().setCourse("PHYS 101").setTitle("Forces").build())
        .setSource("manifest:/m.jsonl").setReceivedAtMillis(at).build());
  }

  private static void stage(String id, String stage, String status, long at, Long millis, String message)
      throws Exception {
    db.write(StageEvent.newBuilder().setJobId(id).setStage(stage).setStatus(status)
        .setAtMillis(at).setDurationMillis(millis).setMessage(message).build());
  }

  private static void finish(String id, JobState state, String failedStage, long at) throws Exception {
    db.write(JobStatus.newBuilder().setJobId(id).setSource("manifest:/m.jsonl")
        .setVideoUri("/v/" + id + ".mp4").setStatus(state).setFailedStage(failedStage)
        .setFailureReason(failedStage == null ? null : "empty_file")
        .setFailureMessage(failedStage == null ? null : "file is empty (0 bytes)").setUpdatedAtMillis(at).build());
  }

  /** Run 1 fails validation; run 2, after the file was fixed, gets through validation and silence and completes. */
  private static void failThenComplete(String id) throws Exception {
    long t = System.currentTimeMillis() - 60_000;
    queue(id, t);
    stage(id, Stages.VALIDATION, StageEvents.RUNNING, t + 100, null, null);
    stage(id, Stages.VALIDATION, StageEvents.FAILED, t + 350, null, "empty_file: file is empty (0 bytes)");
    finish(id, JobState.FAILED, Stages.VALIDATION, t + 400);

    long u = t + 30_000;
    queue(id, u);
    stage(id, Stages.VALIDATION, StageEvents.RUNNING, u + 100, null, null);
    stage(id, Stages.VALIDATION, StageEvents.COMPLETED, u + 150, 50L, null);
    stage(id, Stages.SILENCE, StageEvents.RUNNING, u + 200, null, null);
    stage(id, Stages.SILENCE, StageEvents.COMPLETED, u + 2200, 2000L, null);
    finish(id, JobState.COMPLETED, null, u + 2500);
  }

  private static String[] lhx(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--db-url";
    all[args.length + 1] = config.url();
    all[args.length + 2] = "--db-user";
    all[args.length + 3] = "postgres";
    return LhxRun.run(all);
  }

  @Test
  void statusJsonHoldsBothAttemptsOfAJobRunTwice() throws Exception {
    failThenComplete("phys101-l07");

    String[] r = lhx("status", "--json", "phys101-l07");
    assertEquals("0", r[0], r[2]);
    JsonNode job = Json.MAPPER.readTree(r[1]);
    assertEquals("phys101-l07", job.get("jobId").asText());
    assertEquals("completed", job.get("status").asText());
    assertEquals(2, job.get("attemptCount").asInt());
    // processing_logs, as before: the latest run's stages only.
    assertEquals(2, job.get("stages").size());

    JsonNode attempts = job.get("attempts");
    assertEquals(2, attempts.size(), r[1]);
    JsonNode first = attempts.get(0);
    assertEquals(1, first.get("attempt").asInt());
    assertEquals("rejected", first.get("outcome").asText());
    assertEquals("empty_file", first.get("reason").asText());
    assertEquals("validation", first.get("failedStage").asText());
    assertEquals(1, first.get("stages").size());
    JsonNode failedValidation = first.get("stages").get(0);
    assertEquals("validation", failedValidation.get("stage").asText());
    assertEquals("failed", failedValidation.get("outcome").asText());
    assertEquals(250, failedValidation.get("durationMs").asLong());
    assertEquals("empty_file", failedValidation.get("reason").asText());
    assertEquals("file is empty (0 bytes)", failedValidation.get("message").asText());
    assertFalse(failedValidation.get("worker").asText().isBlank());
    assertEquals(4, first.get("events").size());

    JsonNode second = attempts.get(1);
    assertEquals(2, second.get("attempt").asInt());
    assertEquals("completed", second.get("outcome").asText());
    assertEquals(2500, second.get("durationMs").asLong());
    assertEquals(2, second.get("stages").size());
    assertEquals("silence", second.get("stages").get(1).get("stage").asText());
    assertEquals("finished", second.get("stages").get(1).get("outcome").asText());
    assertEquals(2000, second.get("stages").get(1).get("durationMs").asLong());
    assertEquals("queued", second.get("events").get(0).get("event").asText());
    assertEquals(6, second.get("events").size());
  }

  @Test
  void statusTextKeepsItsTableAndAddsTheAttempts() throws Exception {
    failThenComplete("phys101-l08");
    String[] r = lhx("status", "phys101-l08");
    assertEquals("0", r[0], r[2]);
    String out = r[1];
    assertTrue(out.contains("job        phys101-l08") && out.contains("status     completed"), out);
    assertTrue(out.contains("STAGE          STATUS     STARTED                  SECONDS  MESSAGE"), out);
    assertTrue(out.contains("ATTEMPTS   2"), out);
    assertTrue(out.contains("attempt 1") && out.contains("rejected at validation after 0.40 s"), out);
    assertTrue(out.contains("attempt 2") && out.contains("completed after 2.50 s"), out);
    assertTrue(out.indexOf("attempt 2") > out.indexOf("attempt 1"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("\\s+validation\\s+failed\\s+0\\.25\\s+.+empty_file: file is empty.*")),
        out);
    assertTrue(out.lines().anyMatch(l -> l.matches("\\s+silence\\s+finished\\s+2\\.00\\s+.+")), out);
  }

  @Test
  void jobsJsonListsEveryJobWithItsAttemptCount() throws Exception {
    failThenComplete("phys101-l09");
    queue("phys101-l10", System.currentTimeMillis());
    String[] r = lhx("jobs", "--json");
    assertEquals("0", r[0], r[2]);
    JsonNode jobs = Json.MAPPER.readTree(r[1]);
    assertTrue(jobs.isArray(), r[1]);
    assertEquals(2, jobs.size());
    assertEquals("phys101-l09", jobs.get(0).get("jobId").asText());
    assertEquals(2, jobs.get(0).get("attemptCount").asInt());
    assertEquals("PHYS 101", jobs.get(0).get("course").asText());
    assertEquals("queued", jobs.get(1).get("status").asText());
    assertEquals(1, jobs.get(1).get("attemptCount").asInt());

    JsonNode counts = Json.MAPPER.readTree(lhx("status", "--json")[1]);
    assertEquals(2, counts.get("jobs").asInt());
    assertEquals(1, counts.get("byStatus").get("queued").asInt());
  }
}
