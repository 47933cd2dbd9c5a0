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

  /**
   * A signal-processing lecture as a recogniser with a 50-70 % word error rate hears it: 12 sentences of 6 s on
   * windowing (0-72 s), then 12 on the Fourier transform (72-144 s). "Windowing" and "Fourier" are never heard
   * right.
   */
  private static final List<String> NOISY = List.of(
      "so to day we look at when doing the signal before the analysis",
      "a when though function multiplies the samples buy a smooth shape",
      "the hand when dough goes to zero at both and of the block",
      "with out it the edges of the block make leak age in the spectrum",
      "leak age means energy spreads to other bins near by",
      "the rectangle when dough has the narrow main lobe but high side loaves",
      "the hand when dough trades a wider main lobe for lower side loaves",
      "so which when dough you pick depends on what you need to sea",
      "if two tones are close you need the narrow main lobe",
      "if one tone is weak next to a strong one you need low side loaves",
      "the hamming when dough is a another common choice",
      "okay so that is when doing for now",
      "now the four year trans form takes a signal in time",
      "and gives the frequencies that make up the signal",
      "each frequency gets a complex number with magnitude and phase",
      "the discreet four year trans form works on end samples",
      "it gives end bins spaced by the sample rate over end",
      "the fast four year trans form computes it in end log end steps",
      "the inverse trans form gets the signal back from the bins",
      "a sign wave at one bin gives one peak in the magnitude",
      "real signals give a symmetric magnitude around zero",
      "so the trans form of a product is a convolution of the trans forms",
      "that is why the when dough shape shows up around every peak",
      "and that is the four year trans form in a nutshell");

  private static final double SENTENCE = 6.0;

  private static LectureSlide slide(double start, double end, String title, String text, double confidence) {
    return new LectureSlide(start, end, title, text, confidence);
  }

  /** The two slide decks' worth: two slides per topic, the second a "(cont.)" of the first. */
  private static List<LectureSlide> dspSlides(double confidence, String windowing, String fourier) {
    return List.of(
        slide(0, 40, windowing, windowing + "\nHann window tapers the block\nspectral leakage", confidence),
        slide(40, 72.5, windowing.isEmpty() ? "" : windowing + " (cont.)",
            windowing + "\nmain lobe vs side lobes\nHamming window", confidence),
        slide(72.5, 110, fourier, fourier + "\nDFT: N samples, N bins\nFFT: N log N", confidence),
        slide(110, 144, fourier.isEmpty() ? "" : fourier + " (cont.)",
            fourier + "\nconvolution theorem\nmagnitude and phase", confidence));
  }

  private static ContentSegments analyseNoisy(List<LectureSlide> slides) {
    Transcript t = SyntheticLecture.transcript(NOISY, SENTENCE);
    List<Double> changes = slides.stream().skip(1).map(LectureSlide::start).toList();
    return new OfflineContentAnalyzer().analyze(t, changes, List.of(), slides);
  }

  private static String baseTitle(String title) {
    return title.replaceAll(" \\(part \\d+\\)$", "");
  }

  @Test
  void slideTitlesNameTheTopicsOfANoisyTranscript() {
    ContentSegments c = analyseNoisy(dspSlides(0.91, "Windowing", "Fourier Transform"));
    assertWellFormed(c, 144);
    assertTrue(c.getSegments().size() >= 2, c.toString());
    for (ContentSegment s : c.getSegments()) {
      double mid = (s.getStart() + s.getEnd()) / 2;
      assertEquals(mid < 72 ? "Windowing" : "Fourier Transform", baseTitle(s.getTitle()), s.toString());
      // The slides' terms join the keywords: the recogniser never heard them right.
      List<String> keywords = s.getKeywords();
      assertTrue(keywords.contains(mid < 72 ? "windowing" : "fourier"), keywords.toString());
    }
    // The boundary sits at the slide change between the topics.
    assertTrue(c.getSegments().stream().anyMatch(s -> Math.abs(s.getStart() - 72) < 0.01), c.toString());
    // Without slides the same transcript gets the recogniser's words.
    ContentSegments without = new OfflineContentAnalyzer().analyze(SyntheticLecture.transcript(NOISY, SENTENCE),
        List.of(40.0, 72.5, 110.0), List.of());
    for (ContentSegment s : without.getSegments()) {
      assertFalse(s.getTitle().contains("Windowing") || s.getTitle().contains("Fourier"), s.getTitle());
    }
  }

  @Test
  void aTitleNamingSeveralSegmentsNumbersItsParts() {
    // Six topics' worth of time under one slide title: segments are at most 2 min, so it takes several.
    Transcript t = SyntheticLecture.transcript(SyntheticLecture.sentences(1, 50), 6.0);
    List<LectureSlide> slides = List.of(slide(0, 300, "Pendulum motion", "Pendulum motion\nperiod", 0.9));
    ContentSegments c = new OfflineContentAnalyzer().analyze(t, List.of(), List.of(), slides);
    assertTrue(c.getSegments().size() >= 3, c.toString());
    for (int i = 0; i < c.getSegments().size(); i++) {
      assertEquals(i == 0 ? "Pendulum motion" : "Pendulum motion (part " + (i + 1) + ")",
          c.getSegments().get(i).getTitle());
    }
  }

  @Test
  void unconfidentOrUntitledSlidesFallBackToTheTranscriptsTitles() {
    List<String> transcriptTitles = new OfflineContentAnalyzer().analyze(SyntheticLecture.transcript(NOISY, SENTENCE),
        List.of(40.0, 72.5, 110.0), List.of()).getSegments().stream().map(ContentSegment::getTitle).toList();
    // Read with a mean confidence of 0.45: not used at all.
    ContentSegments unsure = analyseNoisy(dspSlides(0.45, "Windowing", "Fourier Transform"));
    assertEquals(transcriptTitles, unsure.getSegments().stream().map(ContentSegment::getTitle).toList());
    // Confident text but no title: titles from the transcript, the slide words still among the keywords.
    ContentSegments untitled = analyseNoisy(dspSlides(0.9, "", ""));
    assertEquals(transcriptTitles, untitled.getSegments().stream().map(ContentSegment::getTitle).toList());
    // "Hann" is only on the slide (the recogniser heard "hand").
    assertTrue(untitled.getSegments().get(0).getKeywords().contains("hann"), untitled.toString());
    // A title that is only a page number is no title either.
    ContentSegments numbered = analyseNoisy(dspSlides(0.9, "3/12", "4/12"));
    assertEquals(transcriptTitles, numbered.getSegments().stream().map(ContentSegment::getTitle).toList());
  }

  @Test
  void emptyTranscriptGivesNoSegments() {
    Transcript t = SyntheticLecture.transcript(List.of(), 3.0);
    assertTrue(new OfflineContentAnalyzer().analyze(t, List.of(), List.of()).getSegments().isEmpty());
  }
}
