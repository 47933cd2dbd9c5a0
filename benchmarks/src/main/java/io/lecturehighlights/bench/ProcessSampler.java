package io.lecturehighlights.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Samples a process and its descendants from {@code /proc}: CPU ticks per process and resident memory, split into
 * the JVM itself, pocketsphinx recognisers, PostgreSQL and anything else. Linux only (the benchmark's machine).
 */
final class ProcessSampler {
  /** CPU seconds used by the JVM and by recognisers within one sampling interval ending at {@code millis}. */
  record Slice(long millis, double jvmSeconds, double recogniserSeconds, double otherSeconds) {}

  // USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every mainstream Linux build.
  private static final double TICKS_PER_SECOND = 100;

  private final ProcessHandle root;
  private final String postgresData;
  private final long periodMillis;
  // The embedded PostgreSQL's server: pg_ctl starts it detached, so it is no descendant of the JVM.
  private ProcessHandle postmaster;
  private final List<Slice> slices = new ArrayList<>();
  // Last cumulative ticks seen per pid, so a process that ends between samples still counts what it used until then.
  private final Map<Long, Long> lastTicks = new HashMap<>();
  private final Map<Long, String> kind = new HashMap<>();
  private long peakPipelineKb;
  private long peakPostgresKb;
  private long jvmHwmKb;
  private double postgresSeconds;
  private volatile boolean running;
  private Thread thread;

  /** {@code postgresData}: the data folder of a PostgreSQL server to count apart (null: none). */
  ProcessSampler(ProcessHandle root, Path postgresData, long periodMillis) {
    this.root = root;
    this.postgresData = postgresData == null ? null : postgresData.toAbsolutePath().toString();
    this.periodMillis = periodMillis;
  }

  void start() {
    running = true;
    thread = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(periodMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "lhx-bench-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }

  private synchronized void sample() {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(root);
    try (Stream<ProcessHandle> d = root.descendants()) {
      d.forEach(all::add);
    }
    if (postgresData != null && (postmaster == null || !postmaster.isAlive())) {
      try (Stream<ProcessHandle> every = ProcessHandle.allProcesses()) {
        postmaster = every.filter(h -> h.info().commandLine().map(c -> c.contains("postgres")
            && c.contains(postgresData)).orElse(false)).findFirst().orElse(null);
      }
    }
    if (postmaster != null && postmaster.isAlive() && !all.contains(postmaster)) {
      all.add(postmaster);
      try (Stream<ProcessHandle> d = postmaster.descendants()) {
        d.forEach(all::add);
      }
    }
    double jvm = 0;
    double recognisers = 0;
    double other = 0;
    long pipelineKb = 0;
    long postgresKb = 0;
    for (ProcessHandle h : all) {
      long pid = h.pid();
      String[] stat = stat(pid);
      if (stat == null) {
        continue;
      }
      String k = kind.computeIfAbsent(pid, x -> pid == root.pid() ? "jvm"
          : postmaster != null && (pid == postmaster.pid() || h.parent().map(pp -> pp.pid() == postmaster.pid())
              .orElse(false)) ? "postgres" : classify(stat[0]));
      long ticks = Long.parseLong(stat[12]) + Long.parseLong(stat[13]);
      double seconds = (ticks - lastTicks.getOrDefault(pid, 0L)) / TICKS_PER_SECOND;
      lastTicks.put(pid, ticks);
      long rss = statusKb(pid, "VmRSS");
      switch (k) {
        case "jvm" -> {
          jvm += seconds;
          pipelineKb += rss;
          jvmHwmKb = Math.max(jvmHwmKb, statusKb(pid, "VmHWM"));
        }
        case "recogniser" -> {
          recognisers += seconds;
          pipelineKb += rss;
        }
        case "postgres" -> {
          postgresSeconds += seconds;
          postgresKb += rss;
        }
        default -> {
          other += seconds;
          pipelineKb += rss;
        }
      }
    }
    peakPipelineKb = Math.max(peakPipelineKb, pipelineKb);
    peakPostgresKb = Math.max(peakPostgresKb, postgresKb);
    slices.add(new Slice(System.currentTimeMillis(), jvm, recognisers, other));
  }

  private static String classify(String comm) {
    if (comm.startsWith("pocketsphinx")) {
      return "recogniser";
    }
    return comm.startsWith("postgres") || comm.startsWith("initdb") || comm.startsWith("pg_ctl") ? "postgres" : "other";
  }

  /**
   * CPU seconds per stage: recognisers to transcription; the JVM's (and other children's) CPU of each slice split
   * evenly between the stages whose span overlaps it, or to "framework" when none does. Stage order as given.
   */
  synchronized Map<String, Double> cpuByStage(List<EndToEndBenchmark.StageSpan> spans) {
    return attribute(slices, spans, periodMillis);
  }

  static Map<String, Double> attribute(List<Slice> slices, List<EndToEndBenchmark.StageSpan> spans, long period) {
    Map<String, Double> cpu = new LinkedHashMap<>();
    for (EndToEndBenchmark.StageSpan s : spans) {
      cpu.put(s.stage(), 0.0);
    }
    cpu.put("framework", 0.0);
    for (Slice sl : slices) {
      long from = sl.millis() - period;
      List<String> active = new ArrayList<>();
      for (EndToEndBenchmark.StageSpan s : spans) {
        if (s.startMillis() < sl.millis() && s.endMillis() > from && !active.contains(s.stage())) {
          active.add(s.stage());
        }
      }
      double shared = sl.jvmSeconds() + sl.otherSeconds();
      double recognisers = sl.recogniserSeconds();
      if (recognisers > 0) {
        // Only transcription starts recognisers; the slice may just miss its span by rounding.
        cpu.merge("transcription", recognisers, Double::sum);
      }
      if (active.isEmpty()) {
        cpu.merge("framework", shared, Double::sum);
      } else {
        for (String a : active) {
          cpu.merge(a, shared / active.size(), Double::sum);
        }
      }
    }
    return cpu;
  }

  synchronized long peakPipelineRssKb() {
    return peakPipelineKb;
  }

  synchronized long peakPostgresRssKb() {
    return peakPostgresKb;
  }

  synchronized long jvmHwmKb() {
    return jvmHwmKb;
  }

  synchronized double postgresCpuSeconds() {
    return postgresSeconds;
  }

  /** Fields of /proc/pid/stat from the command name on (index 0 = comm, 12 = utime, 13 = stime); null if gone. */
  static String[] stat(long pid) {
    String s;
    try {
      s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException gone) {
      return null;
    }
    int open = s.indexOf('(');
    int close = s.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String comm = s.substring(open + 1, close);
    String[] rest = s.substring(close + 2).trim().split(" ");
    String[] out = new String[rest.length + 1];
    out[0] = comm;
    // rest[0] is the state (field 3); utime and stime are fields 14 and 15, i.e. rest[11] and rest[12].
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException gone) {
      // ended between listing and reading
    }
    return 0;
  }
}
