package io.lecturehighlights.transforms.extraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which parts of a span of the source a clip keeps: everything except long pauses, like auto-editor's silence
 * cutting with a margin.
 *
 * <ul>
 *   <li>A pause [a, b] longer than the threshold loses [a + margin, b - margin]: the margin of natural pause stays
 *       on each side of the speech around it.
 *   <li>No removed time ever touches a word: the removal is reduced by every word widened by the margin, and what is
 *       left of a pause must still be longer than the threshold (counting its margins) to go. So a silence region
 *       that overlaps a word (the detector and the recogniser disagree) is cut only where both agree there is no
 *       speech.
 *   <li>Sub-frame fragments (under {@link #MIN_FRAGMENT_SECONDS}) are merged away: a removal that short is not made,
 *       and a kept fragment that short goes with the removals around it when no word lies in it (a click between
 *       two pauses), else the shorter removal beside it is kept instead, joining it to its neighbour.
 * </ul>
 * Plain and deterministic; times in seconds. Word intervals may overlap and come in any order.
 */
public final class KeptIntervals {
  /** Kept or removed pieces shorter than this (2.5 frames at 25 fps) would be invisible jump cuts. */
  public static final double MIN_FRAGMENT_SECONDS = 0.1;

  private final double[][] words; // sorted by start
  private final double[] wordMaxEnd; // running maximum of word ends, for "is t inside a word"
  private final double[][] removals; // sorted, disjoint

  /**
   * @param pauses candidate pauses (silence regions or gaps between words), any order, may overlap
   * @param words speech that must never be cut into, as [start, end]: timed words, or sentences when there are no
   *     word times; may be empty
   * @param threshold pauses longer than this are cut
   * @param margin pause kept on each side of speech
   */
  public KeptIntervals(List<double[]> pauses, List<double[]> words, double threshold, double margin) {
    this.words = words.stream().map(double[]::clone)
        .sorted(Comparator.<double[]>comparingDouble(w -> w[0]).thenComparingDouble(w -> w[1]))
        .toArray(double[][]::new);
    this.wordMaxEnd = new double[this.words.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < this.words.length; i++) {
      max = Math.max(max, this.words[i][1]);
      wordMaxEnd[i] = max;
    }
    List<double[]> out = new ArrayList<>();
    for (double[] p : merge(pauses)) {
      if (p[1] - p[0] <= threshold) {
        continue;
      }
      for (double[] piece : minusWords(p[0] + margin, p[1] - margin, margin)) {
        double len = piece[1] - piece[0];
        if (len >= MIN_FRAGMENT_SECONDS && len + 2 * margin > threshold) {
          out.add(piece);
        }
      }
    }
    this.removals = out.toArray(new double[0][]);
  }

  /** The removals, sorted and disjoint (for tests and logs). */
  public List<double[]> removals() {
    List<double[]> out = new ArrayList<>();
    for (double[] r : removals) {
      out.add(r.clone());
    }
    return out;
  }

  /** What [from, to] keeps: sorted, disjoint [start, end] intervals; empty if from >= to. */
  public List<double[]> keep(double from, double to) {
    List<double[]> kept = new ArrayList<>();
    if (!(to > from)) {
      return kept;
    }
    double cursor = from;
    for (int i = firstRemovalEndingAfter(from); i < removals.length && removals[i][0] < to; i++) {
      if (removals[i][0] > cursor) {
        kept.add(new double[] {cursor, removals[i][0]});
      }
      cursor = Math.max(cursor, removals[i][1]);
    }
    if (cursor < to) {
      kept.add(new double[] {cursor, to});
    }
    mergeFragments(kept);
    return kept;
  }

  /** Total length of intervals. */
  public static double seconds(List<double[]> intervals) {
    double s = 0;
    for (double[] r : intervals) {
      s += r[1] - r[0];
    }
    return s;
  }

  /** Whether t lies strictly inside a word. */
  public boolean insideWord(double t) {
    return containing(t) >= 0;
  }

  /** t, or the start of the earliest word chain that holds it strictly inside: a cut there clips no word. */
  public double outOfWordsBackward(double t) {
    for (int w = containing(t); w >= 0; w = containing(t)) {
      t = words[w][0];
    }
    return t;
  }

  /** t, or the end of the latest word chain that holds it strictly inside. */
  public double outOfWordsForward(double t) {
    for (int w = containing(t); w >= 0; w = containing(t)) {
      t = words[w][1];
    }
    return t;
  }

  /** A word [start, end] with start < t < end, or null. */
  public double[] wordAround(double t) {
    int w = containing(t);
    return w < 0 ? null : words[w].clone();
  }

  /** Whether any word overlaps the open interval (a, b). */
  boolean anyWordIn(double a, double b) {
    int i = lastWordStartingBefore(b);
    for (; i >= 0 && wordMaxEnd[i] > a; i--) {
      if (words[i][1] > a) {
        return true;
      }
    }
    return false;
  }

  /** Index of a word with start < t < end, or -1. */
  private int containing(double t) {
    int i = lastWordStartingBefore(t);
    for (; i >= 0 && wordMaxEnd[i] > t; i--) {
      if (words[i][1] > t) {
        return i;
      }
    }
    return -1;
  }

  /** Largest i with words[i].start < t, or -1. */
  private int lastWordStartingBefore(double t) {
    int lo = 0;
    int hi = words.length - 1;
    int found = -1;
    while (lo <= hi) {
      int m = (lo + hi) >>> 1;
      if (words[m][0] < t) {
        found = m;
        lo = m + 1;
      } else {
        hi = m - 1;
      }
    }
    return found;
  }

  private int firstRemovalEndingAfter(double t) {
    int lo = 0;
    int hi = removals.length;
    while (lo < hi) {
      int m = (lo + hi) >>> 1;
      if (removals[m][1] <= t) {
        lo = m + 1;
      } else {
        hi = m;
      }
    }
    return lo;
  }

  /** [a, b] minus every word widened by the margin on both sides. */
  private List<double[]> minusWords(double a, double b, double margin) {
    List<double[]> pieces = new ArrayList<>();
    if (!(b > a)) {
      return pieces;
    }
    List<double[]> blocks = new ArrayList<>();
    for (int i = lastWordStartingBefore(b + margin); i >= 0 && wordMaxEnd[i] + margin > a; i--) {
      if (words[i][1] + margin > a) {
        blocks.add(new double[] {words[i][0] - margin, words[i][1] + margin});
      }
    }
    double cursor = a;
    for (double[] blk : merge(blocks)) {
      if (blk[0] > cursor) {
        pieces.add(new double[] {cursor, Math.min(blk[0], b)});
      }
      cursor = Math.max(cursor, blk[1]);
      if (cursor >= b) {
        break;
      }
    }
    if (cursor < b) {
      pieces.add(new double[] {cursor, b});
    }
    return pieces;
  }

  private void mergeFragments(List<double[]> kept) {
    while (kept.size() > 1) {
      int shortest = -1;
      for (int i = 0; i < kept.size(); i++) {
        double len = kept.get(i)[1] - kept.get(i)[0];
        if (len < MIN_FRAGMENT_SECONDS && (shortest < 0 || len < kept.get(shortest)[1] - kept.get(shortest)[0])) {
          shortest = i;
        }
      }
      if (shortest < 0) {
        return;
      }
      double[] f = kept.get(shortest);
      if (!anyWordIn(f[0], f[1])) {
        kept.remove(shortest);
        continue;
      }
      double gapBefore = shortest > 0 ? f[0] - kept.get(shortest - 1)[1] : Double.POSITIVE_INFINITY;
      double gapAfter = shortest + 1 < kept.size() ? kept.get(shortest + 1)[0] - f[1] : Double.POSITIVE_INFINITY;
      if (gapBefore <= gapAfter) {
        kept.get(shortest - 1)[1] = f[1];
        kept.remove(shortest);
      } else {
        kept.get(shortest + 1)[0] = f[0];
        kept.remove(shortest);
      }
    }
  }

  /** Union of intervals, sorted; empty and reversed ones dropped. */
  static List<double[]> merge(List<double[]> intervals) {
    double[][] sorted = intervals.stream().filter(r -> r[1] > r[0]).map(double[]::clone)
        .sorted(Comparator.<double[]>comparingDouble(r -> r[0]).thenComparingDouble(r -> r[1]))
        .toArray(double[][]::new);
    List<double[]> out = new ArrayList<>();
    for (double[] r : sorted) {
      if (!out.isEmpty() && r[0] <= out.get(out.size() - 1)[1]) {
        double[] last = out.get(out.size() - 1);
        last[1] = Math.max(last[1], r[1]);
      } else {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "KeptIntervals" + Arrays.deepToString(removals);
  }
}
