package io.lecturehighlights.transforms.search;

/**
 * One result: the document, its fused score, where each half ranked it (1-based; 0: not in that half's list) and
 * its snippet.
 */
public record SearchHit(SearchDocument document, double score, int lexicalRank, int semanticRank, Snippet snippet) {}
