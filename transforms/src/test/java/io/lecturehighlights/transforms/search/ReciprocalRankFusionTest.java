package io.lecturehighlights.transforms.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {
  @Test
  void aDocumentInBothListsBeatsTheTopOfOneAndTiesKeepTheFirstListsOrder() {
    LinkedHashMap<String, Double> f = ReciprocalRankFusion.fuse(List.of(List.of("a", "b", "c"), List.of("c", "d")), 60);
    assertEquals(List.of("c", "a", "b", "d"), new ArrayList<>(f.keySet()));
    assertEquals(1.0 / 63 + 1.0 / 61, f.get("c"), 1e-12);
    assertEquals(f.get("b"), f.get("d"), 1e-12);
  }

  @Test
  void aSmallerKLetsTheTopOfOneListWinOverTheMiddleOfBoth() {
    List<List<String>> r = List.of(List.of("top", "x1", "x2", "both"), List.of("y1", "y2", "y3", "both"));
    // k=60: 2/64 for "both" beats 1/61 for "top"; k=1: 1/2 for "top" beats 2/5.
    assertEquals("both", ReciprocalRankFusion.fuse(r, 60).keySet().iterator().next());
    assertEquals("top", ReciprocalRankFusion.fuse(r, 1).keySet().iterator().next());
  }

  @Test
  void oneListKeepsItsOrder() {
    assertEquals(List.of("x", "y", "z"),
        new ArrayList<>(ReciprocalRankFusion.fuse(List.of(List.of("x", "y", "z")), 60).keySet()));
  }
}
