package io.lecturehighlights.transforms.silence;

import io.lecturehighlights.transforms.media.AudioLevels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated test signals with exact truth: speech-like bursts (noise carrying a syllable-rate envelope) separated
 * by pauses of known lengths, optionally over a white or pink noise floor.
 */
final class SyntheticSpeech {
  final float[] samples;
  final int sampleRate;
  /** Pauses of at least 0.5 s (the ones a detector must report), as [start, end]. */
  final List<double[]> silences = new ArrayList<>();
  /** Pauses shorter than 0.5 s (must not be reported). */
  final List<double[]> shortGaps = new ArrayList<>();

  private SyntheticSpeech(float[] samples, int sampleRate) {
    this.samples = samples;
    this.sampleRate = sampleRate;
  }

  enum Noise { NONE, WHITE, PINK }

  /**
   * @param gaps pause lengths in seconds, in order; speech bursts of 1-3 s go between them
   * @param noiseDbfs RMS level of the noise floor (ignored for NONE)
   */
  static SyntheticSpeech build(double[] gaps, Noise noise, double noiseDbfs, long seed) {
    int rate = 16000;
    Random rnd = new Random(seed);
    List<double[]> speech = new ArrayList<>();
    double t = gaps.length > 0 ? 0 : 0.5;
    // Leading pause is gaps[0]; then speech, gap, speech, ..., and a final speech burst.
    for (double gap : gaps) {
      double start = t + gap;
      double len = 1.0 + 2.0 * rnd.nextDouble();
      speech.add(new double[] {start, start + len});
      t = start + len;
    }
    double duration = t + 0.5;
    float[] x = new float[(int) Math.ceil(duration * rate)];
    double amp = Math.pow(10, -18 / 20.0) * Math.sqrt(3); // uniform noise at about -18 dBFS RMS
    for (double[] s : speech) {
      double phase = rnd.nextDouble() * Math.PI;
      for (int i = (int) Math.round(s[0] * rate); i < Math.round(s[1] * rate); i++) {
        double env = 0.3 + 0.7 * Math.abs(Math.sin(phase + 2 * Math.PI * 2.5 * i / rate));
        x[i] = (float) (amp * env * (2 * rnd.nextDouble() - 1));
      }
    }
    if (noise != Noise.NONE) {
      addNoise(x, noise, noiseDbfs, rnd);
    }
    SyntheticSpeech out = new SyntheticSpeech(x, rate);
    double prevEnd = 0;
    for (int k = 0; k < speech.size(); k++) {
      double[] gap = {prevEnd, speech.get(k)[0]};
      (gap[1] - gap[0] >= 0.5 ? out.silences : out.shortGaps).add(gap);
      prevEnd = speech.get(k)[1];
    }
    out.silences.add(new double[] {prevEnd, x.length / (double) rate});
    return out;
  }

  private static void addNoise(float[] x, Noise kind, double dbfs, Random rnd) {
    double[] n = new double[x.length];
    // Paul Kellet's economy pink filter over white noise.
    double b0 = 0, b1 = 0, b2 = 0;
    double sumSq = 0;
    for (int i = 0; i < n.length; i++) {
      double w = rnd.nextGaussian();
      if (kind == Noise.PINK) {
        b0 = 0.99765 * b0 + w * 0.0990460;
        b1 = 0.96300 * b1 + w * 0.2965164;
        b2 = 0.57000 * b2 + w * 1.0526913;
        n[i] = b0 + b1 + b2 + w * 0.1848;
      } else {
        n[i] = w;
      }
      sumSq += n[i] * n[i];
    }
    double gain = Math.pow(10, dbfs / 20.0) / Math.sqrt(sumSq / n.length);
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (n[i] * gain);
    }
  }

  AudioLevels levels() {
    return AudioLevels.fromSamples(samples, sampleRate, 0.01);
  }
}
