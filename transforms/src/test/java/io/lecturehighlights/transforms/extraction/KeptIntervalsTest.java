package io.lecturehighlights.transforms.extraction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeptIntervalsTest {
  private static final double EPS = 1e-9;

  private static double[] r(double a, double b) {
    return new double[] {a, b};
  }

  private static void assertIntervals(List<double[]> actual, double[]... expected) {
    assertEquals(expected.length, actual.size(), () -> java.util.Arrays.deepToString(actual.toArray()));
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual.get(i), EPS, "interval " + i);
    }
  }

  @Test
  void aLongPauseLosesAllButTheMarginsAndAShortOneStays() {
    KeptIntervals k = new KeptIntervals(List.of(r(5, 8), r(12, 12.7)), List.of(), 0.75, 0.2);
    assertIntervals(k.keep(0, 20), r(0, 5.2), r(7.8, 20));
    assertEquals(20 - 2.6, KeptIntervals.seconds(k.keep(0, 20)), EPS);
    // A span that begins inside the removal starts where the removal ends.
    assertIntervals(k.keep(6, 10), r(7.8, 10));
    assertIntervals(k.keep(6, 7), new double[0][]);
    assertTrue(k.keep(3, 3).isEmpty());
  }

  @Test
  void aPauseOfExactlyTheThresholdIsNotCut() {
    KeptIntervals k = new KeptIntervals(List.of(r(5, 5.75)), List.of(), 0.75, 0.2);
    assertIntervals(k.keep(0, 10), r(0, 10));
  }

  @Test
  void removalsStayAMarginAwayFromEveryWord() {
    // The detector's silence 11.7-14.2 overlaps the tail of a word ending at 12.0 and the head of one starting at
    // 14.0: only 12.2-13.8 goes. Silence 20-24 holds a short "um" at 21.9-22.1: it is kept with its margins.
    List<double[]> words = List.of(r(11.0, 12.0), r(14.0, 15.0), r(21.9, 22.1), r(24.5, 25));
    KeptIntervals k = new KeptIntervals(List.of(r(11.7, 14.2), r(20, 24)), words, 0.75, 0.2);
    assertIntervals(k.removals(), r(12.2, 13.8), r(20.2, 21.7), r(22.3, 23.8));
    assertIntervals(k.keep(10, 26), r(10, 12.2), r(13.8, 20.2), r(21.7, 22.3), r(23.8, 26));
  }

  @Test
  void whatIsLeftOfAPauseBesideAWordMustStillBeLongerThanTheThreshold() {
    // Silence 10-12 with a word at 11.0-11.2: the pieces 10.2-10.8 and 11.4-11.8 are pauses of 1.0 and 0.8 s
    // counting their margins; only the first is over 0.9 s.
    KeptIntervals k = new KeptIntervals(List.of(r(10, 12)), List.of(r(11.0, 11.2)), 0.9, 0.2);
    assertIntervals(k.removals(), r(10.2, 10.8));
  }

  @Test
  void overlappingPausesAreOnePause() {
    KeptIntervals k = new KeptIntervals(List.of(r(5, 5.6), r(5.5, 6.2)), List.of(), 0.75, 0.2);
    assertIntervals(k.removals(), r(5.2, 6.0));
  }

  @Test
  void subFrameKeptFragmentsAreMergedAway() {
    // No margin, two pauses 0.05 s apart: the 0.05 s between them holds no word, so it goes with them.
    KeptIntervals click = new KeptIntervals(List.of(r(2, 3), r(3.05, 4)), List.of(), 0.5, 0.0);
    assertIntervals(click.keep(0, 6), r(0, 2), r(4, 6));
    // Same, but a 0.04 s word sits there: it stays, joined to its nearer neighbour across the shorter removal.
    KeptIntervals word = new KeptIntervals(List.of(r(2, 3), r(3.06, 3.9)), List.of(r(3.01, 3.05)), 0.5, 0.0);
    assertIntervals(word.keep(0, 6), r(0, 2), r(3.0, 6));
  }

  @Test
  void subFrameRemovalsAreNotMade() {
    KeptIntervals k = new KeptIntervals(List.of(r(2, 2.45)), List.of(), 0.2, 0.2);
    assertIntervals(k.removals());
    assertIntervals(k.keep(0, 5), r(0, 5));
  }

  @Test
  void edgesMoveOutOfWords() {
    KeptIntervals k = new KeptIntervals(List.of(), List.of(r(1, 2), r(1.8, 3), r(5, 6)), 0.75, 0.2);
    assertTrue(k.insideWord(2.5));
    assertFalse(k.insideWord(3.0));
    assertFalse(k.insideWord(1.0));
    assertEquals(1.0, k.outOfWordsBackward(2.5), EPS);
    assertEquals(3.0, k.outOfWordsForward(1.5), EPS);
    assertEquals(4.0, k.outOfWordsBackward(4.0), EPS);
    assertArrayEquals(r(5, 6), k.wordAround(5.5), EPS);
  }
}
