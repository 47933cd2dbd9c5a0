package io.lecturehighlights.transforms.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * The one ranking code path, for the command line, the benchmark and (later) the web service. Lexical: BM25 over
 * the chunk's topic title, key terms, transcript and slide text (weights in {@link #FIELDS}), every query term
 * optional (an OR query: a chunk with more of the terms, and rarer ones, ranks higher; in hybrid, a chunk needs half
 * of the terms: {@link #minimumTerms}). Semantic: the query's
 * embedding against every passage vector (HNSW), a chunk scored by its best passage. Hybrid: the two top-
 * {@link #DEPTH} lists fused by {@link ReciprocalRankFusion}. Filters (course, semester, lecture) restrict both halves
 * before ranking, not after, so a filtered search still fills its limit. A query is never parsed as Lucene syntax:
 * any text a person types is a valid query.
 */
public final class HybridSearch implements AutoCloseable {
  /** Fields and their weights: a topic's title and key terms say what it is about more surely than any sentence. */
  static final Map<String, Float> FIELDS = Map.of(SearchIndex.TITLE, 1.5f, SearchIndex.KEYWORDS, 1.2f,
      SearchIndex.TEXT, 1.0f, SearchIndex.SLIDE_TEXT, 0.8f);
  /** How many of each half's best take part in the fusion. */
  static final int DEPTH = 100;

  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final ChunkEmbedder embedder;
  private final Analyzer analyzer = SearchIndex.analyzer();
  private final Snippets snippets = new Snippets(analyzer);
  private final int rrfK;

  private HybridSearch(DirectoryReader reader, ChunkEmbedder embedder, int rrfK) {
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.embedder = embedder;
    this.rrfK = rrfK;
  }

  /** Thrown when a folder holds no usable index. */
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
    return new HybridSearch(r, embedder, rrfK);
  }

  /** Chunks in the index. */
  public int size() throws IOException {
    return searcher.count(new TermQuery(new Term(SearchIndex.KIND, SearchIndex.CHUNK)));
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
    Set<String> terms = snippets.terms(q.text());
    List<SearchHit> hits = new ArrayList<>();
    StoredFields stored = searcher.storedFields();
    for (Map.Entry<String, Double> e : ranked.entrySet()) {
      if (hits.size() == q.limit()) {
        break;
      }
      ScoreDoc[] found = searcher.search(chunkById(e.getKey()), 1).scoreDocs;
      if (found.length == 0) {
        continue;
      }
      SearchDocument d = SearchIndex.fromStored(stored.document(found[0].doc));
      hits.add(new SearchHit(d, e.getValue(), lexical.indexOf(e.getKey()) + 1, semantic.indexOf(e.getKey()) + 1,
          snippets.of(d, terms, passageOf.getOrDefault(e.getKey(), -1))));
    }
    return hits;
  }

  /** Chunk ids by BM25, best first. */
  List<String> lexical(SearchQuery q, int n) throws IOException {
    Set<String> terms = snippets.terms(q.text());
    if (terms.isEmpty()) {
      return List.of();
    }
    BooleanQuery.Builder text = new BooleanQuery.Builder();
    for (String t : terms) {
      BooleanQuery.Builder anyField = new BooleanQuery.Builder();
      for (Map.Entry<String, Float> f : FIELDS.entrySet()) {
        anyField.add(new BoostQuery(new TermQuery(new Term(f.getKey(), t)), f.getValue()), BooleanClause.Occur.SHOULD);
      }
      text.add(anyField.build(), BooleanClause.Occur.SHOULD);
    }
    text.setMinimumNumberShouldMatch(minimumTerms(q.mode(), terms.size()));
    Query query = new BooleanQuery.Builder()
        .add(text.build(), BooleanClause.Occur.MUST)
        .add(filter(q, SearchIndex.CHUNK), BooleanClause.Occur.FILTER)
        .build();
    return ids(searcher.search(query, n).scoreDocs, null);
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
    float[] v = embedder.embed(List.of(q.text()))[0];
    // Several passages per chunk: ask for more passages than chunks wanted.
    Query knn = new KnnFloatVectorQuery(SearchIndex.VECTOR, v, n * 4, filter(q, SearchIndex.PASSAGE));
    return ids(searcher.search(knn, n * 4).scoreDocs, passageOf).stream().limit(n).toList();
  }

  /** Distinct chunk ids of hits in score order (a chunk placed by its first, best, hit). */
  private List<String> ids(ScoreDoc[] docs, Map<String, Integer> firstWords) throws IOException {
    StoredFields stored = searcher.storedFields();
    LinkedHashMap<String, Boolean> seen = new LinkedHashMap<>();
    for (ScoreDoc s : docs) {
      Document d = stored.document(s.doc);
      String id = d.get(SearchIndex.ID);
      if (seen.putIfAbsent(id, true) == null && firstWords != null) {
        firstWords.put(id, d.getField(SearchIndex.FIRST_WORD).numericValue().intValue());
      }
    }
    return new ArrayList<>(seen.keySet());
  }

  private static Query chunkById(String id) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(SearchIndex.ID, id)), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term(SearchIndex.KIND, SearchIndex.CHUNK)), BooleanClause.Occur.FILTER)
        .build();
  }

  private static Query filter(SearchQuery q, String kind) {
    BooleanQuery.Builder b = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(SearchIndex.KIND, kind)), BooleanClause.Occur.FILTER);
    if (q.course() != null) {
      b.add(new TermQuery(new Term(SearchIndex.COURSE_KEY, SearchIndex.key(q.course()))), BooleanClause.Occur.FILTER);
    }
    if (q.semester() != null) {
      b.add(new TermQuery(new Term(SearchIndex.SEMESTER_KEY, SearchIndex.key(q.semester()))),
          BooleanClause.Occur.FILTER);
    }
    if (q.lecture() != null) {
      b.add(new TermQuery(new Term(SearchIndex.JOB, q.lecture())), BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
