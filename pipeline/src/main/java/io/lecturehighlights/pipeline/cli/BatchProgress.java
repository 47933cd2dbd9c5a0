package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.LectureHighlightsOptions;
import io.lecturehighlights.pipeline.StageConfigs;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live progress of a batch: per stage, how many of this run's lectures are running, done and failed, the finished
 * lectures out of the total, and an estimate of the time left ({@link ProgressModel}). Read every second from the
 * results database, or with --no-database from the job.json files in the output folder. On a terminal a block of
 * five lines redrawn in place (at most 100 columns); otherwise (CI logs, {@code lhx demo > log}) one line when the
 * counts change, at most every 5 seconds. The end-of-run summary always comes from the job.json files.
 */
final class BatchProgress {
  private static final long POLL_MILLIS = 1000;
  private static final long LOG_INTERVAL_MILLIS = 5000;
  private static final String ESC = "\u001b[";

  private final Path output;
  private final int total;
  private final long startedMillis;
  private final boolean show;
  private final boolean terminal;
  private final PrintStream out;
  private final ProgressSource live;
  private final ProgressSource.JobFiles files;
  private final ProgressModel model;
  private final String ellipsis;
  private volatile boolean running;
  private Thread thread;
  private int linesDrawn;
  private String lastKey;
  private long lastLogMillis;
  private ProgressModel.Snapshot latest;

  BatchProgress(Path output, int total, long startedMillis, boolean show, boolean terminal, PrintStream out,
      ProgressSource live, Set<String> skipCandidates) {
    this.output = output;
    this.total = total;
    this.startedMillis = startedMillis;
    this.show = show;
    this.terminal = terminal;
    this.out = out;
    this.files = new ProgressSource.JobFiles(output, startedMillis, skipCandidates);
    this.live = live != null ? live : files;
    this.model = new ProgressModel(total, skipCandidates.size(), show ? this.live.priorStageMillis() : Map.of());
    this.ellipsis = stdoutEncodes('\u2026') ? "\u2026" : "...";
  }

  /**
   * Progress of the batch the runner is about to start: from the results database the options point at (if any),
   * else from the output folder. {@code total} lectures, of which those whose job id is in {@code completed} may be
   * skipped as unchanged.
   */
  static BatchProgress forRun(LectureHighlightsOptions o, String input, Path output, int total,
      Map<String, String> completed, long startedMillis, boolean show) {
    Set<String> ids = show ? InputListing.jobIds(input) : Set.of();
    Set<String> candidates = new HashSet<>(ids);
    candidates.retainAll(completed.keySet());
    int lectures = ids.isEmpty() ? total : ids.size();
    ProgressSource live = show && o.getDbUrl() != null
        ? new ProgressSource.Database(StageConfigs.databaseOf(o), startedMillis, candidates)
        : null;
    return new BatchProgress(output, lectures, startedMillis, show, System.console() != null, System.out, live,
        candidates);
  }

  /** Whether standard output's encoding (Java 17: sun.stdout.encoding on a console, else the default) has c. */
  private static boolean stdoutEncodes(char c) {
    try {
      String name = System.getProperty("sun.stdout.encoding");
      return (name != null ? Charset.forName(name) : Charset.defaultCharset()).newEncoder().canEncode(c);
    } catch (RuntimeException e) {
      return false;
    }
  }

  void start() {
    running = true;
    if (!show) {
      return;
    }
    thread = new Thread(() -> {
      while (running) {
        poll();
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "lhx-progress");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (show) {
      poll();
      if (!terminal && latest != null && !latest.countsKey().equals(lastKey)) {
        printLine(latest);
      }
    }
    live.close();
  }

  synchronized void poll() {
    ProgressModel.Observation o;
    try {
      o = live.read();
    } catch (Exception unavailable) {
      // The database may be restarting or busy: keep the last figures, try again next second.
      return;
    }
    latest = model.snapshot(o, (System.currentTimeMillis() - startedMillis) / 1000.0);
    if (terminal) {
      draw(latest);
    } else {
      long now = System.currentTimeMillis();
      if (!latest.countsKey().equals(lastKey) && now - lastLogMillis >= LOG_INTERVAL_MILLIS) {
        printLine(latest);
        lastLogMillis = now;
      }
    }
  }

  ProgressModel.Snapshot latest() {
    return latest;
  }

  private void printLine(ProgressModel.Snapshot s) {
    lastKey = s.countsKey();
    out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line(s, ellipsis));
  }

  /** The log line: counts, the stages with activity (running/done/failed), the estimate. */
  static String line(ProgressModel.Snapshot s, String ellipsis) {
    StringBuilder b = new StringBuilder(headline(s));
    StringBuilder stages = new StringBuilder();
    s.stages().forEach((name, t) -> {
      if (t.running() + t.completed() + t.failed() > 0) {
        stages.append(stages.length() == 0 ? "" : ", ").append(name).append(' ').append(t.running()).append('/')
            .append(t.completed()).append('/').append(t.failed());
      }
    });
    if (stages.length() > 0) {
      b.append("; stages running/done/failed: ").append(stages);
    }
    return b.append("; ").append(ProgressModel.duration(s.elapsedSeconds())).append(" elapsed, ETA ")
        .append(ProgressModel.etaText(s.eta(), ellipsis)).toString();
  }

  private static String headline(ProgressModel.Snapshot s) {
    return String.format("%d/%d lectures finished (%d completed, %d failed), %d in progress", s.finished(),
        s.expected(), s.completed(), s.failed(), s.inProgress())
        + (s.expected() < s.total() ? String.format(" (%d likely unchanged)", s.total() - s.expected()) : "");
  }

  /** The terminal block: a headline with a bar, then a row per running/done/failed under the stage names. */
  static List<String> block(ProgressModel.Snapshot s, String ellipsis, int columns) {
    List<String> lines = new ArrayList<>();
    String right = String.format("  %s, ETA %s", ProgressModel.duration(s.elapsedSeconds()),
        ProgressModel.etaText(s.eta(), ellipsis));
    String left = String.format("Lectures %d/%d (%d ok, %d failed)", s.finished(), s.expected(), s.completed(),
        s.failed());
    double fraction = s.expected() == 0 ? 1 : Math.min(1, s.finished() / (double) s.expected());
    String pct = String.format(" %3d%%", Math.round(fraction * 100));
    // Room for the longest usual right part ("  10h59m, ETA at least 10h59m"), so the bar keeps its width as the
    // figures change.
    int width = Math.max(10, Math.min(30, columns - 1 - left.length() - Math.max(right.length(), 30) - pct.length() - 3));
    int filled = (int) Math.round(fraction * width);
    lines.add(left + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "]" + pct + right);
    StringBuilder header = new StringBuilder(String.format("%-8s", ""));
    StringBuilder run = new StringBuilder(String.format("%-8s", "running"));
    StringBuilder done = new StringBuilder(String.format("%-8s", "done"));
    StringBuilder failed = new StringBuilder(String.format("%-8s", "failed"));
    s.stages().forEach((name, t) -> {
      int w = Math.max(name.length(), 5) + 2;
      header.append(String.format("%" + w + "s", name));
      run.append(String.format("%" + w + "d", t.running()));
      done.append(String.format("%" + w + "d", t.completed()));
      failed.append(String.format("%" + w + "d", t.failed()));
    });
    lines.add(header.toString());
    lines.add(run.toString());
    lines.add(done.toString());
    lines.add(failed.toString());
    return lines;
  }

  private void draw(ProgressModel.Snapshot s) {
    StringBuilder b = new StringBuilder();
    if (linesDrawn > 0) {
      b.append(ESC).append(linesDrawn).append('A');
    }
    List<String> lines = block(s, ellipsis, 100);
    for (String l : lines) {
      b.append('\r').append(ESC).append("2K").append(l).append('\n');
    }
    linesDrawn = lines.size();
    out.print(b);
    out.flush();
  }

  void printSummary(PrintStream out, double seconds, int skipped) {
    Map<String, JsonNode> finished;
    try {
      files.read();
    } catch (Exception ignored) {
      // the summary says what could be read
    }
    finished = files.finished();
    long failed = finished.values().stream().filter(n -> "failed".equals(n.path("status").asText())).count();
    out.printf("%nDone in %.1f s: %d jobs, %d completed, %d failed.%n", seconds, finished.size(),
        finished.size() - failed, failed);
    if (finished.size() + skipped != total) {
      out.printf("Note: %d inputs were counted but %d job records were written this run and %d skipped "
          + "(duplicate job ids count once).%n", total, finished.size(), skipped);
    }
    finished.forEach((id, n) -> {
      if ("failed".equals(n.path("status").asText())) {
        out.printf("  FAILED %-44s %s: %s — %s%n", id, n.path("failedStage").asText(), n.path("failureReason").asText(),
            n.path("failureMessage").asText());
      }
    });
    out.println("Results: " + output + "  (per job: report.html, job.json, silences.json, transcript.*, layout.*,"
        + " slides.json, slides/, segments.json, highlights.json, clips/; index.html; failures.jsonl; datasets/)."
        + " Jobs: lhx jobs");
  }
}
