package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lhx bench media} on one case and one-minute long files: the table, the CLI reference and the summary. */
class BenchMediaCommandTest {
  @Test
  void benchMediaReportsCasesAndLongValidation(@TempDir Path work) {
    String[] r = LhxRun.run("bench", "media", "--case", "^pal-4x3", "--long-minutes", "1", "--work-dir",
        work.toString());
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("| pal-4x3-sar-h264 | 720x576 | ok |"), r[1]);
    assertTrue(r[1].contains("| long.ts |") && r[1].contains("| long-no-xing.mp3 |"), r[1]);
    assertTrue(r[1].contains("summary: media matrix 1 of 1 cases ok"), r[1]);
    assertTrue(LhxRun.run("bench", "--help")[1].contains("media"));
  }
}
