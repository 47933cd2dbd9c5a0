package io.lecturehighlights.transforms.layout;

import java.util.Arrays;

/**
 * What slide-change detection needs from every sample, kept compactly so that the screen region (known only at the
 * end of the pass) can be applied afterwards: the sample's time, and for each grid cell (one byte each, quarter
 * levels) the mean absolute luma difference to the previous sample, the same to the latest sample at least
 * {@code lagSeconds} earlier ({@link #lagFrom}: does a difference persist or revert?), and the cell's texture (mean absolute horizontal luma step: a
 * blank cell is near 0, text is far above). Three bytes per cell: a 4-hour lecture at 4 samples/s with a 32 x 24
 * grid is about 130 MB.
 */
final class ChangeHistory {
  final int width;
  final int height;
  final int cell;
  final int gridW;
  final int gridH;
  /** Pictures kept for {@link #lagDiff}: enough for {@code lagSeconds} at the sample rate. */
  final int lag;
  /** Seconds between the two pictures of a {@link #lagDiff} (at least). */
  final double lagSeconds;
  private int[] lagFrom;
  private final double[] ringTimes;
  private byte[] diffs;
  private byte[] lagDiffs;
  private byte[] texture;
  /** The last {@code lag} pictures, a ring indexed by sample % lag. */
  private final byte[][] ring;
  private double[] times;
  private double[] earliest;
  private boolean[] key;
  private int size;
  private final int[] sums;
  private final int[] counts;

  ChangeHistory(int width, int height, int cell) {
    this(width, height, cell, 4.0, SlideChangeDetector.Tuning.DEFAULTS.lagSeconds());
  }

  ChangeHistory(int width, int height, int cell, double sampleFps, double lagSeconds) {
    this.lagSeconds = lagSeconds;
    this.lag = Math.max(2, (int) Math.ceil(lagSeconds * sampleFps) + 1);
    this.ring = new byte[this.lag][];
    this.ringTimes = new double[this.lag];
    this.lagFrom = new int[64];
    this.width = width;
    this.height = height;
    this.cell = cell;
    gridW = (width + cell - 1) / cell;
    gridH = (height + cell - 1) / cell;
    diffs = new byte[gridW * gridH * 64];
    lagDiffs = new byte[gridW * gridH * 64];
    texture = new byte[gridW * gridH * 64];
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
      lagFrom = Arrays.copyOf(lagFrom, size * 2);
      diffs = Arrays.copyOf(diffs, size * 2 * cells);
      lagDiffs = Arrays.copyOf(lagDiffs, size * 2 * cells);
      texture = Arrays.copyOf(texture, size * 2 * cells);
    }
    times[size] = time;
    earliest[size] = earliestTime;
    key[size] = keyFrame;
    int base = size * cells;
    if (previous != null) {
      cellMeans(gray, previous, false, diffs, base);
    }
    // the latest kept picture at least lagSeconds older than this one
    int from = -1;
    for (int i = 0; i < Math.min(size, lag); i++) {
      int j = size - 1 - i;
      if (ringTimes[j % lag] <= time - lagSeconds + 1e-6) {
        from = j;
        break;
      }
    }
    lagFrom[size] = from;
    if (from >= 0) {
      cellMeans(gray, ring[from % lag], false, lagDiffs, base);
    }
    cellMeans(gray, null, true, texture, base);
    byte[] slot = ring[size % lag];
    if (slot == null || slot.length != gray.length) {
      slot = new byte[gray.length];
      ring[size % lag] = slot;
    }
    System.arraycopy(gray, 0, slot, 0, gray.length);
    ringTimes[size % lag] = time;
    size++;
  }

  /**
   * Per cell, the mean absolute difference between {@code a} and {@code b}, or with {@code steps} the mean absolute
   * step between horizontally adjacent pixels of {@code a}; quarter levels into {@code out} at {@code base}.
   */
  private void cellMeans(byte[] a, byte[] b, boolean steps, byte[] out, int base) {
    Arrays.fill(sums, 0);
    for (int y = 0; y < height; y++) {
      int row = y * width;
      int grow = (y / cell) * gridW;
      for (int gx = 0, x0 = 0; gx < gridW; gx++, x0 += cell) {
        int x1 = Math.min(width, x0 + cell);
        int acc = 0;
        if (steps) {
          for (int i = row + Math.max(1, x0); i < row + x1; i++) {
            acc += Math.abs((a[i] & 0xff) - (a[i - 1] & 0xff));
          }
        } else {
          for (int i = row + x0; i < row + x1; i++) {
            acc += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
          }
        }
        sums[grow + gx] += acc;
      }
    }
    for (int c = 0; c < gridW * gridH; c++) {
      out[base + c] = (byte) Math.min(255, Math.round(4.0f * sums[c] / counts[c]));
    }
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

  /** The sample {@link #lagDiff} compares sample k with (the latest at least lagSeconds older), or -1. */
  int lagFrom(int k) {
    return lagFrom[k];
  }

  /** Mean absolute difference of a cell between sample {@link #lagFrom}(k) and k, in luma levels (0 without). */
  double lagDiff(int k, int cellIndex) {
    return (lagDiffs[k * gridW * gridH + cellIndex] & 0xff) / 4.0;
  }

  /** Mean absolute horizontal step inside a cell of sample k, in luma levels: texture (text, edges) or blank. */
  double texture(int k, int cellIndex) {
    return (texture[k * gridW * gridH + cellIndex] & 0xff) / 4.0;
  }
}
