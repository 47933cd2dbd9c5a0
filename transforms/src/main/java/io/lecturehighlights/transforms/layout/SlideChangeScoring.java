package io.lecturehighlights.transforms.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Precision and recall of detected slide changes against true ones, one-to-one matches within a tolerance. */
public final class SlideChangeScoring {
  public final int truth;
  public final int detected;
  public final int matched;

  private SlideChangeScoring(int truth, int detected, int matched) {
    this.truth = truth;
    this.detected = detected;
    this.matched = matched;
  }

  public static SlideChangeScoring score(List<Double> truth, List<Double> detected, double tolerance) {
    List<Double> left = new ArrayList<>(detected);
    int matched = 0;
    for (double t : truth) {
      int best = -1;
      for (int i = 0; i < left.size(); i++) {
        double d = Math.abs(left.get(i) - t);
        if (d <= tolerance && (best < 0 || d < Math.abs(left.get(best) - t))) {
          best = i;
        }
      }
      if (best >= 0) {
        left.remove(best);
        matched++;
      }
    }
    return new SlideChangeScoring(truth.size(), detected.size(), matched);
  }

  /** 1 when nothing was detected (and so nothing was wrong). */
  public double precision() {
    return detected == 0 ? 1.0 : matched / (double) detected;
  }

  /** 1 when there was nothing to find. */
  public double recall() {
    return truth == 0 ? 1.0 : matched / (double) truth;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "truth=%d detected=%d matched=%d precision=%.2f recall=%.2f",
        truth, detected, matched, precision(), recall());
  }
}
