package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.ManifestBatchOutput;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API and the files as a client uses them: a real HTTP client against lhx serve on a free port, over the
 * output folder of a real batch (the manifest batch BatchOnEmbeddedFlinkIT checks; run once per JVM).
 */
class ServeApiIT {
  private static final String L03 = "phys101-fall2026-l03";
  @TempDir static Path tmp;
  static Path out;
  static ServeApp app;
  static HttpClient http;

  @BeforeAll
  static void serve() throws Exception {
    out = ManifestBatchOutput.folder();
    app = ServeApp.start(new ServeApp.Settings(out, "127.0.0.1", 0, null, null), MiniLmEmbedder.shared());
    http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  static HttpResponse<byte[]> get(ServeApp on, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0],
        r.uri() + ": " + new String(r.body(), StandardCharsets.UTF_8));
    return Json.MAPPER.readTree(r.body());
  }

  /** A JSON error: the status in the response and in the body, and a reason. */
  static String error(HttpResponse<byte[]> r, int status) throws Exception {
    JsonNode n = json(r);
    assertEquals(status, r.statusCode(), n::toString);
    assertEquals(status, n.get("status").asInt(), n::toString);
    assertTrue(n.get("reason").asText().length() > 10, n::toString);
    return n.get("reason").asText();
  }

  private static Set<String> jobDirs() throws Exception {
    try (Stream<Path> s = Files.list(out)) {
      return new HashSet<>(s.filter(d -> Files.exists(d.resolve("job.json"))).map(d -> d.getFileName().toString())
          .toList());
    }
  }

  @Test
  void healthSaysTheSearchIndexIsThere() throws Exception {
    JsonNode h = json(get(app, "/api/health"));
    assertEquals("ok", h.get("status").asText());
    assertTrue(h.get("searchIndex").asBoolean());
  }

  @Test
  void jobsAreFilteredAndPagedWithATotal() throws Exception {
    Set<String> dirs = jobDirs();
    JsonNode all = json(get(app, "/api/jobs"));
    assertEquals(dirs.size(), all.get("total").asInt());
    // Walk every page by cursor: each job exactly once.
    Set<String> seen = new HashSet<>();
    String next = "/api/jobs?limit=5";
    int pages = 0;
    while (next != null) {
      JsonNode page = json(get(app, next));
      assertTrue(page.get("jobs").size() <= 5);
      page.get("jobs").forEach(j -> assertTrue(seen.add(j.get("jobId").asText()), j::toString));
      next = page.get("nextCursor").isNull() ? null : "/api/jobs?limit=5&cursor=" + page.get("nextCursor").asText();
      pages++;
    }
    assertEquals(dirs, seen);
    assertEquals((dirs.size() + 4) / 5, pages);
    JsonNode lastByOffset = json(get(app, "/api/jobs?limit=5&offset=10"));
    assertEquals(dirs.size() - 10, lastByOffset.get("jobs").size());

    assertEquals(9, json(get(app, "/api/jobs?status=failed")).get("total").asInt());
    // The missing file's and the unsafe path's rows name no course: the course filter leaves them out.
    long failedPhys = 0;
    for (String d : dirs) {
      JsonNode j = Json.MAPPER.readTree(out.resolve(d).resolve("job.json").toFile());
      failedPhys += j.get("status").asText().equals("failed") && j.at("/metadata/course").asText().equals("PHYS 101")
          && j.at("/metadata/semester").asText().equals("fall-2026") ? 1 : 0;
    }
    JsonNode failed = json(get(app, "/api/jobs?status=failed&course=phys%20101&semester=FALL-2026&limit=500"));
    assertEquals(failedPhys, failed.get("total").asInt(), failed::toString);
    assertTrue(failedPhys >= 5 && failedPhys < 9, "the filter has something to leave out: " + failedPhys);
    failed.get("jobs").forEach(j -> {
      assertEquals("failed", j.get("status").asText());
      assertEquals("validation", j.get("failedStage").asText());
      assertEquals("PHYS 101", j.get("course").asText());
    });
    JsonNode completed = json(get(app, "/api/jobs?status=completed"));
    assertEquals(dirs.size() - 9, completed.get("total").asInt());
    assertTrue(completed.get("jobs").findValues("jobId").stream().anyMatch(n -> n.asText().equals(L03)),
        completed::toString);
    assertEquals(0, json(get(app, "/api/jobs?course=CHEM%20100")).get("total").asInt());

    assertTrue(error(get(app, "/api/jobs?limit=501"), 400).contains("between 1 and 500"));
    assertTrue(error(get(app, "/api/jobs?status=running"), 400).contains("status"));
    assertTrue(error(get(app, "/api/jobs?cursor=not-ours!"), 400).contains("cursor"));
  }

  @Test
  void aJobHasItsStatusStageTimesAndFailure() throws Exception {
    JsonNode done = json(get(app, "/api/jobs/" + L03));
    assertEquals("completed", done.get("status").asText());
    assertEquals("completed", done.get("currentStage").asText());
    assertEquals("Newton's Laws of Motion", done.at("/metadata/title").asText());
    for (String stage : List.of("validation", "silence", "transcription", "layout", "rendering")) {
      assertTrue(done.at("/stageTimings/" + stage).isNumber(), stage + ": " + done.get("stageTimings"));
    }
    JsonNode empty = json(get(app, "/api/jobs/malformed-empty"));
    assertEquals("failed", empty.get("status").asText());
    assertEquals("validation", empty.get("currentStage").asText());
    assertEquals("empty_file", empty.get("failureReason").asText());
    assertTrue(empty.get("failureMessage").asText().length() > 10);
    assertTrue(error(get(app, "/api/jobs/no-such-job"), 404).contains("no-such-job"));
    error(get(app, "/api/jobs/no-such-job/results"), 404);
  }

  @Test
  void resultsLinkClipsThatPlayersCanSeek() throws Exception {
    JsonNode r = json(get(app, "/api/jobs/" + L03 + "/results"));
    assertTrue(r.get("segments").size() >= 1, r::toString);
    assertEquals(1, r.get("highlights").size());
    JsonNode clip = r.at("/clips/0");
    assertEquals(r.at("/highlights/0/title").asText(), clip.get("title").asText());
    Path file = out.resolve(L03).resolve("clips/clip-01.mp4");
    byte[] bytes = Files.readAllBytes(file);

    HttpResponse<byte[]> whole = get(app, clip.get("url").asText());
    assertEquals(200, whole.statusCode());
    assertEquals("video/mp4", whole.headers().firstValue("Content-Type").orElse(""));
    assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
    assertArrayEquals(bytes, whole.body());

    HttpResponse<byte[]> part = get(app, clip.get("url").asText(), "Range", "bytes=1000-1999");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 1000-1999/" + bytes.length, part.headers().firstValue("Content-Range").orElse(""));
    assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 2000), part.body());
    HttpResponse<byte[]> tail = get(app, clip.get("url").asText(), "Range", "bytes=-10");
    assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length), tail.body());
    HttpResponse<byte[]> past = get(app, clip.get("url").asText(), "Range", "bytes=" + bytes.length + "-");
    assertEquals(416, past.statusCode());
    assertEquals("bytes */" + bytes.length, past.headers().firstValue("Content-Range").orElse(""));

    assertTrue(new String(get(app, clip.get("subtitlesUrl").asText()).body(), StandardCharsets.UTF_8)
        .startsWith("WEBVTT"));
    assertEquals(200, get(app, clip.get("thumbnailUrl").asText()).statusCode());
    assertTrue(new String(get(app, r.at("/subtitles/vtt").asText()).body(), StandardCharsets.UTF_8)
        .startsWith("WEBVTT"));
    for (JsonNode s : r.get("slides")) {
      assertEquals("image/jpeg", get(app, s.get("thumbnailUrl").asText()).headers().firstValue("Content-Type")
          .orElse(""));
    }
    String page = new String(get(app, clip.get("page").asText()).body(), StandardCharsets.UTF_8);
    assertTrue(page.contains("src=\"" + clip.get("url").asText() + "\""), page);
    assertTrue(page.contains("<track kind=\"subtitles\""), page);
    error(get(app, "/clip/" + L03 + "/7"), 404);
  }

  @Test
  void theJobsOwnVideoIsServedWithRangesAndNothingElseIs() throws Exception {
    JsonNode job = json(get(app, "/api/jobs/" + L03));
    byte[] source = Files.readAllBytes(Path.of(job.get("videoUri").asText()));
    HttpResponse<byte[]> mid = get(app, "/video/" + L03, "Range", "bytes=" + source.length / 2 + "-");
    assertEquals(206, mid.statusCode());
    assertArrayEquals(Arrays.copyOfRange(source, source.length / 2, source.length), mid.body());
    HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
        + "/video/" + L03)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, head.statusCode());
    assertEquals(Long.toString(source.length), head.headers().firstValue("Content-Length").orElse(""));
    // A job whose video is gone (the missing-file row) and an unknown job: 404, never a path from the request.
    error(get(app, "/video/missing-lecture"), 404);
    error(get(app, "/video/no-such-job"), 404);
  }

  @Test
  void searchAnswersThroughTheHybridRankingWithLinksToTheMoment() throws Exception {
    JsonNode r = json(get(app, "/api/search?q=" + URLEncoder.encode("Newton's laws of motion", StandardCharsets.UTF_8)
        + "&limit=3"));
    assertEquals("hybrid", r.get("mode").asText());
    JsonNode first = r.at("/results/0");
    assertEquals(L03, first.get("jobId").asText(), r::toString);
    assertEquals("PHYS 101", first.get("course").asText());
    assertTrue(first.get("snippetHtml").asText().contains("<mark>"), first::toString);
    double start = first.get("start").asDouble();
    assertTrue(first.get("watchUrl").asText().startsWith("/watch/" + L03 + "?t="), first::toString);
    assertEquals("/out/" + L03 + "/report.html#t=" + (long) Math.floor(start), first.get("reportUrl").asText());
    assertTrue(r.get("results").size() <= 3);
    String report = new String(get(app, first.get("reportUrl").asText().split("#")[0]).body(), StandardCharsets.UTF_8);
    assertTrue(report.startsWith("<!doctype html>") || report.startsWith("<!DOCTYPE html>"), report.substring(0, 40));
    assertEquals(200, get(app, first.get("watchUrl").asText()).statusCode());

    assertEquals(0, json(get(app, "/api/search?q=newton&course=CHEM%20100")).get("results").size());
    assertEquals(1, json(get(app, "/api/search?q=energy&lecture=phys101-fall2026-l04")).get("results").size());
    assertTrue(error(get(app, "/api/search?q=" + "a".repeat(501)), 400).contains("at most 500"));
    assertTrue(error(get(app, "/api/search?q=newton&limit=51"), 400).contains("between 1 and 50"));
    assertTrue(error(get(app, "/api/search"), 400).contains("q is empty"));
  }

  @Test
  void aFolderWithoutAnIndexAnswers503WithTheReason() throws Exception {
    Path bare = Files.createDirectories(tmp.resolve("bare"));
    try (ServeApp noIndex = ServeApp.start(new ServeApp.Settings(bare, "127.0.0.1", 0, null, null),
        MiniLmEmbedder.shared())) {
      assertTrue(error(get(noIndex, "/api/search?q=newton"), 503).contains("no search index"));
      assertFalse(json(get(noIndex, "/api/health")).get("searchIndex").asBoolean());
    }
  }

  /** A request as sent, byte for byte (no client normalises the path first); the status line and body. */
  static String raw(ServeApp on, String path) throws Exception {
    try (Socket s = new Socket("127.0.0.1", on.port())) {
      OutputStream o = s.getOutputStream();
      o.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      o.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void noPathLeavesTheOutputFolder() throws Exception {
    Files.writeString(tmp.resolve("secret.txt"), "top secret");
    Path folder = Files.createDirectories(tmp.resolve("linked"));
    Files.createSymbolicLink(folder.resolve("escape.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(folder.resolve("escape-dir"), tmp);
    Files.writeString(folder.resolve("inside.txt"), "fine");
    try (ServeApp linked = ServeApp.start(new ServeApp.Settings(folder, "127.0.0.1", 0, null, null),
        MiniLmEmbedder.shared())) {
      assertTrue(raw(linked, "/out/inside.txt").endsWith("fine"));
      for (String path : List.of("/out/../secret.txt", "/out/..%2fsecret.txt", "/out/%2e%2e/secret.txt",
          "/out/%2E%2E%2Fsecret.txt", "/out/escape.txt", "/out/escape-dir/secret.txt", "/out/./../secret.txt",
          "/out/inside.txt/../../secret.txt", "/out/%252e%252e/secret.txt", "/video/..%2f..%2fsecret.txt")) {
        String answer = raw(linked, path);
        assertFalse(answer.contains("top secret"), path + " -> " + answer);
        assertTrue(answer.startsWith("HTTP/1.1 400") || answer.startsWith("HTTP/1.1 404"), path + " -> " + answer);
        assertTrue(answer.contains("\"reason\""), path + " -> " + answer);
      }
    }
    // And in the real folder: its neighbours and the machine's files stay out of reach.
    assertFalse(raw(app, "/out/../../../../etc/passwd").contains("root:"));
    assertFalse(raw(app, "/out/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd").contains("root:"));
  }

  @Test
  void withATokenEveryRequestButHealthNeedsIt() throws Exception {
    String token = "s3cret;token=with spaces";
    try (ServeApp locked = ServeApp.start(new ServeApp.Settings(out, "127.0.0.1", 0, token, null),
        MiniLmEmbedder.shared())) {
      HttpResponse<byte[]> none = get(locked, "/api/jobs");
      assertTrue(error(none, 401).contains("Authorization: Bearer"));
      assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
      error(get(locked, "/api/jobs", "Authorization", "Bearer wrong"), 401);
      error(get(locked, "/out/index.html"), 401);
      assertEquals(200, get(locked, "/api/jobs", "Authorization", "Bearer " + token).statusCode());
      assertEquals(200, get(locked, "/api/health").statusCode());
      // A browser: the token once in the address, then a cookie that is not the token itself.
      HttpResponse<byte[]> login = get(locked, "/search?access_token=" + URLEncoder.encode(token,
          StandardCharsets.UTF_8));
      assertEquals(302, login.statusCode());
      assertEquals("/search", login.headers().firstValue("Location").orElse(""));
      String cookie = login.headers().firstValue("Set-Cookie").orElse("");
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      assertFalse(cookie.contains("s3cret"), cookie);
      String pair = cookie.split(";")[0];
      assertEquals(200, get(locked, "/api/jobs/" + L03, "Cookie", pair).statusCode());
      assertEquals(206, get(locked, "/video/" + L03, "Cookie", pair, "Range", "bytes=0-9").statusCode());
    }
  }

  @Test
  void unknownPagesAreJson404AndTheRootOpensTheBatchIndex() throws Exception {
    error(get(app, "/nothing/here"), 404);
    HttpResponse<byte[]> root = get(app, "/");
    assertEquals(302, root.statusCode());
    assertEquals("/out/index.html", root.headers().firstValue("Location").orElse(""));
    String index = new String(get(app, "/out/index.html").body(), StandardCharsets.UTF_8);
    assertTrue(index.contains(L03 + "/report.html"), "the batch index links the reports relative to itself");
    assertEquals("nosniff", get(app, "/out/index.html").headers().firstValue("X-Content-Type-Options").orElse(""));
  }
}
