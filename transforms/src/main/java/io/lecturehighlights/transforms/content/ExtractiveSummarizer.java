package io.lecturehighlights.transforms.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Titles, summaries and keywords taken from a segment's own words (nothing is generated):
 *
 * <ul>
 *   <li>keywords: the segment's heaviest TF-IDF terms, as spoken;
 *   <li>summary: its most central sentence (cosine to the segment's TF-IDF vector), at most {@link #SUMMARY_WORDS}
 *       words;
 *   <li>title: the heaviest run of up to three content words in the segment ("of" may join them: "conservation of
 *       momentum"), or the summary's opening words when the segment has no distinctive term.
 * </ul>
 */
public final class ExtractiveSummarizer {
  static final int SUMMARY_WORDS = 30;
  static final int TITLE_WORDS = 8;
  private static final int MAX_PHRASE = 3;

  public List<String> keywords(SegmentTerms terms, int segment, int n) {
    List<String> out = new ArrayList<>();
    for (String t : terms.top(segment, n)) {
      out.add(terms.surface.getOrDefault(t, t));
    }
    return out;
  }

  public String summary(SegmentTerms terms, int segment, List<String> sentences) {
    String best = null;
    double bestScore = -1;
    for (String s : sentences) {
      // A two-word sentence can be very central and say nothing: prefer sentences with a few content words.
      double score = terms.centrality(segment, s) * (TextTerms.words(s).size() >= 4 ? 1.0 : 0.5);
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
    return best == null ? "" : trim(tidy(best), SUMMARY_WORDS);
  }

  public String title(SegmentTerms terms, int segment, List<String> sentences, String summary) {
    Map<String, Double> w = terms.weights.get(segment);
    // A title is a phrase the segment is about: its words weighted by TF-IDF, words said once discounted.
    String best = null;
    double bestScore = 0;
    for (String s : sentences) {
      String[] tokens = tidy(s).split(" ");
      for (int i = 0; i < tokens.length; i++) {
        double score = 0;
        int content = 0;
        for (int j = i; j < tokens.length && content < MAX_PHRASE; j++) {
          String word = clean(tokens[j]);
          boolean joiner = word.equals("of") && j > i;
          List<String> ws = TextTerms.words(word);
          if (ws.isEmpty() && !joiner) {
            break;
          }
          if (joiner) {
            continue;
          }
          String stem = TextTerms.stem(ws.get(0));
          // Same preference as the keywords: a term the segment repeats.
          score += w.getOrDefault(stem, 0.0) * (terms.counts.get(segment).getOrDefault(stem, 0) > 1 ? 1.0 : 0.25);
          content++;
          if (score > bestScore + 1e-9) {
            bestScore = score;
            best = join(tokens, i, j);
          }
        }
      }
    }
    if (best == null) {
      return trim(summary, TITLE_WORDS);
    }
    return Character.toUpperCase(best.charAt(0)) + best.substring(1);
  }

  private static String join(String[] tokens, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int k = from; k <= to; k++) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(clean(tokens[k]));
    }
    return b.toString();
  }

  private static String clean(String token) {
    return token.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "").toLowerCase(Locale.ROOT);
  }

  /** Collapses the tokenised spacing of transcripts ("word ," becomes "word,"). */
  static String tidy(String s) {
    return s.trim().replaceAll("\\s+", " ").replaceAll(" ([,.;:?!])", "$1").replace(" 's", "'s").replace(" 't", "'t");
  }

  static String trim(String s, int words) {
    String[] w = s.trim().split("\\s+");
    if (w.length <= words) {
      return s.trim();
    }
    return String.join(" ", java.util.Arrays.copyOf(w, words)) + " …";
  }
}
