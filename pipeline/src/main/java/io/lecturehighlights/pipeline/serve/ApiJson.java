package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The JSON API's answers about jobs, written once for both sources ({@link OutputFolder}, {@link ResultsTables}):
 * each source reads its job record (job.json's shape, {@code JobFiles.job}), topics, highlights, slides and clips,
 * and this class turns them into {@code /api/jobs}, {@code /api/jobs/{jobId}} and {@code /api/jobs/{jobId}/results},
 * so the two modes cannot drift apart field by field.
 */
public final class ApiJson {
  private ApiJson() {}

  /**
   * Links to one job's files by their path relative to the job's folder ({@code clips/clip-01.mp4}): a link the
   * service serves, a presigned S3 URL, or null when the file is not there (or cannot be linked).
   */
  @FunctionalInterface
  public interface FileLinks {
    @Nullable String link(String relative);

    FileLinks NONE = relative -> null;
  }

  /**
   * One rendered format of a clip, its files relative to the job's folder.
   *
   * @param format the format's name ({@code --clip-formats}), or null for a clip from before formats
   * @param video {@code clips/clip-NN.mp4} (the first format) or {@code clips/clip-NN-<format>.mp4}
   * @param thumbnail its thumbnail, or null when none was written
   * @param subtitles its WebVTT subtitles, or null when none were written
   */
  public record ClipFormat(@Nullable String format, String video, @Nullable String thumbnail,
      @Nullable String subtitles) {}

  /** A clip (one per highlight): its first format, whose files are the clip's own, and every format rendered. */
  public record Clip(int index, ClipFormat first, List<ClipFormat> formats) {}

  /** One line of {@code GET /api/jobs}: who, what, how it ended, and links to the job and its report. */
  public static ObjectNode summary(JsonNode job, @Nullable String report) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    String id = job.path("jobId").asText();
    s.put("jobId", id);
    JsonNode meta = job.path("metadata");
    s.set("title", meta.path("title").isMissingNode() ? null : meta.get("title"));
    s.set("course", meta.path("course").isMissingNode() ? null : meta.get("course"));
    s.set("semester", meta.path("semester").isMissingNode() ? null : meta.get("semester"));
    s.put("status", job.path("status").asText());
    s.set("failedStage", job.get("failedStage"));
    s.set("failureReason", job.get("failureReason"));
    s.put("clips", job.path("clips").asInt(0));
    JsonNode duration = job.path("media").path("durationSeconds");
    if (duration.isNumber()) {
      s.put("durationSeconds", duration.asDouble());
    } else {
      s.putNull("durationSeconds");
    }
    s.set("updatedAt", job.get("updatedAt"));
    s.put("url", "/api/jobs/" + id);
    s.put("report", report);
    return s;
  }

  /**
   * {@code GET /api/jobs/{jobId}}: the job record, the stage it is at (or stopped at), its history where the source
   * keeps one (the database's {@code job_events}; null for a folder, which keeps only the outcome) and links.
   */
  public static ObjectNode status(ObjectNode job, @Nullable String currentStage, @Nullable ArrayNode history,
      @Nullable String report) {
    ObjectNode n = job.deepCopy();
    String jobId = n.path("jobId").asText();
    n.put("currentStage", currentStage);
    n.set("history", history);
    n.put("results", "/api/jobs/" + jobId + "/results");
    n.put("report", report);
    return n;
  }

  /** The stage a finished job stopped at: its failed stage, or {@code completed}. */
  public static @Nullable String finishedStage(JsonNode job) {
    String status = job.path("status").asText();
    return status.equals("failed") ? job.path("failedStage").asText(null) : status;
  }

  /**
   * {@code GET /api/jobs/{jobId}/results}: segments (topics) and their analyzer, highlights, clips with the URLs of
   * each format's video, thumbnail and subtitles and the clip page, slides with thumbnail URLs, the whole lecture's
   * subtitles and transcript, and links to the report, the source video and the watch page. A failed job answers
   * with what it left (empty lists).
   *
   * @param segments segments.json's document (JobFiles.segments), or null when the job has none
   * @param highlights highlights.json's highlights
   * @param slides slides.json's slides; each gets a {@code thumbnailUrl}
   */
  public static ObjectNode results(JsonNode job, FileLinks links, @Nullable ObjectNode segments,
      ArrayNode highlights, List<Clip> clips, ArrayNode slides) {
    String jobId = job.path("jobId").asText();
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("jobId", jobId);
    r.put("status", job.path("status").asText());
    r.put("report", links.link("report.html"));
    r.put("video", job.hasNonNull("videoUri") ? Links.video(jobId) : null);
    r.put("watch", Links.watch(jobId, 0));
    JsonNode segs = segments == null ? null : segments.get("segments");
    r.set("segments", segs instanceof ArrayNode a ? a : Json.MAPPER.createArrayNode());
    r.set("analyzer", segments == null ? null : segments.get("analyzer"));
    r.set("highlights", highlights);
    ArrayNode out = r.putArray("clips");
    for (Clip clip : clips) {
      ObjectNode c = out.addObject();
      c.put("index", clip.index());
      for (JsonNode h : highlights) {
        if (h.path("index").asInt(-1) == clip.index()) {
          c.set("title", h.get("title"));
          c.set("start", h.get("start"));
          c.set("end", h.get("end"));
          c.set("keptSeconds", h.get("keptSeconds"));
        }
      }
      c.put("url", links.link(clip.first().video()));
      c.put("thumbnailUrl", link(links, clip.first().thumbnail()));
      c.put("subtitlesUrl", link(links, clip.first().subtitles()));
      c.put("page", Links.clipPage(jobId, clip.index()));
      if (clip.first().format() != null) {
        c.put("format", clip.first().format());
      }
      ArrayNode formats = c.putArray("formats");
      for (ClipFormat f : clip.formats()) {
        String url = links.link(f.video());
        if (url == null) {
          continue;
        }
        ObjectNode o = formats.addObject();
        o.put("format", f.format());
        o.put("url", url);
        o.put("thumbnailUrl", link(links, f.thumbnail()));
        o.put("subtitlesUrl", link(links, f.subtitles()));
      }
    }
    for (JsonNode s : slides) {
      if (s instanceof ObjectNode o) {
        o.put("thumbnailUrl", s.hasNonNull("thumbnail") ? links.link(s.get("thumbnail").asText()) : null);
      }
    }
    r.set("slides", slides);
    ObjectNode subtitles = r.putObject("subtitles");
    subtitles.put("vtt", links.link("transcript.vtt"));
    subtitles.put("srt", links.link("transcript.srt"));
    r.put("transcript", links.link("transcript.json"));
    return r;
  }

  private static @Nullable String link(FileLinks links, @Nullable String relative) {
    return relative == null ? null : links.link(relative);
  }
}
