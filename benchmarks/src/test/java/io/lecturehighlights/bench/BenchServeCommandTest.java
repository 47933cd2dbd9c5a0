package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import io.lecturehighlights.transforms.search.OutputIndexer;
import io.lecturehighlights.transforms.search.SearchOutputFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lhx bench serve} on a small indexed folder: the figures line, and errors counted and failing the run. */
class BenchServeCommandTest {
  @Test
  void reportsLatencyPercentilesThroughputAndNoErrors(@TempDir Path tmp) throws Exception {
    Path out = new SearchOutputFixture(tmp.resolve("out")).job("phys-l01", true)
        .chunk("phys-l01", "Mechanics", "PHYS101", "Fall 2026", 0, 120, "Second law", List.of("force"),
            "Force equals mass times acceleration: a heavier cart needs a bigger push.", "")
        .write();
    OutputIndexer.update(out, MiniLmEmbedder.shared());
    Path queries = tmp.resolve("q.jsonl");
    Files.writeString(queries, "{\"query\": \"force and mass\"}\n\n{\"query\": \"why a heavy cart is hard to push\"}\n");
    String[] r = LhxRun.run("bench", "serve", "--output", out.toString(), "--queries", queries.toString(),
        "--requests", "24", "--concurrency", "6", "--warmup", "2");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].matches("(?s).*serve search: 24 requests, 6 concurrent, 2 queries in turn, on \\d+ cores: "
        + "p50=\\d+ ms p95=\\d+ ms p99=\\d+ ms max=\\d+ ms, [0-9.]+ requests/s, errors=0\\n.*"), r[1]);
  }

  @Test
  void aFolderWithoutAnIndexIsRefused(@TempDir Path tmp) {
    String[] r = LhxRun.run("bench", "serve", "--output", tmp.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("has no search index"), r[2]);
  }

  @Test
  void nearestRankPercentiles() {
    long[] ms = new long[100];
    for (int i = 0; i < 100; i++) {
      ms[i] = (i + 1) * 1_000_000L;
    }
    assertEquals(50.0, ServeBenchmark.percentile(ms, 0.50));
    assertEquals(95.0, ServeBenchmark.percentile(ms, 0.95));
    assertEquals(100.0, ServeBenchmark.percentile(ms, 1.0));
    assertEquals(7.0, ServeBenchmark.percentile(new long[] {7_000_000L}, 0.95));
  }
}
