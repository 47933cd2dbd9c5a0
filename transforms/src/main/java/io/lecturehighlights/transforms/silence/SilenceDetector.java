package io.lecturehighlights.transforms.silence;

import io.lecturehighlights.transforms.media.AudioLevels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds silent regions in a track's per-hop energy.
 *
 * <ol>
 *   <li>Level per hop: energy averaged over a short centred window, in dBFS.
 *   <li>Noise floor: the 5th percentile of hop levels. Speech has short gaps between words and stop
 *       closures, so even a recording with no long pause has a few percent of hops at the noise level
 *       (a real lecture clip with speech throughout: 5th percentile -54 dBFS, speech -22 dBFS; averages over
 *       one-second blocks could not find that floor).
 *   <li>Speech level: the 95th percentile of hop levels.
 *   <li>Threshold: floor + max(margin, relativeMargin x (speech - floor)), or an absolute value if set.
 *   <li>Hysteresis: a silence starts below the threshold and ends only above threshold + hysteresis.
 *   <li>Speech bursts shorter than minSpeech inside a silence are absorbed; silences shorter than
 *       minSilence are dropped.
 * </ol>
 */
public final class SilenceDetector {

  /** A silent region, in seconds. */
  public static final class Region {
    public final double start;
    public final double end;

    public Region(double start, double end) {
      this.start = start;
      this.end = end;
    }

    public double duration() {
      return end - start;
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "[%.3f, %.3f]", start, end);
    }
  }

  /** Regions and the figures they came from. */
  public static final class Analysis {
    public final List<Region> silences;
    public final double durationSeconds;
    public final double noiseFloorDb;
    public final double speechLevelDb;
    public final double meanLoudnessDb;
    public final double thresholdDb;
    public final double speechRatio;
    public final float[] envelopeDb;

    Analysis(List<Region> silences, double duration, double floor, double speech, double mean, double threshold,
        double speechRatio, float[] envelope) {
      this.silences = silences;
      this.durationSeconds = duration;
      this.noiseFloorDb = floor;
      this.speechLevelDb = speech;
      this.meanLoudnessDb = mean;
      this.thresholdDb = threshold;
      this.speechRatio = speechRatio;
      this.envelopeDb = envelope;
    }
  }

  private final SilenceConfig config;

  public SilenceDetector(SilenceConfig config) {
    this.config = config;
  }

  public Analysis detect(AudioLevels levels) {
    int n = levels.count();
    double hop = levels.hopSeconds();
    double duration = levels.durationSeconds();
    if (n == 0) {
      return new Analysis(List.of(), 0, config.floorClampDb(), config.floorClampDb(), config.floorClampDb(),
          config.floorClampDb(), 0, new float[0]);
    }
    double[] db = smoothedDb(levels);
    double floor = noiseFloor(db);
    double speech = percentile(db, 0.95);
    double threshold = Double.isNaN(config.thresholdDb())
        ? floor + Math.max(config.marginDb(), config.relativeMargin() * Math.max(0, speech - floor))
        : config.thresholdDb();
    double exit = threshold + config.hysteresisDb();

    // Hysteresis: silent[i] true while in a silence.
    boolean[] silent = new boolean[n];
    boolean inSilence = db[0] < threshold;
    for (int i = 0; i < n; i++) {
      if (inSilence && db[i] > exit) {
        inSilence = false;
      } else if (!inSilence && db[i] < threshold) {
        inSilence = true;
      }
      silent[i] = inSilence;
    }

    List<int[]> runs = runs(silent);
    // Absorb short speech bursts between two silences.
    int minSpeechHops = (int) Math.round(config.minSpeechSeconds() / hop);
    List<int[]> merged = new ArrayList<>();
    for (int[] r : runs) {
      if (!merged.isEmpty() && r[0] - merged.get(merged.size() - 1)[1] < minSpeechHops) {
        merged.get(merged.size() - 1)[1] = r[1];
      } else {
        merged.add(r);
      }
    }
    List<Region> regions = new ArrayList<>();
    double silenceTotal = 0;
    // The smoothing window spreads speech energy by half a window into each pause: give it back.
    int half = Math.max(0, config.windowHops() / 2);
    for (int[] r : merged) {
      double start = Math.max(0, r[0] - (r[0] > 0 ? half : 0)) * hop;
      double end = Math.min(duration, (r[1] + (r[1] < n ? half : 0)) * hop);
      // A pause is only known to a hop at each end, so one hop of tolerance on the minimum.
      if (end - start >= config.minSilenceSeconds() - hop - 1e-9) {
        regions.add(new Region(start, end));
        silenceTotal += end - start;
      }
    }
    double meanEnergy = 0;
    for (int i = 0; i < n; i++) {
      meanEnergy += levels.energy(i);
    }
    meanEnergy /= n;
    return new Analysis(regions, duration, floor, speech, AudioLevels.toDb(meanEnergy), threshold,
        duration > 0 ? 1.0 - silenceTotal / duration : 0, envelope(levels));
  }

  private double[] smoothedDb(AudioLevels levels) {
    int n = levels.count();
    int half = Math.max(0, config.windowHops() / 2);
    double[] db = new double[n];
    // Running sum over the centred window.
    double sum = 0;
    int lo = 0;
    int hi = -1;
    for (int i = 0; i < n; i++) {
      int wantLo = Math.max(0, i - half);
      int wantHi = Math.min(n - 1, i + half);
      while (hi < wantHi) {
        sum += levels.energy(++hi);
      }
      while (lo < wantLo) {
        sum -= levels.energy(lo++);
      }
      db[i] = AudioLevels.toDb(Math.max(0, sum) / (hi - lo + 1));
    }
    return db;
  }

  /** The floor-percentile of hop levels: in any recording with pauses between words, the quietest hops are noise. */
  double noiseFloor(double[] db) {
    return Math.max(config.floorClampDb(), percentile(db, config.floorPercentile()));
  }

  private float[] envelope(AudioLevels levels) {
    int per = Math.max(1, (int) Math.round(config.envelopeHopSeconds() / levels.hopSeconds()));
    int n = levels.count();
    float[] env = new float[(n + per - 1) / per];
    for (int k = 0; k < env.length; k++) {
      double s = 0;
      int from = k * per;
      int to = Math.min(n, from + per);
      for (int i = from; i < to; i++) {
        s += levels.energy(i);
      }
      env[k] = (float) Math.max(config.floorClampDb() - 10, AudioLevels.toDb(s / (to - from)));
    }
    return env;
  }

  private static List<int[]> runs(boolean[] flags) {
    List<int[]> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < flags.length; i++) {
      if (flags[i] && start < 0) {
        start = i;
      } else if (!flags[i] && start >= 0) {
        out.add(new int[] {start, i});
        start = -1;
      }
    }
    if (start >= 0) {
      out.add(new int[] {start, flags.length});
    }
    return out;
  }

  static double percentile(double[] values, double p) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    int idx = (int) Math.min(copy.length - 1, Math.max(0, Math.round(p * (copy.length - 1))));
    return copy[idx];
  }
}
