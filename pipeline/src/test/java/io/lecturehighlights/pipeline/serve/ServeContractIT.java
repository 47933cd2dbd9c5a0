package io.lecturehighlights.pipeline.serve;

import static io.lecturehighlights.pipeline.serve.ServeApiIT.error;
import static io.lecturehighlights.pipeline.serve.ServeApiIT.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.ManifestBatchOutput;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.db.PooledDataSources;
import io.lecturehighlights.transforms.db.PostgresStatements;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API contract, one set of assertions run against both sources of lhx serve over the same batch: the output
 * folder (lhx serve --output) and the results database that batch wrote (lhx serve --database with the folder for
 * files). The manifest batch runs once per test JVM ({@link ManifestBatchOutput}: the folder ServeApiIT and
 * BatchOnEmbeddedFlinkIT read, and its embedded PostgreSQL started again on the batch's data), so no batch is added.
 * Then the two modes are compared answer by answer, and the database alone (no folder) is served: running jobs with
 * their stage, the history, files from each job's own folder.
 */
class ServeContractIT {
  private static final String L03 = "phys101-fall2026-l03";
  static Path out;
  static DataSource db;
  static ServeApp folderMode;
  static ServeApp databaseMode;
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void serve() throws Exception {
    out = ManifestBatchOutput.folder();
    long started = System.nanoTime();
    db = PooledDataSources.get(ManifestBatchOutput.database());
    // What this test adds to the shared batch, for docs/serve.md.
    System.out.printf("ServeContractIT: the batch's PostgreSQL started again in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
    folderMode = ServeApp.start(new ServeApp.Settings(out, "127.0.0.1", 0, null, null), MiniLmEmbedder.shared());
    databaseMode = ServeApp.start(new ServeApp.Settings(out, "127.0.0.1", 0, null, null, db),
        MiniLmEmbedder.shared());
  }

  @AfterAll
  static void stop() throws Exception {
    for (ServeApp app : new ServeApp[] {folderMode, databaseMode}) {
      if (app != null) {
        app.close();
      }
    }
  }

  private static ServeApp app(String mode) {
    return mode.equals("folder") ? folderMode : databaseMode;
  }

  static HttpResponse<byte[]> get(ServeApp on, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode api(String mode, String path) throws Exception {
    HttpResponse<byte[]> r = get(app(mode), path);
    assertEquals(200, r.statusCode(), mode + " " + path + ": " + new String(r.body(), StandardCharsets.UTF_8));
    return json(r);
  }

  private static Set<String> jobDirs() throws Exception {
    try (Stream<Path> s = Files.list(out)) {
      return new HashSet<>(s.filter(d -> Files.exists(d.resolve("job.json"))).map(d -> d.getFileName().toString())
          .toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"folder", "database"})
  void healthSaysWhatIsServedAndThatSearchWorks(String mode) throws Exception {
    JsonNode h = api(mode, "/api/health");
    assertEquals("ok", h.get("status").asText());
    assertTrue(h.get("searchIndex").asBoolean(), h::toString);
    assertEquals(mode, h.get("source").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"folder", "database"})
  void jobsAreFilteredAndPagedWithATotal(String mode) throws Exception {
    Set<String> dirs = jobDirs();
    JsonNode all = api(mode, "/api/jobs");
    assertEquals(dirs.size(), all.get("total").asInt());
    // Walk every page by cursor: each job exactly once.
    Set<String> seen = new HashSet<>();
    String next = "/api/jobs?limit=5";
    int pages = 0;
    while (next != null) {
      JsonNode page = api(mode, next);
      assertTrue(page.get("jobs").size() <= 5);
      page.get("jobs").forEach(j -> assertTrue(seen.add(j.get("jobId").asText()), j::toString));
      next = page.get("nextCursor").isNull() ? null : "/api/jobs?limit=5&cursor=" + page.get("nextCursor").asText();
      pages++;
    }
    assertEquals(dirs, seen);
    assertEquals((dirs.size() + 4) / 5, pages);
    JsonNode lastByOffset = api(mode, "/api/jobs?limit=5&offset=10");
    assertEquals(dirs.size() - 10, lastByOffset.get("jobs").size());
    assertEquals(10, lastByOffset.get("offset").asInt());
    assertEquals(5, lastByOffset.get("limit").asInt());
    assertTrue(lastByOffset.get("nextCursor").isNull());

    assertEquals(9, api(mode, "/api/jobs?status=failed").get("total").asInt());
    // The missing file's and the unsafe path's rows name no course: the course filter leaves them out.
    long failedPhys = 0;
    for (String d : dirs) {
      JsonNode j = Json.MAPPER.readTree(out.resolve(d).resolve("job.json").toFile());
      failedPhys += j.get("status").asText().equals("failed") && j.at("/metadata/course").asText().equals("PHYS 101")
          && j.at("/metadata/semester").asText().equals("fall-2026") ? 1 : 0;
    }
    JsonNode failed = api(mode, "/api/jobs?status=failed&course=phys%20101&semester=FALL-2026&limit=500");
    assertEquals(failedPhys, failed.get("total").asInt(), failed::toString);
    assertTrue(failedPhys >= 5 && failedPhys < 9, "the filter has something to leave out: " + failedPhys);
    failed.get("jobs").forEach(j -> {
      assertEquals("failed", j.get("status").asText());
      assertEquals("validation", j.get("failedStage").asText());
      assertEquals("PHYS 101", j.get("course").asText());
      assertTrue(j.get("failureReason").asText().length() > 3, j::toString);
    });
    JsonNode completed = api(mode, "/api/jobs?status=completed");
    assertEquals(dirs.size() - 9, completed.get("total").asInt());
    JsonNode l03 = null;
    for (JsonNode j : completed.get("jobs")) {
      l03 = j.get("jobId").asText().equals(L03) ? j : l03;
    }
    assertNotNull(l03, completed::toString);
    for (String field : List.of("jobId", "title", "course", "semester", "status", "failedStage", "failureReason",
        "clips", "durationSeconds", "updatedAt", "url", "report")) {
      assertTrue(l03.has(field), field + " in " + l03);
    }
    assertEquals("/api/jobs/" + L03, l03.get("url").asText());
    assertEquals(1, l03.get("clips").asInt());
    assertTrue(l03.get("durationSeconds").asDouble() > 10, l03::toString);
    assertEquals(0, api(mode, "/api/jobs?course=CHEM%20100").get("total").asInt());
    // Statuses of the jobs table are valid in both modes; a folder holds no running job.
    assertEquals(0, api(mode, "/api/jobs?status=running").get("total").asInt());

    assertTrue(error(get(app(mode), "/api/jobs?limit=501"), 400).contains("between 1 and 500"));
    assertTrue(error(get(app(mode), "/api/jobs?limit=0"), 400).contains("between 1 and 500"));
    assertTrue(error(get(app(mode), "/api/jobs?status=done"), 400).contains("status"));
    assertTrue(error(get(app(mode), "/api/jobs?cursor=not-ours!"), 400).contains("cursor"));
    assertTrue(error(get(app(mode), "/api/jobs?offset=5&cursor=am9i"), 400).contains("not both"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"folder", "database"})
  void aJobHasItsStatusStageTimesAndFailure(String mode) throws Exception {
    JsonNode done = api(mode, "/api/jobs/" + L03);
    assertEquals("completed", done.get("status").asText());
    assertEquals("completed", done.get("currentStage").asText());
    assertEquals("Newton's Laws of Motion", done.at("/metadata/title").asText());
    assertEquals("PHYS 101", done.at("/metadata/course").asText());
    for (String stage : List.of("validation", "silence", "transcription", "layout", "content", "extraction",
        "rendering")) {
      assertTrue(done.at("/stageTimings/" + stage).isNumber(), stage + ": " + done.get("stageTimings"));
    }
    assertTrue(done.get("failedStage").isNull() && done.get("failureReason").isNull(), done::toString);
    assertEquals("/api/jobs/" + L03 + "/results", done.get("results").asText());
    assertEquals("/out/" + L03 + "/report.html", done.get("report").asText());
    assertTrue(done.has("history"), done::toString);
    JsonNode empty = api(mode, "/api/jobs/malformed-empty");
    assertEquals("failed", empty.get("status").asText());
    assertEquals("validation", empty.get("currentStage").asText());
    assertEquals("validation", empty.get("failedStage").asText());
    assertEquals("empty_file", empty.get("failureReason").asText());
    assertTrue(empty.get("failureMessage").asText().length() > 10);
    assertTrue(error(get(app(mode), "/api/jobs/no-such-job"), 404).contains("no-such-job"));
    error(get(app(mode), "/api/jobs/no-such-job/results"), 404);
    error(get(app(mode), "/api/jobs/bad%20id!"), 404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"folder", "database"})
  void resultsLinkClipsThatPlayersCanSeek(String mode) throws Exception {
    ServeApp app = app(mode);
    JsonNode r = api(mode, "/api/jobs/" + L03 + "/results");
    assertEquals("completed", r.get("status").asText());
    assertTrue(r.get("segments").size() >= 1, r::toString);
    assertTrue(r.at("/segments/0/title").asText().length() > 3, r::toString);
    assertTrue(r.get("analyzer").asText().length() > 3, r::toString);
    assertEquals(1, r.get("highlights").size());
    assertTrue(r.at("/highlights/0/keep").size() >= 1, r::toString);
    assertTrue(r.get("slides").size() >= 1, r::toString);
    JsonNode clip = r.at("/clips/0");
    assertEquals(1, clip.get("index").asInt());
    assertEquals(r.at("/highlights/0/title").asText(), clip.get("title").asText());
    assertEquals("/out/" + L03 + "/clips/clip-01.mp4", clip.get("url").asText());
    assertEquals("/clip/" + L03 + "/1", clip.get("page").asText());
    assertEquals(clip.get("url"), clip.at("/formats/0/url"), clip::toString);
    byte[] bytes = Files.readAllBytes(out.resolve(L03).resolve("clips/clip-01.mp4"));

    HttpResponse<byte[]> whole = get(app, clip.get("url").asText());
    assertEquals(200, whole.statusCode());
    assertEquals("video/mp4", whole.headers().firstValue("Content-Type").orElse(""));
    assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
    assertArrayEquals(bytes, whole.body());
    HttpResponse<byte[]> part = get(app, clip.get("url").asText(), "Range", "bytes=1000-1999");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 1000-1999/" + bytes.length, part.headers().firstValue("Content-Range").orElse(""));
    assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 2000), part.body());
    HttpResponse<byte[]> past = get(app, clip.get("url").asText(), "Range", "bytes=" + bytes.length + "-");
    assertEquals(416, past.statusCode());

    assertTrue(new String(get(app, clip.get("subtitlesUrl").asText()).body(), StandardCharsets.UTF_8)
        .startsWith("WEBVTT"));
    assertEquals(200, get(app, clip.get("thumbnailUrl").asText()).statusCode());
    assertTrue(new String(get(app, r.at("/subtitles/vtt").asText()).body(), StandardCharsets.UTF_8)
        .startsWith("WEBVTT"));
    for (JsonNode s : r.get("slides")) {
      assertEquals("image/jpeg", get(app, s.get("thumbnailUrl").asText()).headers().firstValue("Content-Type")
          .orElse(""), s::toString);
    }
    String page = new String(get(app, clip.get("page").asText()).body(), StandardCharsets.UTF_8);
    assertTrue(page.contains("src=\"" + clip.get("url").asText() + "\""), page);
    error(get(app, "/clip/" + L03 + "/7"), 404);
    // A failed job's results: what it left, not an error.
    JsonNode failed = api(mode, "/api/jobs/malformed-empty/results");
    assertEquals("failed", failed.get("status").asText());
    assertEquals(0, failed.get("clips").size());
    assertEquals(0, failed.get("segments").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"folder", "database"})
  void searchAnswersThroughTheHybridRankingWithLinksToTheMoment(String mode) throws Exception {
    ServeApp app = app(mode);
    JsonNode r = api(mode, "/api/search?q=" + URLEncoder.encode("Newton's laws of motion", StandardCharsets.UTF_8)
        + "&limit=3");
    assertEquals("hybrid", r.get("mode").asText());
    JsonNode first = r.at("/results/0");
    assertEquals(L03, first.get("jobId").asText(), r::toString);
    assertEquals("PHYS 101", first.get("course").asText());
    assertTrue(first.get("snippetHtml").asText().contains("<mark>"), first::toString);
    double start = first.get("start").asDouble();
    assertTrue(first.get("watchUrl").asText().startsWith("/watch/" + L03 + "?t="), first::toString);
    assertEquals("/out/" + L03 + "/report.html#t=" + (long) Math.floor(start), first.get("reportUrl").asText());
    assertTrue(r.get("results").size() <= 3);
    String report = new String(get(app, first.get("reportUrl").asText().split("#")[0]).body(),
        StandardCharsets.UTF_8);
    assertTrue(report.startsWith("<!doctype html>") || report.startsWith("<!DOCTYPE html>"), report);
    assertEquals(200, get(app, first.get("watchUrl").asText()).statusCode());
    if (!first.get("clipUrl").isNull()) {
      assertEquals(206, get(app, first.get("clipUrl").asText(), "Range", "bytes=0-99").statusCode());
    }

    assertEquals(0, api(mode, "/api/search?q=newton&course=CHEM%20100").get("results").size());
    assertEquals(1, api(mode, "/api/search?q=energy&lecture=phys101-fall2026-l04").get("results").size());
    assertEquals("semantic", api(mode, "/api/search?q=inertia&mode=semantic").get("mode").asText());
    assertTrue(error(get(app, "/api/search?q=" + "a".repeat(501)), 400).contains("at most 500"));
    assertTrue(error(get(app, "/api/search?q=newton&limit=51"), 400).contains("between 1 and 50"));
    assertTrue(error(get(app, "/api/search?q=newton&mode=fuzzy"), 400).contains("mode"));
    assertTrue(error(get(app, "/api/search"), 400).contains("q is empty"));
  }

  /**
   * Job by job, the two sources answer the same: the listing's lines and the results field for field, the job's
   * record with the same fields (values too, but for what only one source knows: the folder's full media probe and
   * decode errors, the database's history and the formats it derives from clip rows), and searches with the same
   * results and links.
   */
  @Test
  void bothSourcesAnswerTheSameJson() throws Exception {
    JsonNode folderJobs = api("folder", "/api/jobs?limit=500");
    JsonNode databaseJobs = api("database", "/api/jobs?limit=500");
    assertEquals(folderJobs, databaseJobs);
    for (String id : jobDirs()) {
      JsonNode f = api("folder", "/api/jobs/" + id);
      JsonNode d = api("database", "/api/jobs/" + id);
      assertEquals(names(f), names(d), id);
      for (String field : names(f)) {
        if (!Set.of("media", "decodeErrors", "history", "clipFormats").contains(field)) {
          assertEquals(f.get(field), d.get(field), id + " " + field);
        }
      }
      assertEquals(f.at("/media/durationSeconds"), d.at("/media/durationSeconds"), id);
      assertTrue(f.get("history").isNull(), id);
      assertTrue(d.get("history").size() >= 2, id + ": " + d.get("history"));
      if (f.get("clips").asInt() > 0) {
        assertEquals(f.get("clipFormats"), d.get("clipFormats"), id);
      }
      assertEquals(api("folder", "/api/jobs/" + id + "/results"), api("database", "/api/jobs/" + id + "/results"),
          id);
    }
    for (String q : List.of("q=" + URLEncoder.encode("Newton's laws of motion", StandardCharsets.UTF_8),
        "q=why+does+a+heavier+cart+need+a+bigger+push&mode=semantic", "q=energy&course=phys+101")) {
      JsonNode f = api("folder", "/api/search?" + q).get("results");
      JsonNode d = api("database", "/api/search?" + q).get("results");
      assertEquals(f.size(), d.size(), q);
      assertEquals(f.get(0).get("chunkId"), d.get(0).get("chunkId"), q);
      Map<String, JsonNode> byChunk = new TreeMap<>();
      f.forEach(x -> byChunk.put(x.get("chunkId").asText(), x));
      for (JsonNode x : d) {
        JsonNode same = byChunk.get(x.get("chunkId").asText());
        assertNotNull(same, q + ": " + x);
        assertEquals(names(same), names(x), q);
        for (String field : List.of("jobId", "lectureTitle", "course", "semester", "start", "end", "topicTitle",
            "keywords", "reportUrl", "watchUrl", "clipUrl", "clipOffset")) {
          assertEquals(same.get(field), x.get(field), q + " " + field);
        }
      }
    }
  }

  private static List<String> names(JsonNode n) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /**
   * The database alone (lhx serve --database without a folder): a job still running, with its current stage, and
   * every job's history; files from each job's own folder (where its clips are); no batch index, so / opens search.
   */
  @Test
  void theDatabaseAloneServesRunningJobsHistoryAndEachJobsFolder() throws Exception {
    String running = "contract-running-job";
    long now = System.currentTimeMillis();
    try (ServeApp alone = ServeApp.start(new ServeApp.Settings(null, "127.0.0.1", 0, null, null, db),
        MiniLmEmbedder.shared())) {
      write(PostgresStatements.QUEUE_JOB, ps -> PostgresStatements.queueJob(UploadEvent.newBuilder()
          .setJobId(running).setVideoUri("/lectures/<b>x</b>.mp4").setSource("manifest:/m.jsonl#99")
          .setMetadata(LectureMetadata.newBuilder().setCourse("PHYS 101").setSemester("fall-2026")
              .setTitle("Still running").build()).setReceivedAtMillis(now - 2000).build(), ps));
      write(PostgresStatements.STAGE_EVENT, ps -> PostgresStatements.stageEvent(StageEvent.newBuilder()
          .setJobId(running).setStage("transcription").setStatus("running").setAtMillis(now - 1000).build(), ps));

      JsonNode listed = json(get(alone, "/api/jobs?status=RUNNING"));
      assertEquals(1, listed.get("total").asInt(), listed::toString);
      assertEquals(running, listed.at("/jobs/0/jobId").asText());
      assertTrue(listed.at("/jobs/0/report").isNull(), "no folder known yet: " + listed);
      JsonNode job = json(get(alone, "/api/jobs/" + running));
      assertEquals("running", job.get("status").asText());
      assertEquals("transcription", job.get("currentStage").asText());
      List<String> events = new ArrayList<>();
      job.get("history").forEach(e -> events.add(e.get("stage").asText() + ":" + e.get("event").asText()));
      assertEquals(List.of("job:queued", "transcription:started"), events);
      assertEquals(0, json(get(alone, "/api/jobs/" + running + "/results")).get("clips").size());

      JsonNode health = json(get(alone, "/api/health"));
      assertEquals("database", health.get("source").asText());
      assertEquals("/search", get(alone, "/").headers().firstValue("Location").orElse(""));
      error(get(alone, "/out/index.html"), 404);
      // A finished job: its history from queued to completed, its files from the folder its clips are in.
      JsonNode l03 = json(get(alone, "/api/jobs/" + L03));
      JsonNode history = l03.get("history");
      assertEquals("job:queued", history.get(0).get("stage").asText() + ":" + history.get(0).get("event").asText());
      JsonNode last = history.get(history.size() - 1);
      assertEquals("job:completed", last.get("stage").asText() + ":" + last.get("event").asText());
      JsonNode r = json(get(alone, "/api/jobs/" + L03 + "/results"));
      assertEquals(json(get(databaseMode, "/api/jobs/" + L03 + "/results")), r);
      byte[] bytes = Files.readAllBytes(out.resolve(L03).resolve("clips/clip-01.mp4"));
      HttpResponse<byte[]> part = get(alone, r.at("/clips/0/url").asText(), "Range", "bytes=10-19");
      assertEquals(206, part.statusCode());
      assertArrayEquals(Arrays.copyOfRange(bytes, 10, 20), part.body());
      assertEquals(200, get(alone, r.get("report").asText()).statusCode());
      // Only a job's own folder, never the folder above it (there is none without --output).
      for (String path : List.of("/out/" + L03 + "/../index.html", "/out/" + L03 + "/%2e%2e/index.html",
          "/out/" + L03 + "/..%2findex.html", "/out/phys101-fall2026-l04x/job.json")) {
        String answer = ServeApiIT.raw(alone, path);
        assertTrue(answer.startsWith("HTTP/1.1 400") || answer.startsWith("HTTP/1.1 404"), path + " -> " + answer);
        assertTrue(!answer.contains("<!doctype") && !answer.contains("<!DOCTYPE"), path + " -> " + answer);
      }
      // A failed job wrote no clip, so the database alone does not know its folder: no report link.
      assertTrue(json(get(alone, "/api/jobs/malformed-empty")).get("report").isNull());
      // Search links the same report and clip as with the folder.
      String q = "/api/search?q=" + URLEncoder.encode("Newton's laws of motion", StandardCharsets.UTF_8);
      assertEquals(json(get(databaseMode, q)).at("/results/0"), json(get(alone, q)).at("/results/0"));
    } finally {
      write("DELETE FROM jobs WHERE job_id = ?", ps -> ps.setString(1, running));
    }
  }

  private interface Fill {
    void fill(PreparedStatement ps) throws Exception;
  }

  private static void write(String sql, Fill fill) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      fill.fill(ps);
      ps.executeUpdate();
    }
  }
}
