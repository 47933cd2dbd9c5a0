package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ends a streaming job the way {@code flink stop --drain} does, over the cluster's REST API: a savepoint that first
 * advances event time to the end, so every window and trigger fires its last pane, file writes are finalised and the
 * sinks flush, then the job finishes. Cancelling instead drops the panes still buffered (the datasets' last flush).
 */
final class FlinkJobDrain {
  private static final Duration POLL = Duration.ofMillis(500);

  /** The REST endpoint stopped answering after the stop was accepted: an embedded cluster shuts down with its job. */
  static final class EndpointGone extends IOException {
    EndpointGone(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** {@code restAddress}: host:port of the JobManager's REST endpoint (the dashboard). */
  FlinkJobDrain(String restAddress) {
    this.base = "http://" + restAddress;
  }

  /** The id of the running job with this name; an IOException when there is none or more than one. */
  String runningJobId(String jobName) throws IOException {
    return runningJobId(get("/jobs/overview"), jobName);
  }

  static String runningJobId(JsonNode overview, String jobName) throws IOException {
    String found = null;
    for (JsonNode j : overview.path("jobs")) {
      if (jobName.equals(j.path("name").asText()) && "RUNNING".equals(j.path("state").asText())) {
        if (found != null) {
          throw new IOException("more than one running job is named " + jobName);
        }
        found = j.path("jid").asText();
      }
    }
    if (found == null) {
      throw new IOException("no running job named " + jobName);
    }
    return found;
  }

  /**
   * Stops the job with a draining savepoint and waits until it has finished; returns the savepoint's location.
   * {@code savepointDir} may be null when the cluster has {@code state.savepoints.dir} configured.
   */
  String drain(String jobId, String savepointDir, Duration timeout) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("drain", true);
    if (savepointDir != null) {
      body.put("targetDirectory", savepointDir);
    }
    String trigger = post("/jobs/" + jobId + "/stop", Json.MAPPER.writeValueAsString(body))
        .path("request-id").asText();
    if (trigger.isEmpty()) {
      throw new IOException("the cluster did not accept the stop request for job " + jobId);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    String location = null;
    while (location == null) {
      JsonNode s = getAfterStop("/jobs/" + jobId + "/savepoints/" + trigger);
      if ("COMPLETED".equals(s.path("status").path("id").asText())) {
        JsonNode op = s.path("operation");
        if (op.has("failure-cause")) {
          throw new IOException("the draining savepoint failed: "
              + op.path("failure-cause").path("stack-trace").asText("").lines().findFirst().orElse("unknown cause"));
        }
        location = op.path("location").asText();
      } else {
        pause(deadline, "the draining savepoint");
      }
    }
    // The savepoint completes as the job's tasks finish; the job itself turns FINISHED a moment later.
    while (true) {
      String state = getAfterStop("/jobs/" + jobId).path("state").asText();
      if ("FINISHED".equals(state)) {
        return location;
      }
      if (state.equals("FAILED") || state.equals("CANCELED")) {
        throw new IOException("the job ended " + state + " while draining");
      }
      pause(deadline, "the job to finish after its savepoint");
    }
  }

  /** The newest complete savepoint (its {@code _metadata} written) in {@code dir} since the given time, or null. */
  static Path savepointSince(Path dir, long sinceMillis) {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(d -> {
        Path meta = d.resolve("_metadata");
        try {
          return Files.isRegularFile(meta)
              && Files.getLastModifiedTime(meta).toMillis() >= sinceMillis - 1000;
        } catch (IOException e) {
          return false;
        }
      }).max(Comparator.comparing(d -> d.resolve("_metadata").toFile().lastModified())).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static void pause(long deadline, String what) throws IOException {
    if (System.nanoTime() > deadline) {
      throw new IOException("timed out waiting for " + what);
    }
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + what, e);
    }
  }

  private JsonNode getAfterStop(String path) throws IOException {
    try {
      return get(path);
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException || e.getCause() instanceof HttpTimeoutException
          || e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("header parser received no bytes")) {
        throw new EndpointGone("the cluster's REST endpoint went away while the job stopped", e);
      }
      throw e;
    }
  }

  private JsonNode get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  private JsonNode post(String path, String json) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private JsonNode send(HttpRequest req) throws IOException {
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + req.uri(), e);
    } catch (IOException e) {
      throw new IOException(req.method() + " " + req.uri() + ": " + e, e);
    }
    if (resp.statusCode() / 100 != 2) {
      throw new IOException(req.method() + " " + req.uri() + " answered HTTP " + resp.statusCode() + ": "
          + resp.body().substring(0, Math.min(300, resp.body().length())));
    }
    return Json.MAPPER.readTree(resp.body());
  }
}
