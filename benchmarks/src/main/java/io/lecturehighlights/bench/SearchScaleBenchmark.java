package io.lecturehighlights.bench;

import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.HybridSearch;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import io.lecturehighlights.transforms.search.Passages;
import io.lecturehighlights.transforms.search.SearchDocument;
import io.lecturehighlights.transforms.search.SearchIndex;
import io.lecturehighlights.transforms.search.SearchMode;
import io.lecturehighlights.transforms.search.SearchQuery;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Search at the size of an archive: how fast the model embeds (per core), how fast the index grows, how big it gets
 * per lecture-hour, and how long a query takes over {@code --chunks} topic chunks (100,000 by default: ~3,300
 * lectures, a large university's few years of recordings).
 *
 * <p>Real parts: the physics lectures of {@code --dir} go through production content analysis and chunking
 * ({@link SearchBenchmark#corpus}) and every one of their passages is embedded by the production model, timed; the
 * queries are the bundled query set, embedded by the real model at query time and ranked by the production
 * {@link HybridSearch}; the index is written by the production {@link SearchIndex#replaceJobs}, a few hundred
 * lectures per commit as batches arrive.
 *
 * <p>Generated parts, and why: embedding 100,000 chunks (~450,000 passages) would take this machine hours, and the
 * measured throughput already says what that costs. So the generated lectures copy a real lecture's chunks (titles,
 * key terms, durations) with about a third of their words swapped for words of other chunks (so term statistics are
 * not 100 identical copies), and each generated passage gets a real passage's vector plus a little noise (cosine
 * ~0.98 to it): the HNSW graph sees the real vectors' distribution, clustered by topic, but a vector is not the
 * meaning of its passage. This measures speed and size, not quality ({@link SearchBenchmark} measures quality).
 */
public final class SearchScaleBenchmark {
  private static final double NOISE = 0.01;
  private final PrintStream out;

  public SearchScaleBenchmark(PrintStream out) {
    this.out = out;
  }

  /**
   * @param chunks how many topic chunks the generated archive has
   * @param lecturesPerCommit lectures per index update (a batch's worth)
   * @param repeats how many times each query is timed in each mode
   * @param e2eCpuSeconds the CPU seconds of a 60-minute lecture end to end, for the embedding stage's share
   */
  public int run(Path dir, List<String> queryLines, int chunks, int lecturesPerCommit, int repeats,
      double e2eCpuSeconds, long seed) throws IOException {
    Path work = Files.createTempDirectory("lhx-bench-search-scale-");
    try {
      SearchBenchmark.Corpus corpus = SearchBenchmark.corpus(dir, work);
      if (corpus == null) {
        out.println("no *.ref or *.dev transcripts in " + dir);
        return 2;
      }
      List<SearchBenchmark.Query> queries;
      try {
        queries = SearchBenchmark.readQueries(queryLines, corpus.segments());
      } catch (SearchBenchmark.BadQueries e) {
        out.println("lhx bench search-scale: the query file: " + e.getMessage());
        return 2;
      }
      List<SearchDocument> real = corpus.docs().values().stream().flatMap(List::stream).toList();
      double realHours = corpus.audioSeconds() / 3600;
      out.printf(Locale.ROOT, "Corpus: %s, %d lectures, %.1f lecture-hours, %d topic chunks%n", dir,
          corpus.docs().size(), realHours, real.size());

      float[][] vectors = embedding(real, realHours, e2eCpuSeconds);

      Map<String, List<SearchDocument>> archive = generate(corpus, chunks, new Random(seed));
      double hours = archive.values().stream().flatMap(List::stream).mapToDouble(d -> d.end() - d.start()).sum()
          / 3600;
      Path index = work.resolve(SearchIndex.FOLDER);
      ChunkEmbedder nearby = new NearbyVectors(vectors, seed);
      List<String> jobs = new ArrayList<>(archive.keySet());
      long t0 = System.nanoTime();
      int passages = 0;
      for (int from = 0; from < jobs.size(); from += lecturesPerCommit) {
        Map<String, List<SearchDocument>> batch = new LinkedHashMap<>();
        for (String job : jobs.subList(from, Math.min(jobs.size(), from + lecturesPerCommit))) {
          batch.put(job, archive.get(job));
        }
        passages += SearchIndex.replaceJobs(index, batch, nearby).passages();
      }
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      long bytes = SearchBenchmark.size(index);
      out.printf(Locale.ROOT, "Archive: %d generated lectures, %d topic chunks, %d passages, %.0f lecture-hours%n",
          jobs.size(), chunks, passages, hours);
      out.printf(Locale.ROOT, "Index build (without embedding; %d lectures per commit): %.1f s, %.0f chunks/s, %.0f "
              + "passages/s%n", lecturesPerCommit, buildSeconds, chunks / buildSeconds, passages / buildSeconds);
      out.printf(Locale.ROOT, "Index size: %.0f MB, %.2f MB per lecture-hour%n", bytes / 1e6, bytes / 1e6 / hours);

      try (HybridSearch search = HybridSearch.open(index, MiniLmEmbedder.shared())) {
        if (search.size() != chunks) {
          out.printf(Locale.ROOT, "lhx bench search-scale: the index holds %d chunks, not %d%n", search.size(), chunks);
          return 1;
        }
        List<String> courses = archive.values().stream().map(l -> l.get(0).course()).distinct().toList();
        Random pick = new Random(seed + 1);
        for (SearchBenchmark.Query q : queries) {
          search.search(SearchQuery.of(q.text(), SearchMode.HYBRID, 10));
        }
        out.printf(Locale.ROOT, "Queries over %d chunks: %d queries x %d, limit 10, after one warm-up pass%n", chunks,
            queries.size(), repeats);
        for (SearchMode mode : List.of(SearchMode.LEXICAL, SearchMode.SEMANTIC, SearchMode.HYBRID)) {
          time(search, queries, repeats, mode, null);
        }
        time(search, queries, repeats, SearchMode.HYBRID, () -> courses.get(pick.nextInt(courses.size())));
      }
      out.println("Load average at the end (1, 5, 15 min): " + loadAverage()
          + " (other processes on the host slow every figure above)");
      return 0;
    } finally {
      SearchBenchmark.delete(work);
    }
  }

  /** Embeds every real passage with the production model, timing it; their vectors, one per passage. */
  private float[][] embedding(List<SearchDocument> real, double realHours, double e2eCpuSeconds) {
    List<String> texts = new ArrayList<>();
    for (SearchDocument d : real) {
      for (Passages.Passage p : Passages.of(d)) {
        texts.add(p.text());
      }
    }
    MiniLmEmbedder model = MiniLmEmbedder.shared();
    model.embed(List.of("warm up the model"));
    // One passage at a time: the latency a single embedding call sees.
    int single = Math.min(200, texts.size());
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    for (String t : texts.subList(0, single)) {
      model.embed(List.of(t));
    }
    double singleWall = (System.nanoTime() - t0) / 1e9;
    double singleCpu = (processCpuNanos() - cpu0) / 1e9;
    // All of them as the indexer does (a batch per chunk, spread over the cores by LangChain4j).
    cpu0 = processCpuNanos();
    t0 = System.nanoTime();
    List<float[]> vectors = new ArrayList<>();
    for (SearchDocument d : real) {
      vectors.addAll(Arrays.asList(model.embed(Passages.of(d).stream().map(Passages.Passage::text).toList())));
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(Locale.ROOT, "Embedding (%s, %d cores): one at a time %.1f ms a passage (%.1f CPU-ms); as the indexer "
            + "does, %d passages in %.1f s = %.1f passages/s, %.1f per CPU-second (per core)%n", model.name(), cores,
        singleWall * 1000 / single, singleCpu * 1000 / single, texts.size(), wall, texts.size() / wall,
        texts.size() / cpu);
    double perHourCpu = cpu / realHours;
    out.printf(Locale.ROOT, "Embedding per lecture-hour: %.0f passages, %.1f s wall, %.1f CPU-s = %.2f %% of a "
            + "60-minute lecture's %.0f CPU-s end to end (--e2e-cpu-seconds)%n", texts.size() / realHours,
        wall / realHours, perHourCpu, 100 * perHourCpu / e2eCpuSeconds, e2eCpuSeconds);
    return vectors.toArray(new float[0][]);
  }

  private interface CoursePicker {
    String next();
  }

  private void time(HybridSearch search, List<SearchBenchmark.Query> queries, int repeats, SearchMode mode,
      CoursePicker course) throws IOException {
    long[] nanos = new long[queries.size() * repeats];
    int i = 0;
    for (int r = 0; r < repeats; r++) {
      for (SearchBenchmark.Query q : queries) {
        SearchQuery sq = new SearchQuery(q.text(), mode, course == null ? null : course.next(), null, null, 10);
        long t0 = System.nanoTime();
        if (search.search(sq).isEmpty() && course == null) {
          throw new IllegalStateException("no result for \"" + q.text() + "\" over the whole archive");
        }
        nanos[i++] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(nanos);
    out.printf(Locale.ROOT, "  %-8s%s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms%n", mode.name().toLowerCase(Locale.ROOT),
        course == null ? "" : " (one course)", nanos[nanos.length / 2] / 1e6,
        nanos[(int) Math.ceil(nanos.length * 0.95) - 1] / 1e6, nanos[nanos.length - 1] / 1e6);
  }

  /**
   * An archive of about {@code chunks} chunks: lectures copied from the real ones (chunk titles, key terms, times),
   * about a third of each chunk's words replaced by a run of another chunk's, spread over 40 courses and 6 semesters.
   */
  static Map<String, List<SearchDocument>> generate(SearchBenchmark.Corpus corpus, int chunks, Random random) {
    List<List<SearchDocument>> lectures = new ArrayList<>(corpus.docs().values());
    List<SearchDocument> all = lectures.stream().flatMap(List::stream).toList();
    Map<String, List<SearchDocument>> out = new LinkedHashMap<>();
    int made = 0;
    for (int n = 0; made < chunks; n++) {
      List<SearchDocument> template = lectures.get(random.nextInt(lectures.size()));
      String job = String.format(Locale.ROOT, "gen-%05d", n);
      String course = String.format(Locale.ROOT, "COURSE %02d", random.nextInt(40));
      String semester = String.format(Locale.ROOT, "term-%d", random.nextInt(6));
      List<SearchDocument> docs = new ArrayList<>();
      for (SearchDocument t : template) {
        if (made == chunks) {
          break;
        }
        String text = mix(t.text(), all.get(random.nextInt(all.size())).text(), random);
        docs.add(new SearchDocument(job + "#" + docs.size(), job, "Generated lecture " + n, course, semester,
            t.start(), t.end(), t.topicTitle(), t.keywords(), text, t.slideText(), null, 0, job + "/report.html"));
        made++;
      }
      out.put(job, docs);
    }
    return out;
  }

  /** The text with a run of 25 words in every three replaced by a run of the other text's words. */
  static String mix(String text, String other, Random random) {
    String[] words = text.isBlank() ? new String[0] : text.trim().split("\\s+");
    String[] others = other.isBlank() ? new String[0] : other.trim().split("\\s+");
    if (others.length < 25) {
      return text;
    }
    // In each stretch of 75 words, 25 in a row from a random place of the other text, at a random place.
    for (int from = 0; from + 25 <= words.length; from += 75) {
      int to = from + random.nextInt(Math.min(51, words.length - from - 24));
      System.arraycopy(others, random.nextInt(others.length - 24), words, to, 25);
    }
    return String.join(" ", words);
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Gives each passage a real passage's vector plus noise, chosen from its text's hash (the same text always gets
   * the same vector), under the real model's name so that queries embedded by the real model can search the index.
   */
  static final class NearbyVectors implements ChunkEmbedder {
    private final float[][] real;
    private final long seed;

    NearbyVectors(float[][] real, long seed) {
      this.real = real;
      this.seed = seed;
    }

    @Override
    public String name() {
      return MiniLmEmbedder.NAME;
    }

    @Override
    public int dimensions() {
      return real[0].length;
    }

    @Override
    public float[][] embed(List<String> texts) {
      float[][] out = new float[texts.size()][];
      for (int i = 0; i < out.length; i++) {
        Random r = new Random(seed * 31 + texts.get(i).hashCode());
        float[] v = real[r.nextInt(real.length)].clone();
        for (int k = 0; k < v.length; k++) {
          v[k] += (float) (r.nextGaussian() * NOISE);
        }
        out[i] = ChunkEmbedder.normalize(v);
      }
      return out;
    }
  }
}
