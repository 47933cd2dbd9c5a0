package io.lecturehighlights.transforms.search;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Where the chunks are: the embedded Lucene index ({@link LuceneBackend}) or the results database
 * ({@link PostgresBackend}). A backend only lists candidates and fetches documents; {@link HybridSearch} does the
 * rest (fusion, the hybrid half-terms rule, snippets, result assembly) in one code path for both, so the two answer
 * alike. Both apply the query's filters (course, semester, lecture) before ranking.
 */
interface SearchBackend extends AutoCloseable {
  /** Chunks held. */
  int size() throws IOException;

  /**
   * Chunk ids by the backend's full-text score, best first, at most {@code n}.
   *
   * @param minimumTerms how many of the query's terms (as this backend analyses it) a chunk must hold, given how
   *     many there are
   */
  List<String> lexical(SearchQuery q, IntUnaryOperator minimumTerms, int n) throws IOException;

  /**
   * Chunk ids by their best passage's cosine to {@code query} (a unit vector of {@code model}), best first, at most
   * {@code n}; {@code passageOf} gets each listed chunk's best passage's first word.
   */
  List<String> semantic(SearchQuery q, String model, float[] query, int n, Map<String, Integer> passageOf)
      throws IOException;

  /** The documents of these chunk ids (ids no longer held are left out). */
  Map<String, SearchDocument> documents(Collection<String> ids) throws IOException;

  @Override
  void close() throws IOException;
}
