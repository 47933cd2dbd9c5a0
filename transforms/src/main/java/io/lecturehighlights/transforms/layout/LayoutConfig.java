package io.lecturehighlights.transforms.layout;

import java.io.Serializable;
import java.util.Locale;

/**
 * Parameters of layout detection. See {@link LayoutAnalyzer} for how they are used.
 *
 * <p>An immutable value (it travels inside the DoFns, and one instance may be shared by several): every
 * {@code with...} returns a new config.
 */
public record LayoutConfig(
    // Frames analysed per second of video (the first decoded frame at or after each sample time is taken).
    double sampleFps,
    // Analysis picture size: frames are scaled (area average, luma only) to fit in this box.
    int analysisMaxWidth,
    int analysisMaxHeight,
    // Decoder shortcuts: skip B-frames (nothing references them in practice) and the deblocking filter.
    boolean skipBidirFrames,
    boolean skipLoopFilter,
    // A pixel changed between two samples when its luma moved by more than this.
    int motionDelta,
    // A pixel is live (camera-like) when it changed in at least this share of sample pairs.
    double liveShare,
    // A pixel boundary is an edge in a sample when the luma steps by at least this.
    int edgeDelta,
    // An edge is persistent when present in at least this share of samples.
    double edgePersistence,
    // Pixels whose mean luma stays under this are letterbox/pillarbox bars (or black video). Bars are not always
    // pure black (dark gray 24-28 is common), so this is well above video black (16).
    int darkLuma,
    // Share of the content area that must be live for a camera-only layout without a face.
    double cameraOnlyLiveShare,
    // Minimum share of the live pixels inside the camera rectangle of an inset or side-by-side layout.
    double motionInsideCamera,
    // Minimum share of an inset's inner sides covered by a persistent edge.
    double minSideCoverage,
    // Layout periods: the video is classified in windows of this length.
    double windowSeconds,
    // Slide changes: grid cell size (analysis pixels) of the change map.
    int cellSize,
    // A cell changed when its mean absolute luma difference exceeds max(this, 3x its own median).
    double cellChangeDelta,
    // A slide change needs at least this share of the screen's cells changed.
    double minChangedShare,
    // Changes closer than this are one change (fades, transitions).
    double minSlideSeconds,
    // Frames searched for faces with the Haar cascade, spread over the video.
    int faceSamples,
    // Longest side of the layout.jpg thumbnail.
    int thumbnailMaxSide,
    // A layout period shorter than this is absorbed by its neighbours (PeriodSmoothing): clips follow periods, and a
    // brief flicker would make one jump to another framing and back.
    double minPeriodSeconds)
    implements Serializable {

  public static LayoutConfig defaults() {
    return new LayoutConfig(
        4.0, // sampleFps
        512, // analysisMaxWidth
        384, // analysisMaxHeight
        true, // skipBidirFrames
        true, // skipLoopFilter
        12, // motionDelta
        0.10, // liveShare
        8, // edgeDelta
        0.5, // edgePersistence
        40, // darkLuma
        0.02, // cameraOnlyLiveShare
        0.85, // motionInsideCamera
        0.5, // minSideCoverage
        60.0, // windowSeconds
        16, // cellSize
        3.0, // cellChangeDelta
        0.04, // minChangedShare
        1.0, // minSlideSeconds
        8, // faceSamples
        960, // thumbnailMaxSide
        4.0); // minPeriodSeconds
  }

  public LayoutConfig withSampleFps(double v) {
    return new LayoutConfig(v, analysisMaxWidth, analysisMaxHeight, skipBidirFrames, skipLoopFilter, motionDelta,
        liveShare, edgeDelta, edgePersistence, darkLuma, cameraOnlyLiveShare, motionInsideCamera, minSideCoverage,
        windowSeconds, cellSize, cellChangeDelta, minChangedShare, minSlideSeconds, faceSamples, thumbnailMaxSide,
        minPeriodSeconds);
  }

  public LayoutConfig withWindowSeconds(double v) {
    return new LayoutConfig(sampleFps, analysisMaxWidth, analysisMaxHeight, skipBidirFrames, skipLoopFilter,
        motionDelta, liveShare, edgeDelta, edgePersistence, darkLuma, cameraOnlyLiveShare, motionInsideCamera,
        minSideCoverage, v, cellSize, cellChangeDelta, minChangedShare, minSlideSeconds, faceSamples,
        thumbnailMaxSide, minPeriodSeconds);
  }

  public LayoutConfig withMinPeriodSeconds(double v) {
    return new LayoutConfig(sampleFps, analysisMaxWidth, analysisMaxHeight, skipBidirFrames, skipLoopFilter,
        motionDelta, liveShare, edgeDelta, edgePersistence, darkLuma, cameraOnlyLiveShare, motionInsideCamera,
        minSideCoverage, windowSeconds, cellSize, cellChangeDelta, minChangedShare, minSlideSeconds, faceSamples,
        thumbnailMaxSide, v);
  }

  public String describe() {
    return String.format(Locale.ROOT,
        "layout(sample=%.1ffps, analysis<=%dx%d, skipB=%s, motion=%d/%.2f, edges=%d/%.2f, window=%.0fs, cells=%d, change>=%.2f, minPeriod=%.1fs)",
        sampleFps, analysisMaxWidth, analysisMaxHeight, skipBidirFrames, motionDelta, liveShare, edgeDelta,
        edgePersistence, windowSeconds, cellSize, minChangedShare, minPeriodSeconds);
  }
}
