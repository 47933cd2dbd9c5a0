package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import java.util.List;

/**
 * Finds the screen and camera rectangles from a run's {@link FrameStatistics}, in analysis pixels.
 *
 * <ol>
 *   <li>Content area: rows and columns that are dark in every sample are letterbox/pillarbox bars; no content at
 *       all is a black video (layout {@code none}).
 *   <li>Live pixels: changed in at least {@code liveShare} of sample pairs. Slides are static between changes; a
 *       camera moves (the lecturer, sensor noise), so live pixels say roughly where the camera is, never exactly:
 *       a real classroom camera has a static background.
 *   <li>Exact borders come from persistent straight edges: a luma step on the same pixel boundary in at least half
 *       the samples. A side-by-side split is a vertical line across the whole content height with the motion on
 *       one side. An inset is a rectangle whose inner sides are such lines and end at its corner (the line does not
 *       continue past the corner): that tells the inset's border from straight lines inside the camera picture
 *       (a blackboard's edge spans the whole camera width too, but the camera's side line goes on beyond it).
 *   <li>Otherwise the whole content is one source: camera when a noticeable share of it moves or it shows a face,
 *       screen when it is static.
 *   <li>The camera rectangle of an inset or a split is then cut down to the webcam window when it shares its column
 *       or corner with still panels (a course title bar, the lecturer's name, a logo, a dark bar): it is split into
 *       bands at persistent straight lines across its whole width (then height), and bands at its ends that never
 *       change (temporal luma deviation under {@link #STILL_STD}, no live pixel, no face) are dropped. Text on a panel
 *       has strong spatial edges but no temporal variation; a real camera's static background still has sensor and
 *       coding noise. Camera-only and screen-only decisions are not cut.
 * </ol>
 */
final class RegionFinder {
  /** A video with no picture to show (black throughout). */
  static final String NONE = "none";
  /** A file with no video stream at all (cover art is not a video): not a property of any frames. */
  static final String AUDIO_ONLY = "audio_only";
  static final String SCREEN_ONLY = "screen_only";
  static final String CAMERA_ONLY = "camera_only";
  static final String PICTURE_IN_PICTURE = "picture_in_picture";
  static final String SIDE_BY_SIDE = "side_by_side";

  /** The layout of a run of frames, rectangles in analysis pixels (screen or camera null when absent). */
  record Decision(String type, Box content, Box screen, Box camera, double confidence) {}

  /**
   * A band of the camera candidate whose pixels' temporal luma deviation averages under this (luma levels) is still:
   * a drawn panel measures 0-0.4 (0 between key frames, re-quantisation at key frames), a real camera's static
   * background 0.7-2 (sensor and coding noise), a moving lecturer 10 and more.
   */
  static final double STILL_STD = 0.5;
  /** A line splitting the camera candidate into bands: share of its width (height) that is a persistent edge. */
  static final double BAND_EDGE_COVERAGE = 0.6;
  /** At most this share of a still band's pixels may be live (coding flicker at a panel's text). */
  static final double STILL_BAND_MAX_LIVE = 0.002;
  /**
   * A side is cut only when its still bands add up to at least this share of the candidate's extent: a webcam's own
   * dark or frozen edge (a pixel or two of border) is not a panel.
   */
  static final double MIN_PANEL_SHARE = 0.05;
  /** The cut camera keeps at least this share of the candidate's width and height, or it is not cut at all. */
  static final double MIN_KEPT_SHARE = 0.2;

  private final LayoutConfig config;
  private FrameStatistics s;
  private int w;
  private int h;
  private boolean[] bright;
  private boolean[] live;
  /** Prefix sums over y of "persistent vertical edge at boundary b (+-1 px)": index b * (h + 1) + y. */
  private int[] vPrefix;
  /** Prefix sums over x of "persistent horizontal edge at boundary b (+-1 px)": index b * (w + 1) + x. */
  private int[] hPrefix;

  RegionFinder(LayoutConfig config) {
    this.config = config;
  }

  /**
   * @param faces face rectangles found in this run's face samples (analysis pixels)
   * @param faceFrames how many frames were searched for faces
   * @param framesWithFace how many of them had one
   */
  Decision find(FrameStatistics stats, List<Box> faces, int faceFrames, int framesWithFace) {
    s = stats;
    w = stats.width;
    h = stats.height;
    if (stats.samples == 0) {
      return new Decision(NONE, null, null, null, 1.0);
    }
    bright = new boolean[w * h];
    // The mean, not the maximum: coding noise and grain lift single samples of a dark bar well above its level.
    long darkSum = (long) config.darkLuma() * stats.samples;
    for (int i = 0; i < bright.length; i++) {
      bright[i] = stats.sum[i] >= darkSum;
    }
    Box content = trimDark(new Box(0, 0, w, h));
    if (content.isEmpty() || content.area() < 0.01 * w * h) {
      return new Decision(NONE, null, null, null, 1.0);
    }
    live = new boolean[w * h];
    // At least two changes: one slide change alone never makes a pixel live, however few the samples.
    int need = Math.max(2, (int) Math.ceil(config.liveShare() * stats.pairs));
    if (stats.pairs >= 2) {
      for (int i = 0; i < live.length; i++) {
        live[i] = stats.changed[i] >= need;
      }
    }
    buildEdgePrefixes(content);
    long liveTotal = count(live, content);
    double liveShare = liveTotal / (double) content.area();
    double faceShare = faceFrames == 0 ? 0 : framesWithFace / (double) faceFrames;

    Candidate best = null;
    if (liveTotal >= Math.max(8, 0.001 * content.area()) || faceShare > 0) {
      best = sideBySide(content, liveTotal, faces);
      if (best == null) {
        for (int f = 0; f < 4; f++) {
          Candidate c = inset(content, liveTotal, faces, (f & 1) != 0, (f & 2) != 0);
          if (c != null && (best == null || c.score > best.score)) {
            best = c;
          }
        }
      }
    }
    if (best != null) {
      Box camera = trimStillBands(best.camera, faces);
      return new Decision(best.type, content, best.screen, camera, Math.min(1.0, best.score));
    }
    if (liveShare >= config.cameraOnlyLiveShare() || faceShare >= 0.25) {
      double conf = Math.max(Math.min(1.0, liveShare / (2 * config.cameraOnlyLiveShare())), faceShare);
      return new Decision(CAMERA_ONLY, content, null, content, conf);
    }
    return new Decision(SCREEN_ONLY, content, content, null,
        Math.max(0.5, 1.0 - liveShare / config.cameraOnlyLiveShare()));
  }

  /**
   * Whether a run still shows an earlier decision's inset or split: the camera rectangle's sides that are not on
   * the content border are still persistent edges. Only insets and side-by-side layouts are checked.
   */
  boolean stillHolds(FrameStatistics stats, Decision earlier) {
    if (earlier.camera() == null || earlier.screen() == null || stats.samples == 0) {
      return false;
    }
    s = stats;
    w = stats.width;
    h = stats.height;
    Box c = earlier.content();
    buildEdgePrefixes(c);
    Box cam = earlier.camera();
    double sum = 0;
    int sides = 0;
    if (cam.x0() > c.x0() + 1) {
      sum += covV(cam.x0(), cam.y0(), cam.y1());
      sides++;
    }
    if (cam.x1() < c.x1() - 1) {
      sum += covV(cam.x1(), cam.y0(), cam.y1());
      sides++;
    }
    if (cam.y0() > c.y0() + 1) {
      sum += covH(cam.y0(), cam.x0(), cam.x1());
      sides++;
    }
    if (cam.y1() < c.y1() - 1) {
      sum += covH(cam.y1(), cam.x0(), cam.x1());
      sides++;
    }
    return sides > 0 && sum / sides >= 0.7;
  }

  private record Candidate(String type, Box screen, Box camera, double score) {}

  // ---- side by side -------------------------------------------------------------------------------------------

  private Candidate sideBySide(Box c, long liveTotal, List<Box> faces) {
    Candidate best = null;
    int from = c.x0() + (int) Math.round(0.2 * c.w());
    int to = c.x1() - (int) Math.round(0.2 * c.w());
    for (int b = from; b <= to; b++) {
      double cov = covV(b, c.y0(), c.y1());
      if (cov < 0.7) {
        continue;
      }
      // A dark gap between the two may start a pixel or two past the line (a scaled, coded edge is soft).
      int leftEnd = b;
      int rightStart = b;
      for (int k = 0; k <= 2; k++) {
        if (b + k < c.x1() && isDarkColumn(b + k, c.y0(), c.y1())) {
          rightStart = b + k;
          break;
        }
      }
      for (int k = 0; k <= 2; k++) {
        if (b - 1 - k >= c.x0() && isDarkColumn(b - 1 - k, c.y0(), c.y1())) {
          leftEnd = b - k;
          break;
        }
      }
      Box left = trimDark(new Box(c.x0(), c.y0(), leftEnd, c.y1()));
      Box right = trimDark(new Box(rightStart, c.y0(), c.x1(), c.y1()));
      if (left.isEmpty() || right.isEmpty() || left.w() < 0.15 * c.w() || right.w() < 0.15 * c.w()) {
        continue;
      }
      long liveL = count(live, left);
      long liveR = count(live, right);
      int facesL = facesIn(faces, left);
      int facesR = facesIn(faces, right);
      boolean cameraRight = facesL != facesR ? facesR > facesL : liveR >= liveL;
      Box camera = cameraRight ? right : left;
      Box screen = cameraRight ? left : right;
      long liveCam = cameraRight ? liveR : liveL;
      boolean motionFits = liveTotal > 0 && liveCam >= config.motionInsideCamera() * liveTotal;
      boolean faceFits = !faces.isEmpty() && facesIn(faces, camera) >= 0.75 * faces.size();
      if (!motionFits && !(faceFits && liveCam >= 0.5 * liveTotal)) {
        continue;
      }
      // The screen side must itself look like a screen: static.
      if (count(live, screen) > 0.05 * screen.area()) {
        continue;
      }
      double score = cov + 0.5 * rawCovV(b, c.y0(), c.y1());
      if (best == null || score > best.score) {
        best = new Candidate(SIDE_BY_SIDE, screen, camera, score);
      }
    }
    return best == null ? null : new Candidate(SIDE_BY_SIDE, best.screen, best.camera, Math.min(1.0, best.score / 1.5));
  }

  // ---- inset (picture in picture) -----------------------------------------------------------------------------

  /**
   * Searches an inset in the bottom-right corner of the content mirrored by (fx, fy), so one search covers all four
   * corners. Coordinates inside are mirrored; the result is mapped back.
   */
  private Candidate inset(Box content, long liveTotal, List<Box> faces, boolean fx, boolean fy) {
    Box c = content.flip(fx, fy, w, h);
    Box lb = liveBounds(content);
    if (lb == null) {
      return null;
    }
    lb = lb.flip(fx, fy, w, h);
    int xR = c.x1();
    int yB = c.y1();
    int[] inner = null;
    for (int pass = 0; pass < 2; pass++) {
      inner = bestInnerCorner(c, lb, xR, yB, fx, fy);
      if (inner == null) {
        return null;
      }
      int[] outer = outerSides(c, inner[0], inner[1], fx, fy);
      xR = outer[0];
      yB = outer[1];
    }
    inner = bestInnerCorner(c, lb, xR, yB, fx, fy);
    if (inner == null) {
      return null;
    }
    int x0 = inner[0];
    int y0 = inner[1];
    double cv = covVo(x0, y0, yB, fx, fy);
    double ch = covHo(y0, x0, xR, fx, fy);
    double contV = covVo(x0, Math.max(c.y0(), y0 - ext(yB - y0)), y0, fx, fy);
    double contH = covHo(y0, Math.max(c.x0(), x0 - ext(xR - x0)), x0, fx, fy);
    // One inner side line must clearly stop at the corner; the other may run on by coincidence (a slide's text
    // line level with the inset's edge), which only lowers the score.
    double score = cv * ch * (1 - contV) * (1 - contH);
    if (cv < config.minSideCoverage() || ch < config.minSideCoverage() || Math.min(contV, contH) > 0.35
        || score < 0.1) {
      return null;
    }
    Box camera = new Box(x0, y0, xR, yB).flip(fx, fy, w, h);
    double share = camera.area() / (double) content.area();
    if (share < 0.01 || share > 0.5) {
      return null;
    }
    Box grown = new Box(camera.x0() - 2, camera.y0() - 2, camera.x1() + 2, camera.y1() + 2).intersect(content);
    long liveIn = count(live, grown);
    if (liveTotal > 0 && liveIn < config.motionInsideCamera() * liveTotal) {
      return null;
    }
    if (!faces.isEmpty() && facesIn(faces, grown) < 0.5 * faces.size()) {
      return null;
    }
    return new Candidate(PICTURE_IN_PICTURE, content, camera, score);
  }

  private static int ext(int len) {
    return Math.max(3, len / 3);
  }

  /** The inner corner (x0, y0) of a bottom-right inset reaching to (xR, yB); null when nothing qualifies. */
  private int[] bestInnerCorner(Box c, Box lb, int xR, int yB, boolean fx, boolean fy) {
    int xFrom = c.x0() + (int) Math.round(0.3 * c.w());
    int xTo = Math.min(lb.x0() + 1, xR - Math.max(4, (int) Math.round(0.04 * c.w())));
    int yFrom = c.y0() + (int) Math.round(0.3 * c.h());
    int yTo = Math.min(lb.y0() + 1, yB - Math.max(4, (int) Math.round(0.04 * c.h())));
    double best = 0;
    int[] at = null;
    for (int x0 = xFrom; x0 <= xTo; x0++) {
      for (int y0 = yFrom; y0 <= yTo; y0++) {
        double cv = covVo(x0, y0, yB, fx, fy);
        if (cv < config.minSideCoverage()) {
          continue;
        }
        double ch = covHo(y0, x0, xR, fx, fy);
        if (ch < config.minSideCoverage()) {
          continue;
        }
        double contV = covVo(x0, Math.max(c.y0(), y0 - ext(yB - y0)), y0, fx, fy);
        double contH = covHo(y0, Math.max(c.x0(), x0 - ext(xR - x0)), x0, fx, fy);
        double score = cv * ch * (1 - contV) * (1 - contH)
            + 0.01 * (rawCovVo(x0, y0, yB, fx, fy) + rawCovHo(y0, x0, xR, fx, fy));
        if (score > best) {
          best = score;
          at = new int[] {x0, y0};
        }
      }
    }
    return at;
  }

  /**
   * The inset's outer sides: the content edge, or a line just inside it when the inset keeps a margin. A margin
   * line runs along the inset's side, and the inset's inner side line stops there (a straight line inside the
   * camera picture has the camera's side line going on past it). Whether it continues past the corner does not
   * matter: slide text lines can be level with the inset's edge.
   */
  private int[] outerSides(Box c, int x0, int y0, boolean fx, boolean fy) {
    int xR = c.x1();
    int yB = c.y1();
    int minMarginX = 3;
    int maxMarginX = Math.max(minMarginX, (int) Math.round(0.08 * c.w()));
    for (int b = c.x1() - minMarginX; b >= c.x1() - maxMarginX && b > x0 + 4; b--) {
      if (covVo(b, y0, c.y1(), fx, fy) >= 0.6 && covHo(y0, b + 2, c.x1(), fx, fy) <= 0.35) {
        xR = bestRawV(b, y0, c.y1(), fx, fy);
        break;
      }
    }
    int maxMarginY = Math.max(minMarginX, (int) Math.round(0.08 * c.h()));
    for (int b = c.y1() - minMarginX; b >= c.y1() - maxMarginY && b > y0 + 4; b--) {
      if (covHo(b, x0, xR, fx, fy) >= 0.6 && covVo(x0, b + 2, c.y1(), fx, fy) <= 0.35) {
        yB = bestRawH(b, x0, xR, fx, fy);
        break;
      }
    }
    return new int[] {xR, yB};
  }

  private int bestRawV(int b, int y0, int y1, boolean fx, boolean fy) {
    int best = b;
    for (int d = -1; d <= 1; d++) {
      if (rawCovVo(b + d, y0, y1, fx, fy) > rawCovVo(best, y0, y1, fx, fy)) {
        best = b + d;
      }
    }
    return best;
  }

  private int bestRawH(int b, int x0, int x1, boolean fx, boolean fy) {
    int best = b;
    for (int d = -1; d <= 1; d++) {
      if (rawCovHo(b + d, x0, x1, fx, fy) > rawCovHo(best, x0, x1, fx, fy)) {
        best = b + d;
      }
    }
    return best;
  }

  // ---- still panels beside the webcam -------------------------------------------------------------------------

  /**
   * The camera candidate without the still bands at its ends: first rows (bands between full-width lines), then
   * columns (bands between full-height lines). Unchanged when every band is still (a frozen camera) or when less
   * than {@link #MIN_KEPT_SHARE} would remain.
   */
  Box trimStillBands(Box cam, List<Box> faces) {
    if (cam == null || cam.isEmpty() || s.samples < 3) {
      return cam;
    }
    Box rows = trimAxis(cam, faces, true);
    return trimAxis(rows, faces, false);
  }

  private Box trimAxis(Box b, List<Box> faces, boolean rows) {
    int from = rows ? b.y0() : b.x0();
    int to = rows ? b.y1() : b.x1();
    List<Integer> cuts = new java.util.ArrayList<>();
    cuts.add(from);
    int p = from + 2;
    while (p <= to - 2) {
      if (lineCov(b, p, rows, false) < BAND_EDGE_COVERAGE) {
        p++;
        continue;
      }
      // A run of qualifying positions (the coverage tolerates one pixel): the line is where the raw edge is.
      int best = p;
      int q = p;
      while (q <= to - 2 && lineCov(b, q, rows, false) >= BAND_EDGE_COVERAGE) {
        if (lineCov(b, q, rows, true) > lineCov(b, best, rows, true)) {
          best = q;
        }
        q++;
      }
      cuts.add(best);
      p = q;
    }
    cuts.add(to);
    int first = 0;
    int last = cuts.size() - 2;
    while (first <= last && still(band(b, cuts.get(first), cuts.get(first + 1), rows), faces)) {
      first++;
    }
    while (last >= first && still(band(b, cuts.get(last), cuts.get(last + 1), rows), faces)) {
      last--;
    }
    if (first > last) {
      return b; // nothing moves anywhere: a frozen camera is still the camera
    }
    int lo = cuts.get(first);
    int hi = cuts.get(last + 1);
    if (lo - from < MIN_PANEL_SHARE * (to - from)) {
      lo = from;
    }
    if (to - hi < MIN_PANEL_SHARE * (to - from)) {
      hi = to;
    }
    if (hi - lo < MIN_KEPT_SHARE * (to - from) || (lo == from && hi == to)) {
      return b;
    }
    return rows ? new Box(b.x0(), lo, b.x1(), hi) : new Box(lo, b.y0(), hi, b.y1());
  }

  private double lineCov(Box b, int at, boolean rows, boolean raw) {
    if (rows) {
      return raw ? cov(hRaw, at, h, w, b.x0(), b.x1()) : covH(at, b.x0(), b.x1());
    }
    return raw ? rawCovV(at, b.y0(), b.y1()) : covV(at, b.y0(), b.y1());
  }

  private static Box band(Box b, int lo, int hi, boolean rows) {
    return rows ? new Box(b.x0(), lo, b.x1(), hi) : new Box(lo, b.y0(), hi, b.y1());
  }

  /** Whether a band never changes: low temporal deviation, (almost) no live pixel, no face. */
  private boolean still(Box band, List<Box> faces) {
    if (band.isEmpty()) {
      return true;
    }
    if (facesIn(faces, band) > 0 || count(live, band) > STILL_BAND_MAX_LIVE * band.area()) {
      return false;
    }
    double sum = 0;
    for (int y = band.y0(); y < band.y1(); y++) {
      for (int x = band.x0(); x < band.x1(); x++) {
        sum += s.temporalStd(y * w + x);
      }
    }
    return sum / band.area() < STILL_STD;
  }

  // ---- edge coverage ------------------------------------------------------------------------------------------

  private void buildEdgePrefixes(Box content) {
    int need = Math.max(1, (int) Math.ceil(config.edgePersistence() * s.samples));
    boolean[] v = new boolean[(w + 1) * h];
    for (int y = 0; y < h; y++) {
      for (int b = 1; b < w; b++) {
        v[y * (w + 1) + b] = s.vEdges[y * (w + 1) + b] >= need;
      }
      if (y >= content.y0() && y < content.y1()) {
        v[y * (w + 1) + content.x0()] = true;
        v[y * (w + 1) + content.x1()] = true;
      }
    }
    boolean[] hh = new boolean[w * (h + 1)];
    for (int b = 1; b < h; b++) {
      for (int x = 0; x < w; x++) {
        hh[b * w + x] = s.hEdges[b * w + x] >= need;
      }
    }
    for (int x = content.x0(); x < content.x1(); x++) {
      hh[content.y0() * w + x] = true;
      hh[content.y1() * w + x] = true;
    }
    vRaw = new int[(w + 1) * (h + 1)];
    vPrefix = new int[(w + 1) * (h + 1)];
    for (int b = 0; b <= w; b++) {
      for (int y = 0; y < h; y++) {
        boolean raw = v[y * (w + 1) + b];
        boolean tol = raw || (b > 0 && v[y * (w + 1) + b - 1]) || (b < w && v[y * (w + 1) + b + 1]);
        vRaw[b * (h + 1) + y + 1] = vRaw[b * (h + 1) + y] + (raw ? 1 : 0);
        vPrefix[b * (h + 1) + y + 1] = vPrefix[b * (h + 1) + y] + (tol ? 1 : 0);
      }
    }
    hRaw = new int[(h + 1) * (w + 1)];
    hPrefix = new int[(h + 1) * (w + 1)];
    for (int b = 0; b <= h; b++) {
      for (int x = 0; x < w; x++) {
        boolean raw = hh[b * w + x];
        boolean tol = raw || (b > 0 && hh[(b - 1) * w + x]) || (b < h && hh[(b + 1) * w + x]);
        hRaw[b * (w + 1) + x + 1] = hRaw[b * (w + 1) + x] + (raw ? 1 : 0);
        hPrefix[b * (w + 1) + x + 1] = hPrefix[b * (w + 1) + x] + (tol ? 1 : 0);
      }
    }
  }

  private int[] vRaw;
  private int[] hRaw;

  /** Share of rows [y0, y1) with a persistent vertical edge at boundary b (within one pixel). */
  double covV(int b, int y0, int y1) {
    return cov(vPrefix, b, w, h, y0, y1);
  }

  double rawCovV(int b, int y0, int y1) {
    return cov(vRaw, b, w, h, y0, y1);
  }

  /** Share of columns [x0, x1) with a persistent horizontal edge at boundary b (within one pixel). */
  double covH(int b, int x0, int x1) {
    return cov(hPrefix, b, h, w, x0, x1);
  }

  private static double cov(int[] prefix, int b, int maxB, int len, int from, int to) {
    from = Math.max(0, from);
    to = Math.min(len, to);
    if (b < 0 || b > maxB || to <= from) {
      return 0;
    }
    int base = b * (len + 1);
    return (prefix[base + to] - prefix[base + from]) / (double) (to - from);
  }

  private double covVo(int b, int y0, int y1, boolean fx, boolean fy) {
    return cov(vPrefix, fx ? w - b : b, w, h, fy ? h - y1 : y0, fy ? h - y0 : y1);
  }

  private double rawCovVo(int b, int y0, int y1, boolean fx, boolean fy) {
    return cov(vRaw, fx ? w - b : b, w, h, fy ? h - y1 : y0, fy ? h - y0 : y1);
  }

  private double covHo(int b, int x0, int x1, boolean fx, boolean fy) {
    return cov(hPrefix, fy ? h - b : b, h, w, fx ? w - x1 : x0, fx ? w - x0 : x1);
  }

  private double rawCovHo(int b, int x0, int x1, boolean fx, boolean fy) {
    return cov(hRaw, fy ? h - b : b, h, w, fx ? w - x1 : x0, fx ? w - x0 : x1);
  }

  // ---- masks --------------------------------------------------------------------------------------------------

  /** Shrinks a box past rows and columns with (almost) no pixel that is ever brighter than the dark level. */
  Box trimDark(Box b) {
    int x0 = b.x0();
    int x1 = b.x1();
    int y0 = b.y0();
    int y1 = b.y1();
    while (x0 < x1 && isDarkColumn(x0, y0, y1)) {
      x0++;
    }
    while (x1 > x0 && isDarkColumn(x1 - 1, y0, y1)) {
      x1--;
    }
    while (y0 < y1 && isDarkRow(y0, x0, x1)) {
      y0++;
    }
    while (y1 > y0 && isDarkRow(y1 - 1, x0, x1)) {
      y1--;
    }
    return new Box(x0, y0, x1, y1);
  }

  private boolean isDarkColumn(int x, int y0, int y1) {
    int n = 0;
    for (int y = y0; y < y1; y++) {
      if (bright[y * w + x]) {
        n++;
      }
    }
    return n <= 0.01 * (y1 - y0);
  }

  private boolean isDarkRow(int y, int x0, int x1) {
    int n = 0;
    for (int x = x0; x < x1; x++) {
      if (bright[y * w + x]) {
        n++;
      }
    }
    return n <= 0.01 * (x1 - x0);
  }

  private long count(boolean[] mask, Box b) {
    long n = 0;
    for (int y = Math.max(0, b.y0()); y < Math.min(h, b.y1()); y++) {
      for (int x = Math.max(0, b.x0()); x < Math.min(w, b.x1()); x++) {
        if (mask[y * w + x]) {
          n++;
        }
      }
    }
    return n;
  }

  /** Bounds of the live pixels in the content, ignoring the outermost 2% on each side (stray changes). */
  private Box liveBounds(Box c) {
    int[] xs = new int[w];
    int[] ys = new int[h];
    long n = 0;
    for (int y = c.y0(); y < c.y1(); y++) {
      for (int x = c.x0(); x < c.x1(); x++) {
        if (live[y * w + x]) {
          xs[x]++;
          ys[y]++;
          n++;
        }
      }
    }
    if (n == 0) {
      return null;
    }
    return new Box(quantile(xs, n, 0.02), quantile(ys, n, 0.02), quantile(xs, n, 0.98) + 1,
        quantile(ys, n, 0.98) + 1);
  }

  private static int quantile(int[] hist, long n, double q) {
    long target = (long) Math.floor(q * (n - 1));
    long acc = 0;
    for (int i = 0; i < hist.length; i++) {
      acc += hist[i];
      if (acc > target) {
        return i;
      }
    }
    return hist.length - 1;
  }

  private static int facesIn(List<Box> faces, Box b) {
    int n = 0;
    for (Box f : faces) {
      if (b.contains((f.x0() + f.x1()) / 2.0, (f.y0() + f.y1()) / 2.0)) {
        n++;
      }
    }
    return n;
  }
}
