package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Live progress of a batch, read from what the job has written: each {@code <out>/<jobId>/job.json} newer than
 * the batch's start is a finished job. A bar on a terminal; a line per change otherwise (CI logs).
 */
final class BatchProgress {
  private final Path output;
  private final int total;
  private final long startedMillis;
  private final boolean show;
  private final Map<String, JsonNode> finished = new TreeMap<>();
  private volatile boolean running;
  private Thread thread;
  private ProgressBar bar;
  private int lastPrinted = -1;

  BatchProgress(Path output, int total, long startedMillis, boolean show) {
    this.output = output;
    this.total = total;
    this.startedMillis = startedMillis;
    this.show = show;
  }

  void start() {
    running = true;
    if (show && System.console() != null) {
      bar = new ProgressBarBuilder().setTaskName("Lectures").setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" jobs", 1).build();
    }
    thread = new Thread(() -> {
      while (running) {
        poll();
        try {
          Thread.sleep(500);
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
    poll();
    if (bar != null) {
      bar.close();
    }
  }

  synchronized void poll() {
    if (!Files.isDirectory(output)) {
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(output, Files::isDirectory)) {
      for (Path dir : dirs) {
        String jobId = dir.getFileName().toString();
        Path job = dir.resolve("job.json");
        if (finished.containsKey(jobId) || !Files.isRegularFile(job)
            || Files.getLastModifiedTime(job).toMillis() < startedMillis - 1000) {
          continue;
        }
        try {
          finished.put(jobId, Json.MAPPER.readTree(job.toFile()));
        } catch (IOException partial) {
          // Being written; the next poll reads it.
        }
      }
    } catch (IOException e) {
      return;
    }
    render();
  }

  private void render() {
    int done = finished.size();
    long failed = failedCount();
    if (bar != null) {
      bar.stepTo(done);
      bar.setExtraMessage(String.format(" completed %d, failed %d", done - failed, failed));
    } else if (show && done != lastPrinted) {
      lastPrinted = done;
      System.out.printf("progress: %d/%d jobs finished (completed %d, failed %d)%n", done, total, done - failed, failed);
    }
  }

  private long failedCount() {
    return finished.values().stream().filter(n -> "failed".equals(n.path("status").asText())).count();
  }

  synchronized void printSummary(PrintStream out, double seconds, int skipped) {
    long failed = failedCount();
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
        + " segments.json, highlights.json, clips/; index.html; failures.jsonl; datasets/). Jobs: lhx jobs");
  }
}
