package io.lecturehighlights.transforms.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.transforms.common.Json;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON documents of the output folder contract: {@code job.json}, {@code silences.json} and the lines of
 * {@code failures.jsonl}. Field names here are a public interface; add fields, never rename them.
 */
public final class JobFiles {
  private JobFiles() {}

  public static ObjectNode job(JobStatus s) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("jobId", s.getJobId());
    n.put("source", s.getSource());
    n.put("videoUri", s.getVideoUri());
    LectureMetadata m = s.getMetadata();
    ObjectNode meta = n.putObject("metadata");
    if (m != null) {
      putIfSet(meta, "title", m.getTitle());
      putIfSet(meta, "course", m.getCourse());
      putIfSet(meta, "semester", m.getSemester());
      if (m.getLectureNumber() != null) {
        meta.put("lectureNumber", m.getLectureNumber());
      }
      putIfSet(meta, "instructor", m.getInstructor());
    }
    n.put("status", s.getStatus().name().toLowerCase(Locale.ROOT));
    n.put("failedStage", s.getFailedStage());
    n.put("failureReason", s.getFailureReason());
    n.put("failureMessage", s.getFailureMessage());
    ObjectNode timings = n.putObject("stageTimings");
    for (Map.Entry<String, Long> e : s.getStageMillis().entrySet()) {
      timings.put(e.getKey(), Json.seconds(e.getValue() / 1000.0));
    }
    MediaInfo media = s.getMedia();
    if (media != null) {
      ObjectNode mi = n.putObject("media");
      mi.put("container", media.getContainer());
      mi.put("durationSeconds", Json.seconds(media.getDurationSeconds()));
      mi.put("sizeBytes", media.getSizeBytes());
      mi.put("videoCodec", media.getVideoCodec());
      if (media.getWidth() != null) {
        mi.put("width", media.getWidth());
        mi.put("height", media.getHeight());
      }
      if (media.getFrameRate() != null) {
        mi.put("frameRate", Math.round(media.getFrameRate() * 1000) / 1000.0);
      }
      mi.put("audioCodec", media.getAudioCodec());
      mi.put("audioSampleRate", media.getAudioSampleRate());
      mi.put("audioChannels", media.getAudioChannels());
    } else {
      n.putNull("media");
    }
    n.put("updatedAt", java.time.Instant.ofEpochMilli(s.getUpdatedAtMillis()).toString());
    return n;
  }

  public static ObjectNode silences(SilenceResult r) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("jobId", r.getJobId());
    ArrayNode arr = n.putArray("silences");
    double total = 0;
    for (TimeRange t : r.getSilences()) {
      arr.addObject().put("start", t.getStart()).put("end", t.getEnd());
      total += t.getEnd() - t.getStart();
    }
    n.put("silenceCount", r.getSilences().size());
    n.put("silenceSeconds", Json.seconds(total));
    n.put("durationSeconds", r.getDurationSeconds());
    n.put("speechRatio", r.getSpeechRatio());
    n.put("noiseFloorDb", r.getNoiseFloorDb());
    n.put("speechLevelDb", r.getSpeechLevelDb());
    n.put("meanLoudnessDb", r.getMeanLoudnessDb());
    n.put("thresholdDb", r.getThresholdDb());
    n.put("detector", r.getDetector());
    return n;
  }

  /** One line of failures.jsonl. */
  public static String failureLine(JobStatus s) {
    ObjectNode n = Json.COMPACT.createObjectNode();
    n.put("jobId", s.getJobId());
    n.put("source", s.getSource());
    n.put("videoUri", s.getVideoUri());
    n.put("stage", s.getFailedStage());
    n.put("reason", s.getFailureReason());
    n.put("message", s.getFailureMessage());
    return n.toString();
  }

  public static byte[] bytes(ObjectNode n) {
    try {
      return Json.MAPPER.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putIfSet(ObjectNode n, String k, String v) {
    if (v != null) {
      n.put(k, v);
    }
  }
}
