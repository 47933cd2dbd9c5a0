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
import javax.sql.DataSource;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code GET /api/search} through {@link HybridSearch}, the ranking lhx search and lhx bench search use, over the
 * output folder's index or the results database's {@code transcript_chunks} (the same backends as lhx search and
 * lhx search --database). One searcher serves every request (Lucene's searcher, the connection pool and the
 * embedding model take concurrent calls); it is opened on the first search, and for a folder opened again when a
 * batch has changed the index since, so the service sees new lectures without a restart (the database's rows are
 * read by every search anyway).
 */
public final class SearchService implements AutoCloseable {
  public static final int MAX_QUERY_CHARS = 500;
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 50;

  /** Where a result's report (at its time) and clip are linked; null when there is no link. */
  public interface ResultLinks {
    @Nullable String report(SearchDocument d) throws IOException;

    @Nullable String clip(SearchDocument d) throws IOException;
  }

  /** A folder's own files: the index gives the report and clip relative to the folder. */
  static final ResultLinks FOLDER_LINKS = new ResultLinks() {
    @Override
    public String report(SearchDocument d) {
      return Links.fileAt(d.reportAt());
    }

    @Override
    public @Nullable String clip(SearchDocument d) {
      return d.clip() == null ? null : Links.file(d.clip());
    }
  };

  private final @Nullable Path index;
  private final @Nullable DataSource db;
  private final ResultLinks links;
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

  /** How the search is opened: with the model the index or rows were built with, or (tests, benchmarks) a given one. */
  private interface Opener {
    HybridSearch open() throws IOException;
  }

  /** Searches the output folder's index, queries embedded by this model; an index of another is answered 503. */
  public SearchService(Path outputFolder, ChunkEmbedder embedder) {
    this(outputFolder.resolve(SearchIndex.FOLDER), null, FOLDER_LINKS,
        () -> HybridSearch.open(outputFolder.resolve(SearchIndex.FOLDER), embedder));
  }

  /**
   * Searches the output folder's index, queries embedded by the model it was built with, reached as {@code models}
   * says (a cloud model's key).
   */
  public SearchService(Path outputFolder, EmbeddingConfig models) {
    this(outputFolder.resolve(SearchIndex.FOLDER), null, FOLDER_LINKS,
        () -> HybridSearch.open(outputFolder.resolve(SearchIndex.FOLDER), models));
  }

  /** Searches the results database with this model; {@code links} makes the links from its locations. */
  public SearchService(DataSource db, ChunkEmbedder embedder, ResultLinks links) {
    this(null, db, links, () -> HybridSearch.open(db, embedder));
  }

  /** Searches the results database, queries embedded by the model most of its chunks were embedded with. */
  public SearchService(DataSource db, EmbeddingConfig models, ResultLinks links) {
    this(null, db, links, () -> HybridSearch.open(db, models, null));
  }

  private SearchService(@Nullable Path index, @Nullable DataSource db, ResultLinks links, Opener opener) {
    this.index = index;
    this.db = db;
    this.links = links;
    this.opener = opener;
  }

  /** For /api/health: whether a search would find an index (the folder's, or the database's chunks table). */
  public boolean available() {
    if (db == null) {
      return SearchIndex.exists(index);
    }
    try {
      searcher();
      return true;
    } catch (IOException | ApiError e) {
      return false;
    }
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
      r.put("reportUrl", links.report(d));
      r.put("watchUrl", Links.watch(d.jobId(), d.start()));
      String clip = d.clip() == null ? null : links.clip(d);
      r.put("clipUrl", clip);
      if (clip != null) {
        r.put("clipOffset", d.clipOffset());
      }
      r.put("score", h.score());
    }
    return root;
  }

  /** The open searcher, opened again when the index changed on disk; 503 while the folder has no index. */
  private synchronized HybridSearch searcher() throws IOException {
    if (db != null) {
      if (search == null) {
        try {
          search = opener.open();
        } catch (HybridSearch.NoIndex e) {
          throw new ApiError(503, e.getMessage());
        }
      }
      return search;
    }
    if (!SearchIndex.exists(index)) {
      throw new ApiError(503, "this output folder has no search index yet (" + index.getFileName() + "/): lhx batch "
          + "and lhx demo build it at the end of a batch into a local folder");
    }
    FileTime changed = Files.getLastModifiedTime(index);
    if (search == null || !changed.equals(openedAt)) {
      HybridSearch old = search;
      try {
        search = opener.open();
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
