package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Transcript;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineContentAnalyzerTest {

  private static void assertWellFormed(ContentSegments c, double lectureEnd) {
    double previousEnd = 0;
    for (ContentSegment s : c.getSegments()) {
      assertTrue(s.getStart() >= previousEnd - 1e-9, "ordered, non-overlapping: " + c);
      assertTrue(s.getEnd() > s.getStart(), s.toString());
      assertTrue(s.getEnd() <= lectureEnd + 1e-9, s.toString());
      assertTrue(s.getImportance() >= 0 && s.getImportance() <= 1, s.toString());
      assertFalse(s.getTitle().isBlank(), s.toString());
      assertFalse(s.getKeywords().isEmpty(), s.toString());
      assertTrue(s.getReason() != null && !s.getReason().isBlank(), s.toString());
      previousEnd = s.getEnd();
    }
  }

  @Test
  void segmentsAreHighlightSizedOrderedAndWithinTheLecture() {
    // Five topics of 4 minutes each (30 sentences of 8 s): topics longer than 2 min must be split.
    Transcript t = SyntheticLecture.transcript(SyntheticLecture.sentences(5, 30), 8.0);
    double end = t.getSegments().get(t.getSegments().size() - 1).getEnd();
    ContentSegments c = new OfflineContentAnalyzer().analyze(t, List.of(), List.of());
    assertEquals("synthetic", c.getJobId());
    assertEquals(OfflineContentAnalyzer.NAME, c.getAnalyzer());
    assertWellFormed(c, end);
    assertTrue(c.getSegments().size() >= 10, c.getSegments().size() + " segments");
    for (ContentSegment s : c.getSegments()) {
      double d = s.getEnd() - s.getStart();
      assertTrue(d >= 20 - 1e-9 && d <= 120 + 1e-9, "duration " + d + " of " + s);
    }
    // Topic changes (every 240 s) are segment boundaries: no segment straddles one.
    for (ContentSegment s : c.getSegments()) {
      int first = (int) (s.getStart() / 240);
      int last = (int) ((s.getEnd() - 1e-6) / 240);
      assertEquals(first, last, "straddles a topic change: " + s);
    }
  }

  @Test
  void shortTopicsAreNotCutBelowTwentySeconds() {
    // 10 topics of 4 sentences x 3 s = 12 s each: segments must merge to reach 20 s.
    Transcript t = SyntheticLecture.transcript(SyntheticLecture.sentences(10, 4), 3.0);
    ContentSegments c = new OfflineContentAnalyzer().analyze(t, List.of(), List.of());
    assertWellFormed(c, 120);
    for (ContentSegment s : c.getSegments()) {
      assertTrue(s.getEnd() - s.getStart() >= 20 - 3, s.toString());
    }
  }

  @Test
  void emptyTranscriptGivesNoSegments() {
    Transcript t = SyntheticLecture.transcript(List.of(), 3.0);
    assertTrue(new OfflineContentAnalyzer().analyze(t, List.of(), List.of()).getSegments().isEmpty());
  }
}
