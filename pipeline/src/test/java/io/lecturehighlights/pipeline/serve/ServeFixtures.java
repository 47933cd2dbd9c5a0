package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-written job records for the plain classes' tests (the served tests use a real batch's folder). */
final class ServeFixtures {
  private ServeFixtures() {}

  static Path job(Path out, String id, String status, String title, String course, String semester)
      throws IOException {
    Path dir = Files.createDirectories(out.resolve(id));
    ObjectNode j = Json.MAPPER.createObjectNode();
    j.put("jobId", id);
    j.put("source", "manifest:m.jsonl#1");
    j.put("videoUri", out.resolve(id + ".mp4").toString());
    ObjectNode meta = j.putObject("metadata");
    meta.put("title", title);
    meta.put("course", course);
    meta.put("semester", semester);
    j.put("status", status);
    boolean failed = status.equals("failed");
    j.put("failedStage", failed ? "transcription" : null);
    j.put("failureReason", failed ? "engine_failed" : null);
    j.put("failureMessage", failed ? "pocketsphinx exited with 1" : null);
    j.putObject("stageTimings").put("validation", 1.5);
    j.put("clips", failed ? 0 : 1);
    j.put("updatedAt", "2026-12-03T09:00:00Z");
    Files.writeString(dir.resolve("job.json"), Json.MAPPER.writeValueAsString(j));
    return dir;
  }
}
