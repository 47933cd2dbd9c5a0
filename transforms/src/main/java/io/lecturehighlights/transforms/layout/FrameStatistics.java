package io.lecturehighlights.transforms.layout;

/**
 * Per-pixel evidence accumulated over a run of sampled frames, in analysis pixels: mean luma (bars), how
 * often a pixel changed between consecutive samples (live, camera-like pixels), and how often a vertical or
 * horizontal luma step sits on each pixel boundary (persistent straight edges: the borders of an inset or of a
 * side-by-side split), and the sum of squared luma (temporal variance: a still panel beside a webcam has none, even
 * where its text makes strong edges). Everything is a sum, so statistics of consecutive windows merge exactly.
 */
public final class FrameStatistics {
  public final int width;
  public final int height;
  int samples;
  int pairs;
  /** Sum of luma over the samples (a 4-hour lecture at 4 samples/s stays far below 2^31). */
  final int[] sum;
  /** Sum of squared luma over the samples (long: 255^2 x a 4-hour lecture's samples passes 2^31). */
  final long[] sumSq;
  final int[] changed;
  /** Vertical boundaries: index y * (width + 1) + b, boundary b between pixels b - 1 and b. */
  final int[] vEdges;
  /** Horizontal boundaries: index b * width + x, boundary b between rows b - 1 and b. */
  final int[] hEdges;

  public FrameStatistics(int width, int height) {
    this.width = width;
    this.height = height;
    sum = new int[width * height];
    sumSq = new long[width * height];
    changed = new int[width * height];
    vEdges = new int[(width + 1) * height];
    hEdges = new int[width * (height + 1)];
  }

  /** Adds one sample; {@code previous} is the sample before it (null for the first of the video). */
  void add(byte[] gray, byte[] previous, int motionDelta, int edgeDelta) {
    int w = width;
    for (int y = 0; y < height; y++) {
      int row = y * w;
      int vrow = y * (w + 1);
      int left = gray[row] & 0xff;
      for (int x = 0; x < w; x++) {
        int i = row + x;
        int v = gray[i] & 0xff;
        sum[i] += v;
        sumSq[i] += v * v;
        if (Math.abs(v - left) >= edgeDelta) {
          vEdges[vrow + x]++; // x = 0 compares the pixel with itself: never an edge
        }
        left = v;
      }
      if (y > 0) {
        for (int i = row; i < row + w; i++) {
          if (Math.abs((gray[i] & 0xff) - (gray[i - w] & 0xff)) >= edgeDelta) {
            hEdges[i]++;
          }
        }
      }
      if (previous != null) {
        for (int i = row; i < row + w; i++) {
          if (Math.abs((gray[i] & 0xff) - (previous[i] & 0xff)) > motionDelta) {
            changed[i]++;
          }
        }
      }
    }
    samples++;
    if (previous != null) {
      pairs++;
    }
  }

  /** Adds another run's statistics (same size) to this one. */
  void merge(FrameStatistics o) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += o.sum[i];
      sumSq[i] += o.sumSq[i];
      changed[i] += o.changed[i];
    }
    for (int i = 0; i < vEdges.length; i++) {
      vEdges[i] += o.vEdges[i];
    }
    for (int i = 0; i < hEdges.length; i++) {
      hEdges[i] += o.hEdges[i];
    }
    samples += o.samples;
    pairs += o.pairs;
  }

  /** Temporal standard deviation of pixel i's luma over the samples (0 with fewer than two). */
  double temporalStd(int i) {
    if (samples < 2) {
      return 0;
    }
    double mean = sum[i] / (double) samples;
    return Math.sqrt(Math.max(0, sumSq[i] / (double) samples - mean * mean));
  }

  public int samples() {
    return samples;
  }
}
