package io.lecturehighlights.transforms.content;

import io.lecturehighlights.schemas.TimeRange;
import java.util.List;

/**
 * Non-lexical evidence for a topic boundary at each gap between sentences: a slide change near the gap (lecturers
 * change slides when they change topic) and a long pause in it (they stop to draw breath, write, or take a
 * question). Index g is the gap before sentence g; index 0 is unused. A slide change scores 1 at the gap, falling
 * linearly to 0.5 at the edge of the tolerance; a pause scores up to {@link #PAUSE_WEIGHT} for 3 s or more.
 */
public final class BoundaryEvidence {
  /** A slide change this far (seconds) from a gap still counts for it: detection and speech are not in lockstep. */
  public static final double SLIDE_TOLERANCE = 4.0;
  /** Pauses shorter than this are breathing between sentences, not evidence. */
  public static final double LONG_PAUSE = 1.0;
  /** A pause is weaker evidence than a slide change: lecturers also pause mid-topic to write. */
  public static final double PAUSE_WEIGHT = 0.6;

  private BoundaryEvidence() {}

  public static double[] perGap(double[] starts, double[] ends, List<Double> slideChanges, List<TimeRange> pauses) {
    int n = starts.length;
    double[] evidence = new double[n];
    if (n < 2) {
      return evidence;
    }
    if (slideChanges != null) {
      for (double t : slideChanges) {
        int g = nearestGap(starts, ends, t);
        double distance = distanceToGap(starts, ends, g, t);
        if (distance <= SLIDE_TOLERANCE) {
          evidence[g] += 1.0 - 0.5 * distance / SLIDE_TOLERANCE;
        }
      }
    }
    if (pauses != null) {
      for (TimeRange p : pauses) {
        double length = p.getEnd() - p.getStart();
        if (length < LONG_PAUSE) {
          continue;
        }
        int g = nearestGap(starts, ends, (p.getStart() + p.getEnd()) / 2);
        // The pause must actually touch the gap, not sit inside a sentence.
        if (distanceToGap(starts, ends, g, (p.getStart() + p.getEnd()) / 2) <= length / 2 + 0.5) {
          evidence[g] += PAUSE_WEIGHT * Math.min(1.0, length / 3.0);
        }
      }
    }
    for (int g = 1; g < n; g++) {
      evidence[g] = Math.min(1.5, evidence[g]);
    }
    return evidence;
  }

  /** The gap (1..n-1) whose span [end of g-1, start of g] is closest to t; binary search, times ascending. */
  static int nearestGap(double[] starts, double[] ends, double t) {
    int lo = 1;
    int hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int best = lo;
    if (lo > 1 && distanceToGap(starts, ends, lo - 1, t) <= distanceToGap(starts, ends, lo, t)) {
      best = lo - 1;
    }
    return best;
  }

  static double distanceToGap(double[] starts, double[] ends, int g, double t) {
    double a = Math.min(ends[g - 1], starts[g]);
    double b = Math.max(ends[g - 1], starts[g]);
    return t < a ? a - t : t > b ? t - b : 0;
  }
}
