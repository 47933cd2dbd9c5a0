package io.lecturehighlights.transforms.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * Slide changes inside the screen region, in the spirit of PySceneDetect's ContentDetector (a content-difference
 * score between consecutive frames against a threshold, with a minimum scene length), restricted to the grid cells
 * that lie wholly in the screen and away from the camera, so the lecturer's motion never counts.
 *
 * <p>The score of a sample pair is the share of screen cells whose mean absolute luma difference exceeds both an
 * absolute level and three times that cell's own median difference over the run (its noise level), twice that
 * when the newer sample is a key frame (which redraws the coding noise everywhere at once). A slide change
 * is a pair whose score reaches {@code minChangedShare} and is the highest within {@code minSlideSeconds}; it is
 * dated in the middle of the interval in which it must have happened (between the first frame decoded after the
 * previous sample and the sample that shows it).
 */
final class SlideChangeDetector {
  private final LayoutConfig config;

  SlideChangeDetector(LayoutConfig config) {
    this.config = config;
  }

  /** Change times for samples [from, to) of the history (pairs ending at from + 1 .. to - 1). */
  List<Double> detect(ChangeHistory hist, int from, int to, Box screen, Box camera) {
    List<Integer> cells = screenCells(hist, screen, camera);
    List<Double> out = new ArrayList<>();
    if (cells.isEmpty() || to - from < 2) {
      return out;
    }
    double[] threshold = new double[cells.size()];
    for (int i = 0; i < cells.size(); i++) {
      threshold[i] = Math.max(config.cellChangeDelta(), 3 * medianDiff(hist, from + 1, to, cells.get(i)));
    }
    double[] score = new double[to];
    for (int k = from + 1; k < to; k++) {
      // A key frame redraws all the coding noise at once: in a noisy video every cell moves a little. It takes
      // twice the usual difference to count there (a real slide change differs by far more).
      double factor = hist.key(k) ? 2.0 : 1.0;
      int n = 0;
      for (int i = 0; i < cells.size(); i++) {
        if (hist.diff(k, cells.get(i)) > factor * threshold[i]) {
          n++;
        }
      }
      score[k] = n / (double) cells.size();
    }
    for (int k = from + 1; k < to; k++) {
      if (score[k] < config.minChangedShare()) {
        continue;
      }
      boolean peak = true;
      for (int j = k - 1; j > from && hist.time(k) - hist.time(j) < config.minSlideSeconds(); j--) {
        if (score[j] >= score[k]) {
          peak = false;
          break;
        }
      }
      for (int j = k + 1; peak && j < to && hist.time(j) - hist.time(k) < config.minSlideSeconds(); j++) {
        if (score[j] > score[k]) {
          peak = false;
        }
      }
      if (peak) {
        out.add((hist.earliest(k) + hist.time(k)) / 2);
      }
    }
    return out;
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
