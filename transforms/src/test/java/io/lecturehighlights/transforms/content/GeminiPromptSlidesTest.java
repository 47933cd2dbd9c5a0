package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Transcript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slide list in the Gemini prompt: what is listed, how compactly, and within which bounds. */
class GeminiPromptSlidesTest {

  private static int chars(List<String> lines) {
    return lines.stream().mapToInt(l -> l.length() + 1).sum();
  }

  @Test
  void slidesAreListedWithTheirTimesTitleOnceAndIdenticalNeighboursMerged() {
    List<LectureSlide> slides = List.of(
        new LectureSlide(0, 30.25, "Windowing", "Windowing\nHann window\nspectral leakage", 0.92),
        // A build of the same slide recorded as its own slide: one line.
        new LectureSlide(30.25, 50, "Windowing", "Windowing\nHann window\nspectral leakage", 0.9),
        new LectureSlide(50, 80, "", "a slide without a title", 0.9),
        new LectureSlide(80, 100, "Fourier Transform", "Fourier Transform", 0.3),
        new LectureSlide(100, 130, "Land and Vegetation: Key players on the Climate Scene",
            "Land and Vegetation: Key players\non the Climate Scene\nAlbedo", 0.8));
    List<String> lines = GeminiPrompt.slideLines(slides, 0, 200);
    assertEquals(List.of(
        "(0.0-50.0) Windowing | Hann window / spectral leakage",
        "(50.0-80.0) | a slide without a title",
        "(100.0-130.0) Land and Vegetation: Key players on the Climate Scene | Albedo"), lines);
    // Only what is on screen during the window.
    assertEquals(List.of("(50.0-80.0) | a slide without a title"), GeminiPrompt.slideLines(slides, 60, 90));
    assertTrue(GeminiPrompt.slideLines(List.of(), 0, 100).isEmpty());
  }

  @Test
  void aHundredAndTwentySlidesStayWithinTheBudget() {
    String body = "a bullet with some words on a busy slide that goes on and on\n".repeat(12);
    List<LectureSlide> slides = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      slides.add(new LectureSlide(i * 15, i * 15 + 15, "Slide title number " + i, body, 0.9));
    }
    // 40 busy slides in a window: every slide listed, each text cut to an equal share of what the titles leave.
    List<String> forty = GeminiPrompt.slideLines(slides, 0, 600);
    assertEquals(40, forty.size());
    assertTrue(chars(forty) <= GeminiPrompt.SLIDES_MAX_CHARS, chars(forty) + " chars");
    assertTrue(chars(forty) >= GeminiPrompt.SLIDES_MAX_CHARS - 40 * 4, "the share is used: " + chars(forty));
    for (String l : forty) {
      assertTrue(l.contains(" | a bullet") && l.endsWith("…"), l);
    }
    // 120 in one window: the titles alone (the texts' share would be too small to say anything).
    List<String> all = GeminiPrompt.slideLines(slides, 0, 1800);
    assertEquals(120, all.size(), "every slide keeps its line");
    assertTrue(chars(all) <= GeminiPrompt.SLIDES_MAX_CHARS, chars(all) + " chars");
    assertTrue(all.stream().noneMatch(l -> l.contains(" | ")), all.get(0));
    // A few slides with long texts: each text at most 300 characters.
    List<String> few = GeminiPrompt.slideLines(slides.subList(0, 3), 0, 1800);
    for (String l : few) {
      String text = l.substring(l.indexOf(" | ") + 3);
      assertTrue(text.length() <= GeminiPrompt.SLIDE_TEXT_CHARS && text.length() > 250, text.length() + ": " + text);
    }
    // Titles alone beyond the budget: the rest is counted, not listed.
    List<LectureSlide> flood = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      flood.add(new LectureSlide(i * 4, i * 4 + 4, "A rather long slide title that takes room " + i, "", 0.9));
    }
    List<String> flooded = GeminiPrompt.slideLines(flood, 0, 1600);
    assertTrue(chars(flooded) <= GeminiPrompt.SLIDES_MAX_CHARS, chars(flooded) + " chars");
    assertTrue(flooded.get(flooded.size() - 1).matches("\\(\\d+ more slides to 1600\\.0 s not listed\\)"),
        flooded.get(flooded.size() - 1));
  }

  @Test
  void theTokenEstimateCountsTheSlidesBounded() {
    ContentConfig config = ContentConfig.defaults();
    // 75 minutes: three 27-minute windows.
    Transcript t = SyntheticLecture.transcript(SyntheticLecture.sentences(5, 90), 10.0);
    ContentRequest plain = new ContentRequest(t, List.of(), List.of(), null, 4500);
    List<LectureSlide> few = List.of(new LectureSlide(0, 60, "Pendulum", "Pendulum\nperiod and amplitude", 0.9));
    List<LectureSlide> many = new ArrayList<>();
    String body = "a bullet with some words on a busy slide that goes on and on\n".repeat(12);
    for (int i = 0; i < 120; i++) {
      many.add(new LectureSlide(i * 37.5, i * 37.5 + 37.5, "Slide title number " + i, body, 0.9));
    }
    long none = GeminiContentAnalyzer.estimatePromptTokens(config, plain);
    long one = GeminiContentAnalyzer.estimatePromptTokens(config,
        new ContentRequest(t, List.of(), List.of(), null, 4500, few));
    long lots = GeminiContentAnalyzer.estimatePromptTokens(config,
        new ContentRequest(t, List.of(), List.of(), null, 4500, many));
    assertTrue(none > 3 * GeminiContentAnalyzer.fixedPromptChars(config) / 4, "" + none);
    assertTrue(one > none && one - none < 60, none + " -> " + one);
    assertTrue(lots > one, one + " -> " + lots);
    // At most the slide-list cap per window, whatever the number of slides.
    assertTrue(lots - none <= 3 * Math.round(GeminiContentAnalyzer.maxSlideListChars() / 4.0), none + " -> " + lots);
    assertFalse(lots - none < 3 * 1000, "a busy deck fills most of the cap: " + (lots - none));
  }
}
