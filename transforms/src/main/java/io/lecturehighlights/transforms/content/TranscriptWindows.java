package io.lecturehighlights.transforms.content;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.TranscriptSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Long lectures go to the model in overlapping windows: answers stay well inside the model's output limit and a
 * failed request costs one window, not the lecture. The lecture is cut into the fewest windows of at most the
 * configured length that overlap by the configured amount, all of equal length, each cut moved back to the start of
 * the sentence it would fall in. Merging keeps, in each overlap, the segments of the window whose centre is nearer
 * (by the segment's midpoint); the merged list is then re-validated as a whole.
 */
final class TranscriptWindows {
  private static final double EPS = 1e-6;

  /** One window: its span and the sentences that start inside it. */
  record Window(int index, double from, double to, List<TranscriptSegment> sentences) {
    double centre() {
      return (from + to) / 2;
    }
  }

  private TranscriptWindows() {}

  /**
   * @param sentences sorted by start
   * @param duration the lecture's length; one window when it is at most {@code windowSeconds}
   */
  static List<Window> plan(List<TranscriptSegment> sentences, double duration, double windowSeconds,
      double overlapSeconds) {
    if (duration <= windowSeconds + EPS) {
      return List.of(new Window(0, 0, duration, List.copyOf(sentences)));
    }
    int n = (int) Math.ceil((duration - overlapSeconds) / (windowSeconds - overlapSeconds) - EPS);
    double length = (duration + (n - 1) * overlapSeconds) / n;
    double stride = length - overlapSeconds;
    double[] from = new double[n];
    double[] to = new double[n];
    for (int k = 0; k < n; k++) {
      from[k] = k == 0 ? 0 : snapBack(sentences, k * stride);
      to[k] = k == n - 1 ? duration : snapBack(sentences, k * stride + length);
    }
    List<Window> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      List<TranscriptSegment> inside = new ArrayList<>();
      for (TranscriptSegment s : sentences) {
        if (s.getStart() >= from[k] - EPS && s.getStart() < to[k] - EPS) {
          inside.add(s);
        }
      }
      out.add(new Window(k, from[k], to[k], inside));
    }
    return out;
  }

  /** A time inside a sentence moves back to that sentence's start, so no window cuts a sentence in two. */
  private static double snapBack(List<TranscriptSegment> sentences, double t) {
    for (TranscriptSegment s : sentences) {
      if (s.getStart() < t - EPS && s.getEnd() > t + EPS) {
        return s.getStart();
      }
    }
    return t;
  }

  /**
   * Each window's segments in, one ordered list out (still to be re-validated): a segment survives when its
   * midpoint is nearer its own window's centre than the neighbouring windows' centres.
   */
  static List<ContentSegment> merge(List<Window> windows, List<List<ContentSegment>> perWindow) {
    if (windows.size() != perWindow.size()) {
      throw new IllegalArgumentException(windows.size() + " windows but " + perWindow.size() + " answers");
    }
    List<ContentSegment> out = new ArrayList<>();
    for (int k = 0; k < windows.size(); k++) {
      double lo = k == 0 ? Double.NEGATIVE_INFINITY : (windows.get(k - 1).centre() + windows.get(k).centre()) / 2;
      double hi = k == windows.size() - 1 ? Double.POSITIVE_INFINITY
          : (windows.get(k).centre() + windows.get(k + 1).centre()) / 2;
      for (ContentSegment s : perWindow.get(k)) {
        double mid = (s.getStart() + s.getEnd()) / 2;
        if (mid >= lo && mid < hi) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
