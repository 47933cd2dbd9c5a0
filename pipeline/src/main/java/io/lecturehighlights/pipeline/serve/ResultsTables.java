package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.db.JobRepository;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.output.JobFiles;
import io.lecturehighlights.transforms.search.ChunkDocuments;
import io.lecturehighlights.transforms.search.SearchDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The results database as {@code lhx serve} reads it: jobs from {@code jobs} (queued and running ones too, with
 * their current stage) and their history from {@code job_events}; results from {@code content_analysis},
 * {@code content_segments}, {@code highlights}, {@code slides} and {@code clips}. Rows are turned into the same
 * records the pipeline writes the folder's JSON from ({@link JobFiles}), so every answer has the folder mode's shape.
 *
 * <p>Files: the database records where each clip was written ({@code clips.video_uri}), so a job's folder is the
 * folder its clips are in ({@code <jobFolder>/clips/clip-NN.mp4}); a job without clips (a failed one) has the folder
 * {@code <output>/<jobId>} when the service was given an output folder that holds it. Local job folders are served
 * under {@code /out/<jobId>/} with ranges, like the folder mode's; {@code s3://} ones are linked by presigned URLs.
 */
public final class ResultsTables implements JobSource {
  private final DataSource db;
  private final @Nullable OutputFolder folder;
  private final @Nullable PresignedLinks s3;

  /**
   * @param folder the output folder given with the database (its files: the batch index, and the folders of jobs
   *     whose clips do not say where they are), or null
   * @param s3 signs links to job folders in S3, or null
   */
  public ResultsTables(DataSource db, @Nullable OutputFolder folder, @Nullable PresignedLinks s3) {
    this.db = db;
    this.folder = folder;
    this.s3 = s3;
  }

  @Override
  public String kind() {
    return "database";
  }

  private static final String JOB_SELECT = "SELECT j.*, (SELECT k.video_uri FROM clips k WHERE k.job_id = j.job_id "
      + "ORDER BY k.idx, k.format LIMIT 1) AS clip_uri FROM jobs j";

  @Override
  public ObjectNode jobs(JobListing.Filter filter, JobListing.Paging paging) throws IOException {
    StringBuilder sql = new StringBuilder(JOB_SELECT).append(" WHERE true");
    List<String> values = new ArrayList<>();
    // The same comparison as the folder's (JobListing.Filter): trimmed, any case.
    for (String[] f : new String[][] {{"course", filter.course()}, {"semester", filter.semester()},
        {"status", filter.status()}}) {
      if (f[1] != null) {
        sql.append(" AND lower(trim(j.").append(f[0]).append(")) = ?");
        values.add(f[1].toLowerCase(Locale.ROOT));
      }
    }
    Map<String, String> folders = new HashMap<>();
    List<ObjectNode> jobs = new ArrayList<>();
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < values.size(); i++) {
        ps.setString(i + 1, values.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ObjectNode job = record(rs, List.of());
          jobs.add(job);
          String dir = jobFolder(rs.getString("job_id"), rs.getString("clip_uri"));
          if (dir != null) {
            folders.put(rs.getString("job_id"), dir);
          }
        }
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    return JobListing.of(jobs, filter, paging, j -> {
      String id = j.path("jobId").asText();
      return ApiJson.summary(j, links(id, folders.get(id)).link("report.html"));
    });
  }

  @Override
  public ObjectNode job(String jobId) throws IOException {
    return row(jobId).job();
  }

  /** A job's record and where its files are. */
  private record JobRow(ObjectNode job, @Nullable String currentStage, @Nullable String folder) {}

  private JobRow row(String jobId) throws IOException {
    if (!OutputFolder.isJobId(jobId)) {
      throw ApiError.notFound("no job " + jobId + " in the results database (job ids are [A-Za-z0-9._-], 1-128 "
          + "characters)");
    }
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(JOB_SELECT + " WHERE j.job_id = ?")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw ApiError.notFound("no job " + jobId + " in the results database");
        }
        ObjectNode job = record(rs, clipFormats(c, jobId));
        String status = rs.getString("status");
        String stage = status.equals("queued") || status.equals("running") ? rs.getString("current_stage")
            : ApiJson.finishedStage(job);
        return new JobRow(job, stage, jobFolder(jobId, rs.getString("clip_uri")));
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * {@code GET /api/jobs/{jobId}}: the job's row as a job record, its current stage ({@code jobs.current_stage}
   * while it is queued or running, else as the folder mode) and its history, every event of every attempt
   * ({@code job_events}: the job queued, each stage started, finished or failed, the outcome).
   */
  @Override
  public ObjectNode status(String jobId) throws IOException {
    JobRow r = row(jobId);
    ArrayNode history = Json.MAPPER.createArrayNode();
    try {
      for (JobRepository.EventRow e : new JobRepository(db).events(jobId)) {
        ObjectNode o = history.addObject();
        o.put("attempt", e.attempt);
        o.put("stage", e.stage);
        o.put("event", e.event);
        o.put("at", e.at.toInstant().toString());
        o.put("worker", e.worker);
        o.put("durationMs", e.durationMs);
        o.put("reason", e.reason);
        o.put("message", e.message);
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    return ApiJson.status(r.job(), r.currentStage(), history, links(jobId, r.folder()).link("report.html"));
  }

  @Override
  public ObjectNode results(String jobId) throws IOException {
    JobRow r = row(jobId);
    ObjectNode segments = null;
    ArrayNode highlights;
    ArrayNode slides;
    List<ApiJson.Clip> clips;
    try (Connection c = db.getConnection()) {
      String analyzer = text(c, "SELECT analyzer FROM content_analysis WHERE job_id = ?", jobId);
      if (analyzer != null) {
        segments = JobFiles.segments(segments(c, jobId, analyzer));
      }
      highlights = (ArrayNode) JobFiles.highlights(highlights(c, jobId)).get("highlights");
      Layout layout = new Layout();
      layout.setSlides(slides(c, jobId));
      slides = (ArrayNode) JobFiles.slides(layout).get("slides");
      clips = clips(c, jobId, r.folder());
    } catch (SQLException e) {
      throw failed(e);
    }
    return ApiJson.results(r.job(), links(jobId, r.folder()), segments, highlights, clips, slides);
  }

  @Override
  public String videoUri(String jobId) throws IOException {
    JsonNode uri = job(jobId).get("videoUri");
    if (uri == null || !uri.isTextual() || uri.asText().isBlank()) {
      throw ApiError.notFound("job " + jobId + " has no video location in the results database");
    }
    return uri.asText();
  }

  /**
   * {@code /out/<jobId>/...}: a file of that job's own folder when the database places it in a local one;
   * anything else from the output folder given with the database, if any.
   */
  @Override
  public @Nullable Path file(String relative) throws IOException {
    int slash = relative.indexOf('/');
    if (slash > 0 && OutputFolder.isJobId(relative.substring(0, slash))) {
      OutputFolder own = localFolder(jobFolder(relative.substring(0, slash)));
      if (own != null) {
        return own.file(relative.substring(slash + 1));
      }
    }
    return folder == null ? null : folder.file(relative);
  }

  /** The job's folder (see below), looked up. */
  private @Nullable String jobFolder(String jobId) throws IOException {
    try (Connection c = db.getConnection()) {
      return jobFolder(jobId, text(c, "SELECT video_uri FROM clips WHERE job_id = ? ORDER BY idx, format LIMIT 1",
          jobId));
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * Links of search results from the database: the report (at the result's time) and the clip in the job's
   * folder, as the results link them.
   */
  public SearchService.ResultLinks searchLinks() {
    return new SearchService.ResultLinks() {
      @Override
      public @Nullable String report(SearchDocument d) throws IOException {
        String report = links(d.jobId(), jobFolder(d.jobId())).link("report.html");
        String at = d.reportAt();
        return report == null ? null : report + at.substring(at.indexOf('#'));
      }

      @Override
      public @Nullable String clip(SearchDocument d) {
        String dir = folderOfClip(d.clip());
        return dir == null ? null : links(d.jobId(), dir).link(d.clip().substring(dir.length() + 1));
      }
    };
  }

  /**
   * The job's folder: the one its clips were written to, else {@code <output>/<jobId>} when the service's output
   * folder holds the job; null when neither says.
   */
  @Nullable String jobFolder(String jobId, @Nullable String clipUri) {
    String dir = folderOfClip(clipUri);
    if (dir != null) {
      return dir;
    }
    if (folder != null && folder.file(jobId + "/job.json") != null) {
      return folder.root().resolve(jobId).toString();
    }
    return null;
  }

  /** {@code <jobFolder>/clips/clip-NN.mp4} -> {@code <jobFolder>}; null for anything else. */
  static @Nullable String folderOfClip(@Nullable String clipUri) {
    if (clipUri == null) {
      return null;
    }
    int name = clipUri.lastIndexOf('/');
    if (name <= 0 || !clipUri.substring(0, name).endsWith("/clips")) {
      return null;
    }
    String dir = clipUri.substring(0, name - "/clips".length());
    return dir.isEmpty() || dir.endsWith("/") ? null : dir;
  }

  /** Links to the files of a job folder: under /out/ when it is local, presigned when it is in S3. */
  private ApiJson.FileLinks links(String jobId, @Nullable String dir) {
    if (dir == null) {
      return ApiJson.FileLinks.NONE;
    }
    if (dir.startsWith("s3://")) {
      PresignedLinks signer = s3;
      return signer == null ? ApiJson.FileLinks.NONE : relative -> signer.get(dir + "/" + relative).toString();
    }
    OutputFolder own = localFolder(dir);
    return own == null ? ApiJson.FileLinks.NONE
        : relative -> own.file(relative) != null ? Links.file(jobId + "/" + relative) : null;
  }

  private static @Nullable OutputFolder localFolder(@Nullable String dir) {
    if (dir == null || !LocalMediaFile.isLocal(dir)) {
      return null;
    }
    try {
      return OutputFolder.open(LocalMediaFile.localPath(dir));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The job's row as JobFiles.job writes a job record; the table keeps only the duration of the media. */
  private static ObjectNode record(ResultSet rs, List<String> clipFormats) throws SQLException, IOException {
    LectureMetadata.Builder m = LectureMetadata.newBuilder().setTitle(rs.getString("title"))
        .setCourse(rs.getString("course")).setSemester(rs.getString("semester"))
        .setInstructor(rs.getString("instructor"));
    int number = rs.getInt("lecture_number");
    if (!rs.wasNull()) {
      m.setLectureNumber(number);
    }
    Map<String, Long> millis = new TreeMap<>();
    JsonNode seconds = Json.MAPPER.readTree(rs.getString("stage_seconds"));
    seconds.fields().forEachRemaining(e -> millis.put(e.getKey(), Math.round(e.getValue().asDouble() * 1000)));
    List<String> notes = new ArrayList<>();
    Json.MAPPER.readTree(rs.getString("notes")).forEach(n -> notes.add(n.asText()));
    JobStatus s = JobStatus.newBuilder().setJobId(rs.getString("job_id")).setSource(rs.getString("source"))
        .setVideoUri(rs.getString("video_uri")).setCaptionsUri(rs.getString("captions_uri"))
        .setMetadata(m.build()).setStatus(JobState.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)))
        .setCurrentStage(rs.getString("current_stage")).setFailedStage(rs.getString("failed_stage"))
        .setFailureReason(rs.getString("failure_reason")).setFailureMessage(rs.getString("failure_message"))
        .setStageMillis(new LinkedHashMap<>(millis)).setClips(rs.getInt("clip_count")).setClipFormats(clipFormats)
        .setNotes(notes).setUpdatedAtMillis(rs.getTimestamp("updated_at").getTime()).build();
    ObjectNode job = JobFiles.job(s);
    double duration = rs.getDouble("duration_seconds");
    if (!rs.wasNull()) {
      job.putObject("media").put("durationSeconds", Json.seconds(duration));
    }
    return job;
  }

  /** The job's clip formats: the first (files clip-NN.*) first, then the others by name. */
  private static List<String> clipFormats(Connection c, String jobId) throws SQLException {
    List<String> first = new ArrayList<>();
    List<String> others = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT DISTINCT ON (format) format, video_uri FROM clips WHERE job_id = ? ORDER BY format, idx")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          (ChunkDocuments.isFirstFormat(rs.getString(2), rs.getString(1)) ? first : others).add(rs.getString(1));
        }
      }
    }
    first.addAll(others);
    return first;
  }

  private static ContentSegments segments(Connection c, String jobId, String analyzer) throws SQLException {
    List<ContentSegment> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT start_seconds, end_seconds, title, summary, keywords, "
        + "importance, reason FROM content_segments WHERE job_id = ? ORDER BY idx")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(ContentSegment.newBuilder().setStart(rs.getDouble(1)).setEnd(rs.getDouble(2))
              .setTitle(rs.getString(3)).setSummary(rs.getString(4)).setKeywords(strings(rs.getArray(5)))
              .setImportance(rs.getDouble(6)).setReason(rs.getString(7)).build());
        }
      }
    }
    return ContentSegments.newBuilder().setJobId(jobId).setAnalyzer(analyzer).setSegments(out).build();
  }

  private static Highlights highlights(Connection c, String jobId) throws SQLException, IOException {
    List<Highlight> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT idx, title, start_seconds, end_seconds, keep::text, score "
        + "FROM highlights WHERE job_id = ? ORDER BY idx")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<TimeRange> keep = new ArrayList<>();
          for (JsonNode k : Json.MAPPER.readTree(rs.getString(5))) {
            keep.add(new TimeRange(k.path("start").asDouble(), k.path("end").asDouble()));
          }
          out.add(Highlight.newBuilder().setIndex(rs.getInt(1)).setTitle(rs.getString(2)).setStart(rs.getDouble(3))
              .setEnd(rs.getDouble(4)).setKeep(keep).setScore(rs.getDouble(6)).build());
        }
      }
    }
    return Highlights.newBuilder().setJobId(jobId).setHighlights(out).build();
  }

  private static List<Slide> slides(Connection c, String jobId) throws SQLException {
    List<Slide> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT idx, start_seconds, end_seconds, title, text, confidence, "
        + "thumbnail_uri, frame_time FROM slides WHERE job_id = ? ORDER BY idx")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(Slide.newBuilder().setJobId(jobId).setIndex(rs.getInt(1)).setStart(rs.getDouble(2))
              .setEnd(rs.getDouble(3)).setTitle(rs.getString(4)).setText(rs.getString(5))
              .setConfidence(rs.getDouble(6)).setThumbnail(rs.getString(7)).setFrameTime(rs.getDouble(8)).build());
        }
      }
    }
    return out;
  }

  /**
   * The job's clips from its rows, one per highlight, each with its formats (the first format's files are the
   * clip's own); locations are made relative to the job's folder (a clip elsewhere is left out: it has no link).
   */
  private static List<ApiJson.Clip> clips(Connection c, String jobId, @Nullable String dir) throws SQLException {
    Map<Integer, List<String[]>> byIndex = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT idx, format, video_uri, thumbnail_uri, subtitles_uri "
        + "FROM clips WHERE job_id = ? ORDER BY idx, format")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byIndex.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new String[] {rs.getString(2),
              rs.getString(3), rs.getString(4), rs.getString(5)});
        }
      }
    }
    List<ApiJson.Clip> out = new ArrayList<>();
    if (dir == null) {
      return out;
    }
    String prefix = dir + "/";
    for (Map.Entry<Integer, List<String[]>> e : byIndex.entrySet()) {
      ApiJson.ClipFormat first = null;
      List<ApiJson.ClipFormat> formats = new ArrayList<>();
      for (String[] k : e.getValue()) {
        if (!k[1].startsWith(prefix)) {
          continue;
        }
        ApiJson.ClipFormat f = new ApiJson.ClipFormat(k[0], k[1].substring(prefix.length()), within(prefix, k[2]),
            within(prefix, k[3]));
        if (ChunkDocuments.isFirstFormat(k[1], k[0])) {
          first = f;
          formats.add(0, f);
        } else {
          formats.add(f);
        }
      }
      if (first != null) {
        out.add(new ApiJson.Clip(e.getKey(), first, formats));
      }
    }
    return out;
  }

  private static @Nullable String within(String prefix, @Nullable String location) {
    return location != null && location.startsWith(prefix) ? location.substring(prefix.length()) : null;
  }

  private static @Nullable String text(Connection c, String sql, String jobId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static List<String> strings(@Nullable Array a) throws SQLException {
    return a == null ? List.of() : new ArrayList<>(Arrays.asList((String[]) a.getArray()));
  }

  private static IOException failed(SQLException e) {
    return new IOException("cannot read the results database: " + e.getMessage(), e);
  }
}
