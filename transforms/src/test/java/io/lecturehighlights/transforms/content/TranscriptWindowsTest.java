package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptWindowsTest {

  @Test
  void shortLectureIsOneWindow() {
    Transcript t = SyntheticLecture.transcript(SyntheticLecture.sentences(3, 20), 10.0);
    List<TranscriptWindows.Window> w = TranscriptWindows.plan(t.getSegments(), 600, 1800, 180);
    assertEquals(1, w.size());
    assertEquals(0, w.get(0).from(), 1e-9);
    assertEquals(600, w.get(0).to(), 1e-9);
    assertEquals(60, w.get(0).sentences().size());
  }

  @Test
  void longLectureIsCutIntoEqualOverlappingWindowsAtSentenceStarts() {
    // 75 min of 7 s sentences: cut points fall inside sentences and must move back to their starts.
    Transcript t = SyntheticLecture.transcript(SyntheticLecture.sentences(5, 129), 7.0);
    List<TranscriptSegment> s = t.getSegments();
    double duration = 4515;
    List<TranscriptWindows.Window> w = TranscriptWindows.plan(s, duration, 1800, 180);
    assertEquals(3, w.size());
    assertEquals(0, w.get(0).from(), 1e-9);
    assertEquals(duration, w.get(2).to(), 1e-9);
    for (int k = 0; k < w.size(); k++) {
      TranscriptWindows.Window win = w.get(k);
      assertTrue(win.to() - win.from() <= 1800, "window " + k + " is " + (win.to() - win.from()) + " s");
      if (k > 0) {
        assertEquals(0, win.from() % 7, 1e-9, "starts at a sentence start: " + win.from());
        double overlap = w.get(k - 1).to() - win.from();
        assertTrue(overlap > 180 - 7 && overlap < 180 + 7, "overlap " + overlap);
      }
      for (TranscriptSegment x : win.sentences()) {
        assertTrue(x.getStart() >= win.from() && x.getEnd() <= win.to() + 1e-9, x + " in " + win);
      }
    }
    // Every sentence is in some window; those in the overlaps are in two.
    int total = w.stream().mapToInt(x -> x.sentences().size()).sum();
    assertTrue(total > s.size() && total < s.size() + 2 * 180 / 7 + 4, total + " vs " + s.size());
    for (TranscriptSegment x : s) {
      assertTrue(w.stream().anyMatch(win -> win.sentences().contains(x)), "lost " + x);
    }
  }

  @Test
  void mergeKeepsEachOverlapsSegmentsFromTheNearerWindow() {
    List<TranscriptWindows.Window> w = List.of(
        new TranscriptWindows.Window(0, 0, 1000, List.of()),
        new TranscriptWindows.Window(1, 800, 1800, List.of()));
    // Centres 500 and 1300: the boundary is 900.
    List<ContentSegment> first = List.of(seg(0, 800), seg(800, 880), seg(880, 940), seg(940, 1000));
    List<ContentSegment> second = List.of(seg(800, 870), seg(870, 950), seg(950, 1800));
    List<ContentSegment> merged = TranscriptWindows.merge(w, List.of(first, second));
    List<String> spans = new ArrayList<>();
    merged.forEach(x -> spans.add((int) x.getStart() + "-" + (int) x.getEnd()));
    // 880-940 (mid 910) and 940-1000 go; 870-950 (mid 910) and 950-1800 stay.
    assertEquals(List.of("0-800", "800-880", "870-950", "950-1800"), spans);
  }

  private static ContentSegment seg(double start, double end) {
    return ContentSegment.newBuilder().setStart(start).setEnd(end).setTitle("t").setSummary(null)
        .setKeywords(new ArrayList<>()).setImportance(0.5).setReason(null).build();
  }
}
