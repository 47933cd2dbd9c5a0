package io.lecturehighlights.transforms.common;

/**
 * The one HTML escape of the project's pages (the reports, search snippets, {@code lhx serve}): titles, course
 * names, transcripts and slide text come from manifests and recordings and are never trusted markup.
 */
public final class HtmlEscape {
  private HtmlEscape() {}

  /** Text for element content and quoted attribute values (null: empty). */
  public static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    append(sb, s);
    return sb.toString();
  }

  /** Appends the escaped text. */
  public static void append(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        // Control characters other than tab and newlines are not allowed in HTML text.
        default -> sb.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
      }
    }
  }
}
