package io.lecturehighlights.pipeline;

import io.lecturehighlights.pipeline.cli.Lhx;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The batch over the committed manifest (good lectures, every malformed file, a missing file, an unsafe path) on
 * embedded Flink, run once per test JVM: {@link BatchOnEmbeddedFlinkIT} checks what it wrote, and the lhx serve ITs
 * serve it (a real output folder with reports, clips and a search index, and the results database the same batch
 * wrote, for no second batch). Read-only for its users; deleted when the JVM exits.
 */
public final class ManifestBatchOutput {
  private static Path root;
  private static Path out;
  private static EmbeddedPostgres pg;
  private static DatabaseConfig database;

  private ManifestBatchOutput() {}

  /** The output folder of the manifest batch, running the batch on the first call. */
  public static synchronized Path folder() throws IOException {
    if (out == null) {
      root = Files.createTempDirectory("lhx-manifest-batch-");
      Runtime.getRuntime().addShutdownHook(new Thread(ManifestBatchOutput::cleanUp));
      Path o = root.resolve("out");
      int exit = Lhx.execute("batch", "--input", manifest().toString(), "--output", o.toString(),
          "--parallelism", "2", "--dashboard-port", "0", "--no-progress", "--work-dir", root.resolve("work").toString());
      if (exit != 0) {
        throw new IllegalStateException("the manifest batch exited with " + exit);
      }
      out = o;
    }
    return out;
  }

  /**
   * The results database the manifest batch wrote (lhx's embedded PostgreSQL in the batch's work folder): the same
   * server started again on that data once per JVM, after the batch, and stopped when the JVM exits.
   */
  public static synchronized DatabaseConfig database() throws IOException {
    folder();
    if (database == null) {
      pg = EmbeddedPostgres.builder().setDataDirectory(root.resolve("work").resolve("postgres"))
          .setCleanDataDirectory(false).start();
      database = new DatabaseConfig(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, 4);
    }
    return database;
  }

  private static synchronized void cleanUp() {
    if (pg != null) {
      try {
        pg.close();
      } catch (IOException e) {
        // the folder goes anyway
      }
    }
    delete(root);
  }

  public static Path manifest() {
    return Fixtures.testdata().resolve("manifest.jsonl");
  }

  private static void delete(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind
    }
  }
}
