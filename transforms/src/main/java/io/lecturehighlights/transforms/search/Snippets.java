package io.lecturehighlights.transforms.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Picks a result's snippet: the stretch of about {@link #TOKENS} content words of the chunk's text (or, without
 * text, its slide text or title) holding the most distinct query terms, compared after the index's own analysis
 * (so "oscillating" in the text is marked for the query "oscillation"). Without any matching term (a semantic
 * hit), the stretch starts at the passage that matched best.
 */
public final class Snippets {
  /** Content words (stop words not counted) in a snippet: about 35-40 words of speech. */
  static final int TOKENS = 22;
  private static final Pattern WORD = Pattern.compile("\\S+");

  private final Analyzer analyzer;

  public Snippets(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  private record Token(int from, int to, String term) {}

  /** The analysed terms of a query. */
  public Set<String> terms(String query) {
    Set<String> terms = new HashSet<>();
    for (Token t : tokens(query)) {
      terms.add(t.term());
    }
    return terms;
  }

  /** @param firstWord the word of the text where the best passage starts, or -1 */
  public Snippet of(SearchDocument d, Set<String> queryTerms, int firstWord) {
    String text = !d.text().isBlank() ? d.text() : !d.slideText().isBlank() ? d.slideText() : d.topicTitle();
    text = text.replaceAll("\\s+", " ").trim();
    List<Token> tokens = tokens(text);
    if (tokens.isEmpty()) {
      return new Snippet(text, List.of(), false, false);
    }
    int n = Math.min(TOKENS, tokens.size());
    int best = -1;
    int bestScore = 0;
    for (int s = 0; s + n <= tokens.size(); s++) {
      Set<String> distinct = new HashSet<>();
      int all = 0;
      for (int i = s; i < s + n; i++) {
        if (queryTerms.contains(tokens.get(i).term())) {
          distinct.add(tokens.get(i).term());
          all++;
        }
      }
      int score = distinct.size() * 100 + all;
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
    int wordFrom = -1;
    if (best < 0) {
      wordFrom = wordOffset(text, firstWord);
      best = tokenAt(tokens, wordFrom);
    } else {
      // The window that scored best ends at a match: centre its matches instead, for context on both sides.
      int first = -1;
      int last = -1;
      for (int i = best; i < best + n; i++) {
        if (queryTerms.contains(tokens.get(i).term())) {
          first = first < 0 ? i : first;
          last = i;
        }
      }
      best = Math.max(0, first - (n - (last - first + 1)) / 2);
    }
    best = Math.min(best, tokens.size() - n);
    // From the word that holds the first token to the end of the word that holds the last.
    int from = wordStart(text, tokens.get(best).from());
    if (wordFrom >= 0 && wordFrom < from) {
      from = wordFrom;
    }
    int to = wordEnd(text, tokens.get(best + n - 1).to());
    List<Snippet.Range> marks = new ArrayList<>();
    for (int i = best; i < best + n; i++) {
      Token t = tokens.get(i);
      if (queryTerms.contains(t.term())) {
        marks.add(new Snippet.Range(t.from() - from, t.to() - from));
      }
    }
    return new Snippet(text.substring(from, to), marks, from > 0, to < text.length());
  }

  /** Where the given word of the text starts (0 for word 0 or less, or past the end). */
  private static int wordOffset(String text, int word) {
    if (word <= 0) {
      return 0;
    }
    Matcher m = WORD.matcher(text);
    int k = 0;
    while (m.find()) {
      if (k++ == word) {
        return m.start();
      }
    }
    return 0;
  }

  /** The first token at or after a character offset (0 when there is none). */
  private static int tokenAt(List<Token> tokens, int offset) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).from() >= offset) {
        return i;
      }
    }
    return 0;
  }

  private static int wordStart(String s, int at) {
    while (at > 0 && !Character.isWhitespace(s.charAt(at - 1))) {
      at--;
    }
    return at;
  }

  private static int wordEnd(String s, int at) {
    while (at < s.length() && !Character.isWhitespace(s.charAt(at))) {
      at++;
    }
    return at;
  }

  private List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(SearchIndex.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(new Token(offset.startOffset(), offset.endOffset(), term.toString()));
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
