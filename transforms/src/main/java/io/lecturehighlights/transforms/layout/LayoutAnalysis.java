package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import java.util.List;

/** The result of {@link LayoutAnalyzer}: rectangles in source frame pixels, times in seconds. */
public final class LayoutAnalysis {
  /**
   * A stretch of the video with one layout and its own regions in frame pixels (null when absent): clips render each
   * stretch with them. {@code person}: the median face found in the period, for framing the camera.
   */
  public record Period(double start, double end, String type, Box content, Box screen, Box camera, Box person) {
    public Period(double start, double end, String type) {
      this(start, end, type, null, null, null, null);
    }
  }

  /**
   * A slide as shown, [start, end) in seconds; {@code readAt}: the frame to read it from; screen and camera (null
   * without one) in frame pixels.
   */
  public record SlideSpan(double start, double end, double readAt, Box screen, Box camera) {}

  /**
   * screen_only, camera_only, picture_in_picture, side_by_side, none (a video with no picture: black) or
   * audio_only (no video stream).
   */
  public String type;
  public int frameWidth;
  public int frameHeight;
  /** The picture inside letterbox/pillarbox bars; null for layout none and audio_only. */
  public Box content;
  public Box screen;
  public Box camera;
  /** Share of a 9:16 frame given to the screen; null for layout none and audio_only. */
  public Double splitRatio;
  /** New slides: differences on the screen that persist (first sample of the new slide), seconds. */
  public List<Double> slideChanges = List.of();
  /** Builds: something added to the same slide (a bullet appearing), not counted as slide changes. */
  public List<Double> slideBuilds = List.of();
  /**
   * The slides shown on the screen region, in time order: one per stretch between slide changes (and period
   * bounds), with the time of a still frame after its last build to read it from, and the screen region then.
   */
  public List<SlideSpan> slides = List.of();
  public List<Period> periods = List.of();
  /** How clearly the evidence supports the dominant layout, 0..1. */
  public double confidence;
  public double durationSeconds;
  public int decodedFrames;
  public int samples;
  /** Time spent finding slide changes and spans in the sampled history (after the decoding pass), for benchmarks. */
  public long slideSegmentationNanos;
  /** layout.jpg bytes, or null (no video, or thumbnails not wanted). */
  public byte[] thumbnailJpeg;

  @Override
  public String toString() {
    return type + " screen=" + screen + " camera=" + camera + " content=" + content + " split=" + splitRatio
        + " changes=" + slideChanges + " builds=" + slideBuilds + " periods=" + periods + " conf=" + String.format("%.2f", confidence);
  }
}
