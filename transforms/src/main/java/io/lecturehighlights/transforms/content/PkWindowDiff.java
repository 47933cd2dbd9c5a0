package io.lecturehighlights.transforms.content;

/**
 * Segmentation error metrics over N sentences, boundaries given as the indices of the sentences that open a new
 * segment (0 excluded). Both slide a window of k sentences, k half the mean reference segment length
 * (rounded, at least 1), over positions i = 0 .. N-k-1:
 *
 * <ul>
 *   <li>Pk (Beeferman et al. 1999): the share of windows where reference and hypothesis disagree on whether sentences
 *       i and i+k lie in the same segment.
 *   <li>WindowDiff (Pevzner &amp; Hearst 2002): the share of windows where the number of boundaries between them
 *       differs, so a near miss with extra boundaries is not forgiven as Pk forgives it.
 * </ul>
 * Lower is better; 0 is a perfect match.
 */
public final class PkWindowDiff {
  public final double pk;
  public final double windowDiff;
  public final int k;

  private PkWindowDiff(double pk, double windowDiff, int k) {
    this.pk = pk;
    this.windowDiff = windowDiff;
    this.k = k;
  }

  public static int windowSize(int sentences, int referenceSegments) {
    return Math.max(1, (int) Math.round(sentences / (2.0 * Math.max(1, referenceSegments))));
  }

  public static PkWindowDiff score(int sentences, int[] reference, int[] hypothesis) {
    int k = windowSize(sentences, reference.length + 1);
    return score(sentences, reference, hypothesis, k);
  }

  public static PkWindowDiff score(int sentences, int[] reference, int[] hypothesis, int k) {
    // Prefix counts of boundaries: bounds[j] = boundaries opening a sentence in 1..j.
    int[] ref = prefix(sentences, reference);
    int[] hyp = prefix(sentences, hypothesis);
    int windows = sentences - k;
    if (windows <= 0) {
      return new PkWindowDiff(0, 0, k);
    }
    int pkErrors = 0;
    int wdErrors = 0;
    for (int i = 0; i < windows; i++) {
      int r = ref[i + k] - ref[i];
      int h = hyp[i + k] - hyp[i];
      if ((r > 0) != (h > 0)) {
        pkErrors++;
      }
      if (r != h) {
        wdErrors++;
      }
    }
    return new PkWindowDiff(pkErrors / (double) windows, wdErrors / (double) windows, k);
  }

  private static int[] prefix(int sentences, int[] boundaries) {
    int[] marks = new int[sentences + 1];
    for (int b : boundaries) {
      if (b > 0 && b < sentences) {
        marks[b]++;
      }
    }
    for (int j = 1; j <= sentences; j++) {
      marks[j] += marks[j - 1];
    }
    return marks;
  }
}
