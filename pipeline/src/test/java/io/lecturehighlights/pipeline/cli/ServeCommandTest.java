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

  private static void refusedSaying(String expected, String... args) {
    String err = refused(args);
    assertTrue(err.contains(expected), err);
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
  void databaseSettingsAreCheckedBeforeAnythingListens() throws Exception {
    refusedSaying("not a PostgreSQL JDBC URL", "serve", "--database", "postgres://db/lectures");
    refusedSaying("two databases", "serve", "--database", "jdbc:postgresql://a:5432/x", "--db-url",
        "jdbc:postgresql://b:5432/y");
    // With --database the folder is optional, but one that is named must be there.
    refusedSaying("no output folder", "serve", "--database", "--output", tmp.resolve("nowhere").toString());
    refusedSaying("leave --output out", "serve", "--database", "--output", "s3://bucket/results");
    // Nothing listens on port 1: the database is unreachable, said before the service starts.
    java.net.ServerSocket probe = new java.net.ServerSocket(0);
    int closed = probe.getLocalPort();
    probe.close();
    refusedSaying("cannot connect to PostgreSQL", "serve", "--database", "jdbc:postgresql://127.0.0.1:" + closed + "/lectures",
        "--port", "0");
  }

  @Test
  void withADatabaseTheDefaultFolderIsOptional() {
    ServeCommand cmd = new ServeCommand();
    new CommandLine(cmd).parseArgs("--database", "--output", tmp.toString());
    assertTrue(cmd.databaseMode());
    // Checked, not opened: the command opens the database and asks again with it.
    assertNull(cmd.settings(null));
    ServeCommand url = new ServeCommand();
    new CommandLine(url).parseArgs("--database=jdbc:postgresql://db:5432/lectures", "--output", tmp.toString());
    assertNull(url.settings(null));
    assertEquals("jdbc:postgresql://db:5432/lectures", url.databaseSettings.url);
    ServeCommand spaced = new ServeCommand();
    new CommandLine(spaced).parseArgs("--database", "jdbc:postgresql://db:5432/x", "--port", "0");
    assertEquals("jdbc:postgresql://db:5432/x", spaced.database);
    ServeCommand bare = new ServeCommand();
    new CommandLine(bare).parseArgs("--db-url", "jdbc:postgresql://db:5432/lectures");
    assertTrue(bare.databaseMode(), "a --db-url can only mean the database");
    ServeCommand folder = new ServeCommand();
    new CommandLine(folder).parseArgs("--output", tmp.toString());
    assertTrue(!folder.databaseMode());
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
