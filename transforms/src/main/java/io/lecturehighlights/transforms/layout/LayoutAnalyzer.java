package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import io.lecturehighlights.transforms.common.StageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layout detection for one file, in one sequential decoding pass ({@link FrameSampler}):
 *
 * <ol>
 *   <li>every sample updates the current window's {@link FrameStatistics} and the {@link ChangeHistory}; a few
 *       samples per window are searched for faces;
 *   <li>at the end of each window ({@code windowSeconds}) {@link RegionFinder} classifies it; consecutive windows
 *       of the same type form a period whose statistics are merged (only the current window's and the current
 *       period's statistics are held), and each period is classified again on its merged statistics;
 *   <li>slide changes (differences that persist) and builds are found per period inside its screen region
 *       ({@link SlideChangeDetector}), and each slide gets the time of a still frame to read it from;
 *   <li>periods shorter than {@code minPeriodSeconds} are absorbed by their neighbours ({@link PeriodSmoothing});
 *   <li>the dominant layout is the type with the most time; its rectangles are those of its longest period.
 * </ol>
 *
 * Not thread-safe: use one per thread (the face classifier is not shareable).
 */
public final class LayoutAnalyzer implements AutoCloseable {
  private final LayoutConfig config;
  private FaceFinder faces;

  public LayoutAnalyzer(LayoutConfig config) {
    this.config = config;
  }

  public LayoutAnalysis analyze(Path file, boolean withThumbnail) throws StageException {
    if (faces == null) {
      faces = new FaceFinder();
    }
    Pass pass = new Pass();
    FrameSampler.Info info = new FrameSampler(config).run(file, pass);
    LayoutAnalysis out = new LayoutAnalysis();
    out.durationSeconds = info.durationSeconds;
    out.decodedFrames = info.decodedFrames;
    out.samples = info.samples;
    if (!info.hasVideo) {
      // Told apart from a black video ("none"): rendering draws an audiogram for it, reports say "audio only".
      out.type = RegionFinder.AUDIO_ONLY;
      out.periods = List.of(new LayoutAnalysis.Period(0, round(info.durationSeconds), RegionFinder.AUDIO_ONLY));
      out.confidence = 1.0;
      return out;
    }
    out.frameWidth = info.width;
    out.frameHeight = info.height;
    pass.finish(info.durationSeconds);
    pass.smooth();
    pass.refineBoundaries();

    Map<String, Double> timeByType = new LinkedHashMap<>();
    for (PeriodResult p : pass.periods) {
      timeByType.merge(p.decision.type(), p.end - p.start, Double::sum);
    }
    String dominant = timeByType.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
        .orElse(RegionFinder.NONE);
    PeriodResult main = null;
    for (PeriodResult p : pass.periods) {
      if (p.decision.type().equals(dominant) && (main == null || p.end - p.start > main.end - main.start)) {
        main = p;
      }
    }
    double sx = info.width / (double) info.analysisWidth;
    double sy = info.height / (double) info.analysisHeight;
    out.type = dominant;
    if (main != null) {
      RegionFinder.Decision d = main.decision;
      out.content = scale(d.content(), sx, sy, info);
      out.screen = scale(d.screen(), sx, sy, info);
      out.camera = scale(d.camera(), sx, sy, info);
      out.confidence = Math.round(d.confidence() * 1000) / 1000.0;
    }
    out.splitRatio = SplitRatio.choose(dominant, out.screen, out.camera);

    List<Double> changes = new ArrayList<>();
    List<Double> builds = new ArrayList<>();
    List<LayoutAnalysis.SlideSpan> slides = new ArrayList<>();
    SlideChangeDetector detector = new SlideChangeDetector(config);
    List<LayoutAnalysis.Period> periods = new ArrayList<>();
    long segmentationStart = System.nanoTime();
    for (PeriodResult p : pass.periods) {
      if (p.decision.screen() != null) {
        SlideChangeDetector.Result r = detector.analyze(pass.history, p.firstSample, p.endSample,
            p.decision.screen(), p.decision.camera());
        r.changes().forEach(t -> changes.add(round(t)));
        r.builds().forEach(t -> builds.add(round(t)));
        Box screen = scale(p.decision.screen(), sx, sy, info);
        Box camera = scale(p.decision.camera(), sx, sy, info);
        for (SlideChangeDetector.Span span : detector.spans(pass.history, p.firstSample, p.endSample,
            p.decision.screen(), p.decision.camera(), p.start, p.end, r, info.keyFrameTimes)) {
          slides.add(new LayoutAnalysis.SlideSpan(round(span.start()), round(span.end()), span.readAt(), screen, camera));
        }
      }
      RegionFinder.Decision d = p.decision;
      periods.add(new LayoutAnalysis.Period(round(p.start), round(p.end), d.type(), scale(d.content(), sx, sy, info),
          scale(d.screen(), sx, sy, info), scale(d.camera(), sx, sy, info),
          d.camera() == null ? null : scale(medianFace(p.faces, d.camera()), sx, sy, info)));
    }
    out.slideSegmentationNanos = System.nanoTime() - segmentationStart;
    out.slideChanges = changes;
    out.slideBuilds = builds;
    out.slides = slides;
    out.periods = periods;
    if (withThumbnail && info.thumbnailBgr != null) {
      out.thumbnailJpeg = LayoutThumbnail.render(info.thumbnailBgr, info.thumbWidth, info.thumbHeight, info.width,
          info.height, dominant, out.screen, out.camera);
    }
    return out;
  }

  private static Box scale(Box b, double sx, double sy, FrameSampler.Info info) {
    return b == null ? null : b.scale(sx, sy, info.width, info.height);
  }

  private static double round(double t) {
    return Math.round(t * 1000) / 1000.0;
  }

  @Override
  public void close() {
    if (faces != null) {
      faces.close();
      faces = null;
    }
  }

  /**
   * The median face (centre and size taken separately) among those inside the camera region, or null: one face
   * box that stands for where the lecturer usually is, robust to a stray detection in the slides or the audience.
   */
  static Box medianFace(List<Box> faces, Box camera) {
    List<Box> in = new ArrayList<>();
    for (Box f : faces) {
      int cx = (f.x0() + f.x1()) / 2;
      int cy = (f.y0() + f.y1()) / 2;
      if (cx >= camera.x0() && cx < camera.x1() && cy >= camera.y0() && cy < camera.y1()) {
        in.add(f);
      }
    }
    if (in.isEmpty()) {
      return null;
    }
    int cx = median(in.stream().mapToInt(f -> f.x0() + f.x1()).toArray()) / 2;
    int cy = median(in.stream().mapToInt(f -> f.y0() + f.y1()).toArray()) / 2;
    int size = median(in.stream().mapToInt(Box::w).toArray());
    return Box.ofSize(cx - size / 2, cy - size / 2, size, size).intersect(camera);
  }

  private static int median(int[] v) {
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }

  private record PeriodResult(double start, double end, int firstSample, int endSample,
      RegionFinder.Decision decision, List<Box> faces) {}

  /** State of one decoding pass. */
  private final class Pass implements FrameSampler.Sink {
    final List<PeriodResult> periods = new ArrayList<>();
    ChangeHistory history;
    private final RegionFinder finder = new RegionFinder(config);
    private int w;
    private int h;
    private byte[] previous;
    private FrameStatistics window;
    private long windowIndex = -1;
    private int windowFirstSample;
    private final List<Box> windowFaces = new ArrayList<>();
    private int windowFaceFrames;
    private int windowFramesWithFace;
    private double nextFaceTime;
    private double faceInterval = 1.0;
    // the period being built
    private FrameStatistics period;
    private String periodType;
    /** The geometry the current period was recognised by (its first window's decision). */
    private RegionFinder.Decision periodDecision;
    private long periodFirstWindow;
    private int periodFirstSample;
    private final List<Box> periodFaces = new ArrayList<>();
    private int periodFaceFrames;
    private int periodFramesWithFace;

    @Override
    public void start(FrameSampler.Info info) {
      w = info.analysisWidth;
      h = info.analysisHeight;
      history = new ChangeHistory(w, h, config.cellSize(), config.sampleFps(),
          SlideChangeDetector.Tuning.DEFAULTS.lagSeconds());
      double spread = info.durationSeconds > 0 ? info.durationSeconds / config.faceSamples() : 1.0;
      faceInterval = Math.min(spread, config.windowSeconds() / 2);
      nextFaceTime = faceInterval / 2;
      lastWindow = info.durationSeconds > 0
          ? (long) Math.floor(Math.max(0, info.durationSeconds - config.windowSeconds() / 2) / config.windowSeconds())
          : Long.MAX_VALUE;
    }

    private long lastWindow = Long.MAX_VALUE;

    @Override
    public void sample(double time, double earliest, byte[] gray, boolean keyFrame) {
      // The last window takes in the tail, so no window is shorter than half the window length.
      long wi = Math.min((long) Math.floor(Math.max(0, time) / config.windowSeconds()), lastWindow);
      if (window != null && wi != windowIndex) {
        closeWindow();
      }
      if (window == null) {
        window = new FrameStatistics(w, h);
        windowIndex = wi;
        windowFirstSample = history.size();
      }
      window.add(gray, previous, config.motionDelta(), config.edgeDelta());
      history.add(time, earliest, gray, previous, keyFrame);
      if (time >= nextFaceTime) {
        List<Box> found = faces.find(gray, w, h, Math.max(20, h / 16));
        windowFaceFrames++;
        if (!found.isEmpty()) {
          windowFramesWithFace++;
          windowFaces.addAll(found);
        }
        nextFaceTime = time + faceInterval;
      }
      if (previous == null) {
        previous = new byte[gray.length];
      }
      System.arraycopy(gray, 0, previous, 0, gray.length);
    }

    private void closeWindow() {
      RegionFinder.Decision d = finder.find(window, windowFaces, windowFaceFrames, windowFramesWithFace);
      // A lecturer who sits still for a while leaves an inset without motion: while the inset's border is still
      // there, the layout has not changed.
      if (period != null && !d.type().equals(periodType) && finder.stillHolds(window, periodDecision)) {
        d = periodDecision;
      }
      if (period != null && d.type().equals(periodType)) {
        period.merge(window);
        periodFaces.addAll(windowFaces);
        periodFaceFrames += windowFaceFrames;
        periodFramesWithFace += windowFramesWithFace;
      } else {
        closePeriod(windowIndex * config.windowSeconds(), windowFirstSample);
        period = window;
        periodType = d.type();
        periodDecision = d;
        periodFirstWindow = windowIndex;
        periodFirstSample = windowFirstSample;
        periodFaces.addAll(windowFaces);
        periodFaceFrames = windowFaceFrames;
        periodFramesWithFace = windowFramesWithFace;
      }
      window = null;
      windowFaces.clear();
      windowFaceFrames = 0;
      windowFramesWithFace = 0;
    }

    private void closePeriod(double end, int endSample) {
      if (period == null) {
        return;
      }
      RegionFinder.Decision d = finder.find(period, periodFaces, periodFaceFrames, periodFramesWithFace);
      double start = periods.isEmpty() ? 0 : periodFirstWindow * config.windowSeconds();
      periods.add(new PeriodResult(start, end, periodFirstSample, endSample, d, List.copyOf(periodFaces)));
      period = null;
      periodFaces.clear();
    }

    void finish(double duration) {
      if (window != null) {
        closeWindow();
      }
      double end = duration;
      if (history != null && history.size() > 0) {
        end = Math.max(end, history.time(history.size() - 1));
      }
      closePeriod(end, history == null ? 0 : history.size());
      // Periods end where the next starts; a period closed at a window boundary past the end is clipped.
      for (int i = 0; i < periods.size(); i++) {
        PeriodResult p = periods.get(i);
        double e = i + 1 < periods.size() ? periods.get(i + 1).start : end;
        periods.set(i, new PeriodResult(p.start, Math.min(e, end), p.firstSample, p.endSample, p.decision, p.faces));
      }
    }

    /**
     * Absorbs brief periods into their neighbours; a grown period keeps its own decision and faces, and its sample
     * range follows its new times (slide changes are then searched over all of it).
     */
    void smooth() {
      List<PeriodSmoothing.Input> in = new ArrayList<>();
      for (PeriodResult p : periods) {
        in.add(new PeriodSmoothing.Input(p.start, p.end, p.decision.type()));
      }
      List<PeriodSmoothing.Smoothed> out = PeriodSmoothing.smooth(in, config.minPeriodSeconds());
      if (out.size() == periods.size()) {
        return;
      }
      List<PeriodResult> smoothed = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        PeriodSmoothing.Smoothed s = out.get(i);
        PeriodResult p = periods.get(s.source());
        int first = i == 0 ? 0 : sampleAt(s.start());
        int end = i == out.size() - 1 ? history.size() : sampleAt(s.end());
        smoothed.add(new PeriodResult(s.start(), s.end(), first, end, p.decision, p.faces));
      }
      periods.clear();
      periods.addAll(smoothed);
    }

    /**
     * Moves each boundary between two periods from its window edge to the sample where the picture switched
     * ({@link PeriodBoundaries}), at most a window either way; the switch lies between that sample and the one
     * before, and the boundary is put halfway.
     */
    void refineBoundaries() {
      if (history == null || periods.size() < 2) {
        return;
      }
      int window = Math.max(2, (int) Math.round(config.windowSeconds() * config.sampleFps()));
      for (int i = 1; i < periods.size(); i++) {
        PeriodResult a = periods.get(i - 1);
        PeriodResult b = periods.get(i);
        int boundary = b.firstSample;
        int k = PeriodBoundaries.refine(history, a.firstSample, boundary, b.endSample, window);
        if (k == boundary || k <= 0 || k >= history.size()) {
          continue;
        }
        double t = (history.time(k - 1) + history.time(k)) / 2;
        if (t <= a.start || t >= b.end) {
          continue;
        }
        periods.set(i - 1, new PeriodResult(a.start, t, a.firstSample, k, a.decision, a.faces));
        periods.set(i, new PeriodResult(t, b.end, k, b.endSample, b.decision, b.faces));
      }
    }

    /** The first sample at or after a time. */
    private int sampleAt(double t) {
      int lo = 0;
      int hi = history.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (history.time(mid) < t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
