package io.lecturehighlights.transforms.silence;

import java.util.List;

/** Precision and recall of detected silences against ground truth, with a boundary tolerance. */
public final class SilenceScoring {
  public final int truth;
  public final int detected;
  public final int matched;

  private SilenceScoring(int truth, int detected, int matched) {
    this.truth = truth;
    this.detected = detected;
    this.matched = matched;
  }

  /** A detection matches a true silence when both its boundaries are within the tolerance. */
  public static SilenceScoring score(List<double[]> truth, List<double[]> detected, double tolerance) {
    boolean[] used = new boolean[detected.size()];
    int matched = 0;
    for (double[] t : truth) {
      for (int i = 0; i < detected.size(); i++) {
        double[] d = detected.get(i);
        if (!used[i] && Math.abs(d[0] - t[0]) <= tolerance && Math.abs(d[1] - t[1]) <= tolerance) {
          used[i] = true;
          matched++;
          break;
        }
      }
    }
    return new SilenceScoring(truth.size(), detected.size(), matched);
  }

  public double precision() {
    return detected == 0 ? (truth == 0 ? 1 : 0) : matched / (double) detected;
  }

  public double recall() {
    return truth == 0 ? 1 : matched / (double) truth;
  }

  @Override
  public String toString() {
    return String.format("truth=%d detected=%d matched=%d precision=%.3f recall=%.3f", truth, detected, matched,
        precision(), recall());
  }
}
