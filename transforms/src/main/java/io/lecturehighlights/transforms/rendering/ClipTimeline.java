package io.lecturehighlights.transforms.rendering;

import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.transforms.common.StageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kept source intervals of one clip laid end to end: where each starts in clip time, and how source times map to
 * clip times once the parts between them are removed.
 */
public final class ClipTimeline {
  private final double[] start;
  private final double[] end;
  private final double[] offset;
  private final double duration;

  private ClipTimeline(double[] start, double[] end) {
    this.start = start;
    this.end = end;
    this.offset = new double[start.length];
    double t = 0;
    for (int i = 0; i < start.length; i++) {
      offset[i] = t;
      t += end[i] - start[i];
    }
    this.duration = t;
  }

  /**
   * Checks the kept intervals (sorted, non-overlapping, positive length) and clamps them to the source's length when
   * it is known (> 0). Reasons: {@code no_kept_intervals}, {@code invalid_kept_intervals},
   * {@code kept_intervals_outside_source}.
   */
  public static ClipTimeline of(List<TimeRange> kept, double sourceSeconds) throws StageException {
    if (kept == null || kept.isEmpty()) {
      throw new StageException("no_kept_intervals", "the clip has no kept source intervals to render");
    }
    List<double[]> out = new ArrayList<>();
    double prevEnd = Double.NEGATIVE_INFINITY;
    for (TimeRange r : kept) {
      double s = r.getStart();
      double e = r.getEnd();
      if (!Double.isFinite(s) || !Double.isFinite(e) || s < 0 || e <= s) {
        throw new StageException("invalid_kept_intervals",
            String.format(Locale.ROOT, "kept interval [%.3f, %.3f] is empty, negative or not a number", s, e));
      }
      if (s < prevEnd - 1e-9) {
        throw new StageException("invalid_kept_intervals", String.format(Locale.ROOT,
            "kept intervals must be sorted and must not overlap: [%.3f, %.3f] starts before %.3f", s, e, prevEnd));
      }
      prevEnd = e;
      if (sourceSeconds > 0) {
        e = Math.min(e, sourceSeconds);
      }
      // Anything shorter than a millisecond is rounding left over from clamping.
      if (e - s >= 0.001) {
        out.add(new double[] {s, e});
      }
    }
    if (out.isEmpty()) {
      throw new StageException("kept_intervals_outside_source", String.format(Locale.ROOT,
          "every kept interval lies past the end of the %.3f s source", sourceSeconds));
    }
    double[] st = new double[out.size()];
    double[] en = new double[out.size()];
    for (int i = 0; i < st.length; i++) {
      st[i] = out.get(i)[0];
      en[i] = out.get(i)[1];
    }
    return new ClipTimeline(st, en);
  }

  public int size() {
    return start.length;
  }

  public double sourceStart(int i) {
    return start[i];
  }

  public double sourceEnd(int i) {
    return end[i];
  }

  /** Where interval i begins in the clip. */
  public double clipStart(int i) {
    return offset[i];
  }

  public double clipEnd(int i) {
    return offset[i] + end[i] - start[i];
  }

  /** Sum of the kept intervals: the clip's length. */
  public double duration() {
    return duration;
  }

  /** The interval holding a source time, or -1 (half-open [start, end)). */
  public int intervalOf(double sourceTime) {
    for (int i = 0; i < start.length; i++) {
      if (sourceTime >= start[i] && sourceTime < end[i]) {
        return i;
      }
    }
    return -1;
  }

  /** Clip time of a source time inside interval i (clamped to the interval). */
  public double toClip(int i, double sourceTime) {
    double t = Math.max(start[i], Math.min(end[i], sourceTime));
    return offset[i] + t - start[i];
  }

  /** The (clamped) intervals as Avro time ranges. */
  public List<TimeRange> ranges() {
    List<TimeRange> out = new ArrayList<>();
    for (int i = 0; i < start.length; i++) {
      out.add(new TimeRange(start[i], end[i]));
    }
    return out;
  }
}
