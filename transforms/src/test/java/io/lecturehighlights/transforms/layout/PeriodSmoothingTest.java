package io.lecturehighlights.transforms.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lecturehighlights.transforms.layout.PeriodSmoothing.Input;
import io.lecturehighlights.transforms.layout.PeriodSmoothing.Smoothed;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodSmoothingTest {
  private static final String S = "screen_only";
  private static final String C = "camera_only";
  private static final String P = "picture_in_picture";

  @Test
  void aFlickerBetweenTwoStretchesOfOneTypeJoinsThem() {
    List<Input> in = List.of(new Input(0, 10, S), new Input(10, 12, C), new Input(12, 30, S));
    List<Smoothed> out = PeriodSmoothing.smooth(in, 4);
    assertEquals(List.of(new Smoothed(0, 30, S, 2)), out, "the longer screen stretch's regions win");
  }

  @Test
  void aFlickerBetweenTwoTypesIsSplitAtItsMiddle() {
    List<Input> in = List.of(new Input(0, 10, S), new Input(10, 13, C), new Input(13, 30, P));
    assertEquals(List.of(new Smoothed(0, 11.5, S, 0), new Smoothed(11.5, 30, P, 2)), PeriodSmoothing.smooth(in, 4));
  }

  @Test
  void aFlickerAtEitherEndGoesToItsOnlyNeighbour() {
    List<Input> in = List.of(new Input(0, 2, C), new Input(2, 20, S), new Input(20, 23, P));
    assertEquals(List.of(new Smoothed(0, 23, S, 1)), PeriodSmoothing.smooth(in, 4));
  }

  @Test
  void periodsAtLeastTheMinimumStay() {
    List<Input> in = List.of(new Input(0, 5, S), new Input(5, 15, P));
    assertEquals(List.of(new Smoothed(0, 5, S, 0), new Smoothed(5, 15, P, 1)), PeriodSmoothing.smooth(in, 4));
    assertEquals(List.of(new Smoothed(0, 15, P, 1)), PeriodSmoothing.smooth(in, 6), "5 s is brief under a 6 s minimum");
  }

  @Test
  void aRunOfFlickersResolvesFromTheBriefestOut() {
    // S, then C/P/C flickering (1, 3, 2 s), then S: the 1 s C goes first (split with S and P), then the 2 s C joins
    // P and S by halves, then P (now 1.5 + 3 + 1 = 5.5 s) stays.
    List<Input> in = List.of(new Input(0, 10, S), new Input(10, 11, C), new Input(11, 14, P), new Input(14, 16, C),
        new Input(16, 30, S));
    List<Smoothed> out = PeriodSmoothing.smooth(in, 4);
    assertEquals(List.of(new Smoothed(0, 10.5, S, 0), new Smoothed(10.5, 15, P, 2), new Smoothed(15, 30, S, 4)), out);
  }

  @Test
  void neighboursOfOneTypeMergeEvenWithoutAMinimum() {
    List<Input> in = List.of(new Input(0, 3, S), new Input(3, 10, S), new Input(10, 11, C));
    assertEquals(List.of(new Smoothed(0, 10, S, 1), new Smoothed(10, 11, C, 2)), PeriodSmoothing.smooth(in, 0));
  }

  @Test
  void aSinglePeriodIsNeverRemoved() {
    List<Input> in = List.of(new Input(0, 2, C));
    assertEquals(List.of(new Smoothed(0, 2, C, 0)), PeriodSmoothing.smooth(in, 4));
    assertEquals(List.of(new Smoothed(0, 3, S, 1)), PeriodSmoothing.smooth(
        List.of(new Input(0, 1, C), new Input(1, 3, S)), 4), "two brief periods: the briefer goes, one is left");
  }
}
