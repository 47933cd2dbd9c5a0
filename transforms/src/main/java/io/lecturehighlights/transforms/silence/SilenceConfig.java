package io.lecturehighlights.transforms.silence;

import java.io.Serializable;
import java.util.Locale;

/**
 * Parameters of silence detection. The threshold adapts to each recording: noise floor plus a margin,
 * unless an absolute threshold is given. See {@link SilenceDetector} for how they are used.
 *
 * <p>An immutable value (it travels inside the DoFns, and one instance may be shared by several): every
 * {@code with...} returns a new config.
 */
public record SilenceConfig(
    // Analysis hop: boundaries are placed to this resolution.
    double hopSeconds,
    // Smoothing window, in hops, centred on each hop.
    int windowHops,
    // Shortest gap reported as a silence.
    double minSilenceSeconds,
    // Speech bursts shorter than this inside a silence (clicks, a cough onset) do not end it.
    double minSpeechSeconds,
    // Threshold = noise floor + max(marginDb, relativeMargin * (speech level - noise floor)).
    double marginDb,
    double relativeMargin,
    // A silence ends only when the level rises this far above the threshold.
    double hysteresisDb,
    // Absolute threshold in dBFS; NaN means adaptive.
    double thresholdDb,
    // Share of hops at or below the noise floor estimate.
    double floorPercentile,
    // Floor estimates are never taken below this (digital silence would give -120 dBFS).
    double floorClampDb,
    // Hop of the loudness envelope kept for timeline plots.
    double envelopeHopSeconds)
    implements Serializable {

  public static SilenceConfig defaults() {
    return new SilenceConfig(
        0.010, // hopSeconds
        3, // windowHops
        0.5, // minSilenceSeconds
        0.05, // minSpeechSeconds
        6.0, // marginDb
        0.2, // relativeMargin
        3.0, // hysteresisDb
        Double.NaN, // thresholdDb
        0.05, // floorPercentile
        -90.0, // floorClampDb
        0.5); // envelopeHopSeconds
  }

  public SilenceConfig withHopSeconds(double v) {
    return new SilenceConfig(v, windowHops, minSilenceSeconds, minSpeechSeconds, marginDb, relativeMargin,
        hysteresisDb, thresholdDb, floorPercentile, floorClampDb, envelopeHopSeconds);
  }

  public SilenceConfig withWindowHops(int v) {
    return new SilenceConfig(hopSeconds, v, minSilenceSeconds, minSpeechSeconds, marginDb, relativeMargin,
        hysteresisDb, thresholdDb, floorPercentile, floorClampDb, envelopeHopSeconds);
  }

  public SilenceConfig withMinSilenceSeconds(double v) {
    return new SilenceConfig(hopSeconds, windowHops, v, minSpeechSeconds, marginDb, relativeMargin,
        hysteresisDb, thresholdDb, floorPercentile, floorClampDb, envelopeHopSeconds);
  }

  public SilenceConfig withMinSpeechSeconds(double v) {
    return new SilenceConfig(hopSeconds, windowHops, minSilenceSeconds, v, marginDb, relativeMargin,
        hysteresisDb, thresholdDb, floorPercentile, floorClampDb, envelopeHopSeconds);
  }

  public SilenceConfig withMarginDb(double v) {
    return new SilenceConfig(hopSeconds, windowHops, minSilenceSeconds, minSpeechSeconds, v, relativeMargin,
        hysteresisDb, thresholdDb, floorPercentile, floorClampDb, envelopeHopSeconds);
  }

  public SilenceConfig withRelativeMargin(double v) {
    return new SilenceConfig(hopSeconds, windowHops, minSilenceSeconds, minSpeechSeconds, marginDb, v,
        hysteresisDb, thresholdDb, floorPercentile, floorClampDb, envelopeHopSeconds);
  }

  public SilenceConfig withHysteresisDb(double v) {
    return new SilenceConfig(hopSeconds, windowHops, minSilenceSeconds, minSpeechSeconds, marginDb, relativeMargin,
        v, thresholdDb, floorPercentile, floorClampDb, envelopeHopSeconds);
  }

  /** NaN: adaptive (noise floor plus margin). */
  public SilenceConfig withThresholdDb(double v) {
    return new SilenceConfig(hopSeconds, windowHops, minSilenceSeconds, minSpeechSeconds, marginDb, relativeMargin,
        hysteresisDb, v, floorPercentile, floorClampDb, envelopeHopSeconds);
  }

  public SilenceConfig withFloorPercentile(double v) {
    return new SilenceConfig(hopSeconds, windowHops, minSilenceSeconds, minSpeechSeconds, marginDb, relativeMargin,
        hysteresisDb, thresholdDb, v, floorClampDb, envelopeHopSeconds);
  }

  public SilenceConfig withFloorClampDb(double v) {
    return new SilenceConfig(hopSeconds, windowHops, minSilenceSeconds, minSpeechSeconds, marginDb, relativeMargin,
        hysteresisDb, thresholdDb, floorPercentile, v, envelopeHopSeconds);
  }

  public SilenceConfig withEnvelopeHopSeconds(double v) {
    return new SilenceConfig(hopSeconds, windowHops, minSilenceSeconds, minSpeechSeconds, marginDb, relativeMargin,
        hysteresisDb, thresholdDb, floorPercentile, floorClampDb, v);
  }

  public String describe() {
    return String.format(Locale.ROOT,
        "adaptive-rms(hop=%.3fs, window=%d, minSilence=%.2fs, minSpeech=%.2fs, margin=%.1fdB, relMargin=%.2f, hysteresis=%.1fdB%s)",
        hopSeconds, windowHops, minSilenceSeconds, minSpeechSeconds, marginDb, relativeMargin, hysteresisDb,
        Double.isNaN(thresholdDb) ? "" : String.format(Locale.ROOT, ", threshold=%.1fdBFS", thresholdDb));
  }
}
