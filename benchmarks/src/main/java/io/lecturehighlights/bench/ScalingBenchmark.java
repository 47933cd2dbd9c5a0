package io.lecturehighlights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.cli.Lhx;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.transcription.PocketsphinxEngine;
import io.lecturehighlights.transforms.transcription.TranscriptionConfig;
import io.lecturehighlights.transforms.media.MediaProbe;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;

/**
 * How the batch scales with parallelism on this machine: the same batch of long lectures (built from the fixtures,
 * cached in the work folder) runs through {@code lhx batch} on the embedded Flink runner once per parallelism, each
 * in its own JVM, and the wall times are compared (speed-up = wall at the first parallelism / wall at the others).
 * Each run reports its process CPU time (the JVM and the pocketsphinx processes it waited for) and each stage's
 * slot-seconds from the lectures' job.json; the last run feeds the capacity plan ({@link CapacityPlan}).
 *
 * <p>Why the embedded runner in a fresh JVM: it is what {@code lhx batch} runs by default, a run's CPU time is then
 * the whole job's, and no run inherits another's JIT-compiled code or caches. The slots of the embedded cluster are
 * the parallelism, so parallelism 2 on this 2-core machine is a TaskManager of the session configuration's size
 * (flink-conf/session: one slot per core).
 *
 * <p>With {@code pinCores} each run is restricted (taskset) to as many cores as it has slots, the JVM and the
 * recognisers it starts alike: parallelism 1 on one core against parallelism 2 on two, the one-slot-per-core
 * TaskManagers the capacity plan adds. Unpinned, parallelism 1 borrows the idle second core (a render decodes and
 * encodes on two threads, the JVM compiles and collects beside the task), which caps the speed-up a second slot can
 * show on a 2-core machine.
 */
public final class ScalingBenchmark {
  /** The stages of job.json's stageTimings, in pipeline order. */
  public static final List<String> STAGES = List.of(Stages.VALIDATION, Stages.SILENCE, Stages.TRANSCRIPTION,
      Stages.LAYOUT, Stages.CONTENT, Stages.EXTRACTION, Stages.RENDERING);

  /** The fixtures lectures are built from, in turn: three layouts of video and an audio-only lecture. */
  static final String[] FIXTURES = {"lecture-clean.mp4", "lecture-noisy.mp4", "lecture-letterboxed.mp4",
      "lecture-audio-only.m4a"};

  /** The line a child run prints last; the parent reads it. */
  static final String RESULT_PREFIX = "lhx-bench-run:";
  private static final Pattern RESULT = Pattern.compile(
      Pattern.quote(RESULT_PREFIX) + " rc=(-?\\d+) wall=([0-9.]+) cpu=([0-9.]+) children=([0-9.]+)");

  /** What to measure. */
  public record Settings(int lectures, int minutes, List<Integer> parallelisms, Path testdata, Path workDir,
      String childHeap, List<String> batchArgs, boolean pinCores) {}

  /** One measured run. */
  public record Run(int parallelism, int rc, double wallSeconds, double cpuSeconds, double childCpuSeconds,
      int lectures, int completed, Map<String, Double> stageSeconds, Path log) {
    double totalCpu() {
      return cpuSeconds + childCpuSeconds;
    }
  }

  private final PrintStream out;

  public ScalingBenchmark(PrintStream out) {
    this.out = out;
  }

  /** Runs the batch at each parallelism and prints the comparison; the runs, in order. */
  public List<Run> run(Settings s) throws IOException, InterruptedException, MediaProbe.OpenException {
    Path dir = s.workDir().resolve("bench").resolve("scaling");
    Files.createDirectories(dir);
    Path manifest = manifest(s, dir);
    double lectureHours = s.lectures() * s.minutes() / 60.0;
    out.printf(Locale.ROOT, "Scaling benchmark: %d lectures x %d min (%.2f lecture-hours), parallelism %s, "
        + "%d cores here%s%n  manifest %s%n", s.lectures(), s.minutes(), lectureHours, s.parallelisms(),
        Runtime.getRuntime().availableProcessors(), s.pinCores() ? ", each run pinned to one core per slot" : "",
        manifest);

    List<Run> runs = new ArrayList<>();
    for (int p : s.parallelisms()) {
      out.printf("running parallelism %d ...%n", p);
      Run r = runBatch(s, manifest, dir, p);
      out.printf(Locale.ROOT, "  %.1f s wall, %.1f s CPU, %d of %d lectures completed (log: %s)%n", r.wallSeconds(),
          r.totalCpu(), r.completed(), r.lectures(), r.log());
      runs.add(r);
    }

    out.printf("%n| parallelism | wall | speed-up | CPU (JVM + pocketsphinx) | cores busy | lectures completed |%n"
        + "|---|---|---|---|---|---|%n");
    Run base = runs.get(0);
    for (Run r : runs) {
      out.printf(Locale.ROOT, "| %d | %.1f s | %.2fx | %.1f s (%.1f + %.1f) | %.2f | %d/%d |%n", r.parallelism(),
          r.wallSeconds(), base.wallSeconds() / r.wallSeconds(), r.totalCpu(), r.cpuSeconds(), r.childCpuSeconds(),
          r.totalCpu() / r.wallSeconds(), r.completed(), r.lectures());
    }

    out.printf("%nStage slot-seconds (sum over the lectures of job.json stageTimings; a stage's time includes "
        + "waiting for a core its neighbour holds):%n%n| stage |");
    runs.forEach(r -> out.printf(" p=%d |", r.parallelism()));
    out.printf("%n|---|%s%n", "---|".repeat(runs.size()));
    for (String stage : STAGES) {
      out.printf("| %s |", stage);
      for (Run r : runs) {
        out.printf(Locale.ROOT, " %.1f s |", r.stageSeconds().getOrDefault(stage, 0.0));
      }
      out.println();
    }
    out.print("| all stages |");
    for (Run r : runs) {
      out.printf(Locale.ROOT, " %.1f s |", r.stageSeconds().values().stream().mapToDouble(Double::doubleValue).sum());
    }
    out.println();
    if (runs.size() > 1) {
      Run last = runs.get(runs.size() - 1);
      int lastCores = s.pinCores() ? last.parallelism() : Runtime.getRuntime().availableProcessors();
      out.printf(Locale.ROOT, "%nspeed-up p=%d -> p=%d: %.2fx (target >= 1.7x on 2 cores); CPU at p=%d kept %.2f "
          + "cores busy, so %d cores at p=%d could add at most %.2fx%n", base.parallelism(), last.parallelism(),
          base.wallSeconds() / last.wallSeconds(), base.parallelism(), base.totalCpu() / base.wallSeconds(),
          lastCores, last.parallelism(), lastCores / Math.max(1e-9, base.totalCpu() / base.wallSeconds()));
    }
    return runs;
  }

  /**
   * The machine's own ceiling for two slots (see {@link CoreScalingReference}), measured on the benchmark's first
   * lecture with the recogniser command the pipeline runs; printed, and returned.
   */
  public List<CoreScalingReference.Measurement> reference(Settings s)
      throws IOException, InterruptedException, MediaProbe.OpenException {
    Path dir = s.workDir().resolve("bench").resolve("scaling");
    Files.createDirectories(dir);
    Path lecture = longLecture(s.testdata().resolve("lectures").resolve(FIXTURES[0]), dir, s.minutes());
    PocketsphinxEngine engine = new PocketsphinxEngine(TranscriptionConfig.defaults());
    out.printf("%nMachine reference: each workload alone on core 0, then two copies at once on cores 0 and 1 "
        + "(medians of %d)%n", CoreScalingReference.REPEATS);
    List<CoreScalingReference.Measurement> ms = CoreScalingReference.measureLecture(lecture, dir,
        Math.min(30, s.minutes() * 60), engine::command);
    ms.forEach(m -> out.println("  " + CoreScalingReference.describe(m)));
    return ms;
  }

  /** The manifest of the benchmark batch, its lectures built from the fixtures in turn (cached). */
  Path manifest(Settings s, Path dir) throws IOException, InterruptedException, MediaProbe.OpenException {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < s.lectures(); i++) {
      String fixture = FIXTURES[i % FIXTURES.length];
      Path media = longLecture(s.testdata().resolve("lectures").resolve(fixture), dir, s.minutes());
      rows.add(Json.MAPPER.createObjectNode()
          .put("video", media.toAbsolutePath().toString())
          .put("jobId", String.format(Locale.ROOT, "scaling-%02d", i + 1))
          .put("title", "Scaling benchmark lecture " + (i + 1) + " (" + fixture + ")")
          .put("course", "BENCH 100").put("semester", "bench").put("lectureNumber", i + 1)
          .toString());
    }
    Path manifest = dir.resolve(String.format(Locale.ROOT, "manifest-%dx%dmin.jsonl", s.lectures(), s.minutes()));
    Files.write(manifest, rows);
    return manifest;
  }

  /**
   * {@code <stem>-<minutes>min.<ext>}: the fixture repeated by stream copy (its own encoding, so decoding costs what
   * the fixture's does) up to the length, built once with the bundled ffmpeg.
   */
  static Path longLecture(Path fixture, Path dir, int minutes)
      throws IOException, InterruptedException, MediaProbe.OpenException {
    String name = fixture.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path target = dir.resolve(name.substring(0, dot) + "-" + minutes + "min" + name.substring(dot));
    if (Files.isRegularFile(target)) {
      return target;
    }
    double d = MediaProbe.probe(fixture).durationSeconds;
    int copies = (int) Math.ceil(minutes * 60 / d);
    Path list = dir.resolve(name + "-concat-" + minutes + ".txt");
    Files.writeString(list, ("file '" + fixture.toAbsolutePath() + "'\n").repeat(copies));
    Path tmp = dir.resolve("." + target.getFileName() + ".partial" + name.substring(dot));
    Process p = new ProcessBuilder(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), "-hide_banner", "-loglevel",
        "error", "-y", "-f", "concat", "-safe", "0", "-i", list.toString(), "-t", Integer.toString(minutes * 60),
        "-c", "copy", "-movflags", "+faststart", tmp.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("could not build the benchmark lecture from " + fixture + ": " + log);
    }
    Files.deleteIfExists(list);
    Files.move(tmp, target);
    return target;
  }

  /** One {@code lhx batch} at parallelism p in a child JVM, its output folder fresh; reads the child's figures. */
  Run runBatch(Settings s, Path manifest, Path dir, int p) throws IOException, InterruptedException {
    Path output = dir.resolve("out-p" + p);
    Path work = dir.resolve("work-p" + p);
    deleteTree(output);
    deleteTree(work);
    Files.createDirectories(work.resolve("tmp"));
    List<String> cmd = new ArrayList<>(pinning(p, s.pinCores(), Runtime.getRuntime().availableProcessors()));
    // G1 named explicitly: on one core the JVM's ergonomics would otherwise pick the serial collector.
    cmd.addAll(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + s.childHeap(),
        "-XX:+UseG1GC",
        "-Djava.io.tmpdir=" + work.resolve("tmp"), "-Dlhx.logFile=" + work.resolve("lhx.log"),
        "-cp", absoluteClassPath(), Child.class.getName(),
        "batch", "--input", manifest.toString(), "--output", output.toString(), "--work-dir", work.toString(),
        "--parallelism", Integer.toString(p), "--no-progress", "--no-database", "--dashboard-port", "0"));
    cmd.addAll(s.batchArgs());
    Path log = dir.resolve("run-p" + p + ".log");
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int rc = proc.waitFor();
    String text = Files.readString(log);
    Matcher m = RESULT.matcher(text);
    if (!m.find()) {
      throw new IOException("the batch at parallelism " + p + " printed no result (exit " + rc + "); see " + log);
    }
    Map<String, Double> stages = new LinkedHashMap<>();
    int lectures = 0;
    int completed = 0;
    try (Stream<Path> dirs = Files.list(output)) {
      for (Path d : (Iterable<Path>) dirs.filter(x -> Files.isRegularFile(x.resolve("job.json"))).sorted()::iterator) {
        JsonNode job = Json.MAPPER.readTree(d.resolve("job.json").toFile());
        lectures++;
        if ("completed".equals(job.path("status").asText())) {
          completed++;
        }
        job.path("stageTimings").fields().forEachRemaining(e -> stages.merge(e.getKey(), e.getValue().asDouble(),
            Double::sum));
      }
    }
    return new Run(p, Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
        Double.parseDouble(m.group(4)), lectures, completed, stages, log);
  }

  /**
   * The command prefix that restricts a run at parallelism p to cores 0..p-1 (one core per slot), or nothing
   * when not pinning. Pinning needs as many cores as slots.
   */
  static List<String> pinning(int p, boolean pin, int cores) {
    if (!pin) {
      return List.of();
    }
    if (p > cores) {
      throw new IllegalArgumentException("cannot pin parallelism " + p + " to one core per slot: " + cores
          + " cores here");
    }
    return taskset(p == 1 ? "0" : "0-" + (p - 1));
  }

  /** The prefix that runs a command (and whatever it starts) on the given CPU list only. */
  static List<String> taskset(String cpus) {
    return List.of("taskset", "-c", cpus);
  }

  /** This JVM's class path with absolute entries, for a child started elsewhere. */
  private static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isBlank())
        .map(e -> Paths.get(e).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }

  /**
   * The child JVM: runs the lhx command line and prints its wall time, its own CPU time and the CPU time of the
   * processes it started and waited for (pocketsphinx per transcription chunk), from /proc/self/stat.
   */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws IOException {
      double[] before = cpu();
      long t0 = System.nanoTime();
      int rc = Lhx.execute(args);
      double wall = (System.nanoTime() - t0) / 1e9;
      double[] after = cpu();
      System.out.printf(Locale.ROOT, "%s rc=%d wall=%.3f cpu=%.3f children=%.3f%n", RESULT_PREFIX, rc, wall,
          after[0] - before[0], after[1] - before[1]);
      System.exit(rc);
    }

    /** {this JVM's CPU seconds, its waited-for children's CPU seconds}. */
    static double[] cpu() throws IOException {
      double self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime() / 1e9;
      return new double[] {self, childrenCpuSeconds(Files.readString(Path.of("/proc/self/stat")))};
    }

    /**
     * cutime + cstime of a /proc/[pid]/stat line, in seconds (clock ticks of 1/100 s, Linux's USER_HZ). The
     * command name in parentheses may hold spaces, so fields are counted after its closing parenthesis.
     */
    static double childrenCpuSeconds(String stat) {
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // After "(comm) ": state is field 3 of the line, so field n is f[n - 3]; cutime 16, cstime 17.
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    }
  }
}
