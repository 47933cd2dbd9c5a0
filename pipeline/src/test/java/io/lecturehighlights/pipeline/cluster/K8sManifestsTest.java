package io.lecturehighlights.pipeline.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.pipeline.cli.Lhx;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/**
 * The Kubernetes manifests cannot be applied here (no cluster, no Docker); this checks what can be checked: they
 * parse, name the resources and fields the Flink Kubernetes Operator requires, point at a main class that exists,
 * pass arguments the lhx command line accepts, and agree with the Dockerfile and the slim jar's name.
 */
class K8sManifestsTest {
  private static final Path K8S = Fixtures.projectRoot().resolve("deploy/k8s");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String file) throws Exception {
    Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(K8S.resolve(file)));
    assertTrue(doc instanceof Map, file + " is not a YAML mapping");
    return (Map<String, Object>) doc;
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Map<String, Object> m, String path) {
    Object cur = m;
    for (String k : path.split("\\.")) {
      assertTrue(cur instanceof Map, path + ": no mapping at " + k);
      cur = ((Map<String, Object>) cur).get(k);
      assertTrue(cur != null, "missing " + path);
    }
    return (T) cur;
  }

  private static void checkDeployment(Map<String, Object> d, String file) {
    assertEquals("flink.apache.org/v1beta1", d.get("apiVersion"), file);
    assertEquals("FlinkDeployment", d.get("kind"), file);
    assertFalse(((String) at(d, "metadata.name")).isBlank(), file);
    assertEquals("v1_19", (String) at(d, "spec.flinkVersion"), file);
    assertTrue(((String) at(d, "spec.image")).contains("lecture-highlights-flink"), file);
    assertTrue(at(d, "spec.jobManager.resource.memory") instanceof String, file);
    assertTrue(at(d, "spec.taskManager.resource.memory") instanceof String, file);
    Map<String, Object> conf = at(d, "spec.flinkConfiguration");
    // The operator passes flinkConfiguration as strings: a bare YAML number or boolean would not be a string.
    conf.forEach((k, v) -> assertTrue(v instanceof String, file + ": " + k + " must be quoted, is " + v));
    assertEquals("org.bytedeco.;org.openjfx.", conf.get("classloader.parent-first-patterns.additional"), file);
    assertEquals("rocksdb", conf.get("state.backend.type"), file);
    assertTrue(conf.containsKey("metrics.reporter.prom.factory.class"), file);
  }

  private static void checkJob(Map<String, Object> job, String file) throws Exception {
    String entry = (String) job.get("entryClass");
    // The entry class exists and has a main.
    Class.forName(entry).getMethod("main", String[].class);
    List<String> args = (List<String>) job.get("args");
    // Every argument is one the command line knows (a typo fails here, not in the cluster).
    CommandLine.ParseResult r = new CommandLine(new Lhx()).parseArgs(args.toArray(new String[0]));
    assertTrue(r.hasSubcommand(), file);
    assertEquals("flink", r.subcommand().matchedOptionValue("--runner", null).toString(), file);
    assertEquals("[auto]", r.subcommand().matchedOptionValue("--flink-master", ""), file);
    assertTrue(args.stream().anyMatch(a -> a.startsWith("--db-url=")),
        file + ": the job jar has no embedded PostgreSQL; a database URL is required");
    assertEquals("stateless", job.get("upgradeMode"), file);
  }

  @Test
  void sessionClusterAndSessionJob() throws Exception {
    Map<String, Object> session = load("session-cluster.yaml");
    checkDeployment(session, "session-cluster.yaml");
    assertFalse(((Map<?, ?>) session.get("spec")).containsKey("job"), "a session cluster has no job");

    Map<String, Object> job = load("session-job.yaml");
    assertEquals("FlinkSessionJob", job.get("kind"));
    assertEquals((String) at(session, "metadata.name"), (String) at(job, "spec.deploymentName"));
    assertTrue(((String) at(job, "spec.job.jarURI")).endsWith("/lhx-job.jar"));
    checkJob(at(job, "spec.job"), "session-job.yaml");
    assertTrue(((List<String>) at(job, "spec.job.args")).contains("--pipeline-arg=--attachedMode=false"),
        "a job run through /jars/run must not wait for itself");
  }

  @Test
  void applicationDeployment() throws Exception {
    Map<String, Object> app = load("application.yaml");
    checkDeployment(app, "application.yaml");
    assertEquals("local:///opt/flink/usrlib/lhx-job.jar", (String) at(app, "spec.job.jarURI"));
    checkJob(at(app, "spec.job"), "application.yaml");
  }

  @Test
  void dockerfileCopiesWhatTheBuildMakes() throws Exception {
    List<String> lines = Files.readAllLines(K8S.resolve("Dockerfile"));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("FROM flink:1.19.3-java17")));
    assertTrue(lines.stream().anyMatch(l -> l.equals("COPY pipeline/target/lhx-job.jar /opt/flink/usrlib/lhx-job.jar")));
    for (String l : lines) {
      // Build-context sources of every COPY (not --from) exist in the project, the job jar once it is built.
      if (l.startsWith("COPY ") && !l.startsWith("COPY --from")) {
        String src = l.split("\\s+")[1];
        assertTrue(Files.exists(Fixtures.projectRoot().resolve(src)) || src.equals("pipeline/target/lhx-job.jar"), l);
      }
    }
  }
}
