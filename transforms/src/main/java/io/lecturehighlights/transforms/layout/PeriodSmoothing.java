package io.lecturehighlights.transforms.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes brief layout flickers: a period shorter than a minimum is absorbed by its neighbours, then neighbours of the
 * same type are merged. Why: clips follow the layout periods, and a two-second "camera only" between two stretches of
 * slides (a lecturer walking in front of the projector, a recording tool that blinks) would make a clip jump to the
 * camera and back; a viewer is better served by one steady framing.
 *
 * <p>The shortest too-short period goes first, so a run of flickers is resolved from its briefest member out. A
 * too-short period between two neighbours of one type joins them into one; between two different types it is split
 * at its middle (each neighbour grows towards it); at either end of the video it goes to its only neighbour. A single
 * period is never removed, however short the video.
 */
public final class PeriodSmoothing {
  private PeriodSmoothing() {}

  /**
   * A period after smoothing: [start, end) and the index of the input period whose type and regions it keeps (the
   * longest of the inputs it took in that has its type).
   */
  public record Smoothed(double start, double end, String type, int source) {}

  /** One input period: [start, end) in seconds, and its type. */
  public record Input(double start, double end, String type) {}

  /**
   * @param periods contiguous periods in time order (each starts where the one before ends)
   * @param minSeconds periods shorter than this are absorbed; 0 or less keeps them all (same types still merge)
   */
  public static List<Smoothed> smooth(List<Input> periods, double minSeconds) {
    List<Smoothed> out = new ArrayList<>();
    for (int i = 0; i < periods.size(); i++) {
      Input p = periods.get(i);
      out.add(new Smoothed(p.start(), p.end(), p.type(), i));
    }
    mergeSameType(out, periods);
    while (out.size() > 1) {
      int shortest = -1;
      for (int i = 0; i < out.size(); i++) {
        double len = out.get(i).end() - out.get(i).start();
        if (len < minSeconds && (shortest < 0 || len < out.get(shortest).end() - out.get(shortest).start())) {
          shortest = i;
        }
      }
      if (shortest < 0) {
        break;
      }
      Smoothed s = out.remove(shortest);
      Smoothed before = shortest > 0 ? out.get(shortest - 1) : null;
      Smoothed after = shortest < out.size() ? out.get(shortest) : null;
      if (before != null && after != null) {
        double mid = before.type().equals(after.type()) ? after.start() : (s.start() + s.end()) / 2;
        out.set(shortest - 1, new Smoothed(before.start(), mid, before.type(), before.source()));
        out.set(shortest, new Smoothed(mid, after.end(), after.type(), after.source()));
      } else if (before != null) {
        out.set(shortest - 1, new Smoothed(before.start(), s.end(), before.type(), before.source()));
      } else {
        out.set(0, new Smoothed(s.start(), after.end(), after.type(), after.source()));
      }
      mergeSameType(out, periods);
    }
    return out;
  }

  /** Joins neighbours of one type; the joined period keeps the regions of its longest input. */
  private static void mergeSameType(List<Smoothed> out, List<Input> inputs) {
    for (int i = out.size() - 1; i > 0; i--) {
      Smoothed a = out.get(i - 1);
      Smoothed b = out.get(i);
      if (a.type().equals(b.type())) {
        Input ia = inputs.get(a.source());
        Input ib = inputs.get(b.source());
        int keep = ib.end() - ib.start() > ia.end() - ia.start() ? b.source() : a.source();
        out.set(i - 1, new Smoothed(a.start(), b.end(), a.type(), keep));
        out.remove(i);
      }
    }
  }
}
