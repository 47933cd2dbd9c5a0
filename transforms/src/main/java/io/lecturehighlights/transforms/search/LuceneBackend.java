package io.lecturehighlights.transforms.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
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

/**
 * The embedded index's candidates ({@link SearchIndex}): BM25 over the chunk documents' text fields (weights in
 * {@link #FIELDS}), every query term optional but for the minimum a chunk must hold; HNSW over the passage vectors,
 * a chunk placed by its best passage.
 */
final class LuceneBackend implements SearchBackend {
  /** Fields and their weights: a topic's title and key terms say what it is about more surely than any sentence. */
  static final Map<String, Float> FIELDS = Map.of(SearchIndex.TITLE, 1.5f, SearchIndex.KEYWORDS, 1.2f,
      SearchIndex.TEXT, 1.0f, SearchIndex.SLIDE_TEXT, 0.8f);

  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final Snippets analysis = new Snippets(SearchIndex.analyzer());

  LuceneBackend(DirectoryReader reader) {
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
  }

  @Override
  public int size() throws IOException {
    return searcher.count(new TermQuery(new Term(SearchIndex.KIND, SearchIndex.CHUNK)));
  }

  @Override
  public List<String> lexical(SearchQuery q, IntUnaryOperator minimumTerms, int n) throws IOException {
    Set<String> terms = analysis.terms(q.text());
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
    text.setMinimumNumberShouldMatch(minimumTerms.applyAsInt(terms.size()));
    Query query = new BooleanQuery.Builder()
        .add(text.build(), BooleanClause.Occur.MUST)
        .add(filter(q, SearchIndex.CHUNK), BooleanClause.Occur.FILTER)
        .build();
    return ids(searcher.search(query, n).scoreDocs, null);
  }

  @Override
  public List<String> semantic(SearchQuery q, String model, float[] v, int n, Map<String, Integer> passageOf)
      throws IOException {
    // Several passages per chunk: ask for more passages than chunks wanted.
    Query knn = new KnnFloatVectorQuery(SearchIndex.VECTOR, v, n * 4, filter(q, SearchIndex.PASSAGE));
    return ids(searcher.search(knn, n * 4).scoreDocs, passageOf).stream().limit(n).toList();
  }

  @Override
  public Map<String, SearchDocument> documents(Collection<String> ids) throws IOException {
    Map<String, SearchDocument> out = new HashMap<>();
    StoredFields stored = searcher.storedFields();
    for (String id : ids) {
      ScoreDoc[] found = searcher.search(chunkById(id), 1).scoreDocs;
      if (found.length > 0) {
        out.put(id, SearchIndex.fromStored(stored.document(found[0].doc)));
      }
    }
    return out;
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
