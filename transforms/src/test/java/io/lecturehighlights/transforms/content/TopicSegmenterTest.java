package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.TimeRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSegmenterTest {

  @Test
  void findsPlantedBoundariesBetweenUnrelatedTexts() {
    List<String> sentences = SyntheticLecture.sentences(4, 30);
    int[] found = new TopicSegmenter(TopicSegmenter.Config.defaults().withSegmentPenalty(20)).segment(sentences);
    assertArrayEquals(new int[] {30, 60, 90}, found);
  }

  @Test
  void deterministic() {
    List<String> sentences = SyntheticLecture.sentences(5, 17);
    TopicSegmenter s = new TopicSegmenter(TopicSegmenter.Config.defaults());
    assertArrayEquals(s.segment(sentences), s.segment(sentences));
  }

  @Test
  void tinyInputsHaveNoBoundaries() {
    TopicSegmenter s = new TopicSegmenter(TopicSegmenter.Config.defaults());
    assertEquals(0, s.segment(List.of()).length);
    assertEquals(0, s.segment(List.of("One sentence about pendulums .")).length);
  }

  /** Two topics with ten sentences of content-free chatter between them: the text alone cannot place the boundary. */
  private static List<String> topicsWithChatter() {
    List<String> sentences = new ArrayList<>(SyntheticLecture.sentences(1, 20));
    for (int i = 0; i < 10; i++) {
      sentences.add("Okay , so , yeah , you know , right .");
    }
    List<String> second = SyntheticLecture.sentences(2, 20);
    sentences.addAll(second.subList(20, 40));
    return sentences;
  }

  @Test
  void slideChangeAndLongPauseMoveTheBoundaryToThem() {
    List<String> sentences = topicsWithChatter();
    int n = sentences.size();
    double[] starts = new double[n];
    double[] ends = new double[n];
    for (int i = 0; i < n; i++) {
      starts[i] = 4.0 * i;
      ends[i] = 4.0 * i + 3.8;
    }
    TopicSegmenter s = new TopicSegmenter(TopicSegmenter.Config.defaults().withSegmentPenalty(20)
        .withDurationWeight(0));
    int[] plain = s.segment(sentences, starts, ends, null);
    assertEquals(1, plain.length);

    for (int target : new int[] {22, 27}) {
      if (plain[0] == target) {
        continue;
      }
      // A slide change just inside the gap before sentence `target`.
      double[] slide = BoundaryEvidence.perGap(starts, ends, List.of(4.0 * target - 0.1), List.of());
      assertArrayEquals(new int[] {target}, s.segment(sentences, starts, ends, slide));
      // A 3-second pause spanning the same gap.
      TimeRange pause = TimeRange.newBuilder().setStart(4.0 * target - 1.5).setEnd(4.0 * target + 1.5).build();
      double[] paused = BoundaryEvidence.perGap(starts, ends, List.of(), List.of(pause));
      assertTrue(paused[target] > 0.5, "pause scored " + paused[target]);
      assertArrayEquals(new int[] {target}, s.segment(sentences, starts, ends, paused));
    }
  }

  @Test
  void evidenceLandsOnTheNearestGapOnly() {
    double[] starts = {0, 5, 10, 15};
    double[] ends = {4, 9, 14, 19};
    double[] e = BoundaryEvidence.perGap(starts, ends, List.of(9.6, 30.0), List.of(
        TimeRange.newBuilder().setStart(14.0).setEnd(15.0).build(),
        TimeRange.newBuilder().setStart(4.2).setEnd(4.6).build()));
    assertEquals(1.0, e[2], 1e-9);
    assertEquals(BoundaryEvidence.PAUSE_WEIGHT / 3, e[3], 1e-9);
    assertEquals(0.0, e[1], 1e-9);
  }
}
