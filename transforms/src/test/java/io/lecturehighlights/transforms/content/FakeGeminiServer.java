package io.lecturehighlights.transforms.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Gemini API's {@code POST /v1beta/models/{model}:generateContent}: checks the key in
 * {@code x-goog-api-key}, records each request's JSON (contents, systemInstruction, generationConfig) and answers
 * with the documented response shape (candidates with content parts and finishReason, usageMetadata, modelVersion)
 * or a Google-style error body ({@code {"error":{"code","message","status","details"}}}) with the HTTP status.
 * Replies are scripted per test as a queue; when it is empty the {@link #model} function answers.
 */
final class FakeGeminiServer implements AutoCloseable {
  static final String MODEL_VERSION = "gemini-2.5-flash-fake-001";
  private static final Pattern PATH = Pattern.compile("^/v1beta/models/([^/:]+):generateContent$");

  /** One request as received. */
  static final class Request {
    final String method;
    final String path;
    final String model;
    final String apiKey;
    final JsonNode body;

    Request(String method, String path, String model, String apiKey, JsonNode body) {
      this.method = method;
      this.path = path;
      this.model = model;
      this.apiKey = apiKey;
      this.body = body;
    }

    /** The text of every part of every content: the user prompt. */
    String prompt() {
      StringBuilder b = new StringBuilder();
      for (JsonNode c : body.path("contents")) {
        for (JsonNode p : c.path("parts")) {
          b.append(p.path("text").asText(""));
        }
      }
      return b.toString();
    }

    String systemInstruction() {
      StringBuilder b = new StringBuilder();
      for (JsonNode p : body.path("systemInstruction").path("parts")) {
        b.append(p.path("text").asText(""));
      }
      return b.toString();
    }

    JsonNode generationConfig() {
      return body.path("generationConfig");
    }
  }

  /** One scripted reply. */
  static final class Reply {
    final int status;
    final String errorStatus;
    final String message;
    final String retryDelay;
    final String text;
    final String finishReason;
    final int promptTokens;
    final int outputTokens;
    final long delayMillis;

    private Reply(int status, String errorStatus, String message, String retryDelay, String text,
        String finishReason, int promptTokens, int outputTokens, long delayMillis) {
      this.status = status;
      this.errorStatus = errorStatus;
      this.message = message;
      this.retryDelay = retryDelay;
      this.text = text;
      this.finishReason = finishReason;
      this.promptTokens = promptTokens;
      this.outputTokens = outputTokens;
      this.delayMillis = delayMillis;
    }

    /** A 200 answer whose single text part is {@code text}, with the given token counts. */
    static Reply answer(String text, int promptTokens, int outputTokens) {
      return new Reply(200, null, null, null, text, "STOP", promptTokens, outputTokens, 0);
    }

    static Reply answer(String text) {
      return answer(text, 1000, 200);
    }

    /** A 200 answer that stopped for another reason (SAFETY, MAX_TOKENS, ...). */
    static Reply finished(String finishReason, String text) {
      return new Reply(200, null, null, null, text, finishReason, 1000, 10, 0);
    }

    static Reply error(int status, String errorStatus, String message) {
      return new Reply(status, errorStatus, message, null, null, null, 0, 0, 0);
    }

    /** 429 RESOURCE_EXHAUSTED with a google.rpc.RetryInfo detail, as the real API sends for quota limits. */
    static Reply rateLimited(String retryDelay) {
      return new Reply(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", retryDelay, null, null, 0,
          0, 0);
    }

    /** The same reply, sent after a pause (for client timeouts). */
    Reply after(long millis) {
      return new Reply(status, errorStatus, message, retryDelay, text, finishReason, promptTokens, outputTokens,
          millis);
    }
  }

  private final HttpServer server;
  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  /** Answers when the script is empty; by default a model that cuts the prompt's transcript every ~60 s. */
  volatile Function<Request, Reply> model = FakeGeminiServer::segmentEveryMinute;
  volatile String requiredKey = "test-key";
  final AtomicLong promptTokensSent = new AtomicLong();
  final AtomicLong outputTokensSent = new AtomicLong();

  FakeGeminiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void enqueue(Reply... replies) {
    script.addAll(List.of(replies));
  }

  int requestCount() {
    return requests.size();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      Matcher m = PATH.matcher(ex.getRequestURI().getPath());
      if (!"POST".equals(ex.getRequestMethod()) || !m.matches()) {
        sendError(ex, Reply.error(404, "NOT_FOUND", "no such method " + ex.getRequestURI().getPath()));
        return;
      }
      JsonNode body = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
      Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), m.group(1),
          ex.getRequestHeaders().getFirst("x-goog-api-key"), body);
      requests.add(req);
      if (requiredKey != null && !requiredKey.equals(req.apiKey)) {
        // What the real API says to a wrong key: 400, not 401.
        sendError(ex, Reply.error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."));
        return;
      }
      Reply r = script.poll();
      if (r == null) {
        r = model.apply(req);
      }
      if (r.delayMillis > 0) {
        Thread.sleep(r.delayMillis);
      }
      if (r.status != 200) {
        sendError(ex, r);
        return;
      }
      ObjectNode root = Json.MAPPER.createObjectNode();
      ObjectNode cand = root.putArray("candidates").addObject();
      ObjectNode content = cand.putObject("content");
      content.put("role", "model");
      if (r.text != null) {
        content.putArray("parts").addObject().put("text", r.text);
      }
      cand.put("finishReason", r.finishReason).put("index", 0);
      root.putObject("usageMetadata").put("promptTokenCount", r.promptTokens)
          .put("candidatesTokenCount", r.outputTokens).put("totalTokenCount", r.promptTokens + r.outputTokens);
      root.put("modelVersion", MODEL_VERSION).put("responseId", "fake-" + requests.size());
      promptTokensSent.addAndGet(r.promptTokens);
      outputTokensSent.addAndGet(r.outputTokens);
      send(ex, 200, Json.COMPACT.writeValueAsBytes(root));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (timeout): nothing to answer
    } finally {
      ex.close();
    }
  }

  private static void sendError(HttpExchange ex, Reply r) throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode err = root.putObject("error");
    err.put("code", r.status).put("message", r.message).put("status", r.errorStatus);
    if (r.retryDelay != null) {
      ArrayNode details = err.putArray("details");
      details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", r.retryDelay);
    }
    send(ex, r.status, Json.COMPACT.writeValueAsBytes(root));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  private static final Pattern LINE = Pattern.compile("^\\[(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)\\] (.*)$",
      Pattern.MULTILINE);
  private static final Pattern SPAN = Pattern.compile("span (\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?) s");
  private static final Pattern WHOLE = Pattern.compile("whole lecture: 0\\.0-(\\d+(?:\\.\\d+)?) s");

  /**
   * A stand-in model: reads the prompt's {@code [start-end] text} lines and the span it is asked to segment, and
   * answers segments of about a minute that start at sentence starts and tile the span.
   */
  static Reply segmentEveryMinute(Request req) {
    String prompt = req.prompt();
    double from;
    double to;
    Matcher span = SPAN.matcher(prompt);
    Matcher whole = WHOLE.matcher(prompt);
    if (span.find()) {
      from = Double.parseDouble(span.group(1));
      to = Double.parseDouble(span.group(2));
    } else if (whole.find()) {
      from = 0;
      to = Double.parseDouble(whole.group(1));
    } else {
      return Reply.answer("{\"segments\":[]}");
    }
    List<double[]> lines = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    Matcher m = LINE.matcher(prompt);
    while (m.find()) {
      lines.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
      texts.add(m.group(3));
    }
    List<Double> starts = new ArrayList<>();
    starts.add(from);
    for (double[] l : lines) {
      if (l[0] - starts.get(starts.size() - 1) >= 60 && to - l[0] >= 30) {
        starts.add(l[0]);
      }
    }
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode segs = root.putArray("segments");
    for (int i = 0; i < starts.size(); i++) {
      double s = starts.get(i);
      double e = i + 1 < starts.size() ? starts.get(i + 1) : to;
      String first = "";
      for (int j = 0; j < lines.size(); j++) {
        if (lines.get(j)[0] >= s) {
          first = texts.get(j);
          break;
        }
      }
      ObjectNode o = segs.addObject();
      o.put("start", s).put("end", e).put("title", "Topic at " + Math.round(s) + " s").put("summary", first);
      o.putArray("keywords").add("minute").add(String.valueOf(Math.round(s / 60)));
      o.put("importance", (i % 5) / 4.0).put("reason", "position " + i);
    }
    return Reply.answer(root.toString(), prompt.length() / 4, root.toString().length() / 4);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
