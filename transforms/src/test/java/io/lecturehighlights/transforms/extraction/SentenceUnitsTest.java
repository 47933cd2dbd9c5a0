package io.lecturehighlights.transforms.extraction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lecturehighlights.transforms.extraction.SentenceUnits.Segment;
import io.lecturehighlights.transforms.extraction.SentenceUnits.Unit;
import io.lecturehighlights.transforms.extraction.SentenceUnits.Word;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceUnitsTest {
  private static final double EPS = 1e-9;

  private static List<Word> words(double start, double step, String... texts) {
    List<Word> out = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      out.add(new Word(start + i * step, start + (i + 1) * step - 0.05, texts[i]));
    }
    return out;
  }

  @Test
  void aSegmentOfSeveralSentencesIsSplitAtTheWordTimes() {
    // Word lists without punctuation (matched to the text by count).
    List<Word> w = words(10, 0.5, "forces", "act", "in", "pairs", "push", "back", "now");
    List<Unit> u = SentenceUnits.of(List.of(new Segment(10, 13.5, "Forces act in pairs. Push back? Now!")), w);
    assertEquals(3, u.size(), u.toString());
    assertEquals(new Unit(10, 11.95, "Forces act in pairs."), u.get(0));
    assertEquals(new Unit(12.0, 12.95, "Push back?"), u.get(1));
    assertEquals(new Unit(13.0, 13.5, "Now!"), u.get(2));
  }

  @Test
  void wordsCarryingPunctuationSplitWhenTheCountsDiffer() {
    // The text says "Dr. Lee" where the recogniser gave one word, so counts differ: the words' own punctuation
    // decides. (A "Dr." word would split too: abbreviations are a known limit of punctuation splitting.)
    List<Word> w = words(0, 1, "DrLee", "is", "here.", "She", "teaches", "optics.");
    List<Unit> u = SentenceUnits.of(List.of(new Segment(0, 6, "Dr. Lee is here. She teaches optics.")), w);
    assertEquals(2, u.size(), u.toString());
    assertEquals(0, u.get(0).start(), EPS);
    assertEquals(2.95, u.get(0).end(), EPS);
    assertEquals("DrLee is here.", u.get(0).text());
    assertEquals(3.0, u.get(1).start(), EPS);
    assertEquals(6.0, u.get(1).end(), EPS);
  }

  @Test
  void withoutWordTimesOrPunctuationASegmentIsOneUnit() {
    Segment s = new Segment(0, 6, "First sentence. Second sentence.");
    assertEquals(List.of(new Unit(0, 6, "First sentence. Second sentence.")), SentenceUnits.of(List.of(s), List.of()));
    // pocketsphinx: no punctuation anywhere.
    List<Word> w = words(0, 1, "first", "sentence", "second", "sentence");
    Segment plain = new Segment(0, 4, "first sentence second sentence");
    assertEquals(1, SentenceUnits.of(List.of(plain), w).size());
  }

  @Test
  void unitsAreSortedNonOverlappingAndNeverBlank() {
    List<Segment> segs = List.of(new Segment(5, 9, "Later."), new Segment(0, 6, "Earlier, overlapping."),
        new Segment(9, 10, "   "), new Segment(10, 10, "Empty span."));
    List<Unit> u = SentenceUnits.of(segs, List.of());
    assertEquals(List.of(new Unit(0, 5, "Earlier, overlapping."), new Unit(5, 9, "Later.")), u);
  }

  @Test
  void aWordJustOutsideItsSegmentStillWidensIt() {
    // Recogniser word times often run a little past the segment's: the unit covers its words.
    List<Word> w = List.of(new Word(0.9, 1.5, "hello"), new Word(1.5, 3.2, "there"));
    assertEquals(List.of(new Unit(0.9, 3.2, "Hello there")),
        SentenceUnits.of(List.of(new Segment(1.0, 3.0, "Hello there")), w));
  }
}
