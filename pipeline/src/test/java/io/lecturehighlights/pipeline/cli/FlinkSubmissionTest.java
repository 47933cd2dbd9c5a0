package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.pipeline.LectureHighlightsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class FlinkSubmissionTest {
  @Test
  void masterIsHostAndPort() {
    assertEquals("localhost:8081", FlinkSubmission.normalizeMaster("localhost:8081"));
    assertEquals("localhost:8081", FlinkSubmission.normalizeMaster(" http://localhost:8081/ "));
    assertEquals("flink-jm.lectures.svc:8081", FlinkSubmission.normalizeMaster("https://flink-jm.lectures.svc:8081"));
    assertThrows(IllegalArgumentException.class, () -> FlinkSubmission.normalizeMaster("localhost"));
    assertThrows(IllegalArgumentException.class, () -> FlinkSubmission.normalizeMaster("localhost:8081/#/overview"));
  }

  @Test
  void overviewFromTheRestApi() throws IOException {
    // As a Flink 1.19 JobManager answers GET /overview.
    FlinkSubmission.Overview o = FlinkSubmission.parseOverview("{\"taskmanagers\":1,\"slots-total\":2,"
        + "\"slots-available\":1,\"jobs-running\":1,\"jobs-finished\":0,\"jobs-cancelled\":0,\"jobs-failed\":0,"
        + "\"flink-version\":\"1.19.3\",\"flink-commit\":\"a4c3f5a\"}");
    assertEquals(new FlinkSubmission.Overview(1, 2, 1), o);
    IOException e = assertThrows(IOException.class, () -> FlinkSubmission.parseOverview("<html>nginx</html>"));
    assertTrue(e.getMessage().contains("not a Flink /overview answer"));
  }

  @Test
  void stagesTheJobJarAndKeepsBundleSettingsGivenByTheUser() {
    LectureHighlightsOptions o = PipelineOptionsFactory.fromArgs("--maxBundleSize=7").as(LectureHighlightsOptions.class);
    FlinkSubmission.configure(o, "localhost:8081", Path.of("/opt/lhx/lhx-job.jar"), List.of("--maxBundleSize=7"));
    assertEquals("localhost:8081", o.getFlinkMaster());
    assertEquals(List.of("/opt/lhx/lhx-job.jar"), o.getFilesToStage());
    assertEquals(7L, o.getMaxBundleSize());
    assertEquals(5000L, o.getMaxBundleTimeMills());
  }

  @Test
  void noClusterAnsweringIsAClearErrorNotAHang() {
    // A port nothing listens on (bound and released) answers with a refused connection.
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    IOException e = assertThrows(IOException.class, () -> FlinkSubmission.overview("localhost:" + port));
    assertTrue(e.getMessage().contains("deploy/flink-cluster.sh start"), e.getMessage());
    String[] r = LhxRun.run("batch", "--runner", "flink", "--flink-master", "localhost:" + port, "--no-database",
        "--input", io.lecturehighlights.transforms.testing.Fixtures.testdata().resolve("manifest.jsonl").toString(),
        "--output", System.getProperty("java.io.tmpdir") + "/lhx-flink-submission-test");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("no Flink cluster answers at http://localhost:" + port), r[2]);
  }

  @Test
  void explicitJobJarWins() {
    assertEquals(Path.of("/x/y.jar"), FlinkSubmission.jobJar(Path.of("/x/y.jar")));
    // Without an override the jar beside the classes is used only if it exists.
    Path found = FlinkSubmission.jobJar(null);
    if (found != null) {
      assertTrue(found.getFileName().toString().equals(FlinkSubmission.JOB_JAR) || System.getenv("LHX_JOB_JAR") != null);
    } else {
      assertNull(found);
    }
  }
}
