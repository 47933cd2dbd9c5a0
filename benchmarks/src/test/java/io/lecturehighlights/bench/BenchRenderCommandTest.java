package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lhx bench render} end to end on a fixture: both renderers timed, in both thread settings and in each clip
 * format, and the clip with layout switches against the clip without.
 */
class BenchRenderCommandTest {

  @Test
  void benchRenderHasHelp() {
    String[] r = LhxRun.run("bench", "render", "--help");
    assertEquals("0", r[0]);
    assertTrue(r[1].contains("--clip-seconds") && r[1].contains("--skip-memory"), r[1]);
    assertTrue(LhxRun.run("bench", "--help")[1].contains("render"));
  }

  @Test
  void benchRenderTimesBothRenderers(@TempDir Path work) {
    Path td = Fixtures.testdata();
    String[] r = LhxRun.run("bench", "render", "--input", td.resolve("lectures/lecture-clean.mp4").toString(),
        "--runs", "1", "--clip-seconds", "6", "--skip-memory", "--testdata", td.toString(),
        "--work-dir", work.toString());
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("layout picture_in_picture"), r[1]);
    assertTrue(r[1].contains("| FFmpeg default (codecs auto) |") && r[1].contains("| 1 codec thread"), r[1]);
    assertTrue(r[1].contains("lhx clip: 6.00 s, 720x1280"), r[1]);
    assertTrue(r[1].contains("ratio lhx/ffmpeg = ") && r[1].contains("summary: render ratio"), r[1]);
    // Each format next to the CLI, and all three from one decode against one.
    assertTrue(r[1].contains("| landscape | 1280x720 |") && r[1].contains("| square | 720x720 |")
        && r[1].contains("| vertical + landscape + square, one decode |"), r[1]);
    assertTrue(r[1].contains("three formats / vertical alone: lhx ") && r[1].contains("three formats "), r[1]);
    // The same clip with a layout switch inside each interval, against one layout.
    assertTrue(r[1].contains("| a switch to camera only inside each interval (5 switches) |")
        && r[1].contains("layout switches: ") && r[1].contains("5 layout switches "), r[1]);
  }
}
