package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.pipeline.LectureHighlightsOptions;
import io.lecturehighlights.pipeline.StageConfigs;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.content.ContentConfig;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.JobRepository;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PooledDataSources;
import io.lecturehighlights.transforms.ingest.UploadTriage;
import io.lecturehighlights.transforms.validate.UploadValidator;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code lhx batch --dry-run}: what a batch would do, without a Flink job and without writing results. Lists each
 * lecture of the input with its job id, location, course and title, duration and size from the container header
 * (the validate stage's own checks: local files in place, remote objects through {@link HeadTailProbe}), and whether
 * the batch would process it, skip it as unchanged (the results database holds a completed job with the same content
 * fingerprint; not with --force), reject it at validation (with validation's reason) or drop it as a duplicate job id.
 * Totals: lectures, lecture-hours and the cloud cost ({@link CloudCostEstimate}) with the configured engines and with
 * the cloud engines.
 */
final class DryRun {
  enum Verdict { process, unchanged, rejected, duplicate }

  /** One lecture of the listing; duration and size are null when the probe could not read them. */
  record Lecture(int line, String jobId, String videoUri, String course, String title, boolean captioned,
      Double durationSeconds, Long sizeBytes, Verdict verdict, String reason, String message) {}

  /** Settings of the dry run itself. */
  record Prices(double whisperUsdPerMinute, double geminiInputUsdPerMillion, double geminiOutputUsdPerMillion) {}

  private final BatchSettings s;
  private LectureHighlightsOptions o;
  private final Prices prices;
  private final PrintStream out;
  private final PrintStream err;

  DryRun(BatchSettings settings, Prices prices, PrintStream out, PrintStream err) {
    this.s = settings;
    this.prices = prices;
    this.out = out;
    this.err = err;
  }

  int run(String input, String output, boolean json) {
    input = absolute(input);
    ContentConfig content;
    CloudCostEstimate costs;
    try {
      // The options and stage configs the job would run with, built as lhx batch builds them (same checks).
      o = new BatchRunner(s).options(output);
      content = StageConfigs.from(o).content()
          .withPrices(prices.geminiInputUsdPerMillion(), prices.geminiOutputUsdPerMillion());
      int promptChars = CloudCostEstimate.fixedPromptChars(content);
      costs = new CloudCostEstimate(prices.whisperUsdPerMinute(), content, CloudCostEstimate.Assumptions.defaults(),
          promptChars);
    } catch (IllegalArgumentException e) {
      err.println("lhx: " + e.getMessage());
      return 2;
    }

    List<InputListing.Entry> entries;
    try {
      entries = InputListing.list(input);
    } catch (FileNotFoundException e) {
      err.println("lhx: " + e.getMessage());
      return 2;
    } catch (IOException | IllegalArgumentException e) {
      err.println("lhx: cannot read input " + input + ": " + e.getMessage());
      return 2;
    }
    if (entries.isEmpty()) {
      err.println("lhx: nothing to process: " + input + " lists or matches no lecture");
      return 2;
    }

    String database = s.noDatabase ? "none (--no-database): skips not checked" : null;
    Map<String, String> completed = Map.of();
    if (!s.noDatabase && !s.force) {
      try {
        completed = completedFingerprints();
        database = s.database.url == null && !Files.isDirectory(s.workDir().resolve("postgres"))
            ? "none yet in " + s.workDir().resolve("postgres") + ": nothing to skip"
            : describeDatabase() + ": " + completed.size() + " completed lecture" + (completed.size() == 1 ? "" : "s");
      } catch (SQLException | Migrations.DatabaseUnavailable | RuntimeException e) {
        database = "unavailable, skips not checked (" + e.getMessage() + ")";
      }
    } else if (s.force) {
      database = "not read (--force reprocesses everything)";
    }

    List<Lecture> lectures;
    try {
      lectures = plan(entries, completed);
    } catch (IOException e) {
      err.println("lhx: cannot create a temporary folder for probing: " + e.getMessage());
      return 2;
    }
    if (json) {
      try {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
            toJson(input, output, database, lectures, costs)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      printText(input, output, database, lectures, costs);
    }
    return 0;
  }

  /** Each entry's verdict, in the pipeline's order: manifest row, duplicate, unchanged, validation. */
  List<Lecture> plan(List<InputListing.Entry> entries, Map<String, String> completed) throws IOException {
    ValidationConfig limits = StageConfigs.from(o).validation();
    UploadValidator local = new UploadValidator(limits);
    Path tmp = Files.createTempDirectory("lhx-dry-run-");
    HeadTailProbe remote = new HeadTailProbe(limits, HeadTailProbe.DEFAULT_WINDOW, tmp);
    Map<String, Integer> seen = new HashMap<>();
    List<Lecture> out = new ArrayList<>();
    try {
      for (int i = 0; i < entries.size(); i++) {
        InputListing.Entry entry = entries.get(i);
        UploadEvent e = entry.event();
        Double duration = null;
        Long size = entry.sizeBytes() >= 0 ? entry.sizeBytes() : null;
        Verdict verdict = Verdict.process;
        String reason = null;
        String message = null;
        if (entry.error() != null) {
          verdict = Verdict.rejected;
          reason = io.lecturehighlights.transforms.validate.RejectionReasons.INVALID_MANIFEST_ROW;
          message = entry.error();
        } else {
          try {
            String uri = e.getVideoUri();
            MediaInfo info = LocalMediaFile.isLocal(uri) ? local.validate(e) : remote.validate(e);
            duration = info.getDurationSeconds();
            size = info.getSizeBytes();
          } catch (StageException rejected) {
            verdict = Verdict.rejected;
            reason = rejected.reason();
            message = rejected.getMessage();
          }
          Integer first = seen.putIfAbsent(UploadTriage.identity(e), i + 1);
          if (first != null) {
            verdict = Verdict.duplicate;
            reason = "duplicate_job_id";
            message = "same job id as #" + first + ", which is processed once";
          } else if (UploadTriage.unchanged(e.getJobId(), UploadTriage.fingerprint(e), completed)) {
            verdict = Verdict.unchanged;
            reason = "unchanged";
            message = "an earlier run completed the same content (--force reprocesses it)";
          }
        }
        var m = e.getMetadata();
        out.add(new Lecture(i + 1, e.getJobId(), e.getVideoUri(), m == null ? null : m.getCourse(),
            m == null ? null : m.getTitle(), e.getCaptionsUri() != null, duration, size, verdict, reason, message));
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return out;
  }

  /**
   * Completed lectures of the results database, read only: a server is queried as it is (no migration); the
   * embedded one is started only if it exists, as a batch would find it.
   */
  private Map<String, String> completedFingerprints() throws SQLException, Migrations.DatabaseUnavailable {
    if (s.database.url != null) {
      DatabaseConfig c = new DatabaseConfig(s.database.url, s.database.user, s.database.passwordEnv, 1);
      try {
        return new JobRepository(PooledDataSources.get(c)).completedFingerprints();
      } catch (SQLException e) {
        if ("42P01".equals(e.getSQLState())) {
          return Map.of(); // no jobs table yet: no batch ran against this database
        }
        throw e;
      } finally {
        PooledDataSources.closeAll();
      }
    }
    if (!Files.isDirectory(s.workDir().resolve("postgres"))) {
      return Map.of();
    }
    try (ResultsDatabase db = ResultsDatabase.open(s.database, s.workDir())) {
      return new JobRepository(PooledDataSources.get(db.config())).completedFingerprints();
    }
  }

  private String describeDatabase() {
    return s.database.url != null ? s.database.url : "embedded PostgreSQL in " + s.workDir().resolve("postgres");
  }

  /** Sums over the lectures that would be processed. */
  record Totals(int lectures, int process, int unchanged, int rejected, int duplicates, int captioned,
      double seconds, long bytes, double configuredWhisper, double configuredGemini, double cloudWhisper,
      double cloudGemini, long inputTokens, long outputTokens, int requests) {}

  Totals totals(List<Lecture> lectures, CloudCostEstimate costs) {
    int process = 0;
    int unchanged = 0;
    int rejected = 0;
    int duplicates = 0;
    int captioned = 0;
    double seconds = 0;
    long bytes = 0;
    double cw = 0;
    double cg = 0;
    double w = 0;
    double g = 0;
    long in = 0;
    long outTokens = 0;
    int requests = 0;
    for (Lecture l : lectures) {
      switch (l.verdict()) {
        case unchanged -> unchanged++;
        case rejected -> rejected++;
        case duplicate -> duplicates++;
        case process -> {
          process++;
          captioned += l.captioned() ? 1 : 0;
          seconds += l.durationSeconds();
          bytes += l.sizeBytes() == null ? 0 : l.sizeBytes();
          CloudCostEstimate.Cost mine = costs.configured(l.durationSeconds(), l.captioned(), o.getTranscriptionEngine(),
              o.getContentAnalyzer());
          CloudCostEstimate.Cost cloud = costs.cloud(l.durationSeconds(), l.captioned());
          cw += mine.whisperUsd();
          cg += mine.geminiUsd();
          w += cloud.whisperUsd();
          g += cloud.geminiUsd();
          in += cloud.tokens().input();
          outTokens += cloud.tokens().output();
          requests += cloud.tokens().requests();
        }
      }
    }
    return new Totals(lectures.size(), process, unchanged, rejected, duplicates, captioned, seconds, bytes, cw, cg, w,
        g, in, outTokens, requests);
  }

  private void printText(String input, String output, String database, List<Lecture> lectures,
      CloudCostEstimate costs) {
    out.printf("Dry run over %s%s: nothing is processed or written.%n", input,
        output == null ? "" : " (output would go to " + absolute(output) + ")");
    out.printf("Engines: transcription %s, content %s. Results database: %s.%n%n", o.getTranscriptionEngine(),
        o.getContentAnalyzer(), database);
    out.printf("%3s  %-40s %9s %10s  %s%n", "#", "job id", "duration", "size", "would be");
    for (Lecture l : lectures) {
      String verdict = switch (l.verdict()) {
        case process -> "processed" + (l.captioned() ? " (captions)" : "");
        case unchanged -> "skipped: unchanged";
        case duplicate -> "dropped: " + l.message();
        case rejected -> "rejected: " + l.reason();
      };
      out.printf("%3d  %-40s %9s %10s  %s%n", l.line(), l.jobId(),
          l.durationSeconds() == null ? "-" : hms(l.durationSeconds()),
          l.sizeBytes() == null ? "-" : bytes(l.sizeBytes()), verdict);
      StringBuilder about = new StringBuilder();
      if (l.course() != null) {
        about.append(l.course()).append(" | ");
      }
      if (l.title() != null) {
        about.append(l.title()).append(" | ");
      }
      out.printf("     %s%s%n", about, l.videoUri());
      if (l.verdict() == Verdict.rejected) {
        out.printf("     %s%n", l.message());
      }
    }
    Totals t = totals(lectures, costs);
    out.printf("%n%d lectures: %d to process (%.2f lecture-hours, %s; %d with captions), %d unchanged, "
        + "%d rejected by validation, %d duplicates.%n", t.lectures(), t.process(), t.seconds() / 3600,
        bytes(t.bytes()), t.captioned(), t.unchanged(), t.rejected(), t.duplicates());
    out.printf("Cloud cost with the configured engines (%s, %s): %s (Whisper %s, Gemini %s).%n",
        o.getTranscriptionEngine(), o.getContentAnalyzer(), usd(t.configuredWhisper() + t.configuredGemini()),
        usd(t.configuredWhisper()), usd(t.configuredGemini()));
    out.printf("Cloud cost with whisper-api and gemini: %s (Whisper %s for %.1f audio minutes without captions; "
        + "Gemini %s for about %,d input and %,d output tokens in %d requests).%n",
        usd(t.cloudWhisper() + t.cloudGemini()), usd(t.cloudWhisper()), minutesWithoutCaptions(lectures),
        usd(t.cloudGemini()), t.inputTokens(), t.outputTokens(), t.requests());
    out.println("How the cost is estimated:");
    for (String line : costs.explain()) {
      out.println("  " + line);
    }
  }

  private static double minutesWithoutCaptions(List<Lecture> lectures) {
    return lectures.stream().filter(l -> l.verdict() == Verdict.process && !l.captioned())
        .mapToDouble(l -> l.durationSeconds() / 60).sum();
  }

  private ObjectNode toJson(String input, String output, String database, List<Lecture> lectures,
      CloudCostEstimate costs) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("input", input);
    root.put("output", output == null ? null : absolute(output));
    root.put("transcriptionEngine", o.getTranscriptionEngine());
    root.put("contentAnalyzer", o.getContentAnalyzer());
    root.put("database", database);
    ArrayNode list = root.putArray("lectures");
    for (Lecture l : lectures) {
      ObjectNode n = list.addObject();
      n.put("line", l.line());
      n.put("jobId", l.jobId());
      n.put("videoUri", l.videoUri());
      n.put("course", l.course());
      n.put("title", l.title());
      n.put("captions", l.captioned());
      n.put("durationSeconds", l.durationSeconds());
      n.put("sizeBytes", l.sizeBytes());
      n.put("verdict", l.verdict().name());
      n.put("reason", l.reason());
      n.put("message", l.message());
      if (l.verdict() == Verdict.process) {
        CloudCostEstimate.Cost c = costs.cloud(l.durationSeconds(), l.captioned());
        n.put("cloudWhisperUsd", c.whisperUsd());
        n.put("cloudGeminiUsd", c.geminiUsd());
        n.put("geminiInputTokens", c.tokens().input());
        n.put("geminiOutputTokens", c.tokens().output());
      }
    }
    Totals t = totals(lectures, costs);
    ObjectNode totals = root.putObject("totals");
    totals.put("lectures", t.lectures());
    totals.put("process", t.process());
    totals.put("unchanged", t.unchanged());
    totals.put("rejected", t.rejected());
    totals.put("duplicates", t.duplicates());
    totals.put("captioned", t.captioned());
    totals.put("lectureHours", t.seconds() / 3600);
    totals.put("sizeBytes", t.bytes());
    ObjectNode cost = root.putObject("costUsd");
    cost.put("configuredWhisper", t.configuredWhisper());
    cost.put("configuredGemini", t.configuredGemini());
    cost.put("configuredTotal", t.configuredWhisper() + t.configuredGemini());
    cost.put("cloudWhisper", t.cloudWhisper());
    cost.put("cloudGemini", t.cloudGemini());
    cost.put("cloudTotal", t.cloudWhisper() + t.cloudGemini());
    cost.put("geminiInputTokens", t.inputTokens());
    cost.put("geminiOutputTokens", t.outputTokens());
    cost.put("geminiRequests", t.requests());
    ArrayNode how = cost.putArray("assumptions");
    costs.explain().forEach(how::add);
    return root;
  }

  static String usd(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "$%,.0f" : v >= 1 ? "$%.2f" : "$%.4f", v);
  }

  static String hms(double s) {
    long t = Math.round(s);
    return String.format("%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
  }

  static String bytes(long b) {
    if (b >= (1L << 30)) {
      return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
    }
    if (b >= (1L << 20)) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
    }
    if (b >= 1024) {
      return String.format(Locale.ROOT, "%.0f KiB", b / 1024.0);
    }
    return b + " B";
  }

  private static String absolute(String location) {
    return LocalMediaFile.isLocal(location) && !location.startsWith("file://")
        ? Path.of(location).toAbsolutePath().normalize().toString()
        : location;
  }
}
