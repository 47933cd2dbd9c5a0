package io.lecturehighlights.transforms.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.layout.SlideChangeFixtures.Case;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Slide changes on generated frame sequences ({@link SlideChangeFixtures}: slides drawn with Java2D at the analysis
 * size, 4 samples/s, every frame JPEG-coded with per-frame noise and a sharper key frame every 3 s, as decoded H.264
 * looks): what is not a change (an odd frame, a pointer crossing, a slide flashed for a second, a one-second
 * animation, a fade-in or an encoder warm-up at the start, a build) and what is (a hard cut, a 0.5 s cross-fade).
 *
 * <p>Against the detector before the persistence rule (commit 16d90b0), every case that is not a change failed: each
 * produced one or two false changes.
 */
class SlideChangeFixturesTest {
  static Stream<Case> caseStream() {
    return SlideChangeFixtures.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseStream")
  void generatedCase(Case c) {
    SlideChangeFixtures.Found r = SlideChangeFixtures.detect(c);
    SlideChangeScoring s = SlideChangeScoring.score(c.changes(), r.changes(), 0.5);
    assertEquals(c.changes().size(), r.changes().size(), c + ": changes " + r.changes() + " builds " + r.builds());
    assertEquals(c.changes().size(), s.matched, c + ": " + s + " found " + r.changes());
    SlideChangeScoring b = SlideChangeScoring.score(c.builds(), r.builds(), 0.5);
    assertEquals(c.builds().size(), b.matched, c + ": builds " + r.builds() + ", changes " + r.changes());
  }

  /** The table in docs/benchmarks.md: precision and recall within 0.5 s per generated case. */
  @Test
  void printTable() {
    StringBuilder sb = new StringBuilder("\n| generated case | true changes | found | precision | recall | builds |\n"
        + "|---|---|---|---|---|---|\n");
    int truth = 0;
    int found = 0;
    int matched = 0;
    for (Case c : SlideChangeFixtures.cases()) {
      SlideChangeFixtures.Found r = SlideChangeFixtures.detect(c);
      SlideChangeScoring s = SlideChangeScoring.score(c.changes(), r.changes(), 0.5);
      truth += s.truth;
      found += s.detected;
      matched += s.matched;
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %s |%n", c.name(), c.changes(), r.changes(),
          s.precision(), s.recall(), r.builds()));
    }
    sb.append(String.format(Locale.ROOT, "| all | %d | %d | %.2f | %.2f | |%n", truth, found,
        found == 0 ? 1.0 : matched / (double) found, truth == 0 ? 1.0 : matched / (double) truth));
    System.out.println(sb);
    assertTrue(truth > 0);
  }
}
