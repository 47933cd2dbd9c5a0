package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.search.SearchMode;
import io.lecturehighlights.transforms.search.SearchQuery;
import org.junit.jupiter.api.Test;

/** The search parameters a request may give, and the clear 400 for those it may not. */
class SearchServiceTest {
  @Test
  void defaultsAndFilters() {
    SearchQuery q = SearchService.query(" newton ", "PHYS 101", "", null, null, null);
    assertEquals("newton", q.text());
    assertEquals(SearchMode.HYBRID, q.mode());
    assertEquals("PHYS 101", q.course());
    assertNull(q.semester());
    assertEquals(10, q.limit());
    assertEquals(SearchMode.LEXICAL, SearchService.query("x", null, null, "l-1", "50", "Lexical").mode());
  }

  @Test
  void limitsOnTheQueryAndThePageSize() {
    assertEquals(400, assertThrows(ApiError.class, () -> SearchService.query(" ", null, null, null, null, null))
        .status());
    String longest = "a".repeat(SearchService.MAX_QUERY_CHARS);
    assertEquals(longest, SearchService.query(longest, null, null, null, null, null).text());
    assertTrue(assertThrows(ApiError.class, () -> SearchService.query(longest + "a", null, null, null, null, null))
        .getMessage().contains("at most 500"));
    assertTrue(assertThrows(ApiError.class, () -> SearchService.query("x", null, null, null, "51", null))
        .getMessage().contains("between 1 and 50"));
    assertEquals(400, assertThrows(ApiError.class, () -> SearchService.query("x", null, null, null, "0", null))
        .status());
    assertEquals(400, assertThrows(ApiError.class, () -> SearchService.query("x", null, null, null, "1e3", null))
        .status());
    assertEquals(400, assertThrows(ApiError.class, () -> SearchService.query("x", null, null, null, null, "fuzzy"))
        .status());
    assertEquals(400, assertThrows(ApiError.class, () -> SearchService.query("x", null, null, "../x", null, null))
        .status());
  }
}
