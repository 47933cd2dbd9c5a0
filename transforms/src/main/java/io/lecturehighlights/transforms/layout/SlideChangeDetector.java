package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Slide changes inside the screen region, restricted to the grid cells that lie wholly in the screen and away from
 * the camera, so the lecturer's motion never counts. Like Opencast's videosegmenter (a scene score plus a stability
 * rule: a change must persist, too-short segments are merged), a slide change is a change that persists.
 *
 * <ol>
 *   <li><b>Candidates</b>: the score of a sample pair is the share of screen cells whose mean absolute luma
 *       difference exceeds both an absolute level and three times that cell's own median difference over the run
 *       (its noise level), twice that when either sample is a key frame (which redraws the coding noise
 *       everywhere at once). A pair scoring at least {@code minChangedShare} is a candidate.
 *   <li><b>Episodes</b>: candidates at most the stability window ({@link Tuning#stableSeconds}) apart form one
 *       episode, so every episode is preceded and followed by a picture that stayed still
 *       for the whole window (the old and the new picture).
 *   <li><b>Persistence</b>: the old picture (the sample before the episode) is compared with the picture one window
 *       later, after the episode ({@link ChangeHistory#lagDiff}). If few cells differ, the episode reverted (an odd
 *       frame, a pointer crossing, an animation that ends where it began): nothing is reported, neither the change
 *       nor the change back. An episode longer than the window, or too close to the end for the lag, is compared by
 *       the cells' texture instead.
 *   <li><b>Builds</b>: a persistent episode whose changed cells were (nearly) all blank in the old picture, while
 *       the old picture had content, added something to the same slide: a build, reported apart.
 *   <li><b>Start of the recording</b>: an episode whose old picture was uniform (black, a fade-in) before any content
 *       was seen, is neither; nor are pairs that begin within {@link Tuning#warmupSeconds} of the start
 *       (encoder warm-up, a picture still settling).
 * </ol>
 *
 * A change is dated at the first sample of the new picture: the first pair of the episode scoring at least half the
 * episode's highest score (the cut, or the middle of a cross-fade), in the middle of the interval in which it must have happened (between the first frame
 * decoded after the previous sample and the sample that shows it).
 */
final class SlideChangeDetector {
  /**
   * Tuning of the persistence rule, kept here (not in {@link LayoutConfig}).
   *
   * @param stableSeconds how long a new picture must stay (and an old one have stayed) to count; differences that
   *     revert within this are not changes
   * @param lagSeconds how far apart the pictures of {@link ChangeHistory#lagDiff} are: the stability window plus
   *     the settling time, so that an episode up to a window long is compared whole
   * @param warmupSeconds an episode starting this close to the start of the recording is its picture settling
   * @param blankTexture a cell is blank (no text) when its texture is at most max(this, 1.5 x the median texture of
   *     the screen cells)
   * @param minContentShare a picture has content when at least this share of the screen cells are not blank
   * @param maxTexturedInBuild a build changes at most this share of cells that had content
   */
  record Tuning(double stableSeconds, double lagSeconds, double warmupSeconds, double blankTexture, double minContentShare,
      double maxTexturedInBuild) {
    static final Tuning DEFAULTS = new Tuning(2.0, 3.0, 1.5, 2.0, 0.02, 0.15);
  }

  /** What was found in a run of samples. */
  record Result(List<Double> changes, List<Double> builds) {}

  /** One slide as shown, [start, end), and when to read it: a still moment after its last build. */
  record Span(double start, double end, double readAt) {}

  /** How long after a change or build the picture is taken to have settled (a cross-fade, a build animating in). */
  private static final double SETTLE_SECONDS = 0.5;

  /** Share of {@code minChangedShare} at which the screen counts as moving at the onset of an episode. */
  private static final double ONSET = 0.25;

  private final LayoutConfig config;
  private final Tuning tuning;

  SlideChangeDetector(LayoutConfig config) {
    this(config, Tuning.DEFAULTS);
  }

  SlideChangeDetector(LayoutConfig config, Tuning tuning) {
    this.config = config;
    this.tuning = tuning;
  }

  /** Change times for samples [from, to) of the history (pairs ending at from + 1 .. to - 1). */
  List<Double> detect(ChangeHistory hist, int from, int to, Box screen, Box camera) {
    return analyze(hist, from, to, screen, camera).changes();
  }

  /** Changes and builds for samples [from, to) of the history. */
  Result analyze(ChangeHistory hist, int from, int to, Box screen, Box camera) {
    List<Integer> cells = screenCells(hist, screen, camera);
    List<Double> changes = new ArrayList<>();
    List<Double> builds = new ArrayList<>();
    if (cells.isEmpty() || to - from < 2) {
      return new Result(changes, builds);
    }
    double stable = tuning.stableSeconds();
    // the new picture is compared with the old one once it has stayed this long after the episode
    double settle = stable / 2;
    int n = cells.size();
    double[] threshold = thresholds(hist, from, to, cells);
    double start = hist.time(0);
    double[] score = new double[to];
    List<Integer> candidates = new ArrayList<>();
    for (int k = from + 1; k < to; k++) {
      // A key frame redraws all the coding noise at once: in a noisy video every cell moves a little, into the key
      // frame and out of it again. It takes twice the usual difference to count in a pair with a key frame (a real
      // slide change differs by far more).
      double factor = hist.key(k) || hist.key(k - 1) ? 2.0 : 1.0;
      int changed = 0;
      for (int i = 0; i < n; i++) {
        if (hist.diff(k, cells.get(i)) > factor * threshold[i]) {
          changed++;
        }
      }
      score[k] = changed / (double) n;
      // Pairs that begin in the first moments of the recording are its picture settling (encoder warm-up).
      boolean warmup = from == 0 && hist.time(k - 1) - start < tuning.warmupSeconds();
      if (score[k] >= config.minChangedShare() && !warmup) {
        candidates.add(k);
      }
    }
    boolean seenContent = false;
    int quietFrom = from;
    for (int c = 0; c < candidates.size(); ) {
      int s = candidates.get(c);
      int e = s;
      c++;
      while (c < candidates.size() && hist.time(candidates.get(c)) - hist.time(e) <= stable) {
        e = candidates.get(c++);
      }
      int next = c < candidates.size() ? candidates.get(c) : to;
      // The episode began where the screen started to move, maybe a little before the first candidate (something
      // sliding in from the edge): the old picture is the last still one.
      while (s - 1 > quietFrom && hist.time(e) - hist.time(s - 1) <= stable / 2
          && score[s - 1] >= ONSET * config.minChangedShare()
          && !(from == 0 && hist.time(s - 2) - start < tuning.warmupSeconds())) {
        s--;
      }
      int before = s - 1;
      int quietStart = quietFrom;
      quietFrom = e;
      // the new picture, compared with the old one (still shown up to the episode) over the stability window
      int x = -1;
      for (int k = e; k < next && x < 0; k++) {
        int f = hist.lagFrom(k);
        if (hist.time(k) - hist.time(e) >= settle && f >= quietStart && f <= before) {
          x = k;
        }
      }
      if (next == to && hist.time(to - 1) - hist.time(e) < settle) {
        continue; // the run ends before the new picture could show that it stays
      }
      boolean[] changed = new boolean[n];
      int changedCount = 0;
      if (x >= 0) {
        int f = hist.lagFrom(x);
        double factor = hist.key(x) || hist.key(f) ? 2.0 : 1.0;
        for (int i = 0; i < n; i++) {
          // Two pictures of one slide seconds apart differ by coding noise, like consecutive ones (the lagged pairs'
          // own statistics would not do: with a slide every few seconds most of them straddle a change).
          changed[i] = hist.lagDiff(x, cells.get(i)) > factor * threshold[i];
          changedCount += changed[i] ? 1 : 0;
        }
      } else {
        // A long episode, or the end of the run: compare the texture of the old picture with the settled new one.
        int after = next - 1;
        if (hist.time(after) - hist.time(e) < settle) {
          continue; // the new picture did not stay long enough to tell
        }
        for (int i = 0; i < n; i++) {
          double a0 = hist.texture(before, cells.get(i));
          double b0 = hist.texture(after, cells.get(i));
          changed[i] = Math.abs(a0 - b0) > Math.max(1.5, 0.3 * Math.max(a0, b0));
          changedCount += changed[i] ? 1 : 0;
        }
      }
      if (changedCount < config.minChangedShare() * n) {
        continue; // reverted: neither the change nor the change back
      }
      double[] tex = new double[n];
      for (int i = 0; i < n; i++) {
        tex[i] = hist.texture(before, cells.get(i));
      }
      double[] sorted = tex.clone();
      Arrays.sort(sorted);
      double blank = Math.max(tuning.blankTexture(), 1.5 * sorted[n / 2]);
      int content = 0;
      int texturedChanged = 0;
      for (int i = 0; i < n; i++) {
        if (tex[i] > blank) {
          content++;
          if (changed[i]) {
            texturedChanged++;
          }
        }
      }
      boolean hasContent = content >= tuning.minContentShare() * n;
      if (!hasContent && !seenContent && from == 0) {
        continue; // the recording starting: a fade-in from a uniform picture
      }
      seenContent = true;
      double peak = 0;
      for (int k = s; k <= e; k++) {
        peak = Math.max(peak, score[k]);
      }
      int first = s;
      while (score[first] < 0.5 * peak) {
        first++;
      }
      double t = (hist.earliest(first) + hist.time(first)) / 2;
      if (hasContent && texturedChanged <= tuning.maxTexturedInBuild() * changedCount) {
        builds.add(t);
      } else {
        changes.add(t);
      }
    }
    return new Result(changes, builds);
  }

  /** Per cell, the difference that counts as a change: well above the cell's own noise. */
  private double[] thresholds(ChangeHistory hist, int from, int to, List<Integer> cells) {
    double[] threshold = new double[cells.size()];
    for (int i = 0; i < threshold.length; i++) {
      threshold[i] = Math.max(config.cellChangeDelta(), 3 * medianDiff(hist, from + 1, to, cells.get(i)));
    }
    return threshold;
  }

  /**
   * The slides of samples [from, to), shown from {@code start} to {@code end}: one per stretch between the changes
   * of {@code found}. Each is read at its stillest sample after its last build and clear of the changes around it
   * (the fewest screen cells moving into and out of it, nearest the middle on a tie); a key frame in the same still
   * stretch is taken instead, since reading it again costs one decoded frame rather than a run from the key frame
   * before. Times are those of decoded frames, so {@code StillFrames} finds exactly the picture that was judged still.
   */
  List<Span> spans(ChangeHistory hist, int from, int to, Box screen, Box camera, double start, double end,
      Result found, List<Double> keyFrames) {
    List<Double> bounds = new ArrayList<>();
    bounds.add(start);
    for (double c : found.changes()) {
      if (c > start && c < end) {
        bounds.add(c);
      }
    }
    bounds.add(end);
    List<Integer> cells = screenCells(hist, screen, camera);
    int[] moving = new int[Math.max(to, 0) + 1];
    if (!cells.isEmpty() && to - from >= 2) {
      double[] threshold = thresholds(hist, from, to, cells);
      for (int k = from + 1; k < to; k++) {
        double factor = hist.key(k) || hist.key(k - 1) ? 2.0 : 1.0;
        for (int i = 0; i < threshold.length; i++) {
          if (hist.diff(k, cells.get(i)) > factor * threshold[i]) {
            moving[k]++;
          }
        }
      }
    }
    List<Span> spans = new ArrayList<>();
    for (int b = 0; b + 1 < bounds.size(); b++) {
      double s = bounds.get(b);
      double e = bounds.get(b + 1);
      double settled = s;
      for (double build : found.builds()) {
        if (build >= s && build < e) {
          settled = Math.max(settled, build);
        }
      }
      double lo = settled + SETTLE_SECONDS;
      double hi = e - SETTLE_SECONDS;
      if (hi <= lo) {
        lo = settled;
        hi = e;
      }
      double mid = (lo + hi) / 2;
      int best = -1;
      int bestCost = Integer.MAX_VALUE;
      for (int k = from; k < to; k++) {
        double t = hist.time(k);
        if (t < lo || t > hi) {
          continue;
        }
        int cost = (k > from ? moving[k] : 0) + (k + 1 < to ? moving[k + 1] : 0);
        if (cost < bestCost || (cost == bestCost && Math.abs(t - mid) < Math.abs(hist.time(best) - mid))) {
          best = k;
          bestCost = cost;
        }
      }
      double readAt = best >= 0 ? hist.time(best) : mid;
      if (best >= 0) {
        double key = Double.NaN;
        for (double kt : keyFrames) {
          if (kt < lo || kt > hi || (!Double.isNaN(key) && Math.abs(kt - readAt) >= Math.abs(key - readAt))) {
            continue;
          }
          // the samples either side of the key frame, and the change between them, are as still as the best
          int j = lastSampleAtOrBefore(hist, from, to, kt);
          if (j >= from && j + 1 < to && moving[j + 1] == 0
              && (j > from ? moving[j] : 0) + moving[j + 1] <= bestCost) {
            key = kt;
          }
        }
        if (!Double.isNaN(key)) {
          readAt = key;
        }
      }
      spans.add(new Span(s, e, readAt));
    }
    return spans;
  }

  private static int lastSampleAtOrBefore(ChangeHistory hist, int from, int to, double t) {
    int lo = from;
    int hi = to - 1;
    int found = from - 1;
    while (lo <= hi) {
      int m = (lo + hi) >>> 1;
      if (hist.time(m) <= t + 1e-9) {
        found = m;
        lo = m + 1;
      } else {
        hi = m - 1;
      }
    }
    return found;
  }

  /** Cells wholly inside the screen and at least one pixel away from the camera rectangle. */
  static List<Integer> screenCells(ChangeHistory hist, Box screen, Box camera) {
    List<Integer> cells = new ArrayList<>();
    if (screen == null) {
      return cells;
    }
    Box guard = camera == null ? null
        : new Box(camera.x0() - 1, camera.y0() - 1, camera.x1() + 1, camera.y1() + 1);
    for (int gy = 0; gy < hist.gridH; gy++) {
      for (int gx = 0; gx < hist.gridW; gx++) {
        Box c = new Box(gx * hist.cell, gy * hist.cell, Math.min(hist.width, (gx + 1) * hist.cell),
            Math.min(hist.height, (gy + 1) * hist.cell));
        if (c.w() < hist.cell / 2 || c.h() < hist.cell / 2) {
          continue;
        }
        boolean inside = c.x0() >= screen.x0() && c.y0() >= screen.y0() && c.x1() <= screen.x1() && c.y1() <= screen.y1();
        if (inside && (guard == null || guard.intersect(c).isEmpty())) {
          cells.add(gy * hist.gridW + gx);
        }
      }
    }
    return cells;
  }

  private static double medianDiff(ChangeHistory hist, int from, int to, int cell) {
    int[] histogram = new int[256];
    for (int k = from; k < to; k++) {
      histogram[(int) Math.round(hist.diff(k, cell) * 4)]++;
    }
    int half = (to - from) / 2;
    int acc = 0;
    for (int v = 0; v < 256; v++) {
      acc += histogram[v];
      if (acc > half) {
        return v / 4.0;
      }
    }
    return 0;
  }
}
