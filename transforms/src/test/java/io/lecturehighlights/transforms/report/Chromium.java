package io.lecturehighlights.transforms.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, java.net.http): open a page, collect what it
 * logs as errors, evaluate script, take screenshots. Just what the report tests need; no browser library.
 */
final class Chromium implements AutoCloseable {
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final long TIMEOUT_SECONDS = 60;

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
  private final List<String> stderr;

  /** The chromium executable on the PATH (Debian: chromium), if any. */
  static Optional<Path> binary() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        Path p = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  static Chromium launch(Path binary, Path profile) throws IOException, InterruptedException {
    // --no-sandbox: tests run as root in CI containers, where Chromium's sandbox cannot start.
    ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--mute-audio", "--window-size=1366,900", "about:blank");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = pb.start();
    CompletableFuture<String> url = new CompletableFuture<>();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
          Matcher m = DEVTOOLS.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
      url.completeExceptionally(new IOException("chromium exited before its DevTools endpoint was up: " + lines));
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    String ws;
    try {
      ws = url.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("chromium did not start: " + lines, e);
    }
    return new Chromium(process, ws, lines);
  }

  private Chromium(Process process, String wsUrl, List<String> stderrLines) throws IOException {
    this.process = process;
    this.stderr = stderrLines;
    try {
      this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(wsUrl), new Listener()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("cannot connect to " + wsUrl, e);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode msg = Json.MAPPER.readTree(text);
          if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
              if (msg.has("error")) {
                f.completeExceptionally(new IOException("DevTools error: " + msg.get("error")));
              } else {
                f.complete(msg.get("result"));
              }
            }
          } else {
            listeners.forEach(l -> l.accept(msg));
          }
        } catch (IOException e) {
          throw new IllegalStateException("unreadable DevTools message", e);
        }
      }
      ws.request(1);
      return null;
    }
  }

  JsonNode send(String method, ObjectNode params, String sessionId) throws IOException {
    int id = ids.incrementAndGet();
    ObjectNode msg = Json.COMPACT.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", params == null ? Json.COMPACT.createObjectNode() : params);
    if (sessionId != null) {
      msg.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(msg.toString(), true).join();
    try {
      return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(method + " failed", e);
    }
  }

  static ObjectNode params(Object... kv) {
    ObjectNode n = Json.COMPACT.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      n.set((String) kv[i], Json.COMPACT.valueToTree(kv[i + 1]));
    }
    return n;
  }

  /** A new tab with the runtime and log domains on, so that every console message and exception is seen. */
  Tab open(int width, int height) throws IOException {
    String target = send("Target.createTarget", params("url", "about:blank"), null).get("targetId").asText();
    String session = send("Target.attachToTarget", params("targetId", target, "flatten", true), null)
        .get("sessionId").asText();
    Tab tab = new Tab(target, session);
    listeners.add(tab::onEvent);
    send("Page.enable", null, session);
    send("Runtime.enable", null, session);
    send("Log.enable", null, session);
    send("Emulation.setDeviceMetricsOverride", params("width", width, "height", height, "deviceScaleFactor", 1,
        "mobile", false), session);
    return tab;
  }

  final class Tab {
    final String targetId;
    final String session;
    /** Console errors, uncaught exceptions and browser log errors (failed loads, blocked requests). */
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<String> console = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    Tab(String targetId, String session) {
      this.targetId = targetId;
      this.session = session;
    }

    void onEvent(JsonNode msg) {
      if (!session.equals(msg.path("sessionId").asText())) {
        return;
      }
      JsonNode p = msg.path("params");
      switch (msg.path("method").asText()) {
        case "Page.loadEventFired" -> loaded.complete(null);
        case "Runtime.consoleAPICalled" -> {
          String line = p.path("type").asText() + ": " + p.path("args").toString();
          console.add(line);
          if (p.path("type").asText().equals("error") || p.path("type").asText().equals("assert")) {
            errors.add("console " + line);
          }
        }
        case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails").toString());
        case "Log.entryAdded" -> {
          JsonNode e = p.path("entry");
          console.add("log " + e.path("level").asText() + ": " + e.path("text").asText());
          if (e.path("level").asText().equals("error")) {
            errors.add("log: " + e.path("source").asText() + " " + e.path("text").asText() + " "
                + e.path("url").asText());
          }
        }
        default -> { }
      }
    }

    void navigate(String url) throws IOException {
      loaded = new CompletableFuture<>();
      JsonNode r = send("Page.navigate", params("url", url), session);
      if (r.hasNonNull("errorText")) {
        throw new IOException("cannot load " + url + ": " + r.get("errorText").asText());
      }
      try {
        loaded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException(url + " did not finish loading", e);
      }
    }

    /** The value of a script expression; a promise is awaited. A script that throws fails the call. */
    JsonNode eval(String expression) throws IOException {
      JsonNode r = send("Runtime.evaluate", params("expression", expression, "returnByValue", true,
          "awaitPromise", true, "userGesture", true), session);
      if (r.has("exceptionDetails")) {
        throw new IOException("script failed: " + r.get("exceptionDetails"));
      }
      return r.path("result").path("value");
    }

    /** PNG of the viewport; with fullPage, of the whole page. */
    byte[] screenshot(boolean fullPage) throws IOException {
      ObjectNode p = params("format", "png", "captureBeyondViewport", fullPage);
      return Base64.getDecoder().decode(send("Page.captureScreenshot", p, session).get("data").asText());
    }

    void close() throws IOException {
      send("Target.closeTarget", params("targetId", targetId), null);
    }
  }

  List<String> stderr() {
    return List.copyOf(stderr);
  }

  @Override
  public void close() {
    try {
      send("Browser.close", null, null);
    } catch (IOException | RuntimeException e) {
      // closing anyway below
    }
    socket.abort();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
