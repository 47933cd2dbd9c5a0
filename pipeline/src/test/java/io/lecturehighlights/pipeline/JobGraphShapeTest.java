package io.lecturehighlights.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkJobGraphs;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole job graph, built (not run) for every option combination that changes its shape — batch or streaming,
 * with or without the results database — and translated by the FlinkRunner to the Flink job graph the dashboard
 * shows: it stays small enough to read, and starts with reading the upload events.
 */
class JobGraphShapeTest {
  @TempDir Path tmp;

  static LectureHighlightsOptions options(Path out, boolean streaming, boolean database) {
    LectureHighlightsOptions o = options(out, streaming, database, "localhost:1");
    o.setRunner(FlinkRunner.class);
    o.setParallelism(2);
    o.setFasterCopy(true);
    o.setExecutionModeForBatch("BATCH_FORCED");
    return o;
  }

  /** The options of each graph shape, with the queue and database at {@code host} (nothing listens there). */
  static LectureHighlightsOptions options(Path out, boolean streaming, boolean database, String host) {
    LectureHighlightsOptions o = PipelineOptionsFactory.create().as(LectureHighlightsOptions.class);
    o.setOutput(out.toString());
    if (streaming) {
      o.setQueueUrl("http://" + host + "/000000000000/uploads");
      o.setSqsEndpoint("http://" + host);
      o.setAwsRegion(software.amazon.awssdk.regions.Region.US_EAST_1);
      o.setAwsCredentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
          software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")));
      o.setStreaming(true);
    } else {
      o.setInput(Fixtures.testdata().resolve("manifest.jsonl").toString());
    }
    if (database) {
      o.setDbUrl("jdbc:postgresql://" + host + "/lhx");
    }
    return o;
  }

  static List<String> vertexNames(LectureHighlightsOptions o) {
    Pipeline p = LectureHighlightsPipeline.create(o, Map.of());
    JobGraph g = FlinkJobGraphs.of(p);
    List<String> names = new ArrayList<>();
    for (JobVertex v : g.getVerticesSortedTopologicallyFromSources()) {
      names.add(v.getName());
    }
    return names;
  }

  @ParameterizedTest(name = "streaming={0}, database={1}")
  @CsvSource({"false,false", "false,true", "true,false", "true,true"})
  void jobGraphIsSmallAndStartsWithTheUploads(boolean streaming, boolean database) {
    List<String> names = vertexNames(options(tmp, streaming, database));
    System.out.printf("streaming=%s database=%s: %d vertices%n", streaming, database, names.size());
    names.forEach(n -> System.out.println("  " + (n.length() > 200 ? n.substring(0, 200) + "…" : n)));
    assertTrue(names.size() < 80, names.size() + " vertices");
    String first = streaming ? "Read S3 event notifications" : "Read upload events";
    assertTrue(VertexNames.stageOf(names.get(0)).startsWith(first), "first vertex: " + names.get(0));
    for (String n : names) {
      assertFalse(n.contains("at Impulse"), "a vertex not named after its stage: " + n);
    }
    // The diagram's stages by name, each with its own transform inside.
    String all = String.join("\n", names);
    for (String stage : List.of("Validation/Validate uploads/", "Analyses/Silence detection/Detect silences/",
        "Analyses/Layout detection/Detect layout/", "Analyses/Transcription/Transcribe lectures/",
        "Join analyses by job/", "Content analysis/Analyze content/", "Segment extraction/Extract highlights/",
        "Rendering/Render clips/", "Sinks/Write outputs/", "Sinks/Write reports/")) {
      assertTrue(all.contains(stage), "no vertex of " + stage);
    }
  }
}
