package io.lecturehighlights.transforms.layout;

import java.io.Serializable;
import java.util.Locale;

/** Parameters of layout detection. See {@link LayoutAnalyzer} for how they are used. */
public final class LayoutConfig implements Serializable {
  /** Frames analysed per second of video (the first decoded frame at or after each sample time is taken). */
  public double sampleFps = 4.0;
  /** Analysis picture size: frames are scaled (area average, luma only) to fit in this box. */
  public int analysisMaxWidth = 512;
  public int analysisMaxHeight = 384;
  /** Decoder shortcuts: skip B-frames (nothing references them in practice) and the deblocking filter. */
  public boolean skipBidirFrames = true;
  public boolean skipLoopFilter = true;
  /** A pixel changed between two samples when its luma moved by more than this. */
  public int motionDelta = 12;
  /** A pixel is live (camera-like) when it changed in at least this share of sample pairs. */
  public double liveShare = 0.10;
  /** A pixel boundary is an edge in a sample when the luma steps by at least this. */
  public int edgeDelta = 8;
  /** An edge is persistent when present in at least this share of samples. */
  public double edgePersistence = 0.5;
  /**
   * Pixels whose mean luma stays under this are letterbox/pillarbox bars (or black video). Bars are not always pure
   * black (dark gray 24-28 is common), so this is well above video black (16).
   */
  public int darkLuma = 40;
  /** Share of the content area that must be live for a camera-only layout without a face. */
  public double cameraOnlyLiveShare = 0.02;
  /** Minimum share of the live pixels inside the camera rectangle of an inset or side-by-side layout. */
  public double motionInsideCamera = 0.85;
  /** Minimum share of an inset's inner sides covered by a persistent edge. */
  public double minSideCoverage = 0.5;
  /** Layout periods: the video is classified in windows of this length. */
  public double windowSeconds = 60.0;
  /** Slide changes: grid cell size (analysis pixels) of the change map. */
  public int cellSize = 16;
  /** A cell changed when its mean absolute luma difference exceeds max(this, 3x its own median). */
  public double cellChangeDelta = 3.0;
  /** A slide change needs at least this share of the screen's cells changed. */
  public double minChangedShare = 0.04;
  /** Changes closer than this are one change (fades, transitions). */
  public double minSlideSeconds = 1.0;
  /** Frames searched for faces with the Haar cascade, spread over the video. */
  public int faceSamples = 8;
  /** Longest side of the layout.jpg thumbnail. */
  public int thumbnailMaxSide = 960;

  public static LayoutConfig defaults() {
    return new LayoutConfig();
  }

  public LayoutConfig withSampleFps(double v) {
    sampleFps = v;
    return this;
  }

  public LayoutConfig withWindowSeconds(double v) {
    windowSeconds = v;
    return this;
  }

  public String describe() {
    return String.format(Locale.ROOT,
        "layout(sample=%.1ffps, analysis<=%dx%d, skipB=%s, motion=%d/%.2f, edges=%d/%.2f, window=%.0fs, cells=%d, change>=%.2f)",
        sampleFps, analysisMaxWidth, analysisMaxHeight, skipBidirFrames, motionDelta, liveShare, edgeDelta,
        edgePersistence, windowSeconds, cellSize, minChangedShare);
  }
}
