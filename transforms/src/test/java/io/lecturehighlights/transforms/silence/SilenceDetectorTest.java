package io.lecturehighlights.transforms.silence;

import io.lecturehighlights.transforms.media.AudioLevels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SilenceDetectorTest {
  /** Pause lengths: some below the 0.5 s minimum, most above, in a fixed shuffled order. */
  private static final double[] GAPS = {
    0.8, 0.25, 1.5, 0.5, 3.0, 0.3, 0.6, 2.0, 0.15, 1.0, 0.7, 0.55, 4.0, 0.4, 0.9, 1.2, 0.5, 2.5, 0.2, 0.65,
    1.8, 0.75, 0.35, 5.0, 0.52
  };

  private static List<double[]> detect(SyntheticSpeech s, SilenceConfig config) {
    List<double[]> out = new ArrayList<>();
    for (SilenceDetector.Region r : new SilenceDetector(config).detect(s.levels()).silences) {
      out.add(new double[] {r.start, r.end});
    }
    return out;
  }

  @ParameterizedTest(name = "{0} noise at {1} dBFS")
  @CsvSource({"NONE, 0", "WHITE, -40", "PINK, -40", "PINK, -35", "WHITE, -50"})
  void findsEveryPauseOfHalfASecondOrMoreWithin100ms(SyntheticSpeech.Noise noise, double noiseDb) {
    for (long seed = 1; seed <= 3; seed++) {
      SyntheticSpeech s = SyntheticSpeech.build(GAPS, noise, noiseDb, seed);
      SilenceScoring score = SilenceScoring.score(s.silences, detect(s, SilenceConfig.defaults()), 0.100);
      assertTrue(score.precision() >= 0.95 && score.recall() >= 0.95, noise + " seed " + seed + ": " + score);
    }
  }

  @Test
  void shortPausesAreNotReported() {
    SyntheticSpeech s = SyntheticSpeech.build(GAPS, SyntheticSpeech.Noise.WHITE, -40, 7);
    List<double[]> found = detect(s, SilenceConfig.defaults());
    for (double[] gap : s.shortGaps) {
      for (double[] d : found) {
        boolean overlaps = d[0] < gap[1] && gap[0] < d[1];
        assertTrue(!overlaps, "short gap " + gap[0] + "-" + gap[1] + " reported as " + d[0] + "-" + d[1]);
      }
    }
  }

  @Test
  void thresholdFollowsTheNoiseFloor() {
    SyntheticSpeech quiet = SyntheticSpeech.build(GAPS, SyntheticSpeech.Noise.WHITE, -60, 3);
    SyntheticSpeech noisy = SyntheticSpeech.build(GAPS, SyntheticSpeech.Noise.WHITE, -40, 3);
    SilenceDetector d = new SilenceDetector(SilenceConfig.defaults());
    SilenceDetector.Analysis a = d.detect(quiet.levels());
    SilenceDetector.Analysis b = d.detect(noisy.levels());
    assertEquals(-60, a.noiseFloorDb, 3.0);
    assertEquals(-40, b.noiseFloorDb, 3.0);
    assertTrue(b.thresholdDb - a.thresholdDb > 15, "threshold should rise with the floor: " + a.thresholdDb + " vs " + b.thresholdDb);
  }

  @Test
  void speechRatioAndDurationAreConsistent() {
    SyntheticSpeech s = SyntheticSpeech.build(GAPS, SyntheticSpeech.Noise.NONE, 0, 5);
    SilenceDetector.Analysis a = new SilenceDetector(SilenceConfig.defaults()).detect(s.levels());
    double truthSilence = s.silences.stream().mapToDouble(g -> g[1] - g[0]).sum();
    double duration = s.samples.length / (double) s.sampleRate;
    assertEquals(duration, a.durationSeconds, 0.011);
    assertEquals(1 - truthSilence / duration, a.speechRatio, 0.02);
    assertEquals(Math.ceil(a.durationSeconds / 0.5), a.envelopeDb.length, 1);
  }

  @Test
  void allSilentTrackIsOneSilence() {
    float[] zeros = new float[16000 * 3];
    SilenceDetector.Analysis a =
        new SilenceDetector(SilenceConfig.defaults()).detect(AudioLevels.fromSamples(zeros, 16000, 0.01));
    assertEquals(1, a.silences.size());
    assertEquals(0.0, a.silences.get(0).start, 1e-9);
    assertEquals(3.0, a.silences.get(0).end, 0.011);
    assertEquals(0.0, a.speechRatio, 1e-9);
  }

  @Test
  void continuousSpeechHasNoSilence() {
    SyntheticSpeech s = SyntheticSpeech.build(new double[] {0.0, 0.2, 0.3, 0.1}, SyntheticSpeech.Noise.WHITE, -45, 9);
    List<double[]> found = detect(s, SilenceConfig.defaults());
    // Only the 0.5 s tail the generator appends is a real silence.
    assertEquals(1, found.size(), () -> "found " + found.size());
  }

  @Test
  void absoluteThresholdOverridesAdaptive() {
    SyntheticSpeech s = SyntheticSpeech.build(GAPS, SyntheticSpeech.Noise.WHITE, -40, 2);
    // A threshold below the noise floor means nothing is ever silent.
    assertEquals(0, detect(s, SilenceConfig.defaults().withThresholdDb(-60)).size());
    SilenceDetector.Analysis a =
        new SilenceDetector(SilenceConfig.defaults().withThresholdDb(-30)).detect(s.levels());
    assertEquals(-30, a.thresholdDb, 1e-9);
  }

  @Test
  void minimumSilenceIsConfigurable() {
    SyntheticSpeech s = SyntheticSpeech.build(GAPS, SyntheticSpeech.Noise.NONE, 0, 4);
    long longOnes = s.silences.stream().filter(g -> g[1] - g[0] >= 2.0).count();
    assertEquals(longOnes, detect(s, SilenceConfig.defaults().withMinSilenceSeconds(1.95)).size());
  }

  @Test
  void shortClickInsideASilenceDoesNotSplitIt() {
    int rate = 16000;
    float[] x = new float[rate * 3];
    for (int i = 0; i < rate; i++) {
      x[i] = (float) (0.2 * Math.sin(i * 0.3));
    }
    for (int i = 2 * rate; i < 2 * rate + 320; i++) { // a 20 ms click in the middle of a 2 s pause
      x[i] = 0.5f;
    }
    List<SilenceDetector.Region> r = new SilenceDetector(SilenceConfig.defaults())
        .detect(AudioLevels.fromSamples(x, rate, 0.01)).silences;
    assertEquals(1, r.size(), r::toString);
    assertEquals(1.0, r.get(0).start, 0.05);
    assertEquals(3.0, r.get(0).end, 0.05);
  }
}
