package io.lecturehighlights.transforms.media;

/**
 * Mean-square energy of a track per fixed hop (e.g. 10 ms), 1.0 being a full-scale square wave. Four bytes per
 * hop: a 4-hour lecture at 10 ms is under 6 MB, while its decoded samples would be gigabytes.
 */
public final class AudioLevels {
  private float[] energy;
  private int count;
  private final double hopSeconds;

  public AudioLevels(double hopSeconds, int initialCapacity) {
    this.hopSeconds = hopSeconds;
    this.energy = new float[Math.max(16, initialCapacity)];
  }

  /** Levels of mono samples in [-1, 1] (for tests and tools that already hold samples). */
  public static AudioLevels fromSamples(float[] samples, int sampleRate, double hopSeconds) {
    int hop = Math.max(1, (int) Math.round(sampleRate * hopSeconds));
    AudioLevels l = new AudioLevels(hopSeconds, samples.length / hop + 1);
    for (int from = 0; from + hop <= samples.length; from += hop) {
      double sum = 0;
      for (int i = from; i < from + hop; i++) {
        sum += samples[i] * (double) samples[i];
      }
      l.add((float) (sum / hop));
    }
    return l;
  }

  public void add(float meanSquare) {
    if (count == energy.length) {
      energy = java.util.Arrays.copyOf(energy, energy.length * 2);
    }
    energy[count++] = meanSquare;
  }

  public int count() {
    return count;
  }

  public float energy(int i) {
    return energy[i];
  }

  public double hopSeconds() {
    return hopSeconds;
  }

  public double durationSeconds() {
    return count * hopSeconds;
  }

  public static double toDb(double meanSquare) {
    return 10.0 * Math.log10(Math.max(meanSquare, 1e-12));
  }
}
