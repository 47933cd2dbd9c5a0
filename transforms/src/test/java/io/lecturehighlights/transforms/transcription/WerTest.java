package io.lecturehighlights.transforms.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WerTest {
  @Test
  void normalisesCasePunctuationAndAccents() {
    assertEquals(List.of("ask", "not", "what", "your", "country's", "cafe", "well", "known"),
        Wer.normalise("Ask NOT, what your country’s café -- well-known!"));
  }

  @Test
  void countsSubstitutionsDeletionsAndInsertions() {
    Wer w = Wer.of("the cat sat on the mat", "the cat sit on mat today");
    assertEquals(3, w.errors());
    assertEquals(6, w.referenceWords);
    assertEquals(0.5, w.rate(), 1e-12);
    Wer sub = Wer.of("a b c d", "a x c d e");
    assertEquals(1, sub.substitutions);
    assertEquals(1, sub.insertions);
    assertEquals(0, sub.deletions);
    Wer del = Wer.of("a b c d", "a c d");
    assertEquals(1, del.deletions);
    assertEquals(1, del.errors());
  }

  @Test
  void identicalAndEmptyCases() {
    assertEquals(0.0, Wer.of("Hello world.", "hello WORLD").rate());
    assertEquals(1.0, Wer.of("hello world", "").rate());
    assertEquals(0.0, Wer.of("", "").rate());
    assertEquals(2.0, Wer.of("", "two words").rate());
  }

  @Test
  void corpusRateWeighsByLength() {
    Wer a = Wer.of("one two three four", "one two three four");
    Wer b = Wer.of("five six", "five");
    assertEquals(1.0 / 6, a.plus(b).rate(), 1e-12);
  }

  @Test
  void pocketsphinxBaselineOnLibrivoxIsInTheExpectedRange() {
    // From the Debian pocketsphinx-testdata baseline (test-lm.match) on one utterance.
    Wer w = Wer.of("he was not an ill disposed young man", "he was not an illness those young man");
    assertEquals(2, w.substitutions); // ill -> illness, disposed -> those
    assertEquals(0, w.deletions + w.insertions);
  }
}
