package io.lecturehighlights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.content.OfflineContentAnalyzer;
import io.lecturehighlights.transforms.content.ReferenceSegmentation;
import io.lecturehighlights.transforms.content.TopicChunks;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.HybridSearch;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import io.lecturehighlights.transforms.search.OutputIndexer;
import io.lecturehighlights.transforms.search.SearchDocument;
import io.lecturehighlights.transforms.search.SearchHit;
import io.lecturehighlights.transforms.search.SearchIndex;
import io.lecturehighlights.transforms.search.SearchMode;
import io.lecturehighlights.transforms.search.SearchQuery;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Retrieval quality of search on lectures with human topic boundaries (the Choi format of the physics-lecture
 * corpus). Each lecture becomes a transcript timed at 150 words a minute (a sentence per segment, as
 * {@link SegmentationBenchmark} times them, but with no slide changes: they would give away the boundaries), goes
 * through the production content analysis ({@link OfflineContentAnalyzer}) and chunker ({@link TopicChunks}), is
 * indexed by the production indexer ({@link OutputIndexer#document}, {@link SearchIndex#replaceJobs}) and queried
 * through the production ranking ({@link HybridSearch}) in each mode. A result is a hit when it is of the lecture
 * of a relevant reference segment and contains that segment's middle, or its own middle lies inside the segment.
 * recall@k is the share of queries with a hit in the first k results; mrr@10 the mean of 1/rank of the first hit
 * (0 past 10).
 */
public final class SearchBenchmark {
  static final List<String> KINDS = List.of("exact", "paraphrase");
  private final PrintStream out;

  public SearchBenchmark(PrintStream out) {
    this.out = out;
  }

  /** A query of the set: text, kind, and the relevant (lecture, reference segment) pairs. */
  record Query(String text, String kind, List<Relevant> relevant) {}

  record Relevant(String lecture, int segment) {}

  /** Scores of a list of queries. */
  record Scores(int n, double r1, double r5, double mrr10) {
    String line() {
      return String.format(Locale.ROOT, "recall@1=%.3f recall@5=%.3f mrr@10=%.3f", r1, r5, mrr10);
    }
  }

  /** Thrown for an unusable query file (exit 2). */
  static final class BadQueries extends Exception {
    BadQueries(String message) {
      super(message);
    }
  }

  static List<Query> readQueries(List<String> lines, Map<String, double[][]> segments) throws BadQueries {
    List<Query> queries = new ArrayList<>();
    int no = 0;
    for (String line : lines) {
      no++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = Json.MAPPER.readTree(line);
      } catch (IOException e) {
        throw new BadQueries("line " + no + ": not JSON: " + e.getMessage());
      }
      String text = n.path("query").asText("");
      if (text.isBlank() || !n.path("relevant").isArray() || n.path("relevant").isEmpty()) {
        throw new BadQueries("line " + no + ": needs \"query\" and a non-empty \"relevant\" list");
      }
      List<Relevant> rel = new ArrayList<>();
      for (JsonNode r : n.path("relevant")) {
        String lecture = r.path("lecture").asText("");
        int segment = r.path("segment").asInt(-1);
        double[][] spans = segments.get(lecture);
        if (spans == null) {
          throw new BadQueries("line " + no + ": no lecture " + lecture + " in the folder");
        }
        if (segment < 0 || segment >= spans.length) {
          throw new BadQueries("line " + no + ": " + lecture + " has reference segments 0-" + (spans.length - 1)
              + ", not " + r.path("segment"));
        }
        rel.add(new Relevant(lecture, segment));
      }
      queries.add(new Query(text, n.path("kind").asText("unlabelled"), rel));
    }
    if (queries.isEmpty()) {
      throw new BadQueries("no queries");
    }
    return queries;
  }

  public int run(Path dir, List<String> queryLines, SearchMode defaultMode, int rrfK) throws IOException {
    return run(dir, queryLines, defaultMode, rrfK, List.of(), false);
  }

  /**
   * @param otherKs more values of RRF's k to report hybrid at, from the same index (for tuning)
   * @param verbose also print each query's rank of its first hit in each mode
   */
  public int run(Path dir, List<String> queryLines, SearchMode defaultMode, int rrfK, List<Integer> otherKs,
      boolean verbose) throws IOException {
    Path work = Files.createTempDirectory("lhx-bench-search-");
    try {
      Corpus corpus = corpus(dir, work);
      if (corpus == null) {
        out.println("no *.ref or *.dev transcripts in " + dir);
        return 2;
      }
      Map<String, double[][]> segments = corpus.segments();
      Map<String, List<SearchDocument>> docs = corpus.docs();
      List<Query> queries;
      try {
        queries = readQueries(queryLines, segments);
      } catch (BadQueries e) {
        out.println("lhx bench search: the query file: " + e.getMessage());
        return 2;
      }
      ChunkEmbedder model = MiniLmEmbedder.shared();
      model.embed(List.of("warm up the model"));
      Path index = work.resolve(SearchIndex.FOLDER);
      SearchIndex.Update u = SearchIndex.replaceJobs(index, docs, model);
      int chunks = u.documents();
      double audioSeconds = corpus.audioSeconds();
      out.printf(Locale.ROOT, "Search over %s: %d lectures, %d words (%.1f lecture-hours at 150 words/min), %d topic "
              + "chunks (production segmenter and chunker, %.1f s), %d passages%n", dir, docs.size(), corpus.words(),
          audioSeconds / 3600, chunks, corpus.analysisNanos() / 1e9, u.passages());
      out.printf(Locale.ROOT, "Index: built in %.1f s, of which embedding %.1f s (%.1f ms per passage, %s, %d "
              + "threads); %.1f MB on disk (%.1f MB per lecture-hour)%n", u.totalMillis() / 1000.0,
          u.embedMillis() / 1000.0, (double) u.embedMillis() / Math.max(1, u.passages()), model.name(),
          Runtime.getRuntime().availableProcessors(), size(index) / 1e6, size(index) / 1e6 / (audioSeconds / 3600));
      out.printf(Locale.ROOT, "Queries: %d (%s) from the query file; RRF k=%d%n", queries.size(),
          String.join(", ", KINDS.stream().map(k -> queries.stream().filter(q -> q.kind().equals(k)).count() + " " + k)
              .toList()), rrfK);
      out.println();
      Map<SearchMode, Scores> all = new LinkedHashMap<>();
      Map<String, int[]> perQuery = new LinkedHashMap<>();
      for (int k : otherKs) {
        try (HybridSearch search = HybridSearch.open(index, model, k)) {
          Map<String, List<Integer>> ranks = new LinkedHashMap<>();
          for (Query q : queries) {
            int rank = firstHit(search.search(SearchQuery.of(q.text(), SearchMode.HYBRID, 10)), q, segments);
            ranks.computeIfAbsent("all", x -> new ArrayList<>()).add(rank);
            ranks.computeIfAbsent(q.kind(), x -> new ArrayList<>()).add(rank);
          }
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "(hybrid, k=%d) all: %s", k,
              scores(ranks.get("all")).line()));
          ranks.forEach((kind, r) -> {
            if (!kind.equals("all")) {
              line.append(" | ").append(kind).append(": ").append(scores(r).line());
            }
          });
          out.println(line);
        }
      }
      try (HybridSearch search = HybridSearch.open(index, model, rrfK)) {
        for (SearchMode mode : List.of(SearchMode.LEXICAL, SearchMode.SEMANTIC, SearchMode.HYBRID)) {
          Map<String, List<Integer>> ranks = new LinkedHashMap<>();
          long[] nanos = new long[queries.size()];
          for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            long t0 = System.nanoTime();
            List<SearchHit> hits = search.search(SearchQuery.of(q.text(), mode, 10));
            nanos[i] = System.nanoTime() - t0;
            int rank = firstHit(hits, q, segments);
            ranks.computeIfAbsent("all", k -> new ArrayList<>()).add(rank);
            ranks.computeIfAbsent(q.kind(), k -> new ArrayList<>()).add(rank);
            perQuery.computeIfAbsent(q.kind() + " | " + q.text(), k -> new int[3])[mode.ordinal()] = rank;
          }
          Arrays.sort(nanos);
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s all: %s", mode.name()
              .toLowerCase(Locale.ROOT), scores(ranks.get("all")).line()));
          for (Map.Entry<String, List<Integer>> e : ranks.entrySet()) {
            if (!e.getKey().equals("all")) {
              line.append(" | ").append(e.getKey()).append(": ").append(scores(e.getValue()).line());
            }
          }
          line.append(String.format(Locale.ROOT, " | p50 %.0f ms", nanos[nanos.length / 2] / 1e6));
          out.println(line);
          all.put(mode, scores(ranks.get("all")));
        }
      }
      if (verbose) {
        out.println();
        out.println("rank of the first hit (0: none in 10), lexical / semantic / hybrid:");
        perQuery.forEach((q, r) -> out.printf(Locale.ROOT, "  %2d %2d %2d  %s%n", r[0], r[1], r[2], q));
      }
      out.println();
      out.println("default mode: " + defaultMode.name().toLowerCase(Locale.ROOT));
      out.println(all.get(defaultMode).line());
      return 0;
    } finally {
      delete(work);
    }
  }

  /**
   * The lectures of a Choi-format folder as production makes them searchable: each reference segment's span, and
   * the topic chunks as search documents (production segmenter, chunker and indexer's document); null when the folder
   * has no transcripts.
   */
  record Corpus(Map<String, double[][]> segments, Map<String, List<SearchDocument>> docs, double audioSeconds,
      int words, long analysisNanos) {}

  static Corpus corpus(Path dir, Path work) throws IOException {
    List<Path> files = ReferenceSegmentation.list(dir);
    if (files.isEmpty()) {
      return null;
    }
    Map<String, double[][]> segments = new LinkedHashMap<>();
    Map<String, List<SearchDocument>> docs = new LinkedHashMap<>();
    long analysisNanos = 0;
    double audioSeconds = 0;
    int words = 0;
    for (Path f : files) {
      ReferenceSegmentation r = ReferenceSegmentation.read(f);
      List<double[]> spans = new ArrayList<>();
      Transcript t = timed(r, spans);
      audioSeconds += t.getAudioSeconds();
      words += r.sentences().stream().mapToInt(s -> s.split("\\s+").length).sum();
      segments.put(r.name(), referenceSegments(r, spans));
      long t0 = System.nanoTime();
      ContentSegments content = new OfflineContentAnalyzer().analyze(t, List.of(), List.of());
      LectureMetadata meta = LectureMetadata.newBuilder().setTitle(r.name()).setCourse("8.01").build();
      List<SearchDocument> ds = new ArrayList<>();
      for (TopicChunk c : TopicChunks.of(content, t, null, meta)) {
        ds.add(OutputIndexer.document(c, List.of(), work));
      }
      analysisNanos += System.nanoTime() - t0;
      docs.put(r.name(), ds);
    }
    return new Corpus(segments, docs, audioSeconds, words, analysisNanos);
  }

  /** 1-based rank of the first hit in the results, 0 when none. */
  static int firstHit(List<SearchHit> hits, Query q, Map<String, double[][]> segments) {
    for (int i = 0; i < hits.size(); i++) {
      SearchDocument d = hits.get(i).document();
      for (Relevant r : q.relevant()) {
        if (d.jobId().equals(r.lecture()) && isHit(d.start(), d.end(), segments.get(r.lecture())[r.segment()])) {
          return i + 1;
        }
      }
    }
    return 0;
  }

  /** The result contains the segment's middle, or the result's middle lies inside the segment. */
  static boolean isHit(double start, double end, double[] segment) {
    double segmentMiddle = (segment[0] + segment[1]) / 2;
    double middle = (start + end) / 2;
    return (start <= segmentMiddle && segmentMiddle <= end) || (segment[0] <= middle && middle <= segment[1]);
  }

  static Scores scores(List<Integer> ranks) {
    double r1 = 0;
    double r5 = 0;
    double mrr = 0;
    for (int rank : ranks) {
      r1 += rank == 1 ? 1 : 0;
      r5 += rank >= 1 && rank <= 5 ? 1 : 0;
      mrr += rank >= 1 && rank <= 10 ? 1.0 / rank : 0;
    }
    int n = ranks.size();
    return new Scores(n, r1 / n, r5 / n, mrr / n);
  }

  /** The lecture as a transcript, a segment per sentence timed by its word count; each sentence's span. */
  static Transcript timed(ReferenceSegmentation r, List<double[]> spans) {
    List<TranscriptSegment> segs = new ArrayList<>();
    double t = 0;
    for (String s : r.sentences()) {
      double d = Math.max(1.0, s.split("\\s+").length / SegmentationBenchmark.WORDS_PER_SECOND);
      segs.add(TranscriptSegment.newBuilder().setStart(t).setEnd(t + d).setText(s).build());
      spans.add(new double[] {t, t + d});
      // A short breath between sentences, as SegmentationBenchmark.longTranscript.
      t += d + 0.3;
    }
    return Transcript.newBuilder().setJobId(r.name()).setEngine("corpus").setSegments(segs)
        .setWords(new ArrayList<>()).setAudioSeconds(t).build();
  }

  /** Each reference segment's span: its first sentence's start to its last sentence's end. */
  static double[][] referenceSegments(ReferenceSegmentation r, List<double[]> spans) {
    int[] b = r.boundaries();
    double[][] out = new double[b.length + 1][];
    for (int k = 0; k <= b.length; k++) {
      int first = k == 0 ? 0 : b[k - 1];
      int last = (k == b.length ? r.sentences().size() : b[k]) - 1;
      out[k] = new double[] {spans.get(first)[0], spans.get(last)[1]};
    }
    return out;
  }

  static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The query set for the physics lectures that ships with the benchmarks. */
  static List<String> bundledQueries() throws IOException {
    try (var in = SearchBenchmark.class.getResourceAsStream("/search/physics-queries.jsonl")) {
      if (in == null) {
        throw new IOException("search/physics-queries.jsonl is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
