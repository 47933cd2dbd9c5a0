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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files, the source videos, the limits of the folder and the token as a client meets them: a real HTTP client
 * against lhx serve on a free port, over the output folder of a real batch (the manifest batch BatchOnEmbeddedFlinkIT
 * checks; run once per JVM). The JSON API's contract (jobs, a job, results, search, their errors) is
 * {@link ServeContractIT}'s, run against this folder and the database the same batch wrote.
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
