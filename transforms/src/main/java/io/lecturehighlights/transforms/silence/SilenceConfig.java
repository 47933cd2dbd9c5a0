package io.lecturehighlights.transforms.silence;

import java.io.Serializable;

/**
 * Parameters of silence detection. The threshold adapts to each recording: noise floor plus a margin,
 * unless an absolute threshold is given. See {@link SilenceDetector} for how they are used.
 */
public final class SilenceConfig implements Serializable {
  /** Analysis hop: boundaries are placed to this resolution. */
  public double hopSeconds = 0.010;
  /** Smoothing window, in hops, centred on each hop. */
  public int windowHops = 3;
  /** Shortest gap reported as a silence. */
  public double minSilenceSeconds = 0.5;
  /** Speech bursts shorter than this inside a silence (clicks, a cough onset) do not end it. */
  public double minSpeechSeconds = 0.05;
  /** Threshold = noise floor + max(marginDb, relativeMargin * (speech level - noise floor)). */
  public double marginDb = 6.0;
  public double relativeMargin = 0.2;
  /** A silence ends only when the level rises this far above the threshold. */
  public double hysteresisDb = 3.0;
  /** Absolute threshold in dBFS; NaN means adaptive. */
  public double thresholdDb = Double.NaN;
  /** Share of hops at or below the noise floor estimate. */
  public double floorPercentile = 0.05;
  /** Floor estimates are never taken below this (digital silence would give -120 dBFS). */
  public double floorClampDb = -90.0;
  /** Hop of the loudness envelope kept for timeline plots. */
  public double envelopeHopSeconds = 0.5;

  public static SilenceConfig defaults() {
    return new SilenceConfig();
  }

  public SilenceConfig withMinSilenceSeconds(double v) {
    minSilenceSeconds = v;
    return this;
  }

  public SilenceConfig withThresholdDb(double v) {
    thresholdDb = v;
    return this;
  }

  public SilenceConfig withMarginDb(double v) {
    marginDb = v;
    return this;
  }

  public SilenceConfig withHysteresisDb(double v) {
    hysteresisDb = v;
    return this;
  }

  public String describe() {
    return String.format(java.util.Locale.ROOT,
        "adaptive-rms(hop=%.3fs, window=%d, minSilence=%.2fs, minSpeech=%.2fs, margin=%.1fdB, relMargin=%.2f, hysteresis=%.1fdB%s)",
        hopSeconds, windowHops, minSilenceSeconds, minSpeechSeconds, marginDb, relativeMargin, hysteresisDb,
        Double.isNaN(thresholdDb) ? "" : String.format(java.util.Locale.ROOT, ", threshold=%.1fdBFS", thresholdDb));
  }
}
