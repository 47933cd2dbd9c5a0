package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which slides belong to a span and which title names it. */
class SlidesShownTest {
  private static LectureSlide slide(double start, double end, String title) {
    return new LectureSlide(start, end, title, title + "\nsome body text", 0.9);
  }

  @Test
  void displayTitleDropsContinuationMarksAndKeepsNumberedTitles() {
    assertEquals("Fourier Transform", slide(0, 10, "Fourier Transform (cont.)").displayTitle());
    assertEquals("Fourier Transform", slide(0, 10, "Fourier  Transform\n(continued)").displayTitle());
    assertEquals("Windowing", slide(0, 10, "Windowing – continued").displayTitle());
    assertEquals("Windowing", slide(0, 10, "Windowing, cont’d").displayTitle());
    assertEquals("Windowing", slide(0, 10, "Windowing (2/3)").displayTitle());
    assertEquals("Windowing", slide(0, 10, "Windowing 2/3").displayTitle());
    assertEquals("Windowing", slide(0, 10, "Windowing (2)").displayTitle());
    assertEquals("Windowing", slide(0, 10, "Windowing:").displayTitle());
    assertEquals("Lecture 4", slide(0, 10, "Lecture 4").displayTitle());
    assertEquals("Part 2", slide(0, 10, "Part 2").displayTitle());
    assertEquals("Discontinued products", slide(0, 10, "Discontinued products").displayTitle());
    assertEquals("", slide(0, 10, "(continued)").displayTitle());
    assertEquals("", slide(0, 10, "3/12").displayTitle());
    assertEquals("", slide(0, 10, "•").displayTitle());
    String longTitle = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
    assertEquals("one two three four five six seven eight nine ten eleven twelve …",
        slide(0, 10, longTitle).displayTitle());
    // Not confident enough, or nothing read: no title at all.
    assertEquals("", new LectureSlide(0, 10, "Windowing", "Windowing", 0.59).displayTitle());
    assertFalse(new LectureSlide(0, 10, "", "", 0.9).readable());
    assertEquals(LectureSlide.topicKey("FOURIER TRANSFORMS"), LectureSlide.topicKey("Fourier transform"));
  }

  @Test
  void theTitleShownLongestNamesTheSpanAndTheTailOfThePreviousSlideDoesNot() {
    // Segment 60-150: the previous slide runs 3 s into it, then "Windowing" 30 s, then "Spectral leakage" 57 s.
    List<LectureSlide> slides = List.of(slide(0, 63, "Sampling"), slide(63, 93, "Windowing"),
        slide(93, 150, "Spectral leakage"));
    assertEquals("Windowing / Spectral leakage", SlidesShown.title(slides, 60, 150));
    // "Windowing" covers under a quarter of a longer span: the longest alone.
    assertEquals("Spectral leakage", SlidesShown.title(List.of(slide(0, 63, "Sampling"), slide(63, 93, "Windowing"),
        slide(93, 200, "Spectral leakage")), 60, 200));
    assertEquals(List.of("Windowing", "Spectral leakage"),
        SlidesShown.belonging(slides, 60, 150).stream().map(LectureSlide::title).toList());
    // During: everything on screen for at least a second, the previous slide's tail included.
    assertEquals(3, SlidesShown.during(slides, 60, 150).size());
  }

  @Test
  void continuedSlidesAndExtendedTitlesCountAsOneTopic() {
    // 20 s "Fourier Transform", 25 s "Windowing", 30 s "Fourier Transform (cont.)": Fourier, 50 s, wins.
    List<LectureSlide> slides = List.of(slide(0, 20, "Fourier Transform"), slide(20, 45, "Windowing"),
        slide(45, 75, "Fourier Transform (cont.)"));
    assertEquals("Fourier Transform / Windowing", SlidesShown.title(slides, 0, 75));
    List<LectureSlide> sameTopic = List.of(slide(0, 20, "Windowing"), slide(20, 60, "Windowing: the Hann window"),
        slide(60, 80, "Windowing (cont.)"));
    assertEquals("Windowing: the Hann window", SlidesShown.title(sameTopic, 0, 80));
  }

  @Test
  void lowConfidenceOrUntitledSlidesGiveNoTitle() {
    List<LectureSlide> slides = List.of(new LectureSlide(0, 60, "Windowing", "Windowing\nHann", 0.45),
        new LectureSlide(60, 120, "", "a body without a title", 0.95));
    assertEquals("", SlidesShown.title(slides, 0, 120));
    // The untitled slide's words still count; the unconfident one's do not.
    assertEquals(List.of("a body without a title"), SlidesShown.termTexts(slides, 0, 120));
    // A confident titled slide shown for under a quarter of the span still names it when nothing else does.
    assertEquals("Windowing", SlidesShown.title(List.of(slide(0, 20, "Windowing"),
        new LectureSlide(20, 120, "", "a body without a title", 0.95)), 0, 120));
  }

  @Test
  void termsCountTheTitleTwiceAndTheTextOnceWithoutRepeatingTheTitleLine() {
    LectureSlide s = new LectureSlide(0, 60, "Windowing", "Windowing\nHann window\nspectral leakage", 0.9);
    assertEquals(List.of("Windowing", "Windowing", "Hann window spectral leakage"),
        SlidesShown.termTexts(List.of(s, s), 0, 60));
    assertTrue(SlidesShown.termTexts(List.of(s), 60, 120).isEmpty());
  }
}
