package io.lecturehighlights.transforms.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slide changes on real pixels (needs ../shared/testmedia; skipped with a message without it): the ETH lecture clips
 * as they are and with disturbances that are not slide changes ({@link RealSlideCases}). Every case must be exact
 * (each true change found within 0.5 s, nothing else reported as a change). Prints the table of docs/benchmarks.md.
 *
 * <p>Before the persistence rule (commit 16d90b0) the odd frame, the pointer crossing, the 1 s flash, the fade-ins
 * and the 1 s animation each added one or two false changes.
 */
class SlideChangeRealTest {
  @TempDir static Path dir;
  private static LayoutAnalyzer analyzer;

  @BeforeAll
  static void setUp() {
    analyzer = new LayoutAnalyzer(LayoutConfig.defaults());
  }

  @AfterAll
  static void tearDown() {
    analyzer.close();
  }

  @Test
  void realClipsAndDisturbances() throws Exception {
    Path eth = Fixtures.sharedMedia().resolve("video/opencast-eth-lecture");
    List<RealSlideCases.Case> cases = new ArrayList<>(RealSlideCases.originals(eth));
    cases.addAll(RealSlideCases.derived(eth, dir));
    StringBuilder table = new StringBuilder("\n| real clip | true changes | found | precision | recall | builds |\n"
        + "|---|---|---|---|---|---|\n");
    List<String> wrong = new ArrayList<>();
    int truth = 0;
    int found = 0;
    int matched = 0;
    for (RealSlideCases.Case c : cases) {
      LayoutAnalysis a = analyzer.analyze(c.file(), false);
      SlideChangeScoring s = SlideChangeScoring.score(c.changes(), a.slideChanges, 0.5);
      truth += s.truth;
      found += s.detected;
      matched += s.matched;
      table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %s |%n", c.name(), c.changes(),
          a.slideChanges, s.precision(), s.recall(), a.slideBuilds));
      if (!RegionFinder.SCREEN_ONLY.equals(a.type)) {
        wrong.add(c.name() + ": layout " + a); // no screen, no slide changes: the case would prove nothing
      } else if (s.matched != s.truth || s.detected != s.truth) {
        wrong.add(c.name() + ": " + s + " found " + a.slideChanges);
      }
    }
    table.append(String.format(Locale.ROOT, "| all | %d | %d | %.2f | %.2f | |%n", truth, found,
        found == 0 ? 1.0 : matched / (double) found, truth == 0 ? 1.0 : matched / (double) truth));
    System.out.println(table);
    assertEquals(List.of(), wrong);
  }
}
