package io.lecturehighlights.transforms.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Gemini API's {@code POST /v1beta/models/{model}:generateContent}, {@code :embedContent}
 * and {@code :batchEmbedContents}: checks the key in {@code x-goog-api-key}, records each request's JSON and answers
 * with the documented response shape or a Google-style error body ({@code {"error":{"code","message","status",
 * "details"}}}) with the HTTP status. generateContent answers candidates with content parts and finishReason,
 * usageMetadata and modelVersion; the embedding methods answer {@code {"embedding":{"values":[...]}}} and
 * {@code {"embeddings":[{"values":[...]}, ...]}} (one per request, in order) of the requested
 * {@code outputDimensionality} (default 3072), made by {@link #wordVector}: texts that share words get close
 * vectors, so a search over them behaves like one over a real model. Like the real API, only 3072-dimension vectors
 * come back normalised. Replies are scripted per test as one queue for every method (errors, delays); when it is
 * empty the {@link #model} function answers generateContent and {@link #wordVector} the embedding methods.
 */
public final class FakeGeminiServer implements AutoCloseable {
  public static final String MODEL_VERSION = "gemini-2.5-flash-fake-001";
  private static final Pattern PATH =
      Pattern.compile("^/v1beta/models/([^/:]+):(generateContent|embedContent|batchEmbedContents)$");
  /** What the real API gives without outputDimensionality (gemini-embedding-001). */
  public static final int DEFAULT_DIMENSIONS = 3072;

  /** One request as received. */
  public static final class Request {
    public final String method;
    public final String path;
    public final String model;
    public final String apiKey;
    public final JsonNode body;
    /** The API method after the colon: generateContent, embedContent or batchEmbedContents. */
    public final String rpc;

    Request(String method, String path, String model, String rpc, String apiKey, JsonNode body) {
      this.method = method;
      this.rpc = rpc;
      this.path = path;
      this.model = model;
      this.apiKey = apiKey;
      this.body = body;
    }

    /** The text of every part of every content: the user prompt. */
    public String prompt() {
      StringBuilder b = new StringBuilder();
      for (JsonNode c : body.path("contents")) {
        for (JsonNode p : c.path("parts")) {
          b.append(p.path("text").asText(""));
        }
      }
      return b.toString();
    }

    public String systemInstruction() {
      StringBuilder b = new StringBuilder();
      for (JsonNode p : body.path("systemInstruction").path("parts")) {
        b.append(p.path("text").asText(""));
      }
      return b.toString();
    }

    public JsonNode generationConfig() {
      return body.path("generationConfig");
    }

    /** The embedding requests: each of batchEmbedContents' {@code requests}, or embedContent's body alone. */
    public List<JsonNode> embedRequests() {
      List<JsonNode> out = new ArrayList<>();
      if ("batchEmbedContents".equals(rpc)) {
        body.path("requests").forEach(out::add);
      } else if ("embedContent".equals(rpc)) {
        out.add(body);
      }
      return out;
    }

    /** The texts an embedding request asks for, in order. */
    public List<String> texts() {
      List<String> out = new ArrayList<>();
      for (JsonNode r : embedRequests()) {
        StringBuilder b = new StringBuilder();
        for (JsonNode p : r.path("content").path("parts")) {
          b.append(p.path("text").asText(""));
        }
        out.add(b.toString());
      }
      return out;
    }

    /** Each embedding request's taskType (null where none was sent). */
    public List<String> taskTypes() {
      return embedRequests().stream().map(r -> r.hasNonNull("taskType") ? r.get("taskType").asText() : null)
          .toList();
    }
  }

  /** One scripted reply. */
  public static final class Reply {
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
    public static Reply answer(String text, int promptTokens, int outputTokens) {
      return new Reply(200, null, null, null, text, "STOP", promptTokens, outputTokens, 0);
    }

    public static Reply answer(String text) {
      return answer(text, 1000, 200);
    }

    /** A 200 answer that stopped for another reason (SAFETY, MAX_TOKENS, ...). */
    public static Reply finished(String finishReason, String text) {
      return new Reply(200, null, null, null, text, finishReason, 1000, 10, 0);
    }

    public static Reply error(int status, String errorStatus, String message) {
      return new Reply(status, errorStatus, message, null, null, null, 0, 0, 0);
    }

    /** 429 RESOURCE_EXHAUSTED with a google.rpc.RetryInfo detail, as the real API sends for quota limits. */
    public static Reply rateLimited(String retryDelay) {
      return new Reply(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", retryDelay, null, null, 0,
          0, 0);
    }

    /** The same reply, sent after a pause (for client timeouts). */
    public Reply after(long millis) {
      return new Reply(status, errorStatus, message, retryDelay, text, finishReason, promptTokens, outputTokens,
          millis);
    }
  }

  private final HttpServer server;
  public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Map.Entry<java.util.function.Predicate<Request>, Reply>> conditional =
      Collections.synchronizedList(new ArrayList<>());
  /** Answers when the script is empty; by default a model that cuts the prompt's transcript every ~60 s. */
  public volatile Function<Request, Reply> model = FakeGeminiServer::segmentEveryMinute;
  public volatile String requiredKey = "test-key";
  public final AtomicLong promptTokensSent = new AtomicLong();
  public final AtomicLong outputTokensSent = new AtomicLong();

  public FakeGeminiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void enqueue(Reply... replies) {
    script.addAll(List.of(replies));
  }

  /**
   * A reply for the first request that matches, whenever it comes (parallel requests arrive in any order, so a
   * queue cannot say which one fails).
   */
  public void enqueueWhen(java.util.function.Predicate<Request> which, Reply reply) {
    conditional.add(new java.util.AbstractMap.SimpleEntry<>(which, reply));
  }

  public int requestCount() {
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
      Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), m.group(1), m.group(2),
          ex.getRequestHeaders().getFirst("x-goog-api-key"), body);
      requests.add(req);
      if (requiredKey != null && !requiredKey.equals(req.apiKey)) {
        // What the real API says to a wrong key: 400, not 401.
        sendError(ex, Reply.error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."));
        return;
      }
      Reply r = conditionalReply(req);
      if (r == null) {
        r = script.poll();
      }
      boolean embedding = !"generateContent".equals(req.rpc);
      if (r == null) {
        r = embedding ? Reply.answer("") : model.apply(req);
      }
      if (r.delayMillis > 0) {
        Thread.sleep(r.delayMillis);
      }
      if (r.status != 200) {
        sendError(ex, r);
        return;
      }
      if (embedding) {
        send(ex, 200, Json.COMPACT.writeValueAsBytes(embeddings(req)));
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

  private Reply conditionalReply(Request req) {
    synchronized (conditional) {
      for (int i = 0; i < conditional.size(); i++) {
        if (conditional.get(i).getKey().test(req)) {
          return conditional.remove(i).getValue();
        }
      }
    }
    return null;
  }

  /** The documented answer of an embedding method: one vector per request, in order. */
  private static ObjectNode embeddings(Request req) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    List<JsonNode> requests = req.embedRequests();
    ArrayNode list = "batchEmbedContents".equals(req.rpc) ? root.putArray("embeddings") : null;
    for (int i = 0; i < requests.size(); i++) {
      int dims = requests.get(i).path("outputDimensionality").asInt(DEFAULT_DIMENSIONS);
      ObjectNode e = list != null ? list.addObject() : root.putObject("embedding");
      ArrayNode values = e.putArray("values");
      for (float x : wordVector(req.texts().get(i), dims)) {
        values.add(x);
      }
    }
    return root;
  }

  /**
   * A stand-in embedding: each word (lower-cased letters and digits, a trailing "s" dropped) adds 3 to one hashed
   * dimension, on top of a small constant everywhere; normalised only at {@link #DEFAULT_DIMENSIONS}, as the real
   * model's output is. Texts sharing words point the same way.
   */
  public static float[] wordVector(String text, int dims) {
    float[] v = new float[dims];
    java.util.Arrays.fill(v, 0.01f);
    for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
      if (w.length() < 3) {
        continue;
      }
      String word = w.endsWith("s") ? w.substring(0, w.length() - 1) : w;
      v[Math.floorMod(word.hashCode(), dims)] += 3f;
    }
    if (dims == DEFAULT_DIMENSIONS) {
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      for (int i = 0; i < dims; i++) {
        v[i] /= (float) Math.sqrt(n);
      }
    }
    return v;
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
  public static Reply segmentEveryMinute(Request req) {
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
