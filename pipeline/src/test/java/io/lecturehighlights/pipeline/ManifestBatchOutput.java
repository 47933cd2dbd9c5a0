package io.lecturehighlights.pipeline;

import io.lecturehighlights.pipeline.cli.Lhx;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The batch over the committed manifest (good lectures, every malformed file, a missing file, an unsafe path) on
 * embedded Flink, run once per test JVM: {@link BatchOnEmbeddedFlinkIT} checks what it wrote, and the lhx serve ITs
 * serve it (a real output folder with reports, clips and a search index, for no second batch). Read-only for its
 * users; deleted when the JVM exits.
 */
public final class ManifestBatchOutput {
  private static Path out;

  private ManifestBatchOutput() {}

  /** The output folder of the manifest batch, running the batch on the first call. */
  public static synchronized Path folder() throws IOException {
    if (out == null) {
      Path root = Files.createTempDirectory("lhx-manifest-batch-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
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
