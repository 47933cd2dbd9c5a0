package io.lecturehighlights.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many TaskManagers an archive needs, from one measured batch on one TaskManager-sized worker. Plain arithmetic,
 * no Beam: the measured run gives each stage's slot-seconds per lecture-hour (the stages' own timings summed over
 * the lectures) and the wall time the run took on {@code slots} slots; their ratio is how well the slots were kept
 * busy (utilisation: start-up, blocking exchanges between stages, the last lecture finishing alone). An archive then
 * takes {@code hours x slot-seconds per hour / (TaskManagers x slots x utilisation)}, assuming TaskManagers of the
 * measured size scale out linearly (each works on its own lectures; the database and storage keep up).
 */
public final class CapacityPlan {
  /** One measured run: lecture-hours processed, its wall time, the slots it ran on and stage slot-seconds. */
  public record Measured(double lectureHours, double wallSeconds, int slots, Map<String, Double> stageSeconds) {
    public Measured {
      if (lectureHours <= 0 || wallSeconds <= 0 || slots <= 0) {
        throw new IllegalArgumentException("lecture hours, wall time and slots must be positive");
      }
      stageSeconds = Map.copyOf(stageSeconds);
    }

    /** Slot-seconds each stage costs per lecture-hour, in the order given. */
    public Map<String, Double> costPerLectureHour(List<String> order) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (String s : order) {
        m.put(s, stageSeconds.getOrDefault(s, 0.0) / lectureHours);
      }
      return m;
    }

    public double slotSecondsPerLectureHour() {
      return stageSeconds.values().stream().mapToDouble(Double::doubleValue).sum() / lectureHours;
    }

    /** Share of the slots' time the stages kept busy: stage slot-seconds / (slots x wall). */
    public double utilisation() {
      return stageSeconds.values().stream().mapToDouble(Double::doubleValue).sum() / (slots * wallSeconds);
    }

    /** Wall seconds one worker of this size needs per lecture-hour (= cost / (slots x utilisation)). */
    public double wallSecondsPerLectureHour() {
      return wallSeconds / lectureHours;
    }
  }

  private final Measured m;

  public CapacityPlan(Measured measured) {
    this.m = measured;
  }

  /** Hours an archive of {@code archiveHours} lecture-hours takes on {@code taskManagers} TaskManagers. */
  public double hoursFor(double archiveHours, int taskManagers) {
    if (taskManagers < 1) {
      throw new IllegalArgumentException("at least one TaskManager");
    }
    return archiveHours * m.wallSecondsPerLectureHour() / taskManagers / 3600.0;
  }

  /** The fewest TaskManagers that finish {@code archiveHours} within {@code deadlineHours}. */
  public int taskManagersFor(double archiveHours, double deadlineHours) {
    if (deadlineHours <= 0) {
      throw new IllegalArgumentException("the deadline must be positive");
    }
    double exact = archiveHours * m.wallSecondsPerLectureHour() / 3600.0 / deadlineHours;
    // Guard against 3.0000000001 from floating point turning into 4.
    return Math.max(1, (int) Math.ceil(exact - 1e-9));
  }

  /** Prints the plan with its arithmetic. */
  public void print(PrintStream out, List<String> stageOrder, double archiveHours, List<Integer> taskManagers,
      double deadlineHours, String workerSize) {
    out.printf(Locale.ROOT, "%nCapacity plan for %.0f lecture-hours on TaskManagers of the measured size (%s)%n",
        archiveHours, workerSize);
    out.printf(Locale.ROOT, "measured: %.3f lecture-hours in %.1f s on %d slots%n", m.lectureHours(),
        m.wallSeconds(), m.slots());
    out.printf("%n| stage | slot-s per lecture-hour | share | archive slot-hours |%n|---|---|---|---|%n");
    double total = m.slotSecondsPerLectureHour();
    for (Map.Entry<String, Double> e : m.costPerLectureHour(stageOrder).entrySet()) {
      out.printf(Locale.ROOT, "| %s | %.0f | %.0f%% | %.0f |%n", e.getKey(), e.getValue(),
          total == 0 ? 0 : 100 * e.getValue() / total, archiveHours * e.getValue() / 3600);
    }
    out.printf(Locale.ROOT, "| all stages | %.0f | 100%% | %.0f |%n", total, archiveHours * total / 3600);
    double u = m.utilisation();
    out.printf(Locale.ROOT, "%nutilisation u = stage slot-seconds / (slots x wall) = %.0f / (%d x %.1f) = %.2f%n",
        total * m.lectureHours(), m.slots(), m.wallSeconds(), u);
    out.printf(Locale.ROOT, "one TaskManager: %.0f slot-s per lecture-hour / (%d slots x %.2f) = %.0f s wall per "
        + "lecture-hour (%.2f lecture-hours per hour)%n", total, m.slots(), u, m.wallSecondsPerLectureHour(),
        3600 / m.wallSecondsPerLectureHour());
    out.printf(Locale.ROOT, "time(N) = %.0f h x %.0f s / N / 3600%n%n| TaskManagers | slots | time | days |%n"
        + "|---|---|---|---|%n", archiveHours, m.wallSecondsPerLectureHour());
    for (int n : taskManagers) {
      double h = hoursFor(archiveHours, n);
      out.printf(Locale.ROOT, "| %d | %d | %.1f h | %.1f |%n", n, n * m.slots(), h, h / 24);
    }
    int need = taskManagersFor(archiveHours, deadlineHours);
    out.printf(Locale.ROOT, "%nfor a %.0f h deadline: N = ceil(%.0f h x %.0f s / 3600 / %.0f h) = %d TaskManagers "
        + "(%d slots), done in %.1f h%n", deadlineHours, archiveHours, m.wallSecondsPerLectureHour(), deadlineHours,
        need, need * m.slots(), hoursFor(archiveHours, need));
  }
}
