package io.lecturehighlights.transforms.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much a segment matters, in [0, 1], from evidence in its words, with a reason naming that evidence:
 *
 * <ul>
 *   <li>key terms: the summed TF-IDF weight of its five heaviest terms against the rest of the lecture (and course),
 *       relative to the lecture's richest segment (weight {@link #KEY_TERMS});
 *   <li>definitions: "is defined as", "we call", "is called", "means", "by definition" ({@link #DEFINITIONS});
 *   <li>emphasis: "remember", "important", "on the exam", "key", "note that", "don't forget" ({@link #EMPHASIS});
 *   <li>questions and answers: a question followed by a statement ({@link #QUESTIONS}).
 * </ul>
 * Each cue kind saturates at two hits, so one chatty segment cannot outweigh the rest.
 */
public final class ImportanceScorer {
  static final double KEY_TERMS = 0.35;
  static final double DEFINITIONS = 0.25;
  static final double EMPHASIS = 0.25;
  static final double QUESTIONS = 0.15;

  private static final Pattern DEFINITION = Pattern.compile(
      "\\b(is defined as|are defined as|we define|by definition|definition of|we call|is called|are called|"
          + "is known as|means that|which means|stands for)\\b");
  private static final Pattern EMPHASIS_CUE = Pattern.compile(
      "\\b(remember|important|on the exam|in the exam|key (?:idea|point|concept|result)|note that|notice that|"
          + "don'?t forget|pay attention|crucial|essential|keep in mind|the main point)\\b");

  /** Importance and the evidence behind it. */
  public record Score(double importance, String reason, double keyTermStrength, List<String> cues) {}

  public List<Score> score(List<List<String>> segments, SegmentTerms terms) {
    int n = segments.size();
    double[] strength = new double[n];
    double maxStrength = 0;
    for (int s = 0; s < n; s++) {
      for (String t : terms.top(s, 5)) {
        strength[s] += terms.weights.get(s).get(t);
      }
      maxStrength = Math.max(maxStrength, strength[s]);
    }
    List<Score> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      Set<String> definitions = new LinkedHashSet<>();
      Set<String> emphasis = new LinkedHashSet<>();
      int definitionHits = 0;
      int emphasisHits = 0;
      int answered = 0;
      List<String> sentences = segments.get(s);
      for (int i = 0; i < sentences.size(); i++) {
        String text = sentences.get(i).toLowerCase(Locale.ROOT);
        Matcher d = DEFINITION.matcher(text);
        while (d.find()) {
          definitions.add(d.group(1));
          definitionHits++;
        }
        Matcher e = EMPHASIS_CUE.matcher(text);
        while (e.find()) {
          emphasis.add(e.group(1));
          emphasisHits++;
        }
        if (text.trim().endsWith("?") && i + 1 < sentences.size() && !sentences.get(i + 1).trim().endsWith("?")) {
          answered++;
        }
      }
      double keyTerms = maxStrength > 0 ? strength[s] / maxStrength : 0;
      double importance = KEY_TERMS * keyTerms
          + DEFINITIONS * Math.min(1, definitionHits / 2.0)
          + EMPHASIS * Math.min(1, emphasisHits / 2.0)
          + QUESTIONS * Math.min(1, answered / 2.0);
      importance = Math.max(0, Math.min(1, importance));
      List<String> cues = new ArrayList<>();
      if (!definitions.isEmpty()) {
        cues.add("defines terms (" + quoted(definitions) + ")");
      }
      if (!emphasis.isEmpty()) {
        cues.add("emphasis (" + quoted(emphasis) + ")");
      }
      if (answered > 0) {
        cues.add(answered == 1 ? "a question answered" : answered + " questions answered");
      }
      List<String> key = new ArrayList<>();
      for (String t : terms.top(s, 3)) {
        key.add(terms.surface.getOrDefault(t, t));
      }
      if (!key.isEmpty() && keyTerms >= 0.5) {
        cues.add("key terms: " + String.join(", ", key));
      }
      String reason = cues.isEmpty() ? "no definitions, emphasis or distinctive terms" : String.join("; ", cues);
      out.add(new Score(importance, reason, keyTerms, cues));
    }
    return out;
  }

  private static String quoted(Set<String> phrases) {
    List<String> q = new ArrayList<>();
    for (String p : phrases) {
      if (q.size() == 3) {
        break;
      }
      q.add("\"" + p + "\"");
    }
    return String.join(", ", q);
  }
}
