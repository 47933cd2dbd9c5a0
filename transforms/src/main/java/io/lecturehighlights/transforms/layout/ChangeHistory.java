package io.lecturehighlights.transforms.layout;

import java.util.Arrays;

/**
 * What slide-change detection needs from every sample, kept compactly so that the screen region (known only at the
 * end of the pass) can be applied afterwards: the sample's time, and for each grid cell the mean absolute luma
 * difference to the previous sample, in quarter levels (one byte per cell; a 4-hour lecture at 4 samples/s with
 * a 32 x 18 grid is about 33 MB).
 */
final class ChangeHistory {
  final int width;
  final int height;
  final int cell;
  final int gridW;
  final int gridH;
  private byte[] diffs;
  private double[] times;
  private double[] earliest;
  private boolean[] key;
  private int size;
  private final int[] sums;
  private final int[] counts;

  ChangeHistory(int width, int height, int cell) {
    this.width = width;
    this.height = height;
    this.cell = cell;
    gridW = (width + cell - 1) / cell;
    gridH = (height + cell - 1) / cell;
    diffs = new byte[gridW * gridH * 64];
    times = new double[64];
    earliest = new double[64];
    key = new boolean[64];
    sums = new int[gridW * gridH];
    counts = new int[gridW * gridH];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        counts[(y / cell) * gridW + x / cell]++;
      }
    }
  }

  void add(double time, double earliestTime, byte[] gray, byte[] previous, boolean keyFrame) {
    int cells = gridW * gridH;
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      earliest = Arrays.copyOf(earliest, size * 2);
      key = Arrays.copyOf(key, size * 2);
      diffs = Arrays.copyOf(diffs, size * 2 * cells);
    }
    times[size] = time;
    earliest[size] = earliestTime;
    key[size] = keyFrame;
    if (previous != null) {
      Arrays.fill(sums, 0);
      for (int y = 0; y < height; y++) {
        int row = y * width;
        int grow = (y / cell) * gridW;
        for (int gx = 0, x0 = 0; gx < gridW; gx++, x0 += cell) {
          int x1 = Math.min(width, x0 + cell);
          int acc = 0;
          for (int i = row + x0; i < row + x1; i++) {
            acc += Math.abs((gray[i] & 0xff) - (previous[i] & 0xff));
          }
          sums[grow + gx] += acc;
        }
      }
      int base = size * cells;
      for (int c = 0; c < cells; c++) {
        diffs[base + c] = (byte) Math.min(255, Math.round(4.0f * sums[c] / counts[c]));
      }
    }
    size++;
  }

  int size() {
    return size;
  }

  double time(int sample) {
    return times[sample];
  }

  double earliest(int sample) {
    return earliest[sample];
  }

  /** Whether the sample is a key frame. */
  boolean key(int sample) {
    return key[sample];
  }

  /** Mean absolute difference of a cell between sample k - 1 and k, in luma levels (0 for k = 0). */
  double diff(int k, int cellIndex) {
    return (diffs[k * gridW * gridH + cellIndex] & 0xff) / 4.0;
  }
}
