package io.lecturehighlights.transforms.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one ranking code path, for the command line, the benchmark and the web service, over either backend: the
 * embedded Lucene index ({@link #open(Path, ChunkEmbedder)}) or the results database
 * ({@link #open(DataSource, ChunkEmbedder)}). A backend ({@link SearchBackend}) lists candidates; everything else
 * happens here, once. Lexical: the backend's full-text ranking (BM25 in Lucene, {@code ts_rank_cd} in PostgreSQL),
 * every query term optional (an OR query: a chunk with more of the terms, and rarer ones, ranks higher; in hybrid, a
 * chunk needs half of the terms: {@link #minimumTerms}). Semantic: the query's embedding against every passage
 * vector, a chunk scored by its best passage. Hybrid: the two top-{@link #DEPTH} lists fused by
 * {@link ReciprocalRankFusion}. Filters (course, semester, lecture) restrict both halves before ranking, not after,
 * so a filtered search still fills its limit. A query is never parsed as query syntax: any text a person types is a
 * valid query.
 */
public final class HybridSearch implements AutoCloseable {
  /** How many of each half's best take part in the fusion. */
  static final int DEPTH = 100;

  private final SearchBackend backend;
  private final ChunkEmbedder embedder;
  private final Snippets snippets = new Snippets(SearchIndex.analyzer());
  private final int rrfK;

  HybridSearch(SearchBackend backend, ChunkEmbedder embedder, int rrfK) {
    this.backend = backend;
    this.embedder = embedder;
    this.rrfK = rrfK;
  }

  /**
   * Thrown when the query cannot be embedded (a cloud model without its key, or one that keeps failing); a lexical
   * search still works.
   */
  public static final class QueryNotEmbedded extends IOException {
    private final String reason;

    public QueryNotEmbedded(String message, ChunkEmbedder.EmbeddingException cause) {
      super(message, cause);
      this.reason = cause.reason();
    }

    /** The model's reason code: {@code missing_api_key}, {@code gemini_unavailable}, ... */
    public String reason() {
      return reason;
    }
  }

  /**
   * The folder's index, its queries embedded by the model the index was built with (recorded in the index), reached
   * as {@code settings} say: a Gemini index is searched with Gemini however this process is configured, and never
   * with another model. The model is made on the first query that needs it: a lexical search needs no API key.
   */
  public static HybridSearch open(Path dir, EmbeddingConfig settings) throws IOException {
    if (!SearchIndex.exists(dir)) {
      throw new NoIndex("no search index in " + dir);
    }
    DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir));
    String model = SearchIndex.modelOf(r);
    try {
      return new HybridSearch(new LuceneBackend(r), lazy(model == null ? MiniLmEmbedder.NAME : model, settings),
          ReciprocalRankFusion.DEFAULT_K);
    } catch (IllegalArgumentException e) {
      r.close();
      throw new NoIndex("the search index " + dir + " was built with " + e.getMessage());
    }
  }

  /**
   * The results database, its queries embedded by the model most of its embedded chunks were embedded with (a
   * database whose batches changed model holds two); chunks of any other model, or none, take part in the lexical
   * half only: vectors of two models are never compared.
   */
  public static HybridSearch open(DataSource db, EmbeddingConfig settings, @Nullable Path out) throws IOException {
    PostgresBackend backend = PostgresBackend.open(db, out);
    String model = backend.mostEmbeddedModel();
    try {
      return new HybridSearch(backend, lazy(model == null ? MiniLmEmbedder.NAME : model, settings),
          ReciprocalRankFusion.DEFAULT_K);
    } catch (IllegalArgumentException e) {
      throw new NoIndex("the database's chunks were embedded with " + e.getMessage());
    }
  }

  private static ChunkEmbedder lazy(String recorded, EmbeddingConfig settings) {
    return new LazyEmbedder(recorded, settings.forRecorded(recorded));
  }

  /** The model queries are embedded with (as recorded with the vectors they are compared to). */
  public String model() {
    return embedder.name();
  }

  /** A recorded model's embedder, made on first use and closed with the search. */
  private static final class LazyEmbedder implements ChunkEmbedder, AutoCloseable {
    private final String name;
    private final EmbeddingConfig config;
    private @Nullable ChunkEmbedder made;

    LazyEmbedder(String name, EmbeddingConfig config) {
      this.name = name;
      this.config = config;
    }

    private synchronized ChunkEmbedder get() {
      if (made == null) {
        try {
          made = config.create();
        } catch (io.lecturehighlights.transforms.common.StageException e) {
          throw new EmbeddingException(e.reason(), e.getMessage(), e);
        }
      }
      return made;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int dimensions() {
      return get().dimensions();
    }

    @Override
    public float[][] embed(List<String> texts) {
      return get().embed(texts);
    }

    @Override
    public float[] embedQuery(String text) {
      return get().embedQuery(text);
    }

    @Override
    public synchronized void close() {
      EmbeddingConfig.close(made);
      made = null;
    }
  }

  /** Thrown when a folder (or database) holds no usable index. */
  public static final class NoIndex extends IOException {
    public NoIndex(String message) {
      super(message);
    }
  }

  public static HybridSearch open(Path dir, ChunkEmbedder embedder) throws IOException {
    return open(dir, embedder, ReciprocalRankFusion.DEFAULT_K);
  }

  public static HybridSearch open(Path dir, ChunkEmbedder embedder, int rrfK) throws IOException {
    if (!SearchIndex.exists(dir)) {
      throw new NoIndex("no search index in " + dir);
    }
    DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir));
    String model = SearchIndex.modelOf(r);
    if (model != null && !model.equals(embedder.name())) {
      r.close();
      throw new NoIndex("the search index " + dir + " was built with the embedding model " + model + ", not "
          + embedder.name());
    }
    return new HybridSearch(new LuceneBackend(r), embedder, rrfK);
  }

  /**
   * The chunks of the results database ({@code transcript_chunks}, written by the pipeline). Chunks embedded with
   * another model than {@code embedder}'s, or not at all, take part in the lexical half only.
   *
   * @throws NoIndex when the database has no {@code transcript_chunks} table (not migrated to V7)
   */
  public static HybridSearch open(DataSource db, ChunkEmbedder embedder) throws IOException {
    return open(db, embedder, null);
  }

  /**
   * As {@link #open(DataSource, ChunkEmbedder)}; clips inside {@code out} are given relative to it, as the folder's
   * own index gives them.
   */
  public static HybridSearch open(DataSource db, ChunkEmbedder embedder, @Nullable Path out) throws IOException {
    return new HybridSearch(PostgresBackend.open(db, out), embedder, ReciprocalRankFusion.DEFAULT_K);
  }

  /** Chunks in the index. */
  public int size() throws IOException {
    return backend.size();
  }

  public List<SearchHit> search(SearchQuery q) throws IOException {
    List<String> lexical = q.mode() == SearchMode.SEMANTIC ? List.of() : lexical(q, DEPTH);
    Map<String, Integer> passageOf = new HashMap<>();
    List<String> semantic = q.mode() == SearchMode.LEXICAL ? List.of() : semantic(q, DEPTH, passageOf);
    LinkedHashMap<String, Double> ranked;
    switch (q.mode()) {
      case LEXICAL -> ranked = ReciprocalRankFusion.fuse(List.of(lexical), rrfK);
      case SEMANTIC -> ranked = ReciprocalRankFusion.fuse(List.of(semantic), rrfK);
      default -> ranked = ReciprocalRankFusion.fuse(List.of(lexical, semantic), rrfK);
    }
    // Documents of the best limit (a few more, should some have gone since the lists were made).
    List<String> top = ranked.keySet().stream().limit(q.limit() + 10L).toList();
    Map<String, SearchDocument> docs = backend.documents(top);
    Set<String> terms = snippets.terms(q.text());
    List<SearchHit> hits = new ArrayList<>();
    for (Map.Entry<String, Double> e : ranked.entrySet()) {
      if (hits.size() == q.limit()) {
        break;
      }
      SearchDocument d = docs.get(e.getKey());
      if (d == null) {
        continue;
      }
      hits.add(new SearchHit(d, e.getValue(), lexical.indexOf(e.getKey()) + 1, semantic.indexOf(e.getKey()) + 1,
          snippets.of(d, terms, passageOf.getOrDefault(e.getKey(), -1))));
    }
    return hits;
  }

  /** Chunk ids by the backend's full-text ranking, best first. */
  List<String> lexical(SearchQuery q, int n) throws IOException {
    return backend.lexical(q, terms -> minimumTerms(q.mode(), terms), n);
  }

  /**
   * How many of the query's terms a chunk must hold to be in the lexical list: any one alone; in hybrid, half of
   * them (rounded up). A question in other words than the lecture's shares one or two common words ("speed",
   * "energy") with hundreds of chunks; as a lexical list those chance matches would outvote the semantic half in
   * the fusion, whereas a query in the lecture's own terms matches most of them in the chunks that matter.
   */
  static int minimumTerms(SearchMode mode, int terms) {
    return mode == SearchMode.HYBRID ? (terms + 1) / 2 : 1;
  }

  /** Chunk ids by their best passage's cosine to the query, best first; the best passage's first word of each. */
  List<String> semantic(SearchQuery q, int n, Map<String, Integer> passageOf) throws IOException {
    if (q.text().isEmpty()) {
      return List.of();
    }
    float[] v;
    try {
      v = embedder.embedQuery(q.text());
    } catch (ChunkEmbedder.EmbeddingException e) {
      throw new QueryNotEmbedded("the query could not be embedded with " + embedder.name() + ", the model the "
          + "lectures were embedded with: " + e.getMessage() + " (a lexical search, --mode lexical, needs no model)",
          e);
    }
    return backend.semantic(q, embedder.name(), v, n, passageOf);
  }

  @Override
  public void close() throws IOException {
    backend.close();
    if (embedder instanceof LazyEmbedder l) {
      l.close();
    }
  }
}
