package io.lecturehighlights.transforms.rendering;

import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LayoutPeriod;
import io.lecturehighlights.transforms.rendering.RenderLayout.Box;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Chooses the source picture a clip's thumbnail shows: a settled, sharp frame near the start of the clip's first kept
 * interval, never one inside a transition. Why not a fixed time: the middle of the first interval can fall on a slide
 * change (a cut or a cross-fade shows two slides at once) or on a blur of motion, and a thumbnail is what a viewer
 * judges the clip by.
 *
 * <p>Two kinds of evidence: what layout detection already found (slide changes, slide builds and layout period
 * switches: no candidate within {@link #GUARD_SECONDS} of one), and what the pictures show, measured on the luma
 * plane of every decoded frame in the window: <em>motion</em>, the mean absolute difference to the previous decoded
 * frame (high during a cut, a fade or a camera pan), and <em>sharpness</em>, the mean absolute gradient inside the
 * region the thumbnail is about (the slide, or the camera for camera-only clips; low for a blurred picture or an
 * empty one). A cross-fade need not be softer than its two slides (their edges add up), which is why motion decides
 * it. A frame scores {@code sharpness / (1 + motion)}; the best one wins. The score is computed as the frames
 * stream past, so only the best picture so far is kept (one copy), whatever the window's length.
 */
final class ThumbnailPicker {
  /** Candidates come from the first this many seconds of the first kept interval. */
  static final double WINDOW_SECONDS = 4.0;
  /** No candidate this close to a slide change, slide build or layout switch the layout stage found. */
  static final double GUARD_SECONDS = 0.5;
  /** Luma samples every STEP pixels in both directions: a 1280x720 picture gives ~58k samples, well under 1 ms. */
  private static final int STEP = 4;

  private final double windowStart;
  private final double windowEnd;
  private final List<Double> transitions;
  private final @Nullable Box region;
  private byte[] previous;
  private int prevW;
  private int prevH;
  private double bestScore = Double.NEGATIVE_INFINITY;
  private double bestTime = Double.NaN;
  private boolean bestClear;

  /**
   * @param start the first kept interval's source start, seconds
   * @param end its source end
   * @param transitions source times (seconds) of slide changes, builds and layout switches
   * @param region the source region the thumbnail is about, or null for the whole picture
   */
  ThumbnailPicker(double start, double end, List<Double> transitions, @Nullable Box region) {
    this.windowStart = start;
    this.windowEnd = Math.min(end, start + WINDOW_SECONDS);
    this.transitions = List.copyOf(transitions);
    this.region = region;
  }

  /** Slide changes, slide builds and layout switches (period starts after the first) the layout stage found. */
  static List<Double> transitions(@Nullable Layout layout) {
    List<Double> t = new ArrayList<>();
    if (layout == null) {
      return t;
    }
    t.addAll(layout.getSlideChanges());
    t.addAll(layout.getSlideBuilds());
    List<LayoutPeriod> periods = layout.getPeriods();
    for (int i = 1; i < periods.size(); i++) {
      t.add(periods.get(i).getStart());
    }
    return t;
  }

  /**
   * Looks at one decoded picture (tightly packed 4:2:0, so its first w x h bytes are luma), in decoding order.
   *
   * @return whether it is the best candidate so far (the caller keeps a copy of it)
   */
  boolean offer(ByteBuffer picture, int w, int h, double sourceTime) {
    byte[] luma = sample(picture, w, h);
    double motion = previous != null && prevW == w && prevH == h ? motion(previous, luma) : Double.NaN;
    previous = luma;
    prevW = w;
    prevH = h;
    // The first picture after a seek has nothing to compare with: its motion is unknown, so it is no candidate.
    if (Double.isNaN(motion) || sourceTime < windowStart - 1e-6 || sourceTime >= windowEnd) {
      return false;
    }
    boolean clear = !nearTransition(sourceTime);
    double score = sharpness(picture, w, h, region) / (1 + motion);
    // A frame clear of every known transition beats any frame near one, whatever their scores.
    boolean better = clear && !bestClear || clear == bestClear && score > bestScore;
    if (!better) {
      return false;
    }
    bestScore = score;
    bestTime = sourceTime;
    bestClear = clear;
    return true;
  }

  /** The source time of the best candidate so far; NaN when there was none. */
  double bestTime() {
    return bestTime;
  }

  boolean nearTransition(double t) {
    for (double x : transitions) {
      if (Math.abs(t - x) < GUARD_SECONDS) {
        return true;
      }
    }
    return false;
  }

  /** Every STEP-th luma sample of every STEP-th row. */
  static byte[] sample(ByteBuffer picture, int w, int h) {
    int cols = (w + STEP - 1) / STEP;
    int rows = (h + STEP - 1) / STEP;
    byte[] out = new byte[cols * rows];
    int k = 0;
    for (int y = 0; y < h; y += STEP) {
      int row = y * w;
      for (int x = 0; x < w; x += STEP) {
        out[k++] = picture.get(row + x);
      }
    }
    return out;
  }

  /** Mean absolute difference of two samplings, in luma levels (0..255). */
  static double motion(byte[] a, byte[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    return sum / (double) a.length;
  }

  /**
   * Mean absolute horizontal plus vertical luma gradient inside {@code region} (the whole picture when null), between
   * neighbouring pixels at every STEP-th row and column (a 1280x720 slide: ~58k pairs): text and diagram edges give
   * large values, a blurred or empty picture small ones.
   */
  static double sharpness(ByteBuffer picture, int w, int h, @Nullable Box region) {
    int x0 = region == null ? 0 : Math.max(0, region.x());
    int y0 = region == null ? 0 : Math.max(0, region.y());
    int x1 = region == null ? w : Math.min(w, region.x() + region.w());
    int y1 = region == null ? h : Math.min(h, region.y() + region.h());
    long sum = 0;
    long n = 0;
    for (int y = y0; y < y1 - 1; y += STEP) {
      int row = y * w;
      for (int x = x0; x < x1 - 1; x += STEP) {
        int p = picture.get(row + x) & 0xff;
        sum += Math.abs(p - (picture.get(row + x + 1) & 0xff)) + Math.abs(p - (picture.get(row + w + x) & 0xff));
        n++;
      }
    }
    return n == 0 ? 0 : sum / (double) n;
  }
}
