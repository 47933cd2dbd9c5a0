package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code GET /api/jobs}: the jobs that pass the filters, by job id, one page at a time. A page is picked by
 * {@code offset} (jump to page n) or by {@code cursor} (the next page after the last one read: stays right while
 * jobs are added to the folder, which shift offsets); {@code total} counts every job that passes the filters.
 */
public final class JobListing {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  /** The jobs table's statuses; a folder only holds finished jobs, so queued and running list none there. */
  public static final Set<String> STATUSES = Set.of("queued", "running", "completed", "failed");

  /** Filters compared without regard to case, as lhx search's; null: any. */
  public record Filter(@Nullable String course, @Nullable String semester, @Nullable String status) {
    public Filter {
      course = blankToNull(course);
      semester = blankToNull(semester);
      status = blankToNull(status);
      if (status != null && !STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
        throw ApiError.badRequest("status must be one of " + String.join(", ", STATUSES.stream().sorted().toList())
            + ", not '" + status + "'");
      }
    }

    public boolean accepts(JsonNode job) {
      JsonNode meta = job.path("metadata");
      return same(course, meta.path("course").asText(null)) && same(semester, meta.path("semester").asText(null))
          && same(status, job.path("status").asText(null));
    }

    private static boolean same(@Nullable String want, @Nullable String have) {
      return want == null || (have != null && have.trim().equalsIgnoreCase(want));
    }
  }

  /** The paging parameters as given; see {@link #of}. */
  public record Paging(int limit, int offset, @Nullable String cursor) {}

  private JobListing() {}

  /** Reads limit, offset and cursor as a request gives them (strings, null when absent); 400 for bad values. */
  public static Paging paging(@Nullable String limit, @Nullable String offset, @Nullable String cursor) {
    int l = integer("limit", limit, DEFAULT_LIMIT);
    if (l < 1 || l > MAX_LIMIT) {
      throw ApiError.badRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + l);
    }
    int o = integer("offset", offset, 0);
    if (o < 0) {
      throw ApiError.badRequest("offset must be 0 or more, not " + o);
    }
    String c = cursor == null || cursor.isBlank() ? null : cursor.trim();
    if (c != null && offset != null) {
      throw ApiError.badRequest("give offset or cursor, not both");
    }
    if (c != null) {
      decodeCursor(c);
    }
    return new Paging(l, o, c);
  }

  /**
   * One page of the jobs (job records, sorted here by job id) that pass the filter, each written by
   * {@code summary} ({@link ApiJson#summary} with the source's report link).
   */
  public static ObjectNode of(List<ObjectNode> jobs, Filter filter, Paging paging,
      Function<ObjectNode, ObjectNode> summary) {
    List<ObjectNode> matching = jobs.stream().filter(filter::accepts)
        .sorted(java.util.Comparator.comparing(j -> j.path("jobId").asText())).toList();
    int from = paging.offset();
    if (paging.cursor() != null) {
      String after = decodeCursor(paging.cursor());
      from = 0;
      while (from < matching.size() && matching.get(from).path("jobId").asText().compareTo(after) <= 0) {
        from++;
      }
    }
    from = Math.min(from, matching.size());
    int to = Math.min(matching.size(), from + paging.limit());
    ObjectNode page = Json.MAPPER.createObjectNode();
    page.put("total", matching.size());
    page.put("offset", from);
    page.put("limit", paging.limit());
    var items = page.putArray("jobs");
    matching.subList(from, to).forEach(j -> items.add(summary.apply(j)));
    if (to < matching.size()) {
      page.put("nextCursor", encodeCursor(matching.get(to - 1).path("jobId").asText()));
    } else {
      page.putNull("nextCursor");
    }
    return page;
  }

  static String encodeCursor(String lastJobId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastJobId.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeCursor(String cursor) {
    try {
      String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (OutputFolder.isJobId(id)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw ApiError.badRequest("cursor is not one this service gave out (use nextCursor of the previous page)");
  }

  private static int integer(String name, @Nullable String value, int dflt) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a whole number, not '" + value + "'");
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
