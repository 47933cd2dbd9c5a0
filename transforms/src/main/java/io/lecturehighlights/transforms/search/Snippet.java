package io.lecturehighlights.transforms.search;

import io.lecturehighlights.transforms.common.HtmlEscape;
import java.util.List;

/**
 * A short excerpt of a result with the query's terms located, kept as plain text plus the ranges to mark rather
 * than as marked-up text: the terminal shows marks as {@code [[term]]} ({@link #marked()}), a web page as
 * {@code <mark>term</mark>} around HTML-escaped text ({@link #html()}). Transcripts and slide text are not trusted
 * markup, so marking never happens before escaping.
 *
 * @param text the excerpt
 * @param marks the ranges of {@code text} that matched a query term, in order, not overlapping
 * @param cutBefore whether the excerpt starts inside the chunk's text (shown as "…")
 * @param cutAfter whether it ends before the chunk's text does
 */
public record Snippet(String text, List<Range> marks, boolean cutBefore, boolean cutAfter) {
  public static final String MARK_OPEN = "[[";
  public static final String MARK_CLOSE = "]]";

  /** {@code [from, to)} in the excerpt. */
  public record Range(int from, int to) {}

  public Snippet {
    marks = List.copyOf(marks);
  }

  /** For a terminal: matched terms as {@code [[term]]}. */
  public String marked() {
    return render(MARK_OPEN, MARK_CLOSE, false);
  }

  /** For a web page: HTML-escaped, matched terms in {@code <mark>}. */
  public String html() {
    return render("<mark>", "</mark>", true);
  }

  private String render(String open, String close, boolean escape) {
    StringBuilder b = new StringBuilder();
    if (cutBefore) {
      b.append("… ");
    }
    int at = 0;
    for (Range r : marks) {
      append(b, text.substring(at, r.from()), escape);
      b.append(open);
      append(b, text.substring(r.from(), r.to()), escape);
      b.append(close);
      at = r.to();
    }
    append(b, text.substring(at), escape);
    if (cutAfter) {
      b.append(" …");
    }
    return b.toString();
  }

  private static void append(StringBuilder b, String s, boolean escape) {
    if (!escape) {
      b.append(s);
      return;
    }
    HtmlEscape.append(b, s);
  }
}
