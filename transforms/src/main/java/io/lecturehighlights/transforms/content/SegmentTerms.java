package io.lecturehighlights.transforms.content;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TF-IDF weights of each segment's stemmed terms, against a background of the lecture's other segments and,
 * when given, the rest of the course (document frequencies over other lectures). A term that runs through the whole
 * lecture ("force" in a mechanics lecture) weighs less than one that belongs to this segment.
 */
public final class SegmentTerms {
  /** Per segment: stem -> tf-idf weight. */
  public final List<Map<String, Double>> weights = new ArrayList<>();
  /** Per segment: stem -> occurrences. */
  public final List<Map<String, Integer>> counts = new ArrayList<>();
  /** Stem -> first surface word seen, for display. */
  public final Map<String, String> surface = new HashMap<>();
  /** Per segment: stems of its extra text (its slides' words). */
  public final List<Set<String>> extraStems = new ArrayList<>();

  public SegmentTerms(List<List<String>> segments, Map<String, Integer> courseDocumentFrequency, int courseDocuments) {
    this(segments, null, courseDocumentFrequency, courseDocuments);
  }

  /**
   * @param extra per segment, more text that belongs to it besides its sentences (the words on its slides), or null;
   *     counted like the sentences, its surface forms win for display (a slide spells a term right where
   *     speech recognition may not), and its terms rank with the repeated ones in {@link #top}
   */
  public SegmentTerms(List<List<String>> segments, List<List<String>> extra,
      Map<String, Integer> courseDocumentFrequency, int courseDocuments) {
    Map<String, Integer> df = new HashMap<>();
    if (extra != null) {
      for (List<String> texts : extra) {
        for (String s : texts) {
          for (String w : TextTerms.words(s)) {
            surface.putIfAbsent(TextTerms.stem(w), w);
          }
        }
      }
    }
    for (int k = 0; k < segments.size(); k++) {
      Map<String, Integer> c = new HashMap<>();
      List<String> texts = new ArrayList<>(segments.get(k));
      Set<String> stems = new HashSet<>();
      if (extra != null && k < extra.size()) {
        texts.addAll(extra.get(k));
        for (String s : extra.get(k)) {
          TextTerms.words(s).forEach(w -> stems.add(TextTerms.stem(w)));
        }
      }
      extraStems.add(stems);
      for (String s : texts) {
        for (String w : TextTerms.words(s)) {
          String stem = TextTerms.stem(w);
          surface.putIfAbsent(stem, w);
          c.merge(stem, 1, Integer::sum);
        }
      }
      counts.add(c);
      for (String t : c.keySet()) {
        df.merge(t, 1, Integer::sum);
      }
    }
    Map<String, Integer> course = courseDocumentFrequency == null ? Collections.emptyMap() : courseDocumentFrequency;
    int docs = segments.size() + Math.max(0, courseDocuments);
    for (Map<String, Integer> c : counts) {
      Map<String, Double> w = new HashMap<>();
      for (Map.Entry<String, Integer> e : c.entrySet()) {
        int d = df.get(e.getKey()) + course.getOrDefault(e.getKey(), 0);
        // Sublinear tf: the tenth "velocity" adds less than the second.
        double tf = 1 + Math.log(e.getValue());
        double idf = Math.log((docs + 1.0) / d);
        if (idf > 0) {
          w.put(e.getKey(), tf * idf);
        }
      }
      weights.add(w);
    }
  }

  /**
   * The n heaviest stems of a segment, heaviest first, ties by name so the order is deterministic. Terms said at least
   * twice, or written on the segment's slides, come first: a word said once ("talked") has a high IDF but is rarely
   * what the segment is about, while a lecturer puts on a slide what it is about.
   */
  public List<String> top(int segment, int n) {
    Map<String, Integer> c = counts.get(segment);
    Set<String> slide = extraStems.get(segment);
    List<Map.Entry<String, Double>> entries = new ArrayList<>(weights.get(segment).entrySet());
    entries.sort((a, b) -> {
      boolean ra = c.get(a.getKey()) > 1 || slide.contains(a.getKey());
      boolean rb = c.get(b.getKey()) > 1 || slide.contains(b.getKey());
      if (ra != rb) {
        return ra ? -1 : 1;
      }
      return a.getValue().equals(b.getValue())
          ? a.getKey().compareTo(b.getKey()) : Double.compare(b.getValue(), a.getValue());
    });
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, entries.size()); i++) {
      out.add(entries.get(i).getKey());
    }
    return out;
  }

  /** Cosine similarity of one sentence to its segment's weight vector. */
  public double centrality(int segment, String sentence) {
    Map<String, Double> w = weights.get(segment);
    Map<String, Integer> c = new HashMap<>();
    for (String word : TextTerms.words(sentence)) {
      c.merge(TextTerms.stem(word), 1, Integer::sum);
    }
    double dot = 0;
    double norm = 0;
    for (Map.Entry<String, Integer> e : c.entrySet()) {
      double x = (1 + Math.log(e.getValue())) * w.getOrDefault(e.getKey(), 0.0);
      dot += x * w.getOrDefault(e.getKey(), 0.0);
      norm += x * x;
    }
    double segNorm = 0;
    for (double v : w.values()) {
      segNorm += v * v;
    }
    return norm == 0 || segNorm == 0 ? 0 : dot / Math.sqrt(norm * segNorm);
  }
}
