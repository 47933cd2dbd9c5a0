package io.lecturehighlights.transforms.search;

/** Which half of the ranking answers: words (BM25), meaning (embeddings), or both fused. */
public enum SearchMode {
  LEXICAL, SEMANTIC, HYBRID;

  /** The default: hybrid (see docs/search.md for how it compares). */
  public static final SearchMode DEFAULT = HYBRID;
}
