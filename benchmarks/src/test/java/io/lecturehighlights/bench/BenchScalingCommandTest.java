package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lhx bench scaling}: its options and how it refuses bad ones. The runs themselves take minutes (two batches
 * of long lectures in child JVMs): the benchmark is run by hand, see docs/benchmarks.md.
 */
class BenchScalingCommandTest {
  @Test
  void benchScalingHasHelpAndIsListed() {
    String[] r = LhxRun.run("bench", "scaling", "--help");
    assertEquals("0", r[0]);
    for (String option : new String[] {"--lectures", "--minutes", "--parallelism", "--archive-hours",
        "--taskmanagers", "--deadline-hours", "--render-threads", "--chunk-seconds", "--batch-arg"}) {
      assertTrue(r[1].contains(option), option + " missing in:\n" + r[1]);
    }
    assertTrue(LhxRun.run("bench", "--help")[1].contains("scaling"));
  }

  @Test
  void badSettingsAreRefusedBeforeAnythingRuns(@TempDir Path work) {
    String[] p0 = LhxRun.run("bench", "scaling", "--parallelism", "1,0", "--work-dir", work.toString());
    assertEquals("2", p0[0], p0[1] + p0[2]);
    assertTrue(p0[2].contains("must be at least 1"), p0[2]);
    String[] threads = LhxRun.run("bench", "scaling", "--render-threads", "many", "--work-dir", work.toString());
    assertEquals("2", threads[0], threads[1] + threads[2]);
    assertTrue(threads[2].contains("--render-threads must be"), threads[2]);
    String[] noTestdata = LhxRun.run("bench", "scaling", "--testdata", work.resolve("nowhere").toString(),
        "--work-dir", work.toString());
    assertEquals("2", noTestdata[0]);
    assertTrue(noTestdata[2].contains("no testdata/lectures found"), noTestdata[2]);
  }
}
