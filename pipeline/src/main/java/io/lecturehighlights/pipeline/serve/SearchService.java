package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.search.HybridSearch;
import io.lecturehighlights.transforms.search.SearchDocument;
import io.lecturehighlights.transforms.search.SearchHit;
import io.lecturehighlights.transforms.search.SearchHitJson;
import io.lecturehighlights.transforms.search.SearchIndex;
import io.lecturehighlights.transforms.search.SearchMode;
import io.lecturehighlights.transforms.search.SearchQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code GET /api/search} through {@link HybridSearch}, the ranking lhx search and lhx bench search use. One searcher
 * serves every request (Lucene's searcher and the embedding model take concurrent calls); it is opened on the first
 * search and opened again when a batch has changed the index since, so the service sees new lectures without a
 * restart.
 */
public final class SearchService implements AutoCloseable {
  public static final int MAX_QUERY_CHARS = 500;
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 50;

  private final Path index;
  private final Opener opener;
  private @Nullable HybridSearch search;
  private @Nullable FileTime openedAt;
  private final List<HybridSearch> retired = new java.util.ArrayList<>();
  /**
   * Searches running at once: one per core, the rest wait their turn in arrival order. Embedding a query is CPU work;
   * 200 of them at once on 2 cores only share the cores badly (lhx bench serve: p95 10.8 s unbounded vs the figures
   * in docs/serve.md with this limit), and first come, first served keeps p95 near the mean.
   */
  private final java.util.concurrent.Semaphore running =
      new java.util.concurrent.Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);

  /** How the index is opened: with the model it was built with, or (tests, benchmarks) with a given one. */
  private interface Opener {
    HybridSearch open(Path index) throws IOException;
  }

  /** Queries embedded by this model; an index of another is answered 503. */
  public SearchService(Path outputFolder, ChunkEmbedder embedder) {
    this.index = outputFolder.resolve(SearchIndex.FOLDER);
    this.opener = i -> HybridSearch.open(i, embedder);
  }

  /** Queries embedded by the model the index was built with, reached as {@code models} says (a cloud model's key). */
  public SearchService(Path outputFolder, EmbeddingConfig models) {
    this.index = outputFolder.resolve(SearchIndex.FOLDER);
    this.opener = i -> HybridSearch.open(i, models);
  }

  /** The request's parameters as given (null when absent), checked: 400 with the reason for a bad one. */
  public static SearchQuery query(@Nullable String q, @Nullable String course, @Nullable String semester,
      @Nullable String lecture, @Nullable String limit, @Nullable String mode) {
    if (q == null || q.isBlank()) {
      throw ApiError.badRequest("q is empty: give the words to look for, e.g. /api/search?q=newton");
    }
    if (q.length() > MAX_QUERY_CHARS) {
      throw ApiError.badRequest("q is " + q.length() + " characters long; at most " + MAX_QUERY_CHARS);
    }
    int n = DEFAULT_LIMIT;
    if (limit != null && !limit.isBlank()) {
      try {
        n = Integer.parseInt(limit.trim());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("limit must be a whole number, not '" + limit + "'");
      }
      if (n < 1 || n > MAX_LIMIT) {
        throw ApiError.badRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + n);
      }
    }
    SearchMode m = SearchMode.DEFAULT;
    if (mode != null && !mode.isBlank()) {
      try {
        m = SearchMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("mode must be hybrid, lexical or semantic, not '" + mode + "'");
      }
    }
    if (lecture != null && !lecture.isBlank() && !OutputFolder.isJobId(lecture.trim())) {
      throw ApiError.badRequest("lecture must be a job id ([A-Za-z0-9._-], 1-128 characters)");
    }
    return new SearchQuery(q, m, course, semester, lecture, n);
  }

  /** The results as JSON: each with its lecture, time range, topic, snippets and the links a page opens. */
  public ObjectNode search(SearchQuery q) throws IOException {
    HybridSearch searcher = searcher();
    List<SearchHit> hits;
    try {
      running.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "the service is stopping");
    }
    try {
      hits = searcher.search(q);
    } catch (HybridSearch.QueryNotEmbedded e) {
      // The index's cloud model without its key, or failing: lexical searches (mode=lexical) still answer.
      throw new ApiError(503, e.getMessage());
    } finally {
      running.release();
    }
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("query", q.text());
    root.put("mode", q.mode().name().toLowerCase(Locale.ROOT));
    ArrayNode results = root.putArray("results");
    int rank = 1;
    for (SearchHit h : hits) {
      SearchDocument d = h.document();
      ObjectNode r = SearchHitJson.add(results, h, rank++);
      r.put("reportUrl", Links.fileAt(d.reportAt()));
      r.put("watchUrl", Links.watch(d.jobId(), d.start()));
      if (d.clip() != null) {
        r.put("clipUrl", Links.file(d.clip()));
        r.put("clipOffset", d.clipOffset());
      } else {
        r.putNull("clipUrl");
      }
      r.put("score", h.score());
    }
    return root;
  }

  /** The open searcher, opened again when the index changed on disk; 503 while the folder has no index. */
  private synchronized HybridSearch searcher() throws IOException {
    if (!SearchIndex.exists(index)) {
      throw new ApiError(503, "this output folder has no search index yet (" + index.getFileName() + "/): lhx batch "
          + "and lhx demo build it at the end of a batch into a local folder");
    }
    FileTime changed = Files.getLastModifiedTime(index);
    if (search == null || !changed.equals(openedAt)) {
      HybridSearch old = search;
      try {
        search = opener.open(index);
      } catch (HybridSearch.NoIndex e) {
        throw new ApiError(503, e.getMessage());
      }
      openedAt = changed;
      if (old != null) {
        // Requests may still run on the old reader; it is closed with the service (an index changes once a batch).
        retired.add(old);
      }
    }
    return search;
  }

  @Override
  public synchronized void close() throws IOException {
    if (search != null) {
      retired.add(search);
      search = null;
    }
    for (HybridSearch s : retired) {
      s.close();
    }
    retired.clear();
  }
}
