package io.lecturehighlights.transforms.extraction;

import java.io.Serializable;
import java.util.Locale;

/**
 * How highlight clips are chosen and cut. Immutable in use and Serializable (it travels inside the DoFn that calls
 * {@link HighlightSelector}); every {@code with...} returns a checked copy. Durations are seconds of KEPT time, i.e.
 * after long silences are cut out of a clip.
 */
public final class ExtractionConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** At most this many clips per lecture. */
  public int maxClips = 5;
  /** The clips together keep at most this much time. */
  public double maxTotalSeconds = 300;
  /** A clip keeps at least this much time (see {@link HighlightSelector} for lectures shorter than this). */
  public double minClipSeconds = 20;
  /** A clip keeps at most this much time. */
  public double maxClipSeconds = 120;
  /** Pauses inside a clip longer than this are cut out (all but the margins). */
  public double cutSilencesLongerThan = 0.75;
  /** Natural pause kept on each side of speech, at cuts and at a clip's ends (auto-editor's --margin). */
  public double marginSeconds = 0.2;
  /** Topic segments less important than this never become clips. */
  public double minImportance = 0.0;

  public static ExtractionConfig defaults() {
    return new ExtractionConfig();
  }

  private ExtractionConfig copy() {
    ExtractionConfig c = new ExtractionConfig();
    c.maxClips = maxClips;
    c.maxTotalSeconds = maxTotalSeconds;
    c.minClipSeconds = minClipSeconds;
    c.maxClipSeconds = maxClipSeconds;
    c.cutSilencesLongerThan = cutSilencesLongerThan;
    c.marginSeconds = marginSeconds;
    c.minImportance = minImportance;
    return c;
  }

  public ExtractionConfig withMaxClips(int n) {
    ExtractionConfig c = copy();
    c.maxClips = n;
    return c.checked();
  }

  public ExtractionConfig withMaxTotalSeconds(double seconds) {
    ExtractionConfig c = copy();
    c.maxTotalSeconds = seconds;
    return c.checked();
  }

  /** Both bounds at once, so a pair such as 5..12 can be set from the defaults 20..120 without an invalid step. */
  public ExtractionConfig withClipSeconds(double min, double max) {
    ExtractionConfig c = copy();
    c.minClipSeconds = min;
    c.maxClipSeconds = max;
    return c.checked();
  }

  public ExtractionConfig withMinClipSeconds(double seconds) {
    return withClipSeconds(seconds, maxClipSeconds);
  }

  public ExtractionConfig withMaxClipSeconds(double seconds) {
    return withClipSeconds(minClipSeconds, seconds);
  }

  public ExtractionConfig withCutSilencesLongerThan(double seconds) {
    ExtractionConfig c = copy();
    c.cutSilencesLongerThan = seconds;
    return c.checked();
  }

  public ExtractionConfig withMarginSeconds(double seconds) {
    ExtractionConfig c = copy();
    c.marginSeconds = seconds;
    return c.checked();
  }

  public ExtractionConfig withMinImportance(double importance) {
    ExtractionConfig c = copy();
    c.minImportance = importance;
    return c.checked();
  }

  /**
   * Throws IllegalArgumentException for settings that cannot work; the public fields may have been set directly,
   * so {@link HighlightSelector} checks again before using them.
   */
  public ExtractionConfig checked() {
    require(maxClips >= 0, "maxClips must be >= 0, got " + maxClips);
    require(finite(maxTotalSeconds) && maxTotalSeconds >= 0, "maxTotalSeconds must be >= 0, got " + maxTotalSeconds);
    require(finite(minClipSeconds) && minClipSeconds > 0, "minClipSeconds must be > 0, got " + minClipSeconds);
    require(finite(maxClipSeconds) && maxClipSeconds >= minClipSeconds,
        "maxClipSeconds must be >= minClipSeconds (" + minClipSeconds + "), got " + maxClipSeconds);
    require(finite(cutSilencesLongerThan) && cutSilencesLongerThan > 0,
        "cutSilencesLongerThan must be > 0, got " + cutSilencesLongerThan);
    require(finite(marginSeconds) && marginSeconds >= 0, "marginSeconds must be >= 0, got " + marginSeconds);
    require(finite(minImportance) && minImportance >= 0 && minImportance <= 1,
        "minImportance must be within 0..1, got " + minImportance);
    return this;
  }

  private static boolean finite(double v) {
    return !Double.isNaN(v) && !Double.isInfinite(v);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The settings in one line, for logs and the job record. */
  public String describe() {
    return String.format(Locale.ROOT,
        "maxClips=%d maxTotal=%.1fs clip=%.1f-%.1fs cutSilences>%.2fs margin=%.2fs minImportance=%.2f",
        maxClips, maxTotalSeconds, minClipSeconds, maxClipSeconds, cutSilencesLongerThan, marginSeconds,
        minImportance);
  }

  @Override
  public String toString() {
    return describe();
  }
}
