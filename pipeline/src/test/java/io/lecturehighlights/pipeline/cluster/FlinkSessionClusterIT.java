package io.lecturehighlights.pipeline.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.VertexNames;
import io.lecturehighlights.pipeline.cli.Lhx;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real local Flink session cluster (deploy/flink-cluster.sh: a JobManager and a TaskManager as
 * their own JVMs), submitted by {@code lhx batch --runner flink} with the slim job jar, watched while it runs
 * through the REST API and the TaskManager's Prometheus endpoint.
 *
 * <p>What a batch job can show while it runs: Beam's batch translation runs each stage's partition as one bundle,
 * so a stage's Beam counters are published when that stage's partition ends (maxBundleSize only applies to
 * streaming). They land in the job's accumulators, which therefore grow stage by stage during the run. Flink's own
 * per-operator record counters, under our stage names, move element by element on the Prometheus endpoint.
 */
class FlinkSessionClusterIT {
  /** Stage names as they appear in Prometheus labels (Flink replaces spaces and punctuation with '_'). */
  private static final List<String> STAGE_LABELS = List.of("Validate_uploads", "Detect_silences", "Detect_layout",
      "Transcribe_lectures", "Render_clips");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path tmp;
  private static LocalFlinkCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    assertTrue(Files.isRegularFile(Fixtures.projectRoot().resolve("pipeline/target/lhx-job.jar")),
        "the job jar is built in the package phase, before the ITs");
    cluster = LocalFlinkCluster.start(Fixtures.projectRoot(), tmp.resolve("cluster"), 1);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** One poll of the cluster while the job runs. */
  record Sample(long atMillis, String state, List<String> vertexNames,
      Map<ClusterMetrics.BeamCounter, Long> beam, Map<ClusterMetrics.Series, Double> prometheus) {}

  @Test
  void batchOnTheSessionClusterShowsStageMetricsWhileItRuns() throws Exception {
    Path out = tmp.resolve("out");
    Path manifest = Fixtures.testdata().resolve("manifest.jsonl");
    long t0 = System.currentTimeMillis();
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Lhx.execute("batch",
        "--runner", "flink", "--flink-master", cluster.master(), "--input", manifest.toString(),
        "--output", out.toString(), "--work-dir", tmp.resolve("work").toString(), "--no-progress"));

    List<Sample> samples = new ArrayList<>();
    String jobId = null;
    while (!run.isDone() && System.currentTimeMillis() - t0 < TimeUnit.MINUTES.toMillis(5)) {
      if (jobId == null) {
        jobId = onlyJob();
      }
      if (jobId != null) {
        Sample s = sample(jobId);
        if (s != null) {
          samples.add(s);
        }
      }
      Thread.sleep(1000);
    }
    int rc = run.get(1, TimeUnit.MINUTES);
    assertEquals(0, rc, "lhx batch --runner flink exit code");
    assertNotNull(jobId, "the job never showed up in /jobs/overview");
    // The client sees the result before the JobManager's REST view has moved the job to FINISHED: poll briefly.
    JsonNode job = getJson("/jobs/" + jobId);
    for (int i = 0; i < 60 && !"FINISHED".equals(job.get("state").asText()); i++) {
      Thread.sleep(500);
      job = getJson("/jobs/" + jobId);
    }
    assertEquals("FINISHED", job.get("state").asText());
    System.out.printf("job %s on the session cluster: %.1f s (Flink: %d ms), %d samples%n", jobId,
        (System.currentTimeMillis() - t0) / 1000.0, job.get("duration").asLong(), samples.size());

    List<Sample> running = samples.stream().filter(s -> s.state().equals("RUNNING")).toList();
    assertTrue(running.size() >= 5, "too few samples while RUNNING: " + running.size());

    // Stage names readable in the job graph: our named transforms, not generated ones.
    String names = String.join("\n", running.get(running.size() - 1).vertexNames());
    for (String stage : List.of("Validation/Validate uploads/Probe and check each video",
        "Analyses/Silence detection/Detect silences/Measure loudness and find silences",
        "Analyses/Layout detection/Detect layout/Sample frames and find regions",
        "Analyses/Transcription/Transcribe lectures/", "Rendering/Render clips/")) {
      assertTrue(names.contains(stage), "no vertex named after " + stage + " in:\n" + names);
    }

    // The job graph reads like the diagram: small, opening with the upload events, no vertex named after an Impulse.
    List<String> vertices = new ArrayList<>();
    job.path("vertices").forEach(v -> vertices.add(v.get("name").asText()));
    System.out.printf("job graph: %d vertices, the first %s%n", vertices.size(), vertices.get(0));
    assertTrue(vertices.size() < 80, vertices.size() + " vertices:\n" + String.join("\n", vertices));
    assertTrue(VertexNames.stageOf(vertices.get(0)).startsWith("Read upload events"),
        "first vertex: " + vertices.get(0));
    assertTrue(vertices.stream().noneMatch(v -> v.contains("at Impulse")), String.join("\n", vertices));

    // Beam metrics per stage in the REST API while the job runs, growing between two samples.
    Sample firstWithBeam = running.stream().filter(s -> !s.beam().isEmpty()).findFirst().orElse(null);
    assertNotNull(firstWithBeam, "no lecture_highlights counter in the accumulators while the job ran");
    Sample lastRunning = running.get(running.size() - 1);
    assertTrue(total(lastRunning.beam()) > total(firstWithBeam.beam()),
        "Beam counters did not grow during the run: " + firstWithBeam.beam() + " then " + lastRunning.beam());
    Map<ClusterMetrics.BeamCounter, Long> seen = new HashMap<>();
    running.forEach(s -> seen.putAll(s.beam()));
    assertTrue(seen.keySet().stream().anyMatch(c -> c.name().equals("validation_accepted")
        && c.step().startsWith("Validation/Validate uploads/")), "validation counters while running: " + seen.keySet());

    // Prometheus: the TaskManager exports operators under our stage names, and their record counts move.
    // A batch task's operators are on the endpoint only while the task runs; the light stages of these short
    // fixtures can finish between two polls, the long ones (transcription, rendering) cannot.
    Set<String> stagesSeen = new TreeSet<>();
    for (Sample s : running) {
      for (ClusterMetrics.Series k : s.prometheus().keySet()) {
        String op = k.labels().getOrDefault("operator_name", "");
        STAGE_LABELS.stream().filter(op::contains).forEach(stagesSeen::add);
      }
    }
    assertTrue(stagesSeen.contains("Transcribe_lectures") || stagesSeen.contains("Render_clips"),
        "no long-running stage's operator on the Prometheus endpoint; seen: " + stagesSeen);
    System.out.println("stages seen on the Prometheus endpoint: " + stagesSeen);
    assertTrue(grewOnPrometheus(running), "no stage operator's numRecordsIn grew between two scrapes");

    // After the run: the final accumulators carry every stage's counters, and they match the outputs.
    Map<ClusterMetrics.BeamCounter, Long> fin = ClusterMetrics.beamCounters(
        get(cluster.restUrl() + "/jobs/" + jobId + "/accumulators"), Stages.METRICS_NAMESPACE);
    Map<String, Long> byName = fin.entrySet().stream()
        .collect(Collectors.groupingBy(e -> e.getKey().name(), Collectors.summingLong(Map.Entry::getValue)));
    long completed = 0;
    int jobs = 0;
    try (Stream<Path> dirs = Files.list(out)) {
      for (Path d : (Iterable<Path>) dirs.filter(p -> Files.exists(p.resolve("job.json")))::iterator) {
        jobs++;
        JsonNode j = Json.MAPPER.readTree(d.resolve("job.json").toFile());
        if (j.get("status").asText().equals("completed")) {
          completed++;
          assertTrue(Files.size(d.resolve("clips/clip-01.mp4")) > 1000, d + ": clip");
        }
      }
    }
    long rows = Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).count();
    assertEquals(rows, jobs, "one job.json per manifest row");
    assertEquals(4, completed);
    assertEquals(completed, byName.getOrDefault("validation_accepted", 0L), byName::toString);
    assertEquals(completed, byName.getOrDefault("clips_rendered", 0L), byName::toString);
    assertTrue(byName.getOrDefault("silence_media_seconds", 0L) > 100, byName::toString);
  }

  private static long total(Map<ClusterMetrics.BeamCounter, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Some stage operator's subtask read more records in a later scrape than in an earlier one. */
  private static boolean grewOnPrometheus(List<Sample> samples) {
    Map<String, Double> first = new HashMap<>();
    for (Sample s : samples) {
      for (Map.Entry<ClusterMetrics.Series, Double> e : s.prometheus().entrySet()) {
        if (!e.getKey().name().equals("flink_taskmanager_job_task_operator_numRecordsIn")) {
          continue;
        }
        String op = e.getKey().labels().getOrDefault("operator_name", "");
        // Label values have every other character replaced by '_': "FlatMap (FlatMap at Detect silences/..."
        if (STAGE_LABELS.stream().noneMatch(op::contains)) {
          continue;
        }
        String key = e.getKey().labels().get("task_attempt_id") + "/" + op;
        Double before = first.putIfAbsent(key, e.getValue());
        if (before != null && e.getValue() > before) {
          return true;
        }
      }
    }
    return false;
  }

  private static String onlyJob() throws IOException, InterruptedException {
    JsonNode jobs = getJson("/jobs/overview").path("jobs");
    return jobs.size() == 1 ? jobs.get(0).get("jid").asText() : null;
  }

  private static Sample sample(String jobId) throws IOException, InterruptedException {
    JsonNode job;
    try {
      job = getJson("/jobs/" + jobId);
    } catch (IOException e) {
      return null;
    }
    List<String> names = new ArrayList<>();
    job.path("vertices").forEach(v -> names.add(v.get("name").asText()));
    Map<ClusterMetrics.BeamCounter, Long> beam = ClusterMetrics.beamCounters(
        get(cluster.restUrl() + "/jobs/" + jobId + "/accumulators"), Stages.METRICS_NAMESPACE);
    Map<ClusterMetrics.Series, Double> prom =
        ClusterMetrics.prometheus(get(cluster.prometheusUrl(1)), "flink_taskmanager_job_task_operator_");
    return new Sample(System.currentTimeMillis(), job.get("state").asText(), names, beam, prom);
  }

  private static JsonNode getJson(String path) throws IOException, InterruptedException {
    return Json.MAPPER.readTree(get(cluster.restUrl() + path));
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + ": HTTP " + r.statusCode());
    }
    return r.body();
  }
}
