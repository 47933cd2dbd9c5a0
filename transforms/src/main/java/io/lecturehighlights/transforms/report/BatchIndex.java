package io.lecturehighlights.transforms.report;

import static io.lecturehighlights.transforms.report.Html.esc;
import static io.lecturehighlights.transforms.report.Html.num;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.output.JobFiles;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <out>/index.html}: every lecture of the output folder with its outcome, the batch's totals and a chart of
 * the time spent per stage. Rows come from this run's job records and, for jobs this run did not process (earlier
 * runs, lectures skipped as unchanged), from their {@code job.json}; this run's records win.
 */
public final class BatchIndex {
  public static final String FILE_NAME = "index.html";
  private static final Logger LOG = LoggerFactory.getLogger(BatchIndex.class);

  private BatchIndex() {}

  /** Where a row comes from. */
  public enum Origin {
    /** Processed by this run. */
    THIS_RUN,
    /** Set aside by this run because an earlier run completed the same content. */
    SKIPPED,
    /** Only in the output folder, from an earlier run. */
    EARLIER
  }

  /**
   * One lecture of the index.
   *
   * @param hasReport whether its {@code report.html} exists (always, for this run's jobs), so the index links it
   */
  public record Row(JobStatus job, Origin origin, boolean hasReport) {}

  /** The batch's totals. Lecture hours count completed lectures only (the footage the clips came from). */
  public record Totals(int jobs, int completed, int failed, int skipped, int earlier, int other, double lectureHours,
      int clips) {}

  /**
   * The rows of the index, in a stable order (course, lecture number, title, job id).
   *
   * @param thisRun job records of this run
   * @param skippedJobIds jobs this run skipped as unchanged
   * @param earlier job records found in the output folder (from {@link #readEarlierJobs}); those of jobs in this run
   *     are ignored
   * @param skippedEvents placeholders for skipped jobs without a {@code job.json} (job id, source, metadata)
   * @param earlierReports jobs of the output folder that have a {@code report.html} ({@link #jobsWithReports})
   */
  public static List<Row> rows(Collection<JobStatus> thisRun, Set<String> skippedJobIds, Collection<JobStatus> earlier,
      Collection<JobStatus> skippedEvents, Set<String> earlierReports) {
    Map<String, Row> byId = new LinkedHashMap<>();
    for (JobStatus j : earlier) {
      byId.put(j.getJobId(), new Row(j, skippedJobIds.contains(j.getJobId()) ? Origin.SKIPPED : Origin.EARLIER,
          earlierReports.contains(j.getJobId())));
    }
    for (JobStatus j : skippedEvents) {
      byId.putIfAbsent(j.getJobId(), new Row(j, Origin.SKIPPED, earlierReports.contains(j.getJobId())));
    }
    for (JobStatus j : thisRun) {
      Row prev = byId.get(j.getJobId());
      // Within this run the latest record of a job wins (a streaming job may see a lecture re-uploaded).
      if (prev == null || prev.origin() != Origin.THIS_RUN || j.getUpdatedAtMillis() >= prev.job().getUpdatedAtMillis()) {
        byId.put(j.getJobId(), new Row(j, Origin.THIS_RUN, true));
      }
    }
    List<Row> rows = new ArrayList<>(byId.values());
    rows.sort(Comparator.comparing((Row r) -> nz(meta(r.job()).getCourse()))
        .thenComparing(r -> meta(r.job()).getLectureNumber() == null ? Integer.MAX_VALUE
            : meta(r.job()).getLectureNumber())
        .thenComparing(r -> nz(meta(r.job()).getTitle()))
        .thenComparing(r -> r.job().getJobId()));
    return rows;
  }

  /** The index of this run's jobs alone. */
  public static String ofJobs(List<JobStatus> jobs, Instant generatedAt) {
    return html(rows(jobs, Set.of(), List.of(), List.of(), Set.of()), generatedAt);
  }

  public static Totals totals(List<Row> rows) {
    int completed = 0;
    int failed = 0;
    int skipped = 0;
    int earlier = 0;
    int other = 0;
    int clips = 0;
    double seconds = 0;
    for (Row r : rows) {
      JobStatus j = r.job();
      switch (r.origin()) {
        case SKIPPED -> skipped++;
        case EARLIER -> earlier++;
        case THIS_RUN -> {
          if (j.getStatus() == JobState.COMPLETED) {
            completed++;
          } else if (j.getStatus() == JobState.FAILED) {
            failed++;
          } else {
            other++;
          }
        }
      }
      if (j.getStatus() == JobState.COMPLETED) {
        clips += j.getClips();
        if (j.getMedia() != null && Double.isFinite(j.getMedia().getDurationSeconds())) {
          seconds += j.getMedia().getDurationSeconds();
        }
      }
    }
    return new Totals(rows.size(), completed, failed, skipped, earlier, other, seconds / 3600.0, clips);
  }

  /** Total seconds per stage over this run's jobs, in pipeline order. */
  public static Map<String, Double> stageSeconds(List<Row> rows) {
    Map<String, Double> sum = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.origin() == Origin.THIS_RUN) {
        r.job().getStageMillis().forEach((stage, ms) -> sum.merge(stage, ms / 1000.0, Double::sum));
      }
    }
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (String s : Page.orderedStages(sum.keySet())) {
      ordered.put(s, sum.get(s));
    }
    return ordered;
  }

  public static String html(List<Row> rows, Instant generatedAt) {
    Totals t = totals(rows);
    StringBuilder b = new StringBuilder("<main>\n<h1>Lecture highlights</h1>\n<p class=\"sub\">")
        .append(t.jobs()).append(t.jobs() == 1 ? " lecture" : " lectures").append(" · updated ")
        .append(esc(generatedAt.toString().replaceFirst("\\.\\d+Z$", "Z"))).append("</p>\n");
    b.append("<div class=\"totals\" id=\"totals\">");
    total(b, "completed", t.completed(), "completed");
    total(b, "failed", t.failed(), "failed");
    total(b, "skipped", t.skipped(), "skipped (unchanged)");
    if (t.earlier() > 0) {
      total(b, "earlier", t.earlier(), "from earlier runs");
    }
    if (t.other() > 0) {
      total(b, "other", t.other(), "in progress");
    }
    b.append("<div id=\"total-hours\"><b>").append(String.format(Locale.ROOT, "%.2f", t.lectureHours()))
        .append("</b><span>lecture hours (completed)</span></div>");
    total(b, "clips", t.clips(), "clips");
    b.append("</div>\n");

    b.append("<h2>Time per stage</h2>\n");
    Map<String, Double> stages = stageSeconds(rows);
    if (stages.isEmpty()) {
      b.append("<p class=\"muted\">No stage times from this run.</p>\n");
    } else {
      b.append(stageChart(stages)).append("<p class=\"muted\">Processing time summed over this run's lectures "
          + "(stages run in parallel, so the sum exceeds the wall time).</p>\n");
    }

    b.append("<h2>Lectures</h2>\n<table id=\"jobs\"><thead><tr><th>Lecture</th><th>Status</th>"
        + "<th class=\"num\">Clips</th><th class=\"num\">Duration</th><th>Failure</th></tr></thead><tbody>\n");
    for (Row r : rows) {
      row(b, r);
    }
    b.append("</tbody></table>\n</main>");
    return Page.document("Lecture highlights", b.toString(), "");
  }

  private static void total(StringBuilder b, String id, int n, String label) {
    b.append("<div id=\"total-").append(id).append("\"><b>").append(n).append("</b><span>").append(esc(label))
        .append("</span></div>");
  }

  private static void row(StringBuilder b, Row r) {
    JobStatus j = r.job();
    LectureMetadata m = meta(j);
    String state = switch (r.origin()) {
      case SKIPPED -> "skipped";
      case EARLIER -> j.getStatus().name().toLowerCase(Locale.ROOT);
      case THIS_RUN -> j.getStatus().name().toLowerCase(Locale.ROOT);
    };
    String title = m.getTitle() != null && !m.getTitle().isBlank() ? m.getTitle() : j.getJobId();
    String link = urlSegment(j.getJobId()) + "/" + LectureReport.FILE_NAME;
    b.append("<tr data-job=\"").append(esc(j.getJobId())).append("\" data-origin=\"")
        .append(r.origin().name().toLowerCase(Locale.ROOT)).append("\"><td>");
    if (r.hasReport()) {
      b.append("<a href=\"").append(esc(link)).append("\">").append(esc(title)).append("</a>");
    } else {
      // An earlier run that wrote no report (older version, or a job only recorded): no dead link.
      b.append(esc(title)).append(" <span class=\"muted\">(no report)</span>");
    }
    List<String> sub = new ArrayList<>();
    if (m.getCourse() != null) {
      sub.add(m.getCourse());
    }
    if (m.getLectureNumber() != null) {
      sub.add("lecture " + m.getLectureNumber());
    }
    b.append("<br><span class=\"muted\">").append(esc(String.join(" · ", sub))).append(sub.isEmpty() ? "" : " · ")
        .append("<code>").append(esc(j.getJobId())).append("</code></span></td>");
    b.append("<td><span class=\"badge ").append(state).append("\">").append(esc(state)).append("</span>");
    if (r.origin() == Origin.EARLIER) {
      b.append("<br><span class=\"muted\">earlier run</span>");
    } else if (r.origin() == Origin.SKIPPED) {
      b.append("<br><span class=\"muted\">unchanged since an earlier run</span>");
    }
    b.append("</td><td class=\"num\">").append(j.getStatus() == JobState.COMPLETED ? Integer.toString(j.getClips()) : "–")
        .append("</td><td class=\"num\">")
        .append(j.getMedia() != null ? esc(Html.duration(j.getMedia().getDurationSeconds())) : "–").append("</td><td>");
    if (j.getFailedStage() != null || j.getFailureReason() != null) {
      b.append("<span class=\"stage\">").append(esc(j.getFailedStage())).append("</span>: <code class=\"reason\">")
          .append(esc(j.getFailureReason())).append("</code><br><span class=\"muted\">")
          .append(esc(j.getFailureMessage())).append("</span>");
    } else if (!j.getNotes().isEmpty()) {
      b.append("<span class=\"muted\">").append(esc(String.join("; ", j.getNotes()))).append("</span>");
    }
    b.append("</td></tr>\n");
  }

  /** Horizontal bars, one per stage, longest at full width, with the time written beside each. */
  static String stageChart(Map<String, Double> seconds) {
    double max = seconds.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double labelW = 110;
    double barW = 520;
    double rowH = 26;
    double height = seconds.size() * rowH + 8;
    StringBuilder sb = new StringBuilder("<svg id=\"stage-chart\" class=\"chart\" viewBox=\"0 0 760 ")
        .append(num(height)).append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
            + "aria-label=\"Processing time per stage\">\n");
    int i = 0;
    for (Map.Entry<String, Double> e : seconds.entrySet()) {
      double y = 4 + i++ * rowH;
      double w = max > 0 ? e.getValue() / max * barW : 0;
      sb.append("<g class=\"stage-bar\" data-stage=\"").append(esc(e.getKey())).append("\" data-seconds=\"")
          .append(num(e.getValue())).append("\"><title>").append(esc(e.getKey() + ": "
              + Html.duration(e.getValue()))).append("</title>")
          .append("<text x=\"").append(num(labelW - 8)).append("\" y=\"").append(num(y + rowH / 2 + 4))
          .append("\" text-anchor=\"end\" font-size=\"13\">").append(esc(e.getKey())).append("</text>")
          .append("<rect x=\"").append(num(labelW)).append("\" y=\"").append(num(y + 4)).append("\" width=\"")
          .append(num(Math.max(1, w))).append("\" height=\"").append(num(rowH - 8))
          .append("\" rx=\"2\" fill=\"#2f6fb5\"/>")
          .append("<text x=\"").append(num(labelW + Math.max(1, w) + 6)).append("\" y=\"").append(num(y + rowH / 2 + 4))
          .append("\" font-size=\"12\">").append(esc(Html.duration(e.getValue()))).append("</text></g>\n");
    }
    return sb.append("</svg>").toString();
  }

  /** Job ids are [A-Za-z0-9._-] (JobIds); anything else is percent-encoded so the link stays a relative path. */
  static String urlSegment(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte c : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == '-') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", c & 0xff));
      }
    }
    return sb.toString();
  }

  /**
   * Reads a {@code job.json} ({@link JobFiles#job}) back into a job record: the fields the index shows. Returns null
   * for a document that is not a job record.
   */
  public static @Nullable JobStatus readJobJson(byte[] json) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      return null;
    }
    if (n == null || !n.hasNonNull("jobId") || !n.hasNonNull("status")) {
      return null;
    }
    JobState state;
    try {
      state = JobState.valueOf(n.get("status").asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      state = JobState.UNKNOWN;
    }
    JsonNode meta = n.path("metadata");
    LectureMetadata m = LectureMetadata.newBuilder()
        .setTitle(text(meta, "title"))
        .setCourse(text(meta, "course"))
        .setSemester(text(meta, "semester"))
        .setLectureNumber(meta.hasNonNull("lectureNumber") ? meta.get("lectureNumber").asInt() : null)
        .setInstructor(text(meta, "instructor"))
        .build();
    Map<String, Long> millis = new LinkedHashMap<>();
    n.path("stageTimings").fields().forEachRemaining(e ->
        millis.put(e.getKey(), Math.round(e.getValue().asDouble() * 1000)));
    MediaInfo media = null;
    JsonNode mi = n.path("media");
    if (mi.isObject() && mi.hasNonNull("durationSeconds")) {
      media = MediaInfo.newBuilder()
          .setContainer(mi.path("container").asText(""))
          .setDurationSeconds(mi.get("durationSeconds").asDouble())
          .setSizeBytes(mi.path("sizeBytes").asLong(0))
          .setVideoCodec(text(mi, "videoCodec"))
          .setWidth(mi.hasNonNull("width") ? mi.get("width").asInt() : null)
          .setHeight(mi.hasNonNull("height") ? mi.get("height").asInt() : null)
          .setFrameRate(mi.hasNonNull("frameRate") ? mi.get("frameRate").asDouble() : null)
          .setAudioCodec(mi.path("audioCodec").asText(""))
          .setAudioSampleRate(mi.path("audioSampleRate").asInt(0))
          .setAudioChannels(mi.path("audioChannels").asInt(0))
          .build();
    }
    List<String> notes = new ArrayList<>();
    n.path("notes").forEach(x -> notes.add(x.asText()));
    long updated = 0;
    if (n.hasNonNull("updatedAt")) {
      try {
        updated = Instant.parse(n.get("updatedAt").asText()).toEpochMilli();
      } catch (DateTimeParseException e) {
        updated = 0;
      }
    }
    return JobStatus.newBuilder()
        .setJobId(n.get("jobId").asText())
        .setSource(n.path("source").asText(""))
        .setVideoUri(text(n, "videoUri"))
        .setMetadata(m)
        .setStatus(state)
        .setFailedStage(text(n, "failedStage"))
        .setFailureReason(text(n, "failureReason"))
        .setFailureMessage(text(n, "failureMessage"))
        .setStageMillis(millis)
        .setMedia(media)
        .setClips(n.path("clips").asInt(0))
        .setNotes(notes)
        .setUpdatedAtMillis(updated)
        .build();
  }

  /**
   * The job records in {@code <outputDir>/*}{@code /job.json}, except those of {@code exclude} (this run's jobs). A
   * file that cannot be parsed is logged and left out; an unreadable folder is an error.
   */
  public static List<JobStatus> readEarlierJobs(String outputDir, Set<String> exclude) throws IOException {
    String pattern = FileSystems.matchNewResource(outputDir, true)
        .resolve("*", StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve("job.json", StandardResolveOptions.RESOLVE_FILE).toString();
    MatchResult match = FileSystems.match(List.of(pattern), EmptyMatchTreatment.ALLOW).get(0);
    if (match.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    List<JobStatus> out = new ArrayList<>();
    Set<String> seen = new HashSet<>(exclude);
    for (MatchResult.Metadata f : match.metadata()) {
      // The folder's name is the job id: skip this run's jobs without reading their files.
      String folder = f.resourceId().getCurrentDirectory().getFilename();
      if (folder != null && exclude.contains(folder)) {
        continue;
      }
      byte[] bytes = ReportAssets.readIfPresent(f.resourceId().toString());
      JobStatus j = bytes == null ? null : readJobJson(bytes);
      if (j == null) {
        LOG.warn("{} is not a job record; left out of the index", f.resourceId());
      } else if (seen.add(j.getJobId())) {
        out.add(j);
      }
    }
    return out;
  }

  /** Jobs of the output folder with a {@code report.html} (the names of the folders that hold one). */
  public static Set<String> jobsWithReports(String outputDir) throws IOException {
    String pattern = FileSystems.matchNewResource(outputDir, true)
        .resolve("*", StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(LectureReport.FILE_NAME, StandardResolveOptions.RESOLVE_FILE).toString();
    MatchResult match = FileSystems.match(List.of(pattern), EmptyMatchTreatment.ALLOW).get(0);
    Set<String> out = new HashSet<>();
    if (match.status() == MatchResult.Status.NOT_FOUND) {
      return out;
    }
    for (MatchResult.Metadata f : match.metadata()) {
      String folder = f.resourceId().getCurrentDirectory().getFilename();
      if (folder != null) {
        out.add(folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder);
      }
    }
    return out;
  }

  private static LectureMetadata meta(JobStatus j) {
    return j.getMetadata() != null ? j.getMetadata() : new LectureMetadata();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static @Nullable String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }
}
