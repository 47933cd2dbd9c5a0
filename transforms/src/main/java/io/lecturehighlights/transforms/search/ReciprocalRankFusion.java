package io.lecturehighlights.transforms.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): a document's score is the sum over rankings of
 * 1 / (k + rank). It needs no calibration between BM25 scores (unbounded, query-dependent) and cosines (0-1), and a
 * document high in one list and absent from the other still places. k = 60 is the paper's value; a smaller k lets the
 * top of each list dominate more.
 */
public final class ReciprocalRankFusion {
  public static final int DEFAULT_K = 60;

  private ReciprocalRankFusion() {}

  /** The fused order of the keys of several rankings (best first), with each key's fused score. */
  public static LinkedHashMap<String, Double> fuse(List<List<String>> rankings, int k) {
    Map<String, Double> score = new LinkedHashMap<>();
    for (List<String> ranking : rankings) {
      for (int i = 0; i < ranking.size(); i++) {
        score.merge(ranking.get(i), 1.0 / (k + i + 1), Double::sum);
      }
    }
    List<Map.Entry<String, Double>> entries = new ArrayList<>(score.entrySet());
    // Stable: ties keep first-seen order, so the first ranking breaks them.
    entries.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    LinkedHashMap<String, Double> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
