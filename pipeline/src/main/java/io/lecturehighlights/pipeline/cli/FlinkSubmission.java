package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.LectureHighlightsOptions;
import io.lecturehighlights.transforms.common.Json;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * How {@code lhx batch --runner flink} submits to a running Flink session cluster: the master address, the slim job
 * jar to stage (pipeline/target/lhx-job.jar, without what the cluster provides) instead of the 350 MB CLI jar
 * (benchmarks/target/lhx.jar), and small bundles for streaming runs.
 *
 * <p>Bundles and metrics: Beam publishes a DoFn's metrics to Flink when a bundle finishes. In streaming runs a bundle
 * ends after --maxBundleSize elements, so one element (a whole lecture on the heavy stages) makes the figures move
 * per lecture. Beam's batch translation ignores both settings (DoFnOperator bundles only when streaming; the DataSet
 * functions run each partition as one bundle, and so does the DataStream translation, --useDataStreamForBatch):
 * a batch job's stage metrics arrive when that stage's partition ends, in the job's accumulators (REST
 * {@code /jobs/<id>/accumulators}), stage by stage during the run.
 */
final class FlinkSubmission {
  /** File name of the job jar (pipeline/target/lhx-job.jar; a distribution puts it beside lhx.jar). */
  static final String JOB_JAR = "lhx-job.jar";
  /** --flink-master value for a program that runs inside the cluster (application mode, /jars/run). */
  static final String AUTO = "[auto]";
  /** Environment variable naming another job jar. */
  static final String JOB_JAR_ENV = "LHX_JOB_JAR";

  private FlinkSubmission() {}

  /** A cluster's answer to {@code GET /overview}: what it can run. */
  record Overview(int taskManagers, int slotsTotal, int slotsAvailable) {}

  /**
   * Checks that a cluster answers at --flink-master and points the options at it, printing what it found. Returns 0,
   * or the exit code 2 after printing why the job cannot be submitted.
   */
  static int prepare(LectureHighlightsOptions o, BatchSettings s) {
    if (AUTO.equals(s.flinkMaster.trim())) {
      // Inside the cluster (FlinkJobMain): the job jar is already on the class path and the environment is Flink's.
      o.setFlinkMaster(AUTO);
      System.out.println("Submitting to the Flink cluster this program runs in");
      return 0;
    }
    try {
      String master = normalizeMaster(s.flinkMaster);
      Overview cluster = overview(master);
      Path jar = jobJar(s.jobJar);
      if (jar != null && !Files.isRegularFile(jar)) {
        System.err.println("lhx: job jar not found: " + jar);
        return 2;
      }
      if (cluster.slotsTotal() == 0) {
        System.err.println("lhx: the Flink cluster at " + master + " has no TaskManager (no slots) yet");
        return 2;
      }
      configure(o, master, jar, s.pipelineArgs);
      System.out.printf("Submitting to the Flink cluster at http://%s (%d TaskManager%s, %d of %d slots free)%n",
          master, cluster.taskManagers(), cluster.taskManagers() == 1 ? "" : "s", cluster.slotsAvailable(),
          cluster.slotsTotal());
      System.out.println(jar != null ? "  staging " + describe(jar)
          : "  staging this process's classpath (no " + JOB_JAR + " found; see --job-jar)");
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    }
  }

  /** "host:port" from what the user typed ("localhost:8081", "http://localhost:8081/"). */
  static String normalizeMaster(String master) {
    String m = master.trim();
    m = m.replaceFirst("^https?://", "");
    while (m.endsWith("/")) {
      m = m.substring(0, m.length() - 1);
    }
    if (!m.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
      throw new IllegalArgumentException("--flink-master must be host:port of the cluster's REST endpoint, e.g. "
          + "localhost:8081; got '" + master + "'");
    }
    return m;
  }

  /**
   * The jar to stage: the given one, else $LHX_JOB_JAR, else lhx-job.jar beside the jar this class runs from, else, in
   * the project the jar was built in (benchmarks/target/lhx.jar), pipeline/target/lhx-job.jar. Null when none exists
   * (then Beam stages this process's own classpath, the fat jar: slower, but it works).
   */
  static Path jobJar(Path override) {
    if (override != null) {
      return override.toAbsolutePath();
    }
    String env = System.getenv(JOB_JAR_ENV);
    if (env != null && !env.isBlank()) {
      return Paths.get(env).toAbsolutePath();
    }
    try {
      Path self = Paths.get(FlinkSubmission.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // From lhx.jar: its folder; from target/classes (tests, IDE): target/.
      Path candidate = self.getParent().resolve(JOB_JAR);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      // <project>/benchmarks/target/lhx.jar, which ./lhx runs: the pipeline module builds the job jar.
      Path built = self.getParent().getParent().resolveSibling("pipeline").resolve("target").resolve(JOB_JAR);
      return Files.isRegularFile(built) ? built : null;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Points the options at the cluster. Bundle sizes given with --pipeline-arg win; otherwise one element per bundle
   * and at most 5 s (streaming runs; see the class comment for batch).
   */
  static void configure(LectureHighlightsOptions o, String master, Path jobJar, List<String> pipelineArgs) {
    o.setFlinkMaster(master);
    if (jobJar != null) {
      o.setFilesToStage(List.of(jobJar.toString()));
    }
    if (!JobOptions.sets(pipelineArgs, "maxBundleSize")) {
      o.setMaxBundleSize(1L);
    }
    if (!JobOptions.sets(pipelineArgs, "maxBundleTimeMills")) {
      o.setMaxBundleTimeMills(5000L);
    }
  }

  /**
   * Whether the job was submitted without waiting for it (--attachedMode=false: FlinkSessionJob and /jars/run,
   * where Flink refuses status queries from the program); the command then ends once the job is submitted.
   */
  static boolean detached(LectureHighlightsOptions o) {
    return !o.getAttachedMode();
  }

  /** Asks the cluster what it has; an IOException says plainly that nothing answers there. */
  static Overview overview(String master) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + master + "/overview"))
        .timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("no Flink cluster answers at http://" + master + " (" + e.getClass().getSimpleName()
          + "); start one with deploy/flink-cluster.sh start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking http://" + master + "/overview", e);
    }
    if (resp.statusCode() != 200) {
      throw new IOException("http://" + master + "/overview answered HTTP " + resp.statusCode()
          + "; is this a Flink REST endpoint?");
    }
    return parseOverview(resp.body());
  }

  static Overview parseOverview(String json) throws IOException {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      n = null;
    }
    if (n == null || !n.path("taskmanagers").isInt() || !n.path("slots-total").isInt()
        || !n.path("slots-available").isInt()) {
      throw new IOException("not a Flink /overview answer: " + json.substring(0, Math.min(200, json.length())));
    }
    return new Overview(n.get("taskmanagers").asInt(), n.get("slots-total").asInt(), n.get("slots-available").asInt());
  }

  /** Human-readable size, for the message that says which jar is staged. */
  static String describe(Path jar) {
    File f = jar.toFile();
    return jar + " (" + (f.length() / (1024 * 1024)) + " MB)";
  }
}
