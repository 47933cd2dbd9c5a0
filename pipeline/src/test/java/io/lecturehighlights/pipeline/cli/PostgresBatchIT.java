package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.PooledDataSources;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import io.lecturehighlights.transforms.search.OutputIndexer;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches through lhx with results in PostgreSQL: the embedded server the tool starts itself, and a Debian
 * PostgreSQL server that .ci/run installs and starts (LHX_TEST_PG_URL). Rows are checked against the per-job JSON.
 */
class PostgresBatchIT {
  @TempDir Path tmp;

  private static String[] lhx(String... args) {
    return LhxRun.run(args);
  }

  private String[] batch(Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("batch", "--input", Fixtures.testdata().resolve("manifest.jsonl").toString(),
        "--output", out.toString(), "--parallelism", "2", "--dashboard-port", "0", "--no-progress",
        "--work-dir", tmp.resolve("work").toString(),
        // Two formats at the small class: every clip row and file exists once per format.
        "--clip-formats", "vertical,square", "--clip-height", "640"));
    a.addAll(List.of(extra));
    return lhx(a.toArray(new String[0]));
  }

  @Test
  void embeddedDatabaseHoldsEveryResultAndIncrementalBatchesSkipUnchangedLectures() throws Exception {
    Path out = tmp.resolve("out");
    String[] first = batch(out);
    assertEquals("0", first[0], first[1]);

    BatchSettings where = new BatchSettings();
    where.workDir = tmp.resolve("work");
    Map<String, Long> countsAfterFirst;
    try (ResultsDatabase db = ResultsDatabase.open(new DatabaseSettings(), where.workDir())) {
      assertRowsMatchOutputFolder(db.config(), out);
      countsAfterFirst = counts(db.config());
    }
    assertEquals(13L, countsAfterFirst.get("jobs"));
    assertTrue(first[1].contains("with the job's vectors, 0 embedded"), first[1]);
    // The job's embedding figures (docs/search.md quotes them): every chunk embedded, none searched by words only.
    String embeddings = first[1].lines().filter(l -> l.startsWith("Embeddings: ")).findFirst().orElse("");
    System.out.println(embeddings);
    first[1].lines().filter(l -> l.startsWith("Search index: ") || l.startsWith("Finished in "))
        .forEach(System.out::println);
    assertTrue(embeddings.contains("topic chunks embedded in the job") && !embeddings.contains("not embedded"),
        first[1]);
    // Every chunk of the datasets has its row, embedded in the job by the model the index uses.
    long chunks = OutputIndexer.documents(out).values().stream().mapToLong(List::size).sum();
    assertTrue(chunks > 0);
    assertEquals(chunks, countsAfterFirst.get("transcript_chunks"));
    try (ResultsDatabase db = ResultsDatabase.open(new DatabaseSettings(), where.workDir())) {
      assertEquals(chunks, scalar(db.config(), "SELECT count(*) FROM transcript_chunks WHERE embedding_model = '"
          + MiniLmEmbedder.NAME + "' AND array_length(passage_vectors, 2) = 384 "
          + "AND array_length(passage_vectors, 1) = cardinality(passage_first_words)"));
      // While this command holds the embedded server, lhx search --database uses it rather than starting its own.
      assertSearchFromDatabaseMatchesTheFolderIndex(out);
    }

    // Incremental: the four completed lectures are unchanged, so only the nine failed ones run again.
    Path again = tmp.resolve("again");
    String[] second = batch(again);
    assertEquals("0", second[0], second[1]);
    assertTrue(second[1].contains("Skipped 4 lectures already completed"), second[1]);
    try (ResultsDatabase db = ResultsDatabase.open(new DatabaseSettings(), where.workDir())) {
      assertEquals(countsAfterFirst, counts(db.config()));
    }

    // --force reprocesses everything; rows are replaced, never duplicated.
    Path forced = tmp.resolve("forced");
    assertEquals("0", batch(forced, "--force")[0]);
    try (ResultsDatabase db = ResultsDatabase.open(new DatabaseSettings(), where.workDir())) {
      assertEquals(countsAfterFirst, counts(db.config()));
      assertRowsMatchOutputFolder(db.config(), forced);
    }

    String[] jobs = lhx("jobs", "--status", "failed", "--work-dir", tmp.resolve("work").toString());
    assertEquals("0", jobs[0]);
    assertTrue(jobs[1].contains("9 jobs"), jobs[1]);
    assertTrue(jobs[1].contains("malformed-empty") && jobs[1].contains("empty_file"), jobs[1]);
    String[] course = lhx("jobs", "--course", "PHYS 101", "--status", "completed", "--work-dir", tmp.resolve("work").toString());
    assertTrue(course[1].contains("4 jobs"), course[1]);
    String[] status = lhx("status", "phys101-fall2026-l03", "--work-dir", tmp.resolve("work").toString());
    assertEquals("0", status[0]);
    assertTrue(status[1].contains("completed") && status[1].contains("silence") && status[1].contains("validation"),
        status[1]);

    // retry-failed re-submits the nine failed jobs under their own ids: they fail again, for the same reasons.
    String[] retry = lhx("retry-failed", "--output", tmp.resolve("retry").toString(), "--dashboard-port", "0",
        "--no-progress", "--work-dir", tmp.resolve("work").toString());
    assertEquals("0", retry[0], retry[1]);
    assertTrue(retry[1].contains("Retrying 9 failed jobs"), retry[1]);
    try (ResultsDatabase db = ResultsDatabase.open(new DatabaseSettings(), where.workDir())) {
      assertEquals(countsAfterFirst, counts(db.config()));
      assertEquals(9L, scalar(db.config(), "SELECT count(*) FROM jobs WHERE status = 'failed'"));
    }

    // Processing history: every run that picked a job up kept its attempt. malformed-empty ran in the first, the
    // incremental and the forced batch and in retry-failed: four attempts, each rejected at validation.
    String[] history = lhx("status", "--json", "malformed-empty", "--work-dir", tmp.resolve("work").toString());
    assertEquals("0", history[0], history[2]);
    JsonNode empty = Json.MAPPER.readTree(history[1]);
    assertEquals(4, empty.get("attemptCount").asInt(), history[1]);
    assertEquals(4, empty.get("attempts").size(), history[1]);
    for (int i = 0; i < 4; i++) {
      JsonNode a = empty.get("attempts").get(i);
      assertEquals(i + 1, a.get("attempt").asInt(), history[1]);
      assertEquals("rejected", a.get("outcome").asText(), history[1]);
      assertEquals("empty_file", a.get("reason").asText(), history[1]);
      assertEquals("queued", a.get("events").get(0).get("event").asText(), history[1]);
      JsonNode validation = a.get("stages").get(0);
      assertEquals("validation:failed", validation.get("stage").asText() + ":" + validation.get("outcome").asText(),
          history[1]);
      assertTrue(!validation.get("worker").asText().isBlank(), history[1]);
    }
    // A completed lecture: the first batch and --force (the incremental batch skipped it, so it queued nothing).
    String[] l03 = lhx("status", "phys101-fall2026-l03", "--work-dir", tmp.resolve("work").toString());
    assertTrue(l03[1].contains("ATTEMPTS   2") && l03[1].contains("attempt 2"), l03[1]);
    JsonNode l03Json = Json.MAPPER.readTree(
        lhx("status", "--json", "phys101-fall2026-l03", "--work-dir", tmp.resolve("work").toString())[1]);
    for (JsonNode a : l03Json.get("attempts")) {
      assertEquals("completed", a.get("outcome").asText(), l03[1]);
      assertEquals(7, a.get("stages").size(), l03[1]);
      for (JsonNode st : a.get("stages")) {
        assertEquals("finished", st.get("outcome").asText(), l03[1]);
      }
    }
  }

  /**
   * lhx search --database answers from the rows the job wrote as lhx search does from the folder's index: the same
   * documents (times, titles, snippets, report and clip links), the same semantic order (the same stored vectors),
   * the same best hit for the lecture's own terms, and the filters. Lexical orders may differ below the top
   * (ts_rank_cd is not BM25).
   */
  private void assertSearchFromDatabaseMatchesTheFolderIndex(Path out) throws Exception {
    String work = tmp.resolve("work").toString();
    for (String[] q : List.of(new String[] {"Newton's laws of motion", "hybrid"},
        new String[] {"Newton's laws of motion", "lexical"},
        new String[] {"why does a heavier cart need a bigger push", "semantic"},
        new String[] {"why does a heavier cart need a bigger push", "hybrid"})) {
      String[] index = lhx("search", q[0], "--mode", q[1], "--json", "--output", out.toString());
      String[] db = lhx("search", q[0], "--mode", q[1], "--json", "--output", out.toString(), "--database",
          "--work-dir", work);
      assertEquals("0", index[0], index[2]);
      assertEquals("0", db[0], db[2]);
      JsonNode fromIndex = Json.MAPPER.readTree(index[1]).get("results");
      JsonNode fromDb = Json.MAPPER.readTree(db[1]).get("results");
      assertEquals("database", Json.MAPPER.readTree(db[1]).get("source").asText());
      assertTrue(fromIndex.size() > 0, q[0]);
      assertEquals(fromIndex.size(), fromDb.size(), q[0] + " " + q[1]);
      Map<String, JsonNode> byChunk = new TreeMap<>();
      fromIndex.forEach(r -> byChunk.put(r.get("chunkId").asText(), r));
      for (JsonNode r : fromDb) {
        JsonNode same = byChunk.get(r.get("chunkId").asText());
        assertTrue(same != null, q[0] + " " + q[1] + ": " + r.get("chunkId") + " not from the index: " + index[1]);
        for (String field : List.of("lectureTitle", "course", "semester", "start", "end", "topicTitle", "keywords",
            "reportUrl", "clipUrl", "clipOffset")) {
          assertEquals(same.get(field), r.get(field), field + " of " + r.get("chunkId"));
        }
      }
      if (!q[1].equals("lexical")) {
        assertEquals(fromIndex.get(0).get("chunkId"), fromDb.get(0).get("chunkId"), q[0] + " " + q[1]);
      }
      if (q[1].equals("semantic")) {
        for (int i = 0; i < fromDb.size(); i++) {
          assertEquals(fromIndex.get(i).get("chunkId"), fromDb.get(i).get("chunkId"), q[0] + " at " + i);
          assertEquals(fromIndex.get(i).get("snippet"), fromDb.get(i).get("snippet"), q[0] + " at " + i);
        }
      }
    }
    String[] filtered = lhx("search", "motion", "--course", "CHEM 999", "--output", out.toString(), "--database",
        "--work-dir", work);
    assertEquals("0", filtered[0], filtered[2]);
    assertTrue(filtered[1].contains("No results for \"motion\" in the results database (filters: course=CHEM 999)"),
        filtered[1]);
  }

  /** A Debian PostgreSQL server (started by .ci/run), with connections killed in the middle of the batch. */
  @Test
  void serverDatabaseSurvivesConnectionsKilledMidRun() throws Exception {
    String url = System.getenv("LHX_TEST_PG_URL");
    Assumptions.assumeTrue(url != null, "skipped: LHX_TEST_PG_URL not set (.ci/run starts a PostgreSQL server and sets it)");
    String user = System.getenv().getOrDefault("LHX_TEST_PG_USER", "lhx");
    DatabaseConfig admin = new DatabaseConfig(url, user, "LHX_TEST_PG_PASSWORD", 1);
    try (Connection c = connect(admin); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    }
    Path out = tmp.resolve("server");
    String[] first = batch(out, "--db-url", url, "--db-user", user, "--db-password-env", "LHX_TEST_PG_PASSWORD");
    assertEquals("0", first[0], first[1]);
    assertRowsMatchOutputFolder(admin, out);
    Map<String, Long> counts = counts(admin);

    // Once the rerun's writers are connected, cut every one of their connections, three times, a second apart.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger killed = new AtomicInteger();
    java.sql.Timestamp rerunStart = new java.sql.Timestamp(System.currentTimeMillis());
    Thread killer = new Thread(() -> {
      try (Connection c = connect(admin);
          PreparedStatement kill = c.prepareStatement(
              "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                  + "AND application_name = 'lecture-highlights' AND pid <> pg_backend_pid() "
                  // only once the job's writers are at work (a stage event of the rerun has landed), not during
                  // the CLI's start-up queries; a writer's last query is mostly COMMIT, so look at the rows
                  + "AND EXISTS (SELECT 1 FROM processing_logs WHERE updated_at > ?)")) {
        kill.setTimestamp(1, rerunStart);
        int rounds = 0;
        while (!stop.get() && rounds < 3) {
          try (ResultSet rs = kill.executeQuery()) {
            rs.next();
            int n = rs.getInt(1);
            killed.addAndGet(n);
            rounds += n > 0 ? 1 : 0;
          }
          Thread.sleep(n(rounds));
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    killer.start();
    String[] rerun;
    try {
      rerun = batch(tmp.resolve("server-again"), "--db-url", url, "--db-user", user,
          "--db-password-env", "LHX_TEST_PG_PASSWORD", "--force");
    } finally {
      stop.set(true);
      killer.join();
      PooledDataSources.closeAll();
    }
    assertEquals("0", rerun[0], rerun[1]);
    assertTrue(killed.get() > 0, "the test killed no connection");
    assertEquals(counts, counts(admin));
    assertRowsMatchOutputFolder(admin, tmp.resolve("server-again"));
  }

  /** Poll quickly until the first cut, then a second between cuts. */
  private static long n(int rounds) {
    return rounds == 0 ? 50 : 1000;
  }

  static Connection connect(DatabaseConfig c) throws Exception {
    return DriverManager.getConnection(c.url(), c.user(), c.password());
  }

  static long scalar(DatabaseConfig c, String sql) throws Exception {
    try (Connection conn = connect(c); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static long scalarLong(Connection conn, String sql, String id) throws Exception {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static String scalarText(Connection conn, String sql, String id) throws Exception {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  static Map<String, Long> counts(DatabaseConfig c) throws Exception {
    Map<String, Long> m = new TreeMap<>();
    for (String t : new String[] {"jobs", "processing_logs", "silence_analysis", "silence_regions", "layout_analysis",
        "slides", "transcripts", "transcript_segments", "content_analysis", "content_segments", "highlights",
        "clips", "transcript_chunks"}) {
      m.put(t, scalar(c, "SELECT count(*) FROM " + t));
    }
    return m;
  }

  /** Every job.json and silences.json of the output folder has the same content in the database. */
  static void assertRowsMatchOutputFolder(DatabaseConfig c, Path out) throws Exception {
    try (Connection conn = connect(c); Stream<Path> dirs = Files.list(out)) {
      int jobs = 0;
      for (Path d : (Iterable<Path>) dirs.filter(p -> Files.exists(p.resolve("job.json")))::iterator) {
        jobs++;
        JsonNode job = Json.MAPPER.readTree(d.resolve("job.json").toFile());
        String id = job.get("jobId").asText();
        try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM jobs WHERE job_id = ?")) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "no row for " + id);
            assertEquals(job.get("status").asText(), rs.getString("status"), id);
            assertEquals(job.get("failedStage").isNull() ? null : job.get("failedStage").asText(),
                rs.getString("failed_stage"), id);
            assertEquals(job.get("failureReason").isNull() ? null : job.get("failureReason").asText(),
                rs.getString("failure_reason"), id);
            assertEquals(job.at("/metadata/course").isMissingNode() ? null : job.at("/metadata/course").asText(),
                rs.getString("course"), id);
          }
        }
        try (PreparedStatement ps = conn.prepareStatement(
            "SELECT stage, status FROM processing_logs WHERE job_id = ? ORDER BY stage")) {
          ps.setString(1, id);
          List<String> logs = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              logs.add(rs.getString(1) + ":" + rs.getString(2));
            }
          }
          if (job.get("status").asText().equals("completed")) {
            assertEquals(List.of("content:completed", "extraction:completed", "layout:completed",
                "rendering:completed", "silence:completed", "transcription:completed", "validation:completed"), logs,
                id);
            assertEquals(job.get("clips").asInt(), (int) scalarLong(conn, "SELECT clip_count FROM jobs WHERE job_id = ?",
                id), id);
            assertEquals(job.get("clips").asInt(), (int) scalarLong(conn,
                "SELECT count(DISTINCT idx) FROM clips c JOIN highlights h USING (job_id, idx) WHERE job_id = ?", id),
                id);
            assertEquals("[\"vertical\",\"square\"]", job.get("clipFormats").toString(), id);
            assertEquals(2L * job.get("clips").asInt(), scalarLong(conn,
                "SELECT count(*) FROM clips WHERE job_id = ? AND format IN ('vertical', 'square')", id), id);
            assertEquals(job.get("clips").asInt(), (int) scalarLong(conn,
                "SELECT count(*) FROM clips WHERE job_id = ? AND format = 'square' AND width = 360 AND height = 360 "
                    + "AND video_uri LIKE '%-square.mp4'", id), id);
          } else if (!job.get("failureReason").asText().equals("invalid_manifest_row")) {
            assertTrue(logs.contains(job.get("failedStage").asText() + ":failed"), id + " " + logs);
          }
        }
        Path tr = d.resolve("transcript.json");
        if (Files.exists(tr)) {
          JsonNode t = Json.MAPPER.readTree(tr.toFile());
          assertEquals(t.get("engine").asText(), scalarText(conn, "SELECT engine FROM transcripts WHERE job_id = ?", id));
          try (PreparedStatement ps = conn.prepareStatement(
              "SELECT start_seconds, text FROM transcript_segments WHERE job_id = ? ORDER BY idx")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              for (JsonNode seg : t.get("segments")) {
                assertTrue(rs.next(), id + ": fewer segment rows than transcript.json");
                assertEquals(seg.get("start").asDouble(), rs.getDouble(1), 0.0011, id);
                assertEquals(seg.get("text").asText(), rs.getString(2), id);
              }
              assertTrue(!rs.next(), id + ": more segment rows than transcript.json");
            }
          }
        }
        Path lay = d.resolve("layout.json");
        if (Files.exists(lay)) {
          JsonNode l = Json.MAPPER.readTree(lay.toFile());
          try (PreparedStatement ps = conn.prepareStatement(
              "SELECT layout_type, screen_w, split_ratio, cardinality(slide_changes) FROM layout_analysis WHERE job_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              assertTrue(rs.next(), "no layout row for " + id);
              assertEquals(l.get("type").asText(), rs.getString(1), id);
              assertEquals(l.path("screen").isObject() ? l.at("/screen/w").asInt() : 0, rs.getInt(2), id);
              assertEquals(l.get("slideChanges").size(), rs.getInt(4), id);
            }
          }
          // slides.json is written with every layout.json, and its slides are the job's slide rows.
          JsonNode slides = Json.MAPPER.readTree(d.resolve("slides.json").toFile()).get("slides");
          try (PreparedStatement ps = conn.prepareStatement(
              "SELECT idx, start_seconds, title, thumbnail_uri FROM slides WHERE job_id = ? ORDER BY idx")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              for (JsonNode s : slides) {
                assertTrue(rs.next(), id + ": fewer slide rows than slides.json");
                assertEquals(s.get("index").asInt(), rs.getInt(1), id);
                assertEquals(s.get("start").asDouble(), rs.getDouble(2), 0.0011, id);
                assertEquals(s.get("title").asText(), rs.getString(3), id);
                assertEquals(s.get("thumbnail").isNull() ? null : s.get("thumbnail").asText(), rs.getString(4), id);
              }
              assertTrue(!rs.next(), id + ": more slide rows than slides.json");
            }
          }
        }
        Path seg = d.resolve("segments.json");
        if (Files.exists(seg)) {
          JsonNode segs = Json.MAPPER.readTree(seg.toFile());
          assertEquals(segs.get("analyzer").asText(),
              scalarText(conn, "SELECT analyzer FROM content_analysis WHERE job_id = ?", id));
          try (PreparedStatement ps = conn.prepareStatement(
              "SELECT title, importance, cardinality(keywords) FROM content_segments WHERE job_id = ? ORDER BY idx")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              for (JsonNode g : segs.get("segments")) {
                assertTrue(rs.next(), id + ": fewer rows than segments.json");
                assertEquals(g.get("title").asText(), rs.getString(1), id);
                assertEquals(g.get("importance").asDouble(), rs.getDouble(2), 0.0006, id);
                assertEquals(g.get("keywords").size(), rs.getInt(3), id);
              }
              assertTrue(!rs.next(), id + ": more rows than segments.json");
            }
          }
        }
        Path sil = d.resolve("silences.json");
        if (Files.exists(sil)) {
          JsonNode s = Json.MAPPER.readTree(sil.toFile()).get("silences");
          try (PreparedStatement ps = conn.prepareStatement(
              "SELECT start_seconds, end_seconds FROM silence_regions WHERE job_id = ? ORDER BY idx")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              for (JsonNode r : s) {
                assertTrue(rs.next(), id + ": fewer rows than silences.json");
                assertEquals(r.get("start").asDouble(), rs.getDouble(1), 1e-9);
                assertEquals(r.get("end").asDouble(), rs.getDouble(2), 1e-9);
              }
              assertTrue(!rs.next(), id + ": more rows than silences.json");
            }
          }
        }
      }
      assertEquals(13, jobs);
    }
  }
}
