package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PooledDataSources;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.search.HybridSearch;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.search.SearchDocument;
import io.lecturehighlights.transforms.search.SearchHit;
import io.lecturehighlights.transforms.search.SearchHitJson;
import io.lecturehighlights.transforms.search.SearchIndex;
import io.lecturehighlights.transforms.search.SearchMode;
import io.lecturehighlights.transforms.search.SearchQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Searches the lectures of an output folder (its search index, <output>/search-index, which lhx batch and lhx",
      "demo keep up to date): each result is a topic with its lecture, course, time range, a snippet with the",
      "query's terms marked [[like this]], a link to the lecture's report at that time and the clip that covers it.",
      "With --database: the results database's transcript_chunks instead (the one lhx batch, jobs and status use;",
      "links are then made against --output). A query is embedded with the model the lectures were embedded with",
      "(Gemini: --gemini-api-key-env names the key's variable). Exit 2 when the folder, its index, the database or",
      "the model's key is unusable; 1 when the model fails."
    })
final class SearchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "QUERY", description = "What to look for, in plain words (no query syntax).")
  String query;

  @Option(names = {"-o", "--output"}, defaultValue = "lhx-out/demo",
      description = "The output folder a batch wrote (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--course", description = "Only this course (any case).")
  String course;

  @Option(names = "--semester", description = "Only this semester (any case).")
  String semester;

  @Option(names = "--lecture", paramLabel = "JOB", description = "Only this lecture (its job id).")
  String lecture;

  @Option(names = "--limit", defaultValue = "10", description = "Results at most (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--mode", defaultValue = "hybrid",
      description = "hybrid (words and meaning, fused), lexical (words, BM25) or semantic (meaning, embeddings). "
          + "Default: ${DEFAULT-VALUE}.")
  SearchMode mode;

  @Option(names = "--json", description = "Print the results as one JSON object.")
  boolean json;

  @Option(names = "--database", description = "Search the results database (PostgreSQL full-text search and the "
      + "vectors the job stored) instead of the folder's index; the same database as lhx jobs and status.")
  boolean database;

  @Option(names = "--work-dir", description = "With --database: work folder of the embedded database (default: "
      + "$LHX_HOME or ~/.lecture-highlights).")
  Path workDir;

  @Mixin DatabaseSettings databaseSettings = new DatabaseSettings();

  @Mixin EmbeddingSettings embeddingSettings = new EmbeddingSettings();

  // The model queries were embedded with, for --json.
  private String model;

  @Override
  public Integer call() {
    if (query == null || query.isBlank()) {
      System.err.println("lhx search: the query is empty");
      return 2;
    }
    if (limit < 1) {
      System.err.println("lhx search: --limit must be at least 1");
      return 2;
    }
    EmbeddingConfig models;
    try {
      models = embeddingSettings.config();
    } catch (IllegalArgumentException e) {
      System.err.println("lhx search: " + e.getMessage());
      return 2;
    }
    if (database && !LocalMediaFile.isLocal(output)) {
      // The folder is not read, only linked to: its s3:// locations are links as good as any.
      return fromDatabase(null, models);
    }
    if (!LocalMediaFile.isLocal(output)) {
      System.err.println("lhx search: " + output + " is not a local folder: lhx search reads local output folders "
          + "only, for now (copy the folder, or run the batch into a local one)");
      return 2;
    }
    Path out = Path.of(output.startsWith("file://") ? java.net.URI.create(output).getPath() : output)
        .toAbsolutePath().normalize();
    if (database) {
      return fromDatabase(out, models);
    }
    if (!Files.isDirectory(out)) {
      System.err.println("lhx search: no output folder " + out + " (--output: the folder lhx batch wrote)");
      return 2;
    }
    Path index = out.resolve(SearchIndex.FOLDER);
    if (!SearchIndex.exists(index)) {
      System.err.println("lhx search: " + out + " has no search index (" + index + "): lhx batch and lhx demo build "
          + "it at the end of a batch; run one into this folder (for a folder written before search existed: the "
          + "same batch again with --force)");
      return 2;
    }
    List<SearchHit> hits;
    try (HybridSearch search = HybridSearch.open(index, models)) {
      model = search.model();
      hits = search.search(new SearchQuery(query, mode, course, semester, lecture, limit));
    } catch (HybridSearch.QueryNotEmbedded e) {
      return notEmbedded(e);
    } catch (HybridSearch.NoIndex e) {
      System.err.println("lhx search: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("lhx search: cannot read the search index " + index + ": " + e.getMessage());
      return 2;
    }
    if (json) {
      System.out.println(json(out, hits));
    } else {
      print(out, hits);
    }
    return 0;
  }

  /** A location relative to the output folder as a link: file:// for a local folder, under the s3:// prefix else. */
  private String link(Path out, String relative) {
    if (out != null || relative.contains("://")) {
      return localLink(out, relative);
    }
    return output.replaceAll("/+$", "") + "/" + relative;
  }

  /**
   * The same ranking over the results database; links are made against the output folder as given (null: a remote
   * one, {@link #output} as it is).
   */
  private int fromDatabase(Path out, EmbeddingConfig models) {
    List<SearchHit> hits;
    try (ResultsDatabase db = ResultsDatabase.open(databaseSettings, BatchSettings.workDir(workDir));
        HybridSearch search = HybridSearch.open(PooledDataSources.get(db.config()), models, out)) {
      model = search.model();
      hits = search.search(new SearchQuery(query, mode, course, semester, lecture, limit));
    } catch (HybridSearch.QueryNotEmbedded e) {
      return notEmbedded(e);
    } catch (Migrations.DatabaseUnavailable | HybridSearch.NoIndex e) {
      System.err.println("lhx search: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("lhx search: cannot search the results database: " + e.getMessage());
      return 2;
    }
    if (json) {
      System.out.println(json(out, hits));
    } else {
      print(out, hits);
    }
    return 0;
  }

  /** A query the lectures' model could not embed: 2 without its key (configuration), 1 when the model failed. */
  private static int notEmbedded(HybridSearch.QueryNotEmbedded e) {
    System.err.println("lhx search: " + e.getMessage());
    return "missing_api_key".equals(e.reason()) ? 2 : 1;
  }

  private void print(Path out, List<SearchHit> hits) {
    if (hits.isEmpty()) {
      System.out.println("No results for \"" + query + "\" in " + (database ? "the results database" : out)
          + filters());
      return;
    }
    int rank = 1;
    for (SearchHit h : hits) {
      SearchDocument d = h.document();
      StringBuilder head = new StringBuilder().append(rank++).append(". ").append(d.lectureTitle());
      if (d.course() != null) {
        head.append(" · ").append(d.course());
      }
      if (d.semester() != null) {
        head.append(" · ").append(d.semester());
      }
      head.append(" · ").append(clock(d.start())).append('-').append(clock(d.end()));
      if (!d.topicTitle().isBlank()) {
        head.append(" · ").append(d.topicTitle());
      }
      System.out.println(head);
      System.out.println("   " + h.snippet().marked());
      System.out.println("   report: " + link(out, d.reportAt()));
      if (d.clip() != null) {
        System.out.println("   clip:   " + link(out, d.clip()) + " (from " + clock(d.clipOffset()) + ")");
      }
    }
  }

  private String filters() {
    StringBuilder b = new StringBuilder();
    if (course != null) {
      b.append(" course=").append(course);
    }
    if (semester != null) {
      b.append(" semester=").append(semester);
    }
    if (lecture != null) {
      b.append(" lecture=").append(lecture);
    }
    return b.length() == 0 ? "" : " (filters:" + b + ")";
  }

  private String json(Path out, List<SearchHit> hits) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("query", query);
    root.put("mode", mode.name().toLowerCase(Locale.ROOT));
    root.put("output", out == null ? output : out.toString());
    root.put("source", database ? "database" : "index");
    root.put("embeddingModel", model);
    ArrayNode results = root.putArray("results");
    int rank = 1;
    for (SearchHit h : hits) {
      SearchDocument d = h.document();
      ObjectNode r = SearchHitJson.add(results, h, rank++);
      r.put("time", clock(d.start()) + "-" + clock(d.end()));
      r.put("report", d.reportAt());
      r.put("reportUrl", link(out, d.reportAt()));
      if (d.clip() != null) {
        r.put("clip", d.clip());
        r.put("clipUrl", link(out, d.clip()));
        r.put("clipOffset", d.clipOffset());
      } else {
        r.putNull("clip");
      }
      r.put("score", h.score());
      r.put("lexicalRank", h.lexicalRank());
      r.put("semanticRank", h.semanticRank());
    }
    try {
      return Json.MAPPER.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A path relative to the output folder as a file:// link (a fragment kept); anything else as it is. */
  static String localLink(Path out, String relative) {
    if (relative.contains("://")) {
      return relative;
    }
    int hash = relative.indexOf('#');
    String path = hash < 0 ? relative : relative.substring(0, hash);
    String fragment = hash < 0 ? "" : relative.substring(hash);
    return out.resolve(path).toUri() + fragment;
  }

  /** m:ss, or h:mm:ss from an hour on. */
  static String clock(double seconds) {
    long s = Math.max(0, (long) Math.floor(seconds));
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }
}
