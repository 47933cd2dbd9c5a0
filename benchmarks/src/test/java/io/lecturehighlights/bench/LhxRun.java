package io.lecturehighlights.bench;

import io.lecturehighlights.pipeline.cli.Lhx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/**
 * Runs the lhx command line in this JVM and captures what it prints: {exit code, stdout, stderr}. lhx finds bench
 * the way the launcher's jar does, through this module's META-INF/services.
 */
final class LhxRun {
  private LhxRun() {}

  static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true));
    System.setErr(new PrintStream(e, true));
    try {
      int rc = Lhx.execute(args);
      return new String[] {Integer.toString(rc), o.toString(), e.toString()};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
