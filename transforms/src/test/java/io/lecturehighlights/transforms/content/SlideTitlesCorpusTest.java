package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Slide titles on a real recogniser transcript: lecture 1 of the physics-lecture corpus as ASR heard it (its own
 * human topic boundaries; ../shared/testmedia/topicseg, skipped visibly when absent), one utterance line every 4 s,
 * with a slide deck we wrote for its seven topics: each topic's slide comes up 1.5 s after the topic starts, and a
 * "(cont.)" slide halfway through it.
 */
class SlideTitlesCorpusTest {
  private static final String[][] DECK = {
    {"Units and Orders of Magnitude", "meter, second, kilogram\nderived units\n45 orders of magnitude"},
    {"The Powers of Ten", "a film by Charles and Ray Eames\n40 orders of magnitude"},
    {"Fundamental Quantities and Dimensions", "length [L], time [T], mass [M]\nspeed = [L]/[T]\ndensity"},
    {"Uncertainty in Measurements", "a measurement without its uncertainty is meaningless\nbody length lying and"
        + " standing"},
    {"Galileo: Why Are Mammals Not Larger?", "femur length l, thickness d\npressure = weight / area\nd ~ l^3/2"},
    {"Dimensional Analysis: Dropping an Apple", "t ~ h^alpha m^beta g^gamma\nt = C sqrt(h/g)"},
    {"Testing the Prediction", "h1 = 3.000 m, h2 = 1.500 m\nratio of fall times\nuncertainties"},
  };
  private static final double LINE_SECONDS = 4.0;

  @Test
  void slideTitlesNameTheTopicsOfARealAsrTranscript() throws Exception {
    ReferenceSegmentation r = ReferenceSegmentation.read(
        Fixtures.sharedMedia().resolve("topicseg/physics-lectures/asr/L01.ref"));
    assertEquals(DECK.length - 1, r.boundaries().length, "topics of L01");
    List<TranscriptSegment> lines = new ArrayList<>();
    for (int i = 0; i < r.sentences().size(); i++) {
      lines.add(new TranscriptSegment(i * LINE_SECONDS, i * LINE_SECONDS + 3.8, r.sentences().get(i)));
    }
    Transcript t = Transcript.newBuilder().setJobId("L01").setEngine("asr").setSegments(lines)
        .setWords(new ArrayList<>()).build();
    double end = r.sentences().size() * LINE_SECONDS;
    double[] topicStart = new double[DECK.length + 1];
    for (int k = 0; k < DECK.length; k++) {
      topicStart[k] = k == 0 ? 0 : r.boundaries()[k - 1] * LINE_SECONDS;
    }
    topicStart[DECK.length] = end;
    List<LectureSlide> slides = new ArrayList<>();
    for (int k = 0; k < DECK.length; k++) {
      double from = k == 0 ? 0 : topicStart[k] + 1.5;
      double to = k == DECK.length - 1 ? end : topicStart[k + 1] + 1.5;
      double mid = (from + to) / 2;
      slides.add(new LectureSlide(from, mid, DECK[k][0], DECK[k][0] + "\n" + DECK[k][1], 0.9));
      slides.add(new LectureSlide(mid, to, DECK[k][0] + " (cont.)", DECK[k][0] + " (cont.)\n" + DECK[k][1], 0.88));
    }
    List<Double> changes = slides.stream().skip(1).map(LectureSlide::start).toList();

    ContentSegments with = new OfflineContentAnalyzer().analyze(t, changes, List.of(), slides);
    ContentSegments without = new OfflineContentAnalyzer().analyze(t, changes, List.of());
    assertEquals(without.getSegments().size(), with.getSegments().size(), "slide text does not move boundaries");
    int exact = 0;
    int n = with.getSegments().size();
    StringBuilder table = new StringBuilder();
    for (int i = 0; i < n; i++) {
      ContentSegment s = with.getSegments().get(i);
      // The topic holding most of the segment.
      int topic = 0;
      double best = -1;
      for (int k = 0; k < DECK.length; k++) {
        double o = Math.min(s.getEnd(), topicStart[k + 1]) - Math.max(s.getStart(), topicStart[k]);
        if (o > best) {
          best = o;
          topic = k;
        }
      }
      String expected = DECK[topic][0];
      String base = s.getTitle().replaceAll(" \\(part \\d+\\)$", "");
      assertTrue(base.contains(expected), s.getTitle() + " for topic " + expected);
      exact += base.equals(expected) ? 1 : 0;
      String plain = without.getSegments().get(i).getTitle();
      for (String[] slide : DECK) {
        assertFalse(plain.equalsIgnoreCase(slide[0]), "without slides: " + plain);
      }
      table.append(String.format(Locale.ROOT, "%7.1f-%7.1f  %-48s | %-28s | %s%n", s.getStart(), s.getEnd(),
          s.getTitle(), plain, String.join(", ", s.getKeywords())));
    }
    System.out.println("L01 (ASR) with our slides: title with slides | without | keywords with slides\n" + table);
    // Segments are at most 2 min, so a segment straddles a topic change only where a topic ends mid-segment.
    assertTrue(exact >= 0.8 * n, exact + " of " + n + " titles are exactly their topic's slide title\n" + table);
  }
}
