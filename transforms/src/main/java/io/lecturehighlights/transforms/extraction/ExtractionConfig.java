package io.lecturehighlights.transforms.extraction;

import java.io.Serializable;
import java.util.Locale;

/**
 * How highlight clips are chosen and cut. An immutable value (it travels inside the DoFn that calls
 * {@link HighlightSelector}); every {@code with...} returns a new config. Durations are seconds of KEPT time, i.e.
 * after long silences are cut out of a clip.
 *
 * <p>Settings that cannot work are rejected when the config is built, so the selector never sees them.
 */
public record ExtractionConfig(
    // At most this many clips per lecture.
    int maxClips,
    // The clips together keep at most this much time.
    double maxTotalSeconds,
    // A clip keeps at least this much time (see HighlightSelector for lectures shorter than this).
    double minClipSeconds,
    // A clip keeps at most this much time.
    double maxClipSeconds,
    // Pauses inside a clip longer than this are cut out (all but the margins).
    double cutSilencesLongerThan,
    // Natural pause kept on each side of speech, at cuts and at a clip's ends (auto-editor's --margin).
    double marginSeconds,
    // Topic segments less important than this never become clips.
    double minImportance)
    implements Serializable {

  /** @throws IllegalArgumentException for settings that cannot work */
  public ExtractionConfig {
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
  }

  public static ExtractionConfig defaults() {
    return new ExtractionConfig(
        5, // maxClips
        300, // maxTotalSeconds
        20, // minClipSeconds
        120, // maxClipSeconds
        0.75, // cutSilencesLongerThan
        0.2, // marginSeconds
        0.0); // minImportance
  }

  public ExtractionConfig withMaxClips(int n) {
    return new ExtractionConfig(n, maxTotalSeconds, minClipSeconds, maxClipSeconds, cutSilencesLongerThan,
        marginSeconds, minImportance);
  }

  public ExtractionConfig withMaxTotalSeconds(double seconds) {
    return new ExtractionConfig(maxClips, seconds, minClipSeconds, maxClipSeconds, cutSilencesLongerThan,
        marginSeconds, minImportance);
  }

  /** Both bounds at once, so a pair such as 5..12 can be set from the defaults 20..120 without an invalid step. */
  public ExtractionConfig withClipSeconds(double min, double max) {
    return new ExtractionConfig(maxClips, maxTotalSeconds, min, max, cutSilencesLongerThan, marginSeconds,
        minImportance);
  }

  public ExtractionConfig withMinClipSeconds(double seconds) {
    return withClipSeconds(seconds, maxClipSeconds);
  }

  public ExtractionConfig withMaxClipSeconds(double seconds) {
    return withClipSeconds(minClipSeconds, seconds);
  }

  public ExtractionConfig withCutSilencesLongerThan(double seconds) {
    return new ExtractionConfig(maxClips, maxTotalSeconds, minClipSeconds, maxClipSeconds, seconds, marginSeconds,
        minImportance);
  }

  public ExtractionConfig withMarginSeconds(double seconds) {
    return new ExtractionConfig(maxClips, maxTotalSeconds, minClipSeconds, maxClipSeconds, cutSilencesLongerThan,
        seconds, minImportance);
  }

  public ExtractionConfig withMinImportance(double importance) {
    return new ExtractionConfig(maxClips, maxTotalSeconds, minClipSeconds, maxClipSeconds, cutSilencesLongerThan,
        marginSeconds, importance);
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
