package io.lecturehighlights.transforms.common;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Assigns work items to workers so that the busiest worker's load is small: longest item first, each to the worker
 * with the least load so far (Graham's LPT rule, at most 4/3 of the optimal makespan). Equal loads go to the worker
 * with fewer items (zero-cost items spread too), then the lowest; equal costs keep the input order, so the same items
 * always get the same assignment.
 */
public final class LongestFirstAssignment {
  private LongestFirstAssignment() {}

  /** The worker (0 .. workers-1) of each item, by position. Negative or NaN costs count as zero. */
  public static int[] assign(double[] costs, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    Integer[] order = IntStream.range(0, costs.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -cost(costs[i])).thenComparingInt(i -> i));
    double[] load = new double[workers];
    int[] items = new int[workers];
    int[] worker = new int[costs.length];
    for (int i : order) {
      int least = 0;
      for (int w = 1; w < workers; w++) {
        if (load[w] < load[least] || load[w] == load[least] && items[w] < items[least]) {
          least = w;
        }
      }
      worker[i] = least;
      load[least] += cost(costs[i]);
      items[least]++;
    }
    return worker;
  }

  /** The largest load any worker gets under an assignment. */
  public static double makespan(double[] costs, int[] worker, int workers) {
    double[] load = new double[workers];
    for (int i = 0; i < costs.length; i++) {
      load[worker[i]] += cost(costs[i]);
    }
    return Arrays.stream(load).max().orElse(0);
  }

  private static double cost(double c) {
    return c > 0 ? c : 0; // also maps NaN to 0
  }
}
