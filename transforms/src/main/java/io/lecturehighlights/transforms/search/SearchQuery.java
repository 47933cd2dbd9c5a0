package io.lecturehighlights.transforms.search;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A question to the index: its text, the ranking mode, optional filters (compared without regard to case; null or
 * blank: any) and how many results.
 */
public record SearchQuery(String text, SearchMode mode, @Nullable String course, @Nullable String semester,
    @Nullable String lecture, int limit) {
  public SearchQuery {
    text = text == null ? "" : text.trim();
    mode = mode == null ? SearchMode.DEFAULT : mode;
    course = blankToNull(course);
    semester = blankToNull(semester);
    lecture = blankToNull(lecture);
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1, not " + limit);
    }
  }

  public static SearchQuery of(String text, SearchMode mode, int limit) {
    return new SearchQuery(text, mode, null, null, null, limit);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
