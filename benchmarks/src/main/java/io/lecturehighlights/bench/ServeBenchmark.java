package io.lecturehighlights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.serve.ServeApp;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code lhx bench serve}: lhx serve under concurrent search requests. Starts the service in this JVM over an output
 * folder (or targets one already running), then {@code concurrency} clients each send searches back to back (a
 * query set's queries in turn, each client starting at its own offset) until {@code requests} have been answered.
 * Reports latency percentiles, throughput and errors (anything but a 200 with results JSON); the target is
 * p95 under 200 concurrent searches with no errors.
 */
final class ServeBenchmark {
  private final PrintStream out;

  ServeBenchmark(PrintStream out) {
    this.out = out;
  }

  /** The figures of one run. */
  record Result(int requests, int errors, double p50Ms, double p95Ms, double p99Ms, double maxMs, double perSecond) {}

  /** Runs against {@code url}, or, when null, a service started here over {@code output}; exit code 1 on errors. */
  int run(Path output, URI url, List<String> queries, int requests, int concurrency, int warmup) throws Exception {
    ServeApp app = null;
    if (url == null) {
      app = ServeApp.start(new ServeApp.Settings(output, "127.0.0.1", 0, null, null), MiniLmEmbedder.shared());
      url = URI.create("http://127.0.0.1:" + app.port());
    }
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .executor(Executors.newFixedThreadPool(Math.max(4, concurrency / 4))).build();
      // Warm-up: the searcher opens, the model's first runs, the JIT.
      Result w = load(http, url, queries, warmup, Math.min(concurrency, 8));
      out.printf(Locale.ROOT, "warm-up: %d searches, %d errors%n", w.requests(), w.errors());
      Result r = load(http, url, queries, requests, concurrency);
      out.printf(Locale.ROOT, "serve search: %d requests, %d concurrent, %d queries in turn, on %d cores: "
          + "p50=%.0f ms p95=%.0f ms p99=%.0f ms max=%.0f ms, %.1f requests/s, errors=%d%n", r.requests(), concurrency,
          queries.size(), Runtime.getRuntime().availableProcessors(), r.p50Ms(), r.p95Ms(), r.p99Ms(), r.maxMs(),
          r.perSecond(), r.errors());
      return r.errors() == 0 ? 0 : 1;
    } finally {
      if (app != null) {
        app.close();
      }
    }
  }

  Result load(HttpClient http, URI base, List<String> queries, int requests, int concurrency)
      throws InterruptedException {
    long[] latency = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong firstError = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(concurrency);
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    long t0 = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      clients.submit(() -> {
        try {
          for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
            String q = queries.get(i % queries.size());
            HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/search?limit=10&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(120)).build();
            long start = System.nanoTime();
            boolean ok;
            try {
              HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
              ok = r.statusCode() == 200 && Json.MAPPER.readTree(r.body()).path("results").isArray();
              if (!ok && firstError.compareAndSet(-1, i)) {
                out.println("first error: " + r.statusCode() + " " + r.body());
              }
            } catch (IOException e) {
              ok = false;
              if (firstError.compareAndSet(-1, i)) {
                out.println("first error: " + e);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            latency[i] = System.nanoTime() - start;
            if (!ok) {
              errors.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      });
    }
    done.await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    clients.shutdown();
    long[] sorted = latency.clone();
    Arrays.sort(sorted);
    return new Result(requests, errors.get(), percentile(sorted, 0.50), percentile(sorted, 0.95),
        percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
        requests / Math.max(seconds, 1e-9));
  }

  /** Nearest-rank percentile in milliseconds of sorted nanosecond latencies. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  /** The queries of a JSON Lines file ({@code {"query": ...}} per line, as lhx bench search reads). */
  static List<String> queries(List<String> lines) throws IOException {
    List<String> qs = new ArrayList<>();
    for (String line : lines) {
      if (!line.isBlank()) {
        JsonNode n = Json.MAPPER.readTree(line);
        if (n.hasNonNull("query") && !n.get("query").asText().isBlank()) {
          qs.add(n.get("query").asText());
        }
      }
    }
    if (qs.isEmpty()) {
      throw new IOException("the query file has no {\"query\": ...} lines");
    }
    return qs;
  }
}
