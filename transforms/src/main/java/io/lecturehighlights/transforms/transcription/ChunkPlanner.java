package io.lecturehighlights.transforms.transcription;

import io.lecturehighlights.transforms.media.AudioLevels;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a lecture into chunks of at most {@code chunkSeconds}, cutting at the quietest moment found in the last
 * {@code searchSeconds} before each nominal cut, so a cut falls in a pause between words, not in one. Quietness is
 * the mean energy over a 300 ms window centred on the candidate, which prefers real pauses to the short dips
 * inside words (stop consonants). Works on the 10 ms energy levels the silence stage already computes, so planning
 * a 4-hour lecture needs a few MB.
 */
public final class ChunkPlanner {
  /** One planned chunk, in seconds of the lecture. */
  public static final class Chunk {
    public final int index;
    public final double start;
    public final double end;

    public Chunk(int index, double start, double end) {
      this.index = index;
      this.start = start;
      this.end = end;
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "#%d[%.2f, %.2f)", index, start, end);
    }
  }

  private static final double WINDOW_SECONDS = 0.3;

  private ChunkPlanner() {}

  public static List<Chunk> plan(AudioLevels levels, double chunkSeconds, double searchSeconds) {
    double hop = levels.hopSeconds();
    int n = levels.count();
    double duration = n * hop;
    List<Chunk> chunks = new ArrayList<>();
    if (n == 0) {
      chunks.add(new Chunk(0, 0, 0));
      return chunks;
    }
    // Prefix sums of energy for O(1) window means.
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + levels.energy(i);
    }
    int half = Math.max(1, (int) Math.round(WINDOW_SECONDS / hop / 2));
    int chunkHops = Math.max(1, (int) Math.round(chunkSeconds / hop));
    int searchHops = Math.max(1, Math.min(chunkHops / 2, (int) Math.round(searchSeconds / hop)));
    // The last chunk keeps at least a second (or a tenth of a chunk): no sliver of trailing silence as a chunk.
    int minTail = Math.max(1, Math.min(chunkHops / 10, (int) Math.round(1.0 / hop)));
    int from = 0;
    while (n - from > chunkHops) {
      int hi = Math.min(from + chunkHops, n - minTail);
      int lo = Math.max(from + 1, Math.min(hi, from + chunkHops - searchHops));
      int best = hi;
      double bestEnergy = Double.MAX_VALUE;
      // Latest quietest point wins ties, keeping chunks close to the target length.
      for (int c = hi; c >= lo; c--) {
        int a = Math.max(0, c - half);
        int b = Math.min(n, c + half);
        double e = (prefix[b] - prefix[a]) / Math.max(1, b - a);
        if (e < bestEnergy) {
          bestEnergy = e;
          best = c;
        }
      }
      chunks.add(new Chunk(chunks.size(), from * hop, best * hop));
      from = best;
    }
    chunks.add(new Chunk(chunks.size(), from * hop, duration));
    return chunks;
  }
}
