package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** lhx finds bench through this module's LhxExtension service, listed where it always was: before help. */
class BenchExtensionTest {
  @Test
  void lhxListsBenchAndEveryBenchmark() {
    String[] help = LhxRun.run("--help");
    assertEquals("0", help[0]);
    int bench = help[1].indexOf("  bench ");
    assertTrue(bench > help[1].indexOf("  retry-failed ") && bench < help[1].indexOf("  help "), help[1]);
    String[] r = LhxRun.run("bench", "--help");
    assertEquals("0", r[0], r[2]);
    for (String name : new String[] {"silence", "layout", "transcription", "segmentation", "render", "e2e", "scaling",
        "media", "ocr", "slides"}) {
      assertTrue(r[1].contains("  " + name + " "), name + " missing in:\n" + r[1]);
    }
  }
}
