package io.lecturehighlights.transforms.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongestFirstAssignmentTest {
  @Test
  void handWorkedExample() {
    // Longest first: 5 -> w0; 4 -> w1; 3 -> w1 (4 < 5); 3 -> w0 (7 > 5); 3 -> w1 (8 > 7). Loads 8 and 10.
    int[] w = LongestFirstAssignment.assign(new double[] {3, 5, 3, 4, 3}, 2);
    assertArrayEquals(new int[] {1, 0, 0, 1, 1}, w);
    assertEquals(10, LongestFirstAssignment.makespan(new double[] {3, 5, 3, 4, 3}, w, 2));
  }

  @Test
  void equalChunksSplitEvenly() {
    double[] costs = new double[18];
    Arrays.fill(costs, 60);
    int[] w = LongestFirstAssignment.assign(costs, 2);
    assertEquals(9, Arrays.stream(w).filter(x -> x == 0).count());
    assertEquals(540, LongestFirstAssignment.makespan(costs, w, 2));
    int[] three = LongestFirstAssignment.assign(costs, 3);
    assertEquals(360, LongestFirstAssignment.makespan(costs, three, 3));
  }

  @Test
  void withinFourThirdsOfTheBestSplitAndFarBelowRandomOnAverage() {
    Random random = new Random(7);
    double lptTotal = 0;
    double randomTotal = 0;
    for (int round = 0; round < 300; round++) {
      int n = 4 + random.nextInt(10);
      double[] costs = random.doubles(n, 5, 120).toArray();
      double best = bestMakespanOfTwo(costs);
      double lpt = LongestFirstAssignment.makespan(costs, LongestFirstAssignment.assign(costs, 2), 2);
      assertTrue(lpt <= best * 4 / 3 + 1e-9, "LPT " + lpt + " vs best " + best);
      lptTotal += lpt / best;
      int[] randomly = random.ints(n, 0, 2).toArray();
      randomTotal += LongestFirstAssignment.makespan(costs, randomly, 2) / best;
    }
    assertTrue(lptTotal / 300 < 1.05, "mean LPT / best " + lptTotal / 300);
    assertTrue(randomTotal / 300 > 1.2, "mean random / best " + randomTotal / 300);
  }

  @Test
  void deterministicAndRobust() {
    double[] costs = {2, 2, 2, 2};
    assertArrayEquals(LongestFirstAssignment.assign(costs, 2), LongestFirstAssignment.assign(costs, 2));
    assertArrayEquals(new int[] {0, 1, 0, 1}, LongestFirstAssignment.assign(costs, 2), "ties keep input order");
    assertArrayEquals(new int[] {0, 1, 0}, LongestFirstAssignment.assign(new double[] {Double.NaN, -1, 0}, 2),
        "costless items spread by count");
    assertArrayEquals(new int[0], LongestFirstAssignment.assign(new double[0], 3));
    assertThrows(IllegalArgumentException.class, () -> LongestFirstAssignment.assign(costs, 0));
  }

  /** Exhaustive: every subset on worker 0. */
  private static double bestMakespanOfTwo(double[] costs) {
    double total = Arrays.stream(costs).sum();
    double best = total;
    for (int mask = 0; mask < 1 << costs.length; mask++) {
      double a = 0;
      for (int i = 0; i < costs.length; i++) {
        if ((mask & 1 << i) != 0) {
          a += costs[i];
        }
      }
      best = Math.min(best, Math.max(a, total - a));
    }
    return best;
  }
}
