package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.pipeline.serve.ServeApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** lhx serve refuses unusable settings with exit 2 and the reason, before it listens; the defaults are safe. */
class ServeCommandTest {
  @TempDir Path tmp;

  private static String refused(String... args) {
    String[] r = LhxRun.run(args);
    assertEquals("2", r[0], r[1] + r[2]);
    return r[2];
  }

  @Test
  void unusableInputExitsWith2AndSaysWhy() {
    assertTrue(refused("serve", "--output", tmp.resolve("nowhere").toString()).contains("no output folder"));
    assertTrue(refused("serve", "--output", "s3://bucket/results").contains("not a local folder"));
    assertTrue(refused("serve", "--output", tmp.toString(), "--port", "70000").contains("--port"));
    assertTrue(refused("serve", "--output", tmp.toString(), "--bind", "no-such-host.invalid").contains("--bind"));
    assertTrue(refused("serve", "--output", tmp.toString(), "--token-env", "LHX_TEST_UNSET_TOKEN_VAR")
        .contains("LHX_TEST_UNSET_TOKEN_VAR is not set"));
    assertTrue(refused("serve", "--output", tmp.toString(), "--presign-expiry-minutes", "0")
        .contains("--presign-expiry-minutes"));
    assertTrue(refused("serve", "--output", tmp.toString(), "--presign-expiry-minutes", "10081")
        .contains("between 1 and 10080"));
  }

  @Test
  void defaultsListOnLoopbackOn8080WithoutAToken() {
    ServeCommand cmd = new ServeCommand();
    new CommandLine(cmd).parseArgs("--output", tmp.toString());
    ServeApp.Settings s = cmd.settings();
    assertEquals("127.0.0.1", s.bind());
    assertEquals(8080, s.port());
    assertNull(s.token());
    assertEquals(60, s.s3().expiry().toMinutes());
    assertTrue(s.toString().contains("token=none"));
  }
}
