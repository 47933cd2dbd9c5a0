package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.content.ReferenceSegmentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lhx bench search} on small transcripts with planted topics, and its hit rule. */
class BenchSearchCommandTest {
  private static final String[][] TOPICS = {
    {"pendulum", "oscillation", "period", "amplitude", "frequency", "spring"},
    {"photosynthesis", "chlorophyll", "leaf", "sunlight", "glucose", "plant"},
    {"recursion", "function", "stack", "compiler", "variable", "pointer"},
  };

  private static void write(Path file, int first) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < TOPICS.length; k++) {
      String[] topic = TOPICS[(first + k) % TOPICS.length];
      lines.add("==========");
      for (int i = 0; i < 40; i++) {
        lines.add("The " + topic[i % 6] + " and the " + topic[(i + 2) % 6] + " with a " + topic[(i + 3) % 6] + " .");
      }
    }
    lines.add("==========");
    Files.write(file, lines);
  }

  @Test
  void reportsEveryModeByKindAndEndsWithTheDefaultModesLine(@TempDir Path dir) throws Exception {
    write(dir.resolve("A01.ref"), 0);
    write(dir.resolve("A02.ref"), 1);
    Path queries = dir.resolve("q.jsonl");
    Files.writeString(queries, String.join("\n",
        "{\"query\": \"chlorophyll glucose\", \"kind\": \"exact\", \"relevant\": [{\"lecture\": \"A01.ref\", \"segment\": 1}, {\"lecture\": \"A02.ref\", \"segment\": 0}]}",
        "{\"query\": \"compiler stack pointer\", \"kind\": \"exact\", \"relevant\": [{\"lecture\": \"A01.ref\", \"segment\": 2}, {\"lecture\": \"A02.ref\", \"segment\": 1}]}",
        "{\"query\": \"how green leaves turn light into sugar\", \"kind\": \"paraphrase\", \"relevant\": [{\"lecture\": \"A01.ref\", \"segment\": 1}, {\"lecture\": \"A02.ref\", \"segment\": 0}]}",
        ""));
    String[] r = LhxRun.run("bench", "search", "--dir", dir.toString(), "--queries", queries.toString(), "--mode",
        "lexical");
    assertEquals("0", r[0], r[1] + r[2]);
    String[] lines = r[1].strip().split("\\R");
    assertTrue(r[1].contains("2 lectures"), r[1]);
    assertTrue(r[1].contains("Queries: 3 (2 exact, 1 paraphrase)"), r[1]);
    for (String mode : List.of("lexical ", "semantic", "hybrid  ")) {
      String line = java.util.Arrays.stream(lines).filter(l -> l.startsWith(mode + " all: ")).findFirst().orElse("");
      assertTrue(line.matches(".* \\| exact: recall@1=\\d\\.\\d{3} recall@5=\\d\\.\\d{3} mrr@10=\\d\\.\\d{3} \\| "
          + "paraphrase: recall@1=.*"), r[1]);
    }
    // The exact-term queries find their segment first lexically: the chunks are the planted topics.
    assertTrue(r[1].contains("lexical  all: recall@1=") && r[1].contains("| exact: recall@1=1.000 recall@5=1.000 mrr@10=1.000"), r[1]);
    assertEquals("default mode: lexical", lines[lines.length - 2]);
    assertTrue(lines[lines.length - 1].matches("recall@1=\\d\\.\\d{3} recall@5=\\d\\.\\d{3} mrr@10=\\d\\.\\d{3}"),
        lines[lines.length - 1]);
    assertTrue(lines[1].startsWith("Index: built in"), r[1]);
  }

  @Test
  void searchScaleBuildsAnArchiveOfTheAskedSizeAndTimesEveryMode(@TempDir Path dir) throws Exception {
    write(dir.resolve("A01.ref"), 0);
    write(dir.resolve("A02.ref"), 1);
    Path queries = dir.resolve("q.jsonl");
    Files.writeString(queries, "{\"query\": \"chlorophyll glucose\", \"relevant\": [{\"lecture\": \"A01.ref\", "
        + "\"segment\": 1}]}\n");
    String[] r = LhxRun.run("bench", "search-scale", "--dir", dir.toString(), "--queries", queries.toString(),
        "--chunks", "50", "--lectures-per-commit", "4", "--repeats", "2");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains(" 50 topic chunks, "), r[1]);
    assertTrue(r[1].matches("(?s).*Embedding per lecture-hour: \\d+ passages, .* %.*"), r[1]);
    assertTrue(r[1].matches("(?s).*Index size: \\d+ MB, \\d+\\.\\d{2} MB per lecture-hour.*"), r[1]);
    for (String mode : List.of("lexical ", "semantic", "hybrid  ", "hybrid   (one course)")) {
      assertTrue(r[1].matches("(?s).*\n  " + java.util.regex.Pattern.quote(mode) + " p50 +\\d+\\.\\d ms  p95 .*"),
          mode + "\n" + r[1]);
    }
    assertEquals("2", LhxRun.run("bench", "search-scale", "--dir", dir.toString(), "--chunks", "0")[0]);
  }

  @Test
  void theGeneratedArchiveSwapsAThirdOfEachChunksWordsAndKeepsItsShape() {
    String text = String.join(" ", java.util.Collections.nCopies(150, "mine"));
    String other = String.join(" ", java.util.Collections.nCopies(60, "theirs"));
    String mixed = SearchScaleBenchmark.mix(text, other, new java.util.Random(3));
    String[] words = mixed.split(" ");
    assertEquals(150, words.length);
    assertEquals(50, java.util.Arrays.stream(words).filter(w -> w.equals("theirs")).count());
    float[][] real = {{1, 0, 0}, {0, 1, 0}};
    var nearby = new SearchScaleBenchmark.NearbyVectors(real, 1);
    float[] a = nearby.embed(List.of("some passage"))[0];
    assertEquals(1.0, io.lecturehighlights.transforms.search.ChunkEmbedder.cosine(a, a), 1e-5);
    assertTrue(Math.max(a[0], a[1]) > 0.99, java.util.Arrays.toString(a));
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(nearby.embed(List.of("some passage"))[0]));
  }

  @Test
  void aResultIsAHitWhenItHoldsTheSegmentsMiddleOrItsMiddleIsInside() {
    double[] segment = {100, 200};
    assertTrue(SearchBenchmark.isHit(140, 400, segment));
    assertTrue(SearchBenchmark.isHit(0, 390, segment), "contains 150, the segment's middle");
    assertTrue(SearchBenchmark.isHit(120, 140, segment), "its middle 130 is inside");
    assertFalse(SearchBenchmark.isHit(160, 400, segment), "middle 280 outside, 150 not contained");
    assertFalse(SearchBenchmark.isHit(0, 120, segment));
  }

  @Test
  void referenceSegmentsSpanTheirSentences(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("B.ref"), List.of("==========", "one two three four five", "six", "==========",
        "seven eight", "=========="));
    ReferenceSegmentation ref = ReferenceSegmentation.read(dir.resolve("B.ref"));
    List<double[]> spans = new ArrayList<>();
    var t = SearchBenchmark.timed(ref, spans);
    // 150 words a minute: 5 words 2 s; 1 word 1 s (at least); a 0.3 s breath after each.
    assertEquals(2.0, spans.get(0)[1], 1e-9);
    assertEquals(2.3, spans.get(1)[0], 1e-9);
    double[][] segs = SearchBenchmark.referenceSegments(ref, spans);
    assertEquals(2, segs.length);
    assertEquals(0.0, segs[0][0], 1e-9);
    assertEquals(3.3, segs[0][1], 1e-9);
    assertEquals(3.6, segs[1][0], 1e-9);
    assertEquals(t.getAudioSeconds(), segs[1][1] + 0.3, 1e-9);
  }

  @Test
  void unusableInputExitsWith2(@TempDir Path dir) throws Exception {
    assertEquals("2", LhxRun.run("bench", "search", "--dir", dir.resolve("none").toString())[0]);
    write(dir.resolve("A01.ref"), 0);
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"query\": \"x\", \"relevant\": [{\"lecture\": \"A01.ref\", \"segment\": 7}]}\n");
    String[] r = LhxRun.run("bench", "search", "--dir", dir.toString(), "--queries", bad.toString());
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("A01.ref has reference segments 0-2, not 7"), r[1]);
    assertEquals("2", LhxRun.run("bench", "search", "--dir", dir.toString(), "--queries",
        dir.resolve("missing.jsonl").toString())[0]);
    assertTrue(SearchBenchmark.bundledQueries().size() >= 40);
    assertTrue(SearchBenchmark.readQueries(List.of("{\"query\": \"q\", \"relevant\": [{\"lecture\": \"L\", \"segment\": 0}]}"),
        Map.of("L", new double[][] {{0, 1}})).get(0).kind().equals("unlabelled"));
  }
}
