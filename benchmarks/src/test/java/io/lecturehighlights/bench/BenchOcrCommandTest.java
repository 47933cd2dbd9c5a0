package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code lhx bench ocr} on a few generated slides: the table, the ETH line and the summary. */
class BenchOcrCommandTest {
  @Test
  void benchOcrReportsTitlesCerAndTiming() {
    Assumptions.assumeTrue(Files.isRegularFile(Path.of("/usr/share/tesseract-ocr/5/tessdata/eng.traineddata"))
        || System.getenv("TESSDATA_PREFIX") != null, "skipped: no Tesseract language data (tesseract-ocr-eng)");
    String[] r = LhxRun.run("bench", "ocr", "--slides", "^1280x720-sans-large");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("| all generated | 4 | "), r[1]);
    assertTrue(r[1].contains("summary: ocr generated titles "), r[1]);
    assertTrue(r[1].contains("Memory: process RSS"), r[1]);
    assertTrue(LhxRun.run("bench", "--help")[1].contains("ocr"));
    String[] bad = LhxRun.run("bench", "ocr", "--slides", "^1280x720-sans-large-light$", "--ocr-languages", "xyz");
    assertEquals("1", bad[0]);
    assertTrue(bad[1].contains("ocr-language-data-missing") && bad[1].contains("xyz.traineddata"), bad[1]);
  }
}
