package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lhx bench layout} end to end on a fixture: timings of both paths and the synthetic accuracy table. */
class BenchLayoutCommandTest {

  private static String[] run(String... args) {
    return LhxRun.run(args);
  }

  @Test
  void benchLayoutHasHelp() {
    String[] r = run("bench", "layout", "--help");
    assertEquals("0", r[0]);
    assertTrue(r[1].contains("--input") && r[1].contains("--shared-media"), r[1]);
    assertTrue(run("bench", "--help")[1].contains("layout"));
  }

  @Test
  void benchLayoutTimesBothPathsAndReportsAccuracy(@TempDir Path work) {
    Path td = Fixtures.testdata();
    String[] r = run("bench", "layout", "--input", td.resolve("lectures/lecture-letterboxed.mp4").toString(),
        "--runs", "1", "--testdata", td.toString(), "--shared-media", work.resolve("absent").toString(),
        "--work-dir", work.toString());
    assertEquals("0", r[0], r[1]);
    assertTrue(r[1].contains("| lhx layout stage") && r[1].contains("| ffmpeg -threads 1"), r[1]);
    assertTrue(r[1].contains("ratio lhx/ffmpeg"), r[1]);
    assertTrue(r[1].contains("| lecture-clean.mp4 | picture_in_picture | picture_in_picture |"), r[1]);
    assertTrue(r[1].contains("| lecture-noisy.mp4 | side_by_side | side_by_side |"), r[1]);
    assertTrue(r[1].contains("| lecture-audio-only.m4a | audio_only | audio_only |"), r[1]);
    assertTrue(r[1].contains("real media not found"), r[1]);
  }
}
