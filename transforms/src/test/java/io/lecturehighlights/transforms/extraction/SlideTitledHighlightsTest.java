package io.lecturehighlights.transforms.extraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.content.LectureSlide;
import io.lecturehighlights.transforms.content.OfflineContentAnalyzer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clip titles follow the topic titles, so slide titles reach the clips (and the report, which shows the clips' and
 * the segments' titles): a clip is titled after the topic it was cut from.
 */
class SlideTitledHighlightsTest {
  @Test
  void clipsOfSlideTitledTopicsCarryTheSlideTitles() throws Exception {
    // Two 66 s topics as a poor recogniser heard them: neither "windowing" nor "Fourier" is ever heard right.
    String[] first = {"when doing the block of samples", "the hand when dough tapers the block",
        "leak age spreads the energy", "the main lobe gets wider", "side loaves get lower with the hand when dough",
        "pick the when dough for what you need", "a narrow main lobe for close tones",
        "low side loaves for a weak tone", "the hamming when dough is another choice",
        "so that is when doing", "when doing matters before the analysis"};
    String[] second = {"the four year trans form of the signal", "each bin has magnitude and phase",
        "the discreet four year trans form on end samples", "end bins spaced by the rate over end",
        "the fast four year trans form in end log end", "the inverse trans form gets the signal back",
        "a sign wave gives one peak", "real signals give a symmetric magnitude",
        "the trans form of a product is a convolution", "so the four year trans form in short",
        "four year trans form again for the exam"};
    List<TranscriptSegment> segs = new ArrayList<>();
    double t = 0;
    for (String[] topic : new String[][] {first, second}) {
      for (String s : topic) {
        segs.add(new TranscriptSegment(t, t + 5.8, s));
        t += 6;
      }
    }
    Transcript transcript = Transcript.newBuilder().setJobId("dsp").setEngine("asr").setSegments(segs)
        .setWords(new ArrayList<>()).build();
    List<LectureSlide> slides = List.of(
        new LectureSlide(0, 66, "Windowing", "Windowing\nHann window\nspectral leakage", 0.9),
        new LectureSlide(66, 132, "Fourier Transform", "Fourier Transform\nDFT, FFT", 0.9));
    ContentSegments content = new OfflineContentAnalyzer().analyze(transcript, List.of(66.0), List.of(), slides);
    Highlights h = HighlightSelector.select("dsp", content, transcript, List.of(), 132, ExtractionConfig.defaults());
    assertTrue(h.getHighlights().size() >= 2, h.toString());
    for (Highlight clip : h.getHighlights()) {
      // The topic the clip was cut from: the one holding its middle.
      double mid = (clip.getStart() + clip.getEnd()) / 2;
      ContentSegment topic = content.getSegments().stream()
          .filter(s -> s.getStart() <= mid && mid <= s.getEnd() + 1).findFirst().orElseThrow();
      assertEquals(topic.getTitle(), clip.getTitle());
      assertEquals(mid < 66 ? "Windowing" : "Fourier Transform",
          clip.getTitle().replaceAll(" \\(part \\d+\\)$", ""), clip.toString());
    }
  }
}
