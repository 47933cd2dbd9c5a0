package io.lecturehighlights.transforms.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.schemas.AudioTrack;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.transforms.common.Json;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON documents of the output folder contract: {@code job.json}, {@code silences.json},
 * {@code segments.json}, {@code highlights.json}, {@code slides.json}, {@code dead-letters/<id>.json} and the lines of
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
        mi.put("rotation", media.getRotation());
        mi.put("pixelAspectRatio", media.getPixelAspectRatio());
        mi.put("interlaced", media.getInterlaced());
      }
      if (media.getFrameRate() != null) {
        mi.put("frameRate", Math.round(media.getFrameRate() * 1000) / 1000.0);
      }
      mi.put("audioCodec", media.getAudioCodec());
      mi.put("audioSampleRate", media.getAudioSampleRate());
      mi.put("audioChannels", media.getAudioChannels());
      if (media.getAudioStreamIndex() != null) {
        mi.put("audioStreamIndex", media.getAudioStreamIndex());
      }
      ArrayNode tracks = mi.putArray("audioTracks");
      for (AudioTrack t : media.getAudioTracks()) {
        ObjectNode o = tracks.addObject();
        o.put("index", t.getIndex());
        o.put("codec", t.getCodec());
        o.put("channels", t.getChannels());
        o.put("sampleRate", t.getSampleRate());
        putIfSet(o, "language", t.getLanguage());
        o.put("default", t.getIsDefault());
        if (t.getSpeechShare() != null) {
          o.put("speechShare", t.getSpeechShare());
        }
        o.put("chosen", media.getAudioStreamIndex() != null && t.getIndex() == media.getAudioStreamIndex());
      }
    } else {
      n.putNull("media");
    }
    n.put("clips", s.getClips());
    // Each clip's formats: the first format's files are clips/clip-NN.*, the others' clips/clip-NN-<format>.*.
    ArrayNode formats = n.putArray("clipFormats");
    s.getClipFormats().forEach(formats::add);
    // FFmpeg errors while each stage decoded the source; a damaged file shows here (and in notes past a threshold).
    ObjectNode errors = n.putObject("decodeErrors");
    s.getDecodeErrors().forEach(errors::put);
    ArrayNode notes = n.putArray("notes");
    s.getNotes().forEach(notes::add);
    n.put("updatedAt", java.time.Instant.ofEpochMilli(s.getUpdatedAtMillis()).toString());
    return n;
  }

  /** {@code dead-letters/<id>.json}: an unusable queue message, why, and its body as received. */
  public static ObjectNode deadLetter(DeadLetter d) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("id", d.getId());
    n.put("queue", d.getQueue());
    n.put("reason", d.getReason());
    n.put("message", d.getMessage());
    n.put("sentAt", java.time.Instant.ofEpochMilli(d.getSentAtMillis()).toString());
    n.put("receivedAt", java.time.Instant.ofEpochMilli(d.getReceivedAtMillis()).toString());
    n.put("body", d.getBody());
    return n;
  }

  /** {@code segments.json}: the lecture's topic segments, in time order, and the analyzer that found them. */
  public static ObjectNode segments(ContentSegments c) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("jobId", c.getJobId());
    ArrayNode arr = n.putArray("segments");
    for (ContentSegment seg : c.getSegments()) {
      ObjectNode o = arr.addObject();
      o.put("start", Json.seconds(seg.getStart()));
      o.put("end", Json.seconds(seg.getEnd()));
      o.put("title", seg.getTitle());
      o.put("summary", seg.getSummary());
      ArrayNode kw = o.putArray("keywords");
      seg.getKeywords().forEach(kw::add);
      o.put("importance", Math.round(seg.getImportance() * 1000) / 1000.0);
      putIfSet(o, "reason", seg.getReason());
    }
    n.put("analyzer", c.getAnalyzer());
    return n;
  }

  /** {@code highlights.json}: the clips chosen and the source intervals each keeps. */
  public static ObjectNode highlights(Highlights h) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("jobId", h.getJobId());
    ArrayNode arr = n.putArray("highlights");
    for (Highlight hl : h.getHighlights()) {
      ObjectNode o = arr.addObject();
      o.put("index", hl.getIndex());
      o.put("title", hl.getTitle());
      o.put("start", Json.seconds(hl.getStart()));
      o.put("end", Json.seconds(hl.getEnd()));
      ArrayNode keep = o.putArray("keep");
      double kept = 0;
      for (TimeRange t : hl.getKeep()) {
        keep.addObject().put("start", Json.seconds(t.getStart())).put("end", Json.seconds(t.getEnd()));
        kept += t.getEnd() - t.getStart();
      }
      o.put("keptSeconds", Json.seconds(kept));
      o.put("score", Math.round(hl.getScore() * 1000) / 1000.0);
    }
    return n;
  }

  /**
   * {@code slides.json}: the slides the layout stage read, in time order, for readers that want the slide text
   * without parsing the Avro layout (a search index, a slide viewer). Always written beside {@code layout.json},
   * with an empty list when the lecture has no screen or no slide was read, so "no slides" is stated rather than
   * left to a missing file. {@code thumbnail} is {@code slides/slide-NN.jpg} relative to the job's folder, or null
   * when none was written.
   */
  public static ObjectNode slides(Layout l) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    ArrayNode arr = n.putArray("slides");
    for (Slide s : l.getSlides()) {
      ObjectNode o = arr.addObject();
      o.put("index", s.getIndex());
      o.put("start", Json.seconds(s.getStart()));
      o.put("end", Json.seconds(s.getEnd()));
      o.put("title", s.getTitle());
      o.put("text", s.getText());
      o.put("confidence", Math.round(s.getConfidence() * 1000) / 1000.0);
      o.put("thumbnail", s.getThumbnail());
      o.put("frameTime", Json.seconds(s.getFrameTime()));
    }
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
