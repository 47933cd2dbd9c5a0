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
public final class OutputFolder implements JobSource {
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
  @Override
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

  @Override
  public ObjectNode jobs(JobListing.Filter filter, JobListing.Paging paging) throws IOException {
    return JobListing.of(jobs(), filter, paging, j -> ApiJson.summary(j, reportLink(j.path("jobId").asText())));
  }

  @Override
  public String kind() {
    return "folder";
  }

  /** The report's link: every job folder a batch writes has its report.html (a failed job's says why). */
  private static String reportLink(String jobId) {
    return Links.file(jobId + "/report.html");
  }

  /**
   * {@code GET /api/jobs/{jobId}}: the job record as job.json has it, plus the stage it stopped at. A folder only
   * holds finished jobs, so the current stage is the failed stage of a failed job and {@code completed} otherwise;
   * it keeps no history ({@code history} null).
   */
  @Override
  public ObjectNode status(String jobId) {
    ObjectNode job = job(jobId);
    return ApiJson.status(job, ApiJson.finishedStage(job), null, reportLink(jobId));
  }

  /**
   * {@code GET /api/jobs/{jobId}/results} from the job's files: segments.json, highlights.json, slides.json, the
   * clips under clips/ and the subtitle files. A missing file is an empty list, not an error.
   */
  @Override
  public ObjectNode results(String jobId) throws IOException {
    ObjectNode job = job(jobId);
    ArrayNode highlights = array(readObject(file(jobId + "/highlights.json")), "highlights");
    return ApiJson.results(job, links(jobId), readObject(file(jobId + "/segments.json")), highlights,
        clips(jobId, job.path("clipFormats")), array(readObject(file(jobId + "/slides.json")), "slides"));
  }

  /** Links to a job's files that exist in this folder, under {@code /out/}. */
  private ApiJson.FileLinks links(String jobId) {
    return relative -> file(jobId + "/" + relative) != null ? Links.file(jobId + "/" + relative) : null;
  }

  /**
   * The rendered clips ({@code clips/clip-NN.mp4}) and their formats ({@code --clip-formats}, job.json's
   * {@code clipFormats}): the first under the clip's own name, the others as {@code clip-NN-<format>.*}.
   */
  private List<ApiJson.Clip> clips(String jobId, JsonNode clipFormats) throws IOException {
    List<ApiJson.Clip> out = new ArrayList<>();
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
      String base = "clips/" + name.substring(0, name.length() - 4);
      List<ApiJson.ClipFormat> formats = new ArrayList<>();
      for (int f = 0; f < clipFormats.size(); f++) {
        String format = clipFormats.get(f).asText();
        String fb = f == 0 ? base : base + "-" + format;
        formats.add(new ApiJson.ClipFormat(format, fb + ".mp4", fb + ".jpg", fb + ".vtt"));
      }
      String first = clipFormats.isEmpty() ? null : clipFormats.get(0).asText();
      out.add(new ApiJson.Clip(index, new ApiJson.ClipFormat(first, base + ".mp4", base + ".jpg", base + ".vtt"),
          formats));
    }
    return out;
  }

  /** The source video's location as job.json has it (a local path, file:// or s3:// URI); 404 when there is none. */
  @Override
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
  @Override
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
