package io.lecturehighlights.transforms.transcription;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, by Levenshtein distance over
 * normalised words (lower case, accents and punctuation removed, apostrophes inside words kept, hyphens split).
 */
public final class Wer {
  public final int substitutions;
  public final int deletions;
  public final int insertions;
  public final int referenceWords;

  private Wer(int substitutions, int deletions, int insertions, int referenceWords) {
    this.substitutions = substitutions;
    this.deletions = deletions;
    this.insertions = insertions;
    this.referenceWords = referenceWords;
  }

  public int errors() {
    return substitutions + deletions + insertions;
  }

  /** The rate; 0 for an empty reference and hypothesis, 1 per inserted word when only the reference is empty. */
  public double rate() {
    if (referenceWords == 0) {
      return insertions == 0 ? 0.0 : insertions;
    }
    return errors() / (double) referenceWords;
  }

  /** Sums counts, so a corpus WER weighs each utterance by its length. */
  public Wer plus(Wer o) {
    return new Wer(substitutions + o.substitutions, deletions + o.deletions, insertions + o.insertions,
        referenceWords + o.referenceWords);
  }

  public static Wer zero() {
    return new Wer(0, 0, 0, 0);
  }

  public static List<String> normalise(String text) {
    String t = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    t = t.toLowerCase(Locale.ROOT).replace('’', '\'').replace('-', ' ');
    t = t.replaceAll("[^a-z0-9' ]+", " ");
    List<String> words = new ArrayList<>();
    for (String w : t.trim().split("\\s+")) {
      String s = w.replaceAll("^'+|'+$", "");
      if (!s.isEmpty()) {
        words.add(s);
      }
    }
    return words;
  }

  public static Wer of(String reference, String hypothesis) {
    return of(normalise(reference), normalise(hypothesis));
  }

  public static Wer of(List<String> ref, List<String> hyp) {
    int n = ref.size();
    int m = hyp.size();
    // cost[i][j] with backtracking counts: keep (cost, subs, dels, ins) per cell, minimising cost.
    int[][] cost = new int[n + 1][m + 1];
    int[][] subs = new int[n + 1][m + 1];
    int[][] dels = new int[n + 1][m + 1];
    int[][] ins = new int[n + 1][m + 1];
    for (int i = 1; i <= n; i++) {
      cost[i][0] = i;
      dels[i][0] = i;
    }
    for (int j = 1; j <= m; j++) {
      cost[0][j] = j;
      ins[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        boolean same = ref.get(i - 1).equals(hyp.get(j - 1));
        int diag = cost[i - 1][j - 1] + (same ? 0 : 1);
        int del = cost[i - 1][j] + 1;
        int insC = cost[i][j - 1] + 1;
        if (diag <= del && diag <= insC) {
          cost[i][j] = diag;
          subs[i][j] = subs[i - 1][j - 1] + (same ? 0 : 1);
          dels[i][j] = dels[i - 1][j - 1];
          ins[i][j] = ins[i - 1][j - 1];
        } else if (del <= insC) {
          cost[i][j] = del;
          subs[i][j] = subs[i - 1][j];
          dels[i][j] = dels[i - 1][j] + 1;
          ins[i][j] = ins[i - 1][j];
        } else {
          cost[i][j] = insC;
          subs[i][j] = subs[i][j - 1];
          dels[i][j] = dels[i][j - 1];
          ins[i][j] = ins[i][j - 1] + 1;
        }
      }
    }
    return new Wer(subs[n][m], dels[n][m], ins[n][m], n);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "WER %.1f%% (%d sub, %d del, %d ins / %d words)", 100 * rate(), substitutions,
        deletions, insertions, referenceWords);
  }
}
