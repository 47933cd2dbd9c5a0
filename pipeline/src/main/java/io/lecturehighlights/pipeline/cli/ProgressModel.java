package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.common.Stages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a running batch has done, per stage, and how long the rest should take. Plain data in, plain data out: the
 * results database (or the job.json files) fill an {@link Observation}; {@link #snapshot} turns it into counts and an
 * estimate of the time left.
 *
 * <p>The estimate counts work in stage-milliseconds (a stage's own measured duration for one lecture):
 *
 * <ul>
 *   <li>expected work per stage: the mean duration of that stage over this run's completed rows, or over earlier
 *       runs' rows in the database while this run has none (the prior), or, while only running rows exist, the time
 *       they have spent so far (a lower bound);
 *   <li>work left: for every lecture not finished yet and every stage it has not completed, the stage's mean, less
 *       the time a running stage has already spent (never below zero); lectures not seen yet need every stage;
 *   <li>speed: stage-milliseconds done this run (completed durations plus the time running stages have spent, each
 *       counted up to the longest completed duration of its stage, so a row whose end is reported late does not
 *       count as endless work) per wall-clock millisecond since this run's first stage started. That ratio is the pipeline's effective
 *       parallelism as measured, so the parallelism setting, the machine and waits between Flink's batch stages all
 *       count without being modelled;
 *   <li>time left = work left / speed.
 * </ul>
 *
 * It shows "estimating" until some work is measured, and is a lower bound (marked) while a stage that lectures still
 * need has no duration at all (under a minute, such a bound says nothing: "estimating" again). Lectures that failed a
 * stage need no more work. Lectures an incremental run will probably skip (an earlier run completed them, and
 * this run has not touched them) are not waited for. Without stage figures (no database, no timings yet) it falls
 * back to finished lectures per wall-clock second.
 */
final class ProgressModel {
  /** The stages shown and estimated, in pipeline order. */
  static final List<String> STAGES = List.of(Stages.VALIDATION, Stages.SILENCE, Stages.TRANSCRIPTION, Stages.LAYOUT,
      Stages.CONTENT, Stages.EXTRACTION, Stages.RENDERING);

  /** Estimates beyond this are shown as "more than": nothing useful is said by a larger figure. */
  static final double MAX_ETA_SECONDS = 99 * 3600;
  // Less than this much measured wall time or work gives speeds that mean nothing yet.
  private static final double MIN_ACTIVE_SECONDS = 2;

  /**
   * One stage over this run's lectures. {@code running} counts only lectures in progress; {@code timed} and
   * {@code completedMillis}: the completed rows that carry a duration and their sum; {@code runningMillis}: time spent
   * so far by the running rows; {@code completedByUnfinished}: completed rows of lectures still in progress (finished and failing ones excluded).
   */
  record StageTally(int running, int completed, int failed, int timed, long completedMillis, long runningMillis,
      int completedByUnfinished) {
    static final StageTally NONE = new StageTally(0, 0, 0, 0, 0, 0, 0);

    Double meanMillis() {
      return timed > 0 ? completedMillis / (double) timed : null;
    }
  }

  /**
   * What the source saw: this run's lectures by status, per-stage tallies, how many of this run's lectures are ones
   * an earlier run completed (possible skips), and the wall-clock seconds since this run's first stage started.
   * {@code failing}: lectures whose job record is not final yet but one of whose stages failed: they run no further
   * stage and count as failed; {@code queued} and {@code running} exclude them.
   */
  record Observation(int queued, int running, int completed, int failed, int failing, int seenSkipCandidates,
      Map<String, StageTally> stages, double activeSeconds) {
    int finished() {
      return completed + failed + failing;
    }

    int seen() {
      return queued + running + completed + failed + failing;
    }

    StageTally stage(String name) {
      return stages.getOrDefault(name, StageTally.NONE);
    }
  }

  /** An estimate of the time left; {@code lowerBound} when some stage still needed has no measured duration. */
  record Eta(double seconds, boolean lowerBound) {}

  /** What is shown: counts out of the expected total, per stage, and the estimate (null while estimating). */
  record Snapshot(int total, int expected, int finished, int completed, int failed, int inProgress,
      Map<String, StageTally> stages, Eta eta, double elapsedSeconds) {
    /** The counts that make a log line worth printing again (the estimate moves every second; these do not). */
    String countsKey() {
      StringBuilder b = new StringBuilder().append(finished).append('/').append(completed).append('/')
          .append(failed).append('/').append(inProgress).append('/').append(expected);
      stages.forEach((s, t) -> b.append('|').append(t.running).append(',').append(t.completed).append(',')
          .append(t.failed));
      return b.toString();
    }
  }

  private final int total;
  private final int skipCandidates;
  private final Map<String, Double> priorMillis;

  /**
   * @param total lectures in the input (distinct job ids)
   * @param skipCandidates how many of them an earlier run completed (an incremental run skips those unchanged)
   * @param priorMillis mean stage durations from earlier runs, per stage (may be empty)
   */
  ProgressModel(int total, int skipCandidates, Map<String, Double> priorMillis) {
    this.total = Math.max(0, total);
    this.skipCandidates = Math.max(0, skipCandidates);
    this.priorMillis = Map.copyOf(priorMillis);
  }

  Snapshot snapshot(Observation o, double elapsedSeconds) {
    // Candidates this run has not touched are probably unchanged and skipped: do not wait for them.
    int unseenCandidates = Math.max(0, skipCandidates - o.seenSkipCandidates());
    int expected = Math.max(o.seen(), total - unseenCandidates);
    Map<String, StageTally> stages = new LinkedHashMap<>();
    for (String s : STAGES) {
      stages.put(s, o.stage(s));
    }
    int inProgress = o.queued() + o.running();
    return new Snapshot(total, expected, o.finished(), o.completed(), o.failed() + o.failing(), inProgress, stages,
        eta(o, expected, elapsedSeconds), elapsedSeconds);
  }

  private Eta eta(Observation o, int expected, double elapsedSeconds) {
    int unfinished = Math.max(0, expected - o.finished());
    if (unfinished == 0) {
      return o.finished() > 0 ? new Eta(0, false) : null;
    }
    Eta byWork = byStageWork(o, unfinished);
    if (byWork != null) {
      return byWork;
    }
    // No stage figures: finished lectures per wall-clock second so far.
    if (o.finished() > 0 && elapsedSeconds >= MIN_ACTIVE_SECONDS) {
      return clamp(unfinished * elapsedSeconds / o.finished(), false);
    }
    return null;
  }

  private Eta byStageWork(Observation o, int unfinished) {
    double done = 0;
    for (String s : STAGES) {
      StageTally t = o.stage(s);
      done += t.completedMillis() + t.runningMillis();
    }
    if (done <= 0 || o.activeSeconds() < MIN_ACTIVE_SECONDS) {
      return null;
    }
    double speed = done / (o.activeSeconds() * 1000);
    double left = 0;
    boolean lowerBound = false;
    for (String s : STAGES) {
      StageTally t = o.stage(s);
      int needing = Math.max(0, unfinished - t.completedByUnfinished());
      if (needing == 0) {
        continue;
      }
      Double mean = t.meanMillis() != null ? t.meanMillis() : priorMillis.get(s);
      if (mean == null && t.running() > 0) {
        // None has completed it yet: the time the running ones have spent is a lower bound of its mean.
        mean = t.runningMillis() / (double) t.running();
        lowerBound = true;
      }
      if (mean == null) {
        lowerBound = true;
        continue;
      }
      int waiting = Math.max(0, needing - t.running());
      left += waiting * mean + Math.max(0, Math.min(needing, t.running()) * mean - t.runningMillis());
    }
    return clamp(left / speed / 1000, lowerBound);
  }

  private static Eta clamp(double seconds, boolean lowerBound) {
    if (Double.isNaN(seconds) || seconds < 0) {
      return null;
    }
    return new Eta(Math.min(seconds, MAX_ETA_SECONDS), lowerBound || seconds > MAX_ETA_SECONDS);
  }

  /** 45s, 2m05s, 1h07m. */
  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  /**
   * "2m05s", "at least 2m05s", or "estimating" plus the given ellipsis; also while a lower bound is under a minute,
   * which says nothing yet.
   */
  static String etaText(Eta eta, String ellipsis) {
    if (eta == null || eta.lowerBound() && eta.seconds() < 60) {
      return "estimating" + ellipsis;
    }
    return (eta.lowerBound() ? "at least " : "") + duration(eta.seconds());
  }
}
