package io.lecturehighlights.transforms.content;

import java.util.ArrayList;
import java.util.List;

/**
 * Topic segmentation of a sequence of sentences by lexical cohesion, solved exactly with dynamic programming
 * (the model of Eisenstein &amp; Barzilay 2008, "Bayesian unsupervised topic segmentation", without cue phrases).
 *
 * <p>Each segment is taken to draw its words from its own language model, itself drawn from a symmetric Dirichlet
 * prior. Integrating the language model out gives a segment's likelihood in closed form (Dirichlet-compound
 * multinomial), so a segment whose sentences reuse the same stemmed content words costs little and a segment that
 * straddles two topics costs more. The cost of a segmentation is, summed over segments:
 *
 * <pre>
 *   -log p(words | segment) + segmentPenalty + durationCost(segment)  - evidenceWeight x evidence(boundary)
 * </pre>
 *
 * and the dynamic program finds the segmentation of least cost (O(N^2) over sentences, fewer when times cap a
 * segment's length). The penalty sets how many topics a lecture gets; when sentences have times, the duration cost
 * steers segments into [minSeconds, maxSeconds]; boundary evidence (slide changes, long pauses, see
 * {@link BoundaryEvidence}) lowers the cost of a boundary at that gap. Deterministic: no sampling, ties go to the
 * earlier boundary.
 */
public final class TopicSegmenter {

  /** Tuned on the .dev lectures of the physics-lecture corpus only (see {@code lhx bench segmentation}). */
  public record Config(
      // Dirichlet prior per term: small values reward segments that repeat their own words.
      double prior,
      // Cost of opening one more segment, in nats; sets the number of segments when there are no times.
      double segmentPenalty,
      // Shortest segment, in sentences (except a lecture shorter than that).
      int minSentences,
      // Segment length steered into [minSeconds, maxSeconds] when times exist.
      double minSeconds,
      double maxSeconds,
      // Nats per relative second outside [minSeconds, maxSeconds].
      double durationWeight,
      // Nats of boundary cost removed per unit of evidence (a slide change at the gap is 1).
      double evidenceWeight) {

    public static Config defaults() {
      return new Config(0.1, 140, 5, 20, 120, 60, 25);
    }

    /**
     * For a lecture with times: highlight-sized segments (20 s - 2 min), so a cheaper segment and a duration cost
     * that outweighs it; slide changes and long pauses count.
     */
    public static Config timed() {
      return new Config(0.1, 25, 2, 20, 120, 1000, 25);
    }

    public Config withPrior(double v) {
      return new Config(v, segmentPenalty, minSentences, minSeconds, maxSeconds, durationWeight, evidenceWeight);
    }

    public Config withSegmentPenalty(double v) {
      return new Config(prior, v, minSentences, minSeconds, maxSeconds, durationWeight, evidenceWeight);
    }

    public Config withMinSentences(int v) {
      return new Config(prior, segmentPenalty, v, minSeconds, maxSeconds, durationWeight, evidenceWeight);
    }

    public Config withDurationWeight(double v) {
      return new Config(prior, segmentPenalty, minSentences, minSeconds, maxSeconds, v, evidenceWeight);
    }

    public Config withEvidenceWeight(double v) {
      return new Config(prior, segmentPenalty, minSentences, minSeconds, maxSeconds, durationWeight, v);
    }
  }

  private final Config config;

  public TopicSegmenter(Config config) {
    this.config = config;
  }

  /** Sentences without times or evidence (a plain transcript). */
  public int[] segment(List<String> sentences) {
    return segment(sentences, null, null, null);
  }

  /**
   * Indices of the sentences that open a new segment, ascending, 0 excluded.
   *
   * @param starts sentence start times in seconds, or null
   * @param ends sentence end times in seconds, or null (both or neither)
   * @param evidence per-gap boundary evidence (index g: the gap before sentence g), or null
   */
  public int[] segment(List<String> sentences, double[] starts, double[] ends, double[] evidence) {
    TextTerms terms = new TextTerms();
    List<int[]> ids = new ArrayList<>(sentences.size());
    for (String s : sentences) {
      ids.add(terms.termIds(s));
    }
    return segmentTerms(ids, terms.vocabularySize(), starts, ends, evidence);
  }

  int[] segmentTerms(List<int[]> sentences, int vocabulary, double[] starts, double[] ends, double[] evidence) {
    int n = sentences.size();
    if (n < 2) {
      return new int[0];
    }
    boolean timed = starts != null && ends != null;
    int minLen = Math.min(config.minSentences, n);
    int totalTokens = 0;
    for (int[] s : sentences) {
      totalTokens += s.length;
    }
    double prior = config.prior;
    double priorMass = prior * Math.max(1, vocabulary);
    // log(c + prior) and log(t + priorMass) for every count that can occur, so the inner loop does no log().
    double[] logTerm = new double[totalTokens + 2];
    double[] logTotal = new double[totalTokens + 2];
    for (int c = 0; c < logTerm.length; c++) {
      logTerm[c] = Math.log(c + prior);
      logTotal[c] = Math.log(c + priorMass);
    }

    double[] best = new double[n + 1];
    int[] back = new int[n + 1];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    best[0] = 0;
    int[] counts = new int[Math.max(1, vocabulary)];
    int[] touched = new int[totalTokens + 1];
    for (int i = 0; i < n; i++) {
      if (best[i] == Double.POSITIVE_INFINITY) {
        continue;
      }
      double open = i == 0 ? 0 : config.segmentPenalty
          - (evidence != null ? config.evidenceWeight * evidence[i] : 0);
      // Negative log-likelihood of sentences i..j-1 under one Dirichlet-compound multinomial, grown a token at a time:
      // each token costs log(tokens so far + priorMass) - log(its count so far + prior).
      double nll = 0;
      int tokens = 0;
      int nTouched = 0;
      for (int j = i + 1; j <= n; j++) {
        for (int w : sentences.get(j - 1)) {
          nll += logTotal[tokens] - logTerm[counts[w]];
          if (counts[w] == 0) {
            touched[nTouched++] = w;
          }
          counts[w]++;
          tokens++;
        }
        int len = j - i;
        if (len < minLen && j < n) {
          continue;
        }
        double duration = 0;
        if (timed) {
          duration = ends[j - 1] - starts[i];
          // A segment far past the longest allowed can only get worse: stop growing it.
          if (duration > 3 * config.maxSeconds && len > minLen) {
            break;
          }
        }
        double cost = best[i] + open + nll + (timed ? durationCost(duration) : 0);
        if (len < minLen) {
          cost += config.segmentPenalty * (minLen - len);
        }
        if (cost < best[j]) {
          best[j] = cost;
          back[j] = i;
        }
      }
      for (int t = 0; t < nTouched; t++) {
        counts[touched[t]] = 0;
      }
    }
    List<Integer> opens = new ArrayList<>();
    for (int j = n; j > 0; j = back[j]) {
      if (back[j] > 0) {
        opens.add(back[j]);
      }
    }
    int[] out = new int[opens.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = opens.get(out.length - 1 - k);
    }
    return out;
  }

  private double durationCost(double seconds) {
    double under = Math.max(0, config.minSeconds - seconds) / config.minSeconds;
    double over = Math.max(0, seconds - config.maxSeconds) / config.maxSeconds;
    return config.durationWeight * (under + over);
  }
}
