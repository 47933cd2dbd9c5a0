package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lhx bench slides} without the long lectures, on one OCR slide and one recording, without the real media:
 * the slide-change table (generated cases and fixture lectures), the OCR table, the end-to-end row, the summary.
 */
class BenchSlidesCommandTest {
  @Test
  void benchSlidesHasHelpAndRefusesBadOptions() {
    String[] r = LhxRun.run("bench", "slides", "--help");
    assertEquals("0", r[0]);
    assertTrue(r[1].contains("--skip-long") && r[1].contains("--runs") && r[1].contains("--minutes"), r[1]);
    assertTrue(LhxRun.run("bench", "--help")[1].contains("  slides "));
    String[] bad = LhxRun.run("bench", "slides", "--runs", "0", "--testdata", Fixtures.testdata().toString());
    assertEquals("2", bad[0]);
    assertTrue(bad[2].contains("--runs must be at least 1"), bad[2]);
  }

  @Test
  void benchSlidesReportsChangesOcrAndSlidesFromVideo(@TempDir Path work) {
    Assumptions.assumeTrue(Files.isRegularFile(Path.of("/usr/share/tesseract-ocr/5/tessdata/eng.traineddata"))
        || System.getenv("TESSDATA_PREFIX") != null, "skipped: no Tesseract language data (tesseract-ocr-eng)");
    String[] r = LhxRun.run("bench", "slides", "--skip-long", "--slides", "^1280x720-sans-large-light$",
        "--videos", "^854x480", "--testdata", Fixtures.testdata().toString(), "--shared-media",
        work.resolve("absent").toString(), "--work-dir", work.toString());
    assertEquals("0", r[0], r[1] + r[2]);
    String out = r[1];
    assertTrue(out.contains("| case | kind | true changes | found | builds | precision | recall |"), out);
    assertTrue(out.contains("| hard cuts | generated frames | 5, 10 | "), out);
    assertTrue(out.contains("| lecture-clean.mp4 | generated lecture (picture_in_picture) | 6.8, 14.88, 26.28 | "), out);
    assertTrue(out.contains("real media not found"), out);
    assertTrue(out.contains("| **all** | | 17 | "), out);
    assertTrue(out.contains("| all generated | 1 | "), out);
    assertTrue(out.contains("| 854x480-small | mono small, dark_blue | 25 fps, 10 s | screen_only | 6 / "), out);
    assertTrue(out.contains("(long lectures skipped)"), out);
    String summary = out.substring(out.lastIndexOf("summary: "));
    assertTrue(summary.matches("(?s)summary: slides changes P \\d\\.\\d\\d R \\d\\.\\d\\d \\(17 true, \\d+ found\\); "
        + "ocr generated titles \\d/1 exact.*; ETH frame skipped; video titles \\d/6 exact, slide count right in "
        + "\\d/1 recordings;\\s*"), summary);
  }
}
