package io.lecturehighlights.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.db.RecordQueuedJobs;
import io.lecturehighlights.transforms.db.RecordRows;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.PTransform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole job graph built on the direct runner (not run, no Flink) for every option combination that changes
 * its shape — batch or streaming, with or without the results database: it reads like the diagram (each stage
 * once, under its name), every step is named, the database writes are there only with a database and add nothing
 * else, and building it connects to nothing. {@link JobGraphShapeTest} checks the Flink job graph of the same shapes.
 */
class PipelineShapeTest {
  /** The stages of the diagram, as build() applies them (full names: the analyses are one composite). */
  private static final List<String> STAGES = List.of("One upload per job and version", "Skip unchanged lectures",
      "Validation", "Analyses", "Analyses/Silence detection", "Analyses/Layout detection", "Analyses/Transcription",
      "Join analyses by job", "Content analysis", "Segment extraction", "Rendering", "Sinks");
  /** Each stage's own transform, inside its tracked stage. */
  private static final List<String> STAGE_TRANSFORMS = List.of("Validation/Validate uploads",
      "Analyses/Silence detection/Detect silences", "Analyses/Layout detection/Detect layout",
      "Analyses/Transcription/Transcribe lectures", "Content analysis/Analyze content",
      "Segment extraction/Extract highlights", "Rendering/Render clips", "Sinks/Embed transcript chunks",
      "Sinks/Write outputs", "Sinks/Write reports");
  /** The in-line database writes of a batch: job rows, stage events and results (RecordRows, RecordQueuedJobs). */
  private static final List<String> BATCH_WRITES = List.of("Record queued jobs",
      "Validation/Started", "Validation/Finished", "Validation/Failed",
      "Analyses/Silence detection/Started", "Analyses/Silence detection/Record results",
      "Analyses/Silence detection/Finished", "Analyses/Silence detection/Failed",
      "Analyses/Layout detection/Started", "Analyses/Layout detection/Record results",
      "Analyses/Layout detection/Finished", "Analyses/Layout detection/Failed",
      "Analyses/Transcription/Started", "Analyses/Transcription/Record results",
      "Analyses/Transcription/Finished", "Analyses/Transcription/Failed",
      "Join failed",
      "Content analysis/Started", "Content analysis/Finished", "Content analysis/Failed",
      "Segment extraction/Started", "Segment extraction/Finished", "Segment extraction/Failed",
      "Rendering/Started", "Rendering/Record results", "Rendering/Finished or failed",
      "Sinks/Record queued bad rows", "Sinks/Manifest rows failed",
      "Sinks/Record job outcomes", "Sinks/Record topic segments", "Sinks/Record transcript chunks",
      "Sinks/Record highlights");

  @TempDir Path tmp;
  /** Where the database and SQS options point: building the graph must not connect to either. */
  private ServerSocketChannel listener;

  @BeforeEach
  void listen() throws IOException {
    listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    listener.configureBlocking(false);
  }

  @AfterEach
  void close() throws IOException {
    listener.close();
  }

  private String localhost() {
    return "localhost:" + listener.socket().getLocalPort();
  }

  /** A node of the graph: its full name, whether it is a composite, its transform and its parent's transform. */
  record Step(String name, boolean composite, PTransform<?, ?> transform, PTransform<?, ?> parent) {
    String ownName() {
      return name.substring(name.lastIndexOf('/') + 1);
    }
  }

  private Map<String, Step> build(boolean streaming, boolean database) {
    return build(JobGraphShapeTest.options(tmp.resolve("out"), streaming, database, localhost()));
  }

  private Map<String, Step> build(LectureHighlightsOptions o) {
    o.setRunner(DirectRunner.class);
    Pipeline p = Pipeline.create(o);
    LectureHighlightsPipeline.build(p, o, Map.of());
    Map<String, Step> steps = new LinkedHashMap<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        if (!node.isRootNode()) {
          add(node, true);
        }
        return CompositeBehavior.ENTER_TRANSFORM;
      }

      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        add(node, false);
      }

      private void add(TransformHierarchy.Node node, boolean composite) {
        TransformHierarchy.Node parent = node.getEnclosingNode();
        steps.put(node.getFullName(), new Step(node.getFullName(), composite, node.getTransform(),
            parent.isRootNode() ? null : parent.getTransform()));
      }
    });
    try {
      assertNull(listener.accept(), "building the graph connected to " + localhost());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return steps;
  }

  private static Set<String> writes(Map<String, Step> steps) {
    return steps.values().stream()
        .filter(s -> s.transform() instanceof RecordRows || s.transform() instanceof RecordQueuedJobs)
        .map(Step::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static long primitives(Map<String, Step> steps) {
    return steps.values().stream().filter(s -> !s.composite()).count();
  }

  @ParameterizedTest(name = "streaming={0}, database={1}")
  @CsvSource({"false,false", "false,true", "true,false", "true,true"})
  void readsLikeTheDiagram(boolean streaming, boolean database) {
    Map<String, Step> steps = build(streaming, database);
    System.out.printf("streaming=%s database=%s: %d steps, %d primitive%n", streaming, database, steps.size(),
        primitives(steps));
    List<String> stages = new ArrayList<>(STAGES);
    stages.add(0, streaming ? "Read S3 event notifications" : "Read upload events");
    for (String stage : stages) {
      assertTrue(steps.containsKey(stage), "no stage " + stage);
      String own = stage.substring(stage.lastIndexOf('/') + 1);
      assertEquals(1, steps.values().stream().filter(s -> s.ownName().equals(own)).count(), "once: " + own);
    }
    STAGE_TRANSFORMS.forEach(t -> assertTrue(steps.containsKey(t), "no " + t));

    // Every step that build() and its composites apply has a name of ours, not Beam's default for its kind
    // ("ParDo(Anonymous)", "MapElements", "Flatten.PCollections").
    for (Step s : steps.values()) {
      String pkg = s.parent() == null ? null : s.parent().getClass().getPackageName();
      if (pkg == null || pkg.equals(PipelineShapeTest.class.getPackageName())) {
        assertFalse(s.transform().getClass().getName().startsWith("org.apache.beam.")
            && s.ownName().equals(s.transform().getName()), "a step with Beam's default name: " + s.name());
        assertFalse(s.ownName().contains("Anonymous"), "an anonymous step: " + s.name());
      }
    }

    // Batch only: the manifest's rows and the one end of every output; streaming only: dead letters.
    assertEquals(!streaming, steps.containsKey("Nothing left over"), "OneEnd");
    assertEquals(!streaming, steps.keySet().stream().anyMatch(n -> n.startsWith("End of ")), "OneEnd's ends");
    assertEquals(!streaming && database, steps.containsKey("Sinks/Manifest rows failed"));
    assertEquals(streaming && database, steps.containsKey("Sinks/Record dead letters"));
    assertFalse(steps.containsKey(streaming ? "Read upload events" : "Read S3 event notifications"));

    Set<String> expected = new TreeSet<>(BATCH_WRITES);
    if (streaming) {
      expected.removeAll(List.of("Sinks/Record queued bad rows", "Sinks/Manifest rows failed"));
      expected.add("Sinks/Record dead letters");
    }
    assertEquals(database ? expected : Set.of(), writes(steps));
  }

  /**
   * Without a database the graph is the one with a database less its writes: tracking adds no step of its own
   * (a stage is then its transform alone, under the stage's name), and each write is one step.
   */
  @Test
  void theDatabaseAddsItsWritesAndNothingElse() {
    for (boolean streaming : List.of(false, true)) {
      Map<String, Step> without = build(streaming, false);
      Map<String, Step> with = build(streaming, true);
      Set<String> writes = writes(with);
      assertEquals(streaming ? 31 : 32, writes.size(), writes::toString);
      Set<String> rest = with.keySet().stream()
          .filter(n -> writes.stream().noneMatch(w -> n.equals(w) || n.startsWith(w + "/")))
          .filter(n -> !n.startsWith("End of "))
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> plain = without.keySet().stream().filter(n -> !n.startsWith("End of "))
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(plain, rest, "streaming=" + streaming);
      assertEquals(primitives(without) + writes.size(), primitives(with), "one primitive step per write");
      assertEquals(1, without.keySet().stream().filter(n -> n.startsWith("Validation/"))
          .filter(n -> n.indexOf('/', "Validation/".length()) < 0).count(), "Validation: its transform alone");
    }
  }

  /** --embeddings off takes the embedding step out and changes nothing else; the chunks' rows are still written. */
  @Test
  void embeddingsOffRemovesOnlyTheEmbeddingStep() {
    for (boolean streaming : List.of(false, true)) {
      Map<String, Step> on = build(streaming, true);
      LectureHighlightsOptions o = JobGraphShapeTest.options(tmp.resolve("out"), streaming, true, localhost());
      o.setEmbeddings("off");
      Map<String, Step> off = build(o);
      Set<String> removed = new TreeSet<>(on.keySet());
      removed.removeAll(off.keySet());
      assertTrue(removed.contains("Sinks/Embed transcript chunks"), removed::toString);
      assertTrue(removed.stream().allMatch(n -> n.startsWith("Sinks/Embed transcript chunks")), removed::toString);
      assertTrue(on.keySet().containsAll(off.keySet()));
      assertTrue(off.containsKey("Sinks/Record transcript chunks"));
    }
  }
}
