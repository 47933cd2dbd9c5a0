package io.lecturehighlights.transforms.transcription;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for OpenAI's {@code POST /v1/audio/transcriptions}: parses the multipart/form-data body the way
 * the documented contract describes it (file, model, language, response_format, timestamp_granularities[]) and
 * answers {@code verbose_json} with every field the API documents. Scripted faults can be queued: an HTTP error
 * with an OpenAI-style error body and optional {@code Retry-After}, or a slow answer (for client timeouts).
 */
final class FakeTranscriptionServer implements AutoCloseable {

  /** One multipart part. */
  static final class Part {
    final String name;
    final String filename;
    final String contentType;
    final byte[] data;

    Part(String name, String filename, String contentType, byte[] data) {
      this.name = name;
      this.filename = filename;
      this.contentType = contentType;
      this.data = data;
    }

    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  /** One request as received. */
  static final class Request {
    final String method;
    final String path;
    final String authorization;
    final Map<String, List<Part>> parts;

    Request(String method, String path, String authorization, Map<String, List<Part>> parts) {
      this.method = method;
      this.path = path;
      this.authorization = authorization;
      this.parts = parts;
    }

    String field(String name) {
      List<Part> p = parts.get(name);
      return p == null ? null : p.get(0).text();
    }

    List<String> fields(String name) {
      List<String> out = new ArrayList<>();
      parts.getOrDefault(name, List.of()).forEach(p -> out.add(p.text()));
      return out;
    }
  }

  /** A scripted fault for the next request. */
  static final class Fault {
    final int status;
    final String retryAfter;
    final long delayMillis;
    final String message;

    private Fault(int status, String retryAfter, long delayMillis, String message) {
      this.status = status;
      this.retryAfter = retryAfter;
      this.delayMillis = delayMillis;
      this.message = message;
    }

    static Fault status(int status, String message) {
      return new Fault(status, null, 0, message);
    }

    static Fault rateLimited(String retryAfterSeconds) {
      return new Fault(429, retryAfterSeconds, 0, "Rate limit reached for requests");
    }

    static Fault slow(long millis) {
      return new Fault(200, null, millis, null);
    }
  }

  /** Builds the verbose_json answer for a request; the default says one word per request. */
  interface Responder {
    ObjectNode respond(Request r, int requestNumber);
  }

  private final HttpServer server;
  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  volatile Fault always;
  volatile Responder responder = (r, n) -> verbose("hello world.", 0.5, 0.9, "hello", 0.9, 1.3, "world.");
  volatile long answerDelayMillis;

  FakeTranscriptionServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/audio/transcriptions", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  void enqueue(Fault... f) {
    faults.addAll(List.of(f));
  }

  /** A verbose_json body with one segment made of the given words (triples of start, end, word). */
  static ObjectNode verbose(String text, Object... words) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("task", "transcribe").put("language", "english").put("text", text);
    double end = 0;
    ArrayNode w = root.putArray("words");
    for (int i = 0; i + 2 < words.length; i += 3) {
      w.addObject().put("word", (String) words[i + 2]).put("start", (Double) words[i])
          .put("end", (Double) words[i + 1]);
      end = Math.max(end, (Double) words[i + 1]);
    }
    ArrayNode s = root.putArray("segments");
    if (!text.isEmpty()) {
      ObjectNode seg = s.addObject();
      seg.put("id", 0).put("seek", 0).put("start", words.length > 0 ? (Double) words[0] : 0.0).put("end", end)
          .put("text", " " + text).put("temperature", 0.0).put("avg_logprob", -0.25)
          .put("compression_ratio", 1.1).put("no_speech_prob", 0.01);
      seg.putArray("tokens").add(50364).add(2425);
    }
    root.put("duration", end);
    return root;
  }

  private void handle(HttpExchange ex) throws IOException {
    int n = count.incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    // A request stops counting as in flight once its answer is ready, before it is sent: the client may send its next
    // request as soon as it has the answer, possibly before this thread gets to the finally block.
    boolean[] answered = {false};
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
          ex.getRequestHeaders().getFirst("Authorization"),
          parseMultipart(ex.getRequestHeaders().getFirst("Content-Type"), body));
      requests.add(req);
      Fault f = faults.poll();
      if (f == null) {
        f = always;
      }
      long delay = answerDelayMillis + (f != null ? f.delayMillis : 0);
      if (delay > 0) {
        Thread.sleep(delay);
      }
      if (f != null && f.status != 200) {
        ObjectNode err = Json.MAPPER.createObjectNode();
        err.putObject("error").put("message", f.message)
            .put("type", f.status == 401 ? "invalid_request_error" : "server_error")
            .putNull("param").put("code", f.status == 401 ? "invalid_api_key" : null);
        if (f.retryAfter != null) {
          ex.getResponseHeaders().add("Retry-After", f.retryAfter);
        }
        answered[0] = true;
        inFlight.decrementAndGet();
        send(ex, f.status, Json.COMPACT.writeValueAsBytes(err));
        return;
      }
      byte[] answer = Json.COMPACT.writeValueAsBytes(responder.respond(req, n));
      answered[0] = true;
      inFlight.decrementAndGet();
      send(ex, 200, answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (timeout): nothing to answer
    } finally {
      if (!answered[0]) {
        inFlight.decrementAndGet();
      }
      ex.close();
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern DISPOSITION_NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
  private static final Pattern DISPOSITION_FILE = Pattern.compile("\\bfilename=\"([^\"]*)\"");

  static Map<String, List<Part>> parseMultipart(String contentType, byte[] body) {
    Map<String, List<Part>> parts = new LinkedHashMap<>();
    if (contentType == null || !contentType.startsWith("multipart/form-data")) {
      return parts;
    }
    Matcher bm = BOUNDARY.matcher(contentType);
    if (!bm.find()) {
      return parts;
    }
    byte[] delim = ("--" + bm.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    int pos = indexOf(body, delim, 0);
    while (pos >= 0) {
      int start = pos + delim.length;
      if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
        break; // closing delimiter
      }
      start += 2; // CRLF after the delimiter
      int next = indexOf(body, delim, start);
      if (next < 0) {
        break;
      }
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      String headers = new String(body, start, headerEnd - start, StandardCharsets.ISO_8859_1);
      int dataStart = headerEnd + 4;
      int dataEnd = next - 2; // CRLF before the delimiter
      String name = null;
      String filename = null;
      String type = null;
      for (String h : headers.split("\r\n")) {
        String lower = h.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-disposition:")) {
          Matcher m = DISPOSITION_NAME.matcher(h);
          name = m.find() ? m.group(1) : null;
          Matcher f = DISPOSITION_FILE.matcher(h);
          filename = f.find() ? f.group(1) : null;
        } else if (lower.startsWith("content-type:")) {
          type = h.substring(h.indexOf(':') + 1).trim();
        }
      }
      byte[] data = java.util.Arrays.copyOfRange(body, dataStart, Math.max(dataStart, dataEnd));
      parts.computeIfAbsent(name, k -> new ArrayList<>()).add(new Part(name, filename, type, data));
      pos = next;
    }
    return parts;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  int requestCount() {
    return count.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
