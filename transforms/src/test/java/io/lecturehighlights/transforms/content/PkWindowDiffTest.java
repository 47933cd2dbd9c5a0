package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pk and WindowDiff on 12 sentences, reference boundary before sentence 6, k = 12 / (2 x 2) = 3: 9 windows. */
class PkWindowDiffTest {
  private static final int[] REF = {6};

  @Test
  void windowIsHalfTheMeanReferenceSegment() {
    assertEquals(3, PkWindowDiff.windowSize(12, 2));
    assertEquals(1, PkWindowDiff.windowSize(3, 5));
  }

  @Test
  void perfectHypothesisScoresZero() {
    PkWindowDiff s = PkWindowDiff.score(12, REF, new int[] {6});
    assertEquals(0, s.pk, 1e-12);
    assertEquals(0, s.windowDiff, 1e-12);
  }

  @Test
  void missedBoundaryCostsEveryWindowAcrossIt() {
    // Windows i = 3, 4, 5 straddle the reference boundary; the empty hypothesis gets all three wrong.
    PkWindowDiff s = PkWindowDiff.score(12, REF, new int[0]);
    assertEquals(3.0 / 9, s.pk, 1e-12);
    assertEquals(3.0 / 9, s.windowDiff, 1e-12);
  }

  @Test
  void nearMissCostsOnlyTheWindowsAtItsEdges() {
    // Hypothesis straddled at i = 4, 5, 6 against 3, 4, 5: i = 3 and i = 6 disagree.
    PkWindowDiff s = PkWindowDiff.score(12, REF, new int[] {7});
    assertEquals(2.0 / 9, s.pk, 1e-12);
    assertEquals(2.0 / 9, s.windowDiff, 1e-12);
  }

  @Test
  void windowDiffCountsTheExtraBoundaryThatPkForgives() {
    // Boundaries at 6 and 7: Pk only errs at i = 6; WindowDiff also at i = 4, 5 (two boundaries against one).
    PkWindowDiff s = PkWindowDiff.score(12, REF, new int[] {6, 7});
    assertEquals(1.0 / 9, s.pk, 1e-12);
    assertEquals(3.0 / 9, s.windowDiff, 1e-12);
  }

  @Test
  void boundaryEveryThreeSentences() {
    PkWindowDiff s = PkWindowDiff.score(12, REF, new int[] {3, 6, 9});
    assertEquals(6.0 / 9, s.pk, 1e-12);
    assertEquals(6.0 / 9, s.windowDiff, 1e-12);
  }
}
