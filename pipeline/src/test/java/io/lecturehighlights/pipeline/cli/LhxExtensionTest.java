package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Without the benchmarks module on the class path (this module's tests, the job jar) lhx bench says where it is. */
class LhxExtensionTest {
  @Test
  void benchWithoutTheBenchmarksModuleSaysWhereItIs() {
    for (String[] args : new String[][] {{"bench"}, {"bench", "media", "--help"}}) {
      String[] r = LhxRun.run(args);
      assertEquals("2", r[0], r[1] + r[2]);
      assertTrue(r[2].contains("lhx bench is not in this jar") && r[2].contains("benchmarks/target/lhx.jar"), r[2]);
    }
    String help = LhxRun.run("--help")[1];
    assertFalse(help.contains("bench"), help);
    assertTrue(help.contains("retry-failed") && help.contains("help"), help);
  }
}
