package io.lecturehighlights.transforms.layout;

/**
 * Where a layout switch really happened. Layouts are classified per window ({@code windowSeconds}, a minute by
 * default), so a period boundary falls on a window edge while the recording switched somewhere in the windows around
 * it; clips cut their framing at the boundary, and a boundary a window off shows up to a minute of the wrong framing.
 *
 * <p>Each sample's cell textures (text and edges are high, blank slide and soft camera picture low, see
 * {@link ChangeHistory#texture}) are compared with the typical textures of the period before and of the period after,
 * taken from samples away from the boundary; each sample in the window on either side is labelled with the nearer
 * one, and the boundary moves to the sample that splits the labels with the fewest disagreements (a change point).
 * A slide change inside a period changes textures too, but toward neither profile in particular: the split stays
 * where the layout changed. The boundary stays where it was when the labels do not separate (the two periods look
 * alike in texture: the move would be a guess).
 */
final class PeriodBoundaries {
  private PeriodBoundaries() {}

  /** Disagreeing samples allowed at the chosen split, as a share of the samples searched. */
  static final double MAX_DISAGREEMENT = 0.2;

  /**
   * The sample where period B begins, for periods A = samples [a0, boundary) and B = [boundary, b1).
   *
   * @param window samples searched on each side of the boundary (about one classification window)
   * @return a sample in (a0, b1), or {@code boundary} when the textures do not say better
   */
  static int refine(ChangeHistory h, int a0, int boundary, int b1, int window) {
    int lo = Math.max(a0 + 1, boundary - window);
    int hi = Math.min(b1 - 1, boundary + window);
    if (hi - lo < 2 || boundary <= a0 || boundary >= b1) {
      return boundary;
    }
    int cells = h.gridW * h.gridH;
    // Profiles from outside the searched samples where the periods have them, else from the searched halves.
    double[] before = lo > a0 ? mean(h, a0, lo, cells) : mean(h, lo, boundary, cells);
    double[] after = hi < b1 ? mean(h, hi, b1, cells) : mean(h, boundary, hi, cells);
    if (distance(before, after) < 1e-9) {
      return boundary;
    }
    boolean[] isAfter = new boolean[hi - lo];
    double[] tex = new double[cells];
    for (int k = lo; k < hi; k++) {
      for (int c = 0; c < cells; c++) {
        tex[c] = h.texture(k, c);
      }
      isAfter[k - lo] = distance(tex, after) < distance(tex, before);
    }
    // cost(s) = labels "after" before s + labels "before" from s on; computed for every s in one sweep.
    int afterBefore = 0;
    int beforeFrom = 0;
    for (boolean b : isAfter) {
      beforeFrom += b ? 0 : 1;
    }
    int best = boundary;
    int bestCost = Integer.MAX_VALUE;
    for (int s = lo; s <= hi; s++) {
      int cost = afterBefore + beforeFrom;
      if (cost < bestCost || cost == bestCost && Math.abs(s - boundary) < Math.abs(best - boundary)) {
        bestCost = cost;
        best = s;
      }
      if (s < hi) {
        if (isAfter[s - lo]) {
          afterBefore++;
        } else {
          beforeFrom--;
        }
      }
    }
    if (bestCost > MAX_DISAGREEMENT * (hi - lo)) {
      return boundary;
    }
    return Math.max(a0 + 1, Math.min(b1 - 1, best));
  }

  private static double[] mean(ChangeHistory h, int from, int to, int cells) {
    double[] m = new double[cells];
    for (int k = from; k < to; k++) {
      for (int c = 0; c < cells; c++) {
        m[c] += h.texture(k, c);
      }
    }
    for (int c = 0; c < cells; c++) {
      m[c] /= Math.max(1, to - from);
    }
    return m;
  }

  private static double distance(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += Math.abs(a[i] - b[i]);
    }
    return d;
  }
}
