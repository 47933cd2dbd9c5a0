package io.lecturehighlights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.lecturehighlights.transforms.media.MediaProbe;

/**
 * One long lecture through the whole pipeline, as a user runs it: {@code lhx batch} in its own JVM (the flags of
 * {@code ./lhx}) on embedded Flink and embedded PostgreSQL with the offline engines. A sampler reads {@code /proc}
 * every 250 ms for the JVM and the processes it starts: CPU time, resident memory. CPU is attributed to stages from
 * the job's processing_logs rows (exact start and end of each stage): pocketsphinx processes to transcription, the
 * JVM's CPU in an interval split evenly between the stages running in it (silence, transcription and layout overlap
 * by design), outside any stage to the framework (start, join, writes). PostgreSQL is reported on its own: in
 * production it is a separate server. The reference, timed in the same run: the FFmpeg CLI decoding every frame and
 * sample of the lecture once, the least any pipeline that looks at the whole video must do.
 */
public final class EndToEndBenchmark {
  /** A stage of the job as processing_logs recorded it (epoch millis). */
  public record StageSpan(String stage, long startMillis, long endMillis) {}

  private static final long SAMPLE_MILLIS = 250;
  private static final double TARGET_MINUTES = 12;
  private static final double TARGET_RSS_GIB = 3;

  private final PrintStream out;

  public EndToEndBenchmark(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the batch and prints the report; 0 when the job completed (targets are reported, not enforced), 1 when it
   * did not. {@code stages} reads the job's stage rows from the run's embedded database after the JVM has ended.
   */
  public int run(Path lecture, Path lhxJar, Path dir, String xmx, boolean reference,
      Function<String, List<StageSpan>> stages) throws Exception {
    double mediaSeconds = MediaProbe.probe(lecture).durationSeconds;
    String jobId = "bench-e2e-" + Math.round(mediaSeconds / 60) + "min";
    Path output = dir.resolve("out");
    deleteTree(output);
    Files.createDirectories(dir.resolve("tmp"));
    Path manifest = dir.resolve("manifest.jsonl");
    ObjectNode entry = Json.MAPPER.createObjectNode()
        .put("video", lecture.toAbsolutePath().toString()).put("jobId", jobId)
        .put("title", "End-to-end benchmark lecture").put("course", "BENCH 100").put("semester", "bench")
        .put("lectureNumber", 1).put("instructor", "lhx bench e2e");
    Files.writeString(manifest, entry.toString() + "\n");

    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-Xmx" + xmx, "-Djava.io.tmpdir=" + dir.resolve("tmp"),
        "-Dlhx.logFile=" + dir.resolve("lhx.log"), "-jar", lhxJar.toString(),
        "batch", "--input", manifest.toString(), "--output", output.toString(), "--work-dir", dir.resolve("home").toString(),
        "--force");
    out.printf(Locale.ROOT, "Lecture: %s (%.1f min)%nRunning: %s%n", lecture, mediaSeconds / 60, String.join(" ", cmd));

    Path log = dir.resolve("batch-output.txt");
    long t0 = System.currentTimeMillis();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ProcessSampler sampler = new ProcessSampler(p.toHandle(), dir.resolve("home/postgres"), SAMPLE_MILLIS);
    sampler.start();
    int exit = p.waitFor();
    long wallMillis = System.currentTimeMillis() - t0;
    sampler.stop();
    String batchOut = Files.readString(log, StandardCharsets.UTF_8);
    Double jobSeconds = doneSeconds(batchOut);

    Path jobJson = output.resolve(jobId).resolve("job.json");
    JsonNode job = Files.isRegularFile(jobJson) ? Json.MAPPER.readTree(jobJson.toFile()) : null;
    if (exit != 0 || job == null || !"completed".equals(job.path("status").asText())) {
      out.printf("The batch did not complete (exit %d); its output:%n%s%n", exit, batchOut);
      return 1;
    }
    List<StageSpan> spans = stages.apply(jobId);
    Map<String, Double> cpu = sampler.cpuByStage(spans);

    out.printf(Locale.ROOT, "%nEnd to end, %.1f-minute lecture (%s), measured %s%n", mediaSeconds / 60,
        lecture.getFileName(), LocalDate.now());
    out.printf(Locale.ROOT, "%n| measure | value | target |%n|---|---|---|%n");
    out.printf(Locale.ROOT, "| wall, `lhx batch` process (JVM, embedded PostgreSQL and Flink start included) | **%.1f s = %.1f min** "
        + "(%.1fx realtime) | <= %.0f min %s |%n", wallMillis / 1000.0, wallMillis / 60000.0,
        mediaSeconds * 1000 / wallMillis, TARGET_MINUTES, wallMillis <= TARGET_MINUTES * 60_000 ? "met" : "MISSED");
    if (jobSeconds != null) {
      out.printf(Locale.ROOT, "| wall, the Flink job | %.1f s |  |%n", jobSeconds);
    }
    double pipelineGib = sampler.peakPipelineRssKb() / 1024.0 / 1024.0;
    out.printf(Locale.ROOT, "| peak RSS, pipeline (the JVM + its pocketsphinx processes, sampled together) | **%.2f GiB** | <= %.0f GiB %s |%n",
        pipelineGib, TARGET_RSS_GIB, pipelineGib <= TARGET_RSS_GIB ? "met" : "MISSED");
    out.printf(Locale.ROOT, "| peak RSS, the JVM alone (VmHWM, -Xmx%s) | %.2f GiB |  |%n", xmx,
        sampler.jvmHwmKb() / 1024.0 / 1024.0);
    out.printf(Locale.ROOT, "| peak RSS, embedded PostgreSQL (sum of its processes) | %.2f GiB |  |%n",
        sampler.peakPostgresRssKb() / 1024.0 / 1024.0);
    double pipelineCpu = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
    out.printf(Locale.ROOT, "| CPU, pipeline (user + system) | %.1f s (%.2f cores on average) |  |%n", pipelineCpu,
        pipelineCpu * 1000 / wallMillis);
    out.printf(Locale.ROOT, "| CPU, PostgreSQL | %.1f s |  |%n", sampler.postgresCpuSeconds());
    out.printf(Locale.ROOT, "| clips | %d |  |%n", job.path("clips").asInt());

    Map<String, Double> stageSeconds = new LinkedHashMap<>();
    job.path("stageTimings").fields().forEachRemaining(e -> stageSeconds.put(e.getKey(), e.getValue().asDouble()));
    out.printf(Locale.ROOT, "%n| stage | wall (job.json) | CPU | share of CPU |%n|---|---|---|---|%n");
    for (Map.Entry<String, Double> e : cpu.entrySet()) {
      Double sec = stageSeconds.get(e.getKey());
      out.printf(Locale.ROOT, "| %s | %s | %.1f s | %.0f %% |%n", e.getKey(),
          sec == null ? "-" : String.format(Locale.ROOT, "%.1f s", sec),
          e.getValue(), pipelineCpu > 0 ? 100 * e.getValue() / pipelineCpu : 0);
    }

    if (reference) {
      long r0 = System.nanoTime();
      Process ff = new ProcessBuilder(ffmpeg(), "-hide_banner", "-loglevel", "error", "-threads", "2", "-i",
          lecture.toString(), "-f", "null", "-").redirectErrorStream(true).start();
      String ffOut = new String(ff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (ff.waitFor() != 0) {
        out.println("Reference ffmpeg run failed: " + ffOut);
      } else {
        double refSeconds = (System.nanoTime() - r0) / 1e9;
        out.printf(Locale.ROOT, "%nReference: `ffmpeg -threads 2 -i <lecture> -f null -` (decode every frame and sample "
            + "once): %.1f s. Ratio pipeline wall / one full decode: %.1f%n", refSeconds, wallMillis / 1000.0 / refSeconds);
      }
    }
    out.println("\nBatch output: " + log + "\nJob folder: " + output.resolve(jobId));
    return 0;
  }

  /** "Done in 49.0 s" from the batch's summary. */
  static Double doneSeconds(String batchOut) {
    Matcher m = Pattern.compile("Done in ([0-9.]+) s").matcher(batchOut);
    return m.find() ? Double.valueOf(m.group(1)) : null;
  }

  private static String ffmpeg() {
    return org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
