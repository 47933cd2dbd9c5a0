package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A batch's output folder as the service reads it: the jobs ({@code <jobId>/job.json}), one job's results (the
 * per-job JSON files and clips, as links the service serves) and files inside the folder. Every path a request names
 * goes through {@link #file}, which refuses anything that leaves the folder, by {@code ..} or by a symbolic link.
 * Read on every request, not cached: a stream or a later batch rewrites the folder while the service runs.
 */
public final class OutputFolder {
  /** The job ids the pipeline writes (manifest ids are checked against the same pattern, derived ids match it). */
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern CLIP_FILE = Pattern.compile("clip-(\\d+)\\.mp4");

  private final Path root;

  private OutputFolder(Path root) {
    this.root = root;
  }

  /** The folder, resolved to its real path once so that every containment check compares real paths. */
  public static OutputFolder open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("no output folder " + dir);
    }
    return new OutputFolder(dir.toRealPath());
  }

  public Path root() {
    return root;
  }

  public static boolean isJobId(@Nullable String id) {
    return id != null && JOB_ID.matcher(id).matches() && !id.equals(".") && !id.equals("..");
  }

  /** Every job record of the folder, by job id. A job.json that cannot be read is left out (a half-written file). */
  public List<ObjectNode> jobs() throws IOException {
    List<ObjectNode> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
        String id = d.getFileName().toString();
        Path f = d.resolve("job.json");
        if (isJobId(id) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          ObjectNode job = readObject(f);
          if (job != null && job.hasNonNull("jobId") && job.hasNonNull("status")) {
            out.add(job);
          }
        }
      }
    }
    out.sort(Comparator.comparing(j -> j.get("jobId").asText()));
    return out;
  }

  /** A job's record; 404 for an id that is not a job of this folder. */
  public ObjectNode job(String jobId) {
    if (!isJobId(jobId)) {
      throw ApiError.notFound("no job " + jobId + " in this output folder (job ids are [A-Za-z0-9._-], 1-128 characters)");
    }
    Path f = file(jobId + "/job.json");
    ObjectNode job = f == null ? null : readObject(f);
    if (job == null) {
      throw ApiError.notFound("no job " + jobId + " in this output folder");
    }
    return job;
  }

  /** One line of {@code GET /api/jobs}: who, what, how it ended. */
  public static ObjectNode summary(JsonNode job) {
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
    s.put("report", Links.file(id + "/report.html"));
    return s;
  }

  /**
   * {@code GET /api/jobs/{jobId}}: the job record as job.json has it, plus the stage it stopped at. A folder only
   * holds finished jobs, so the current stage is the failed stage of a failed job and {@code completed} otherwise.
   */
  public ObjectNode status(String jobId) {
    ObjectNode job = job(jobId).deepCopy();
    String status = job.path("status").asText();
    job.put("currentStage", status.equals("failed") ? job.path("failedStage").asText(null) : status);
    job.put("results", "/api/jobs/" + jobId + "/results");
    job.put("report", Links.file(jobId + "/report.html"));
    return job;
  }

  /**
   * {@code GET /api/jobs/{jobId}/results}: segments, highlights, clips (with the URLs of the video, thumbnail,
   * subtitles and clip page), slides (with thumbnail URLs) and the subtitle files. A failed job answers with whatever
   * partial results it left; a missing file is an empty list, not an error.
   */
  public ObjectNode results(String jobId) throws IOException {
    ObjectNode job = job(jobId);
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("jobId", jobId);
    r.put("status", job.path("status").asText());
    r.put("report", Links.file(jobId + "/report.html"));
    r.put("video", job.hasNonNull("videoUri") ? Links.video(jobId) : null);
    r.put("watch", Links.watch(jobId, 0));
    ObjectNode segments = readObject(file(jobId + "/segments.json"));
    r.set("segments", array(segments, "segments"));
    r.set("analyzer", segments == null ? null : segments.get("analyzer"));
    ArrayNode highlights = array(readObject(file(jobId + "/highlights.json")), "highlights");
    r.set("highlights", highlights);
    r.set("clips", clips(jobId, highlights, job.path("clipFormats")));
    ArrayNode slides = array(readObject(file(jobId + "/slides.json")), "slides");
    for (JsonNode s : slides) {
      if (s.hasNonNull("thumbnail") && s instanceof ObjectNode o) {
        o.put("thumbnailUrl", Links.file(jobId + "/" + s.get("thumbnail").asText()));
      }
    }
    r.set("slides", slides);
    ObjectNode subtitles = r.putObject("subtitles");
    for (String kind : new String[] {"vtt", "srt"}) {
      String rel = jobId + "/transcript." + kind;
      subtitles.put(kind, file(rel) != null ? Links.file(rel) : null);
    }
    r.put("transcript", file(jobId + "/transcript.json") != null ? Links.file(jobId + "/transcript.json") : null);
    return r;
  }

  /**
   * The rendered clips ({@code clips/clip-NN.mp4}), each with its highlight's title and times when there is one, and
   * its formats ({@code --clip-formats}, job.json's {@code clipFormats}): the first under the clip's own name, the
   * others as {@code clip-NN-<format>.*} (only those whose video exists).
   */
  private ArrayNode clips(String jobId, ArrayNode highlights, JsonNode clipFormats) throws IOException {
    ArrayNode out = Json.MAPPER.createArrayNode();
    Path dir = file(jobId + "/clips");
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    List<String> names;
    try (Stream<Path> files = Files.list(dir)) {
      names = files.map(p -> p.getFileName().toString()).filter(n -> CLIP_FILE.matcher(n).matches()).sorted().toList();
    }
    for (String name : names) {
      int index = Integer.parseInt(name.substring(5, name.length() - 4));
      String base = jobId + "/clips/" + name.substring(0, name.length() - 4);
      ObjectNode c = out.addObject();
      c.put("index", index);
      for (JsonNode h : highlights) {
        if (h.path("index").asInt(-1) == index) {
          c.set("title", h.get("title"));
          c.set("start", h.get("start"));
          c.set("end", h.get("end"));
          c.set("keptSeconds", h.get("keptSeconds"));
        }
      }
      c.put("url", Links.file(base + ".mp4"));
      c.put("thumbnailUrl", file(base + ".jpg") != null ? Links.file(base + ".jpg") : null);
      c.put("subtitlesUrl", file(base + ".vtt") != null ? Links.file(base + ".vtt") : null);
      c.put("page", Links.clipPage(jobId, index));
      ArrayNode formats = c.putArray("formats");
      for (int f = 0; f < clipFormats.size(); f++) {
        String format = clipFormats.get(f).asText();
        String fb = f == 0 ? base : base + "-" + format;
        if (f == 0) {
          c.put("format", format);
        }
        if (file(fb + ".mp4") == null) {
          continue;
        }
        ObjectNode o = formats.addObject();
        o.put("format", format);
        o.put("url", Links.file(fb + ".mp4"));
        o.put("thumbnailUrl", file(fb + ".jpg") != null ? Links.file(fb + ".jpg") : null);
        o.put("subtitlesUrl", file(fb + ".vtt") != null ? Links.file(fb + ".vtt") : null);
      }
    }
    return out;
  }

  /** The source video's location as job.json has it (a local path, file:// or s3:// URI); 404 when there is none. */
  public String videoUri(String jobId) {
    JsonNode uri = job(jobId).get("videoUri");
    if (uri == null || !uri.isTextual() || uri.asText().isBlank()) {
      throw ApiError.notFound("job " + jobId + " has no video location in its job.json");
    }
    return uri.asText();
  }

  /**
   * A file of the folder by its path relative to the folder (as a request names it, already URL-decoded), or null
   * when there is no such file or the path would leave the folder: a {@code ..} segment, an absolute path, a
   * backslash or NUL, or a symbolic link (anywhere on the way) that points outside.
   */
  public @Nullable Path file(@Nullable String relative) {
    if (relative == null || relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0 || relative.startsWith("/")) {
      return null;
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return null;
      }
    }
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root)) {
      return null;
    }
    try {
      Path real = p.toRealPath();
      return real.startsWith(root) ? real : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Content type of a served file, by its extension; unknown types are sent as bytes, never sniffed. */
  public static String contentType(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String ext = n.substring(n.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "json" -> "application/json";
      case "jsonl" -> "application/x-ndjson";
      case "vtt" -> "text/vtt; charset=utf-8";
      case "srt", "txt" -> "text/plain; charset=utf-8";
      case "jpg", "jpeg" -> "image/jpeg";
      case "png" -> "image/png";
      case "svg" -> "image/svg+xml";
      case "mp4", "m4v" -> "video/mp4";
      case "mov" -> "video/quicktime";
      case "webm" -> "video/webm";
      case "mkv" -> "video/x-matroska";
      case "m4a" -> "audio/mp4";
      case "mp3" -> "audio/mpeg";
      case "wav" -> "audio/wav";
      case "ogg", "opus" -> "audio/ogg";
      case "flac" -> "audio/flac";
      default -> "application/octet-stream";
    };
  }

  private static ArrayNode array(@Nullable ObjectNode doc, String field) {
    JsonNode a = doc == null ? null : doc.get(field);
    return a instanceof ArrayNode arr ? arr : Json.MAPPER.createArrayNode();
  }

  private static @Nullable ObjectNode readObject(@Nullable Path f) {
    if (f == null || !Files.isRegularFile(f)) {
      return null;
    }
    try {
      JsonNode n = Json.MAPPER.readTree(f.toFile());
      return n instanceof ObjectNode o ? o : null;
    } catch (IOException e) {
      return null;
    }
  }
}
