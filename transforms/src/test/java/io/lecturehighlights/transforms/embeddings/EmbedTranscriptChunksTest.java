package io.lecturehighlights.transforms.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.PassageVector;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.FakeGeminiServer;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.content.TopicChunks;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import io.lecturehighlights.transforms.search.PassageVectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/** The embedding stage on chunks made by the production chunker, with the real model on the direct runner. */
class EmbedTranscriptChunksTest {
  /** Two topics of a lecture: a short one and one of 180 words (a header and three windows: words 0, 75, 150). */
  static List<TopicChunk> chunks() {
    List<TranscriptSegment> speech = new ArrayList<>();
    speech.add(TranscriptSegment.newBuilder().setStart(0).setEnd(20)
        .setText("Newton's second law: the net force equals mass times acceleration.").build());
    StringBuilder longer = new StringBuilder();
    for (int i = 0; i < 18; i++) {
      longer.append("Entropy counts the microscopic arrangements of an isolated system and never decreases. ");
    }
    speech.add(TranscriptSegment.newBuilder().setStart(40).setEnd(100).setText(longer.toString().trim()).build());
    Transcript t = Transcript.newBuilder().setJobId("j").setEngine("test").setLanguage("en").setAudioSeconds(120)
        .setSegments(speech).build();
    ContentSegments content = ContentSegments.newBuilder().setJobId("j").setAnalyzer("offline").setSegments(List.of(
        ContentSegment.newBuilder().setStart(0).setEnd(30).setTitle("Second law").setKeywords(List.of("force"))
            .setImportance(0.5).build(),
        ContentSegment.newBuilder().setStart(30).setEnd(120).setTitle("Entropy").setKeywords(List.of())
            .setImportance(0.5).build())).build();
    return TopicChunks.of(content, t, "/in/j.mp4",
        LectureMetadata.newBuilder().setTitle("Physics 1").setCourse("PHYS101").build());
  }

  static void assertEmbedded(TopicChunk c, List<Integer> firstWords) {
    assertEquals(MiniLmEmbedder.NAME, c.getEmbeddingModel(), c.getChunkId());
    assertEquals(firstWords, c.getPassages().stream().map(PassageVector::getFirstWord).toList(), c.getChunkId());
    for (PassageVector p : c.getPassages()) {
      assertEquals(384, p.getVector().size());
      double norm = 0;
      for (float x : p.getVector()) {
        norm += x * x;
      }
      assertEquals(1.0, Math.sqrt(norm), 1e-4, c.getChunkId());
    }
  }

  @Test
  void theStagePassesEachChunkOnWithItsPassagesUnitVectorsAndTheModel() {
    List<TopicChunk> in = chunks();
    assertEquals(2, in.size());
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    AvroCoders.registerAll(p);
    PCollection<TopicChunk> out = p.apply(Create.of(in)).apply(EmbedTranscriptChunks.withSharedModel());
    PAssert.that(out).satisfies(chunks -> {
      List<TopicChunk> all = new ArrayList<>();
      chunks.forEach(all::add);
      assertEquals(2, all.size());
      for (TopicChunk c : all) {
        assertEmbedded(c, c.getIndex() == 1 ? List.of(-1, 0) : List.of(-1, 0, 75, 150));
        // Everything else is the chunk as it was.
        TopicChunk before = in.get(c.getIndex() - 1);
        assertEquals(before, TopicChunk.newBuilder(c).setPassages(List.of()).setEmbeddingModel(null).build());
      }
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void theStoredVectorsAreTheModelsOwnForThoseTexts() {
    ChunkEmbedder model = MiniLmEmbedder.shared();
    TopicChunk c = chunks().get(0);
    ChunkEmbedding.Outcome o = ChunkEmbedding.embed(c, model, null);
    assertNull(o.failure());
    PassageVectors v = PassageVectors.of(o.chunk());
    float[] header = model.embed(List.of("Second law. force"))[0];
    assertEquals(1.0, ChunkEmbedder.cosine(header, v.vectors()[0]), 1e-5);
    assertEquals(1.0, ChunkEmbedder.cosine(model.embed(List.of(c.getText()))[0], v.vectors()[1]), 1e-5);
  }

  @Test
  void aChunkTheModelCannotEmbedGoesOnWithoutVectorsAndSaysWhy() {
    TopicChunk c = chunks().get(1);
    ChunkEmbedding.Outcome o = ChunkEmbedding.embed(c, null, "java.lang.UnsatisfiedLinkError: no onnxruntime");
    assertEquals(c, o.chunk());
    assertTrue(o.failure().contains("could not be loaded") && o.failure().contains("onnxruntime"), o.failure());
    assertNull(PassageVectors.of(o.chunk()));
  }

  /**
   * With Gemini: the stage's client (made in @Setup) sends each chunk's passages in one batchEmbedContents request;
   * a chunk whose request is refused (400) goes on without vectors and is counted, and the job goes on.
   */
  @Test
  void withGeminiEachChunkIsOneRequestAndARefusedOneGoesOnWithoutVectorsCounted() throws IOException {
    List<TopicChunk> in = chunks();
    try (FakeGeminiServer server = new FakeGeminiServer()) {
      // The entropy chunk (four passages) is refused, the other embedded.
      server.requiredKey = "stage-test-key-0123456789";
      EmbeddingConfig gemini = EmbeddingConfig.defaults().withModel("gemini").withDimensions(32)
          .withBaseUrl(server.baseUrl()).withApiKey("stage-test-key-0123456789").withRetries(1, 5, 10);
      server.enqueueWhen(r -> r.texts().size() == 4,
          FakeGeminiServer.Reply.error(400, "INVALID_ARGUMENT", "Request payload size exceeds the limit."));
      Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
      AvroCoders.registerAll(p);
      PCollection<TopicChunk> out = p.apply(Create.of(in)).apply(EmbedTranscriptChunks.with(gemini));
      PAssert.that(out).satisfies(chunks -> {
        List<TopicChunk> all = new ArrayList<>();
        chunks.forEach(all::add);
        assertEquals(2, all.size());
        for (TopicChunk c : all) {
          if (c.getIndex() == 1) {
            assertEquals("gemini:gemini-embedding-001@32", c.getEmbeddingModel());
            assertEquals(List.of(-1, 0), c.getPassages().stream().map(PassageVector::getFirstWord).toList());
            assertEquals(32, c.getPassages().get(0).getVector().size());
          } else {
            assertEquals(in.get(1), c);
          }
        }
        return null;
      });
      PipelineResult result = p.run();
      result.waitUntilFinish();
      assertEquals(1L, counter(result, EmbedTranscriptChunks.CHUNKS_EMBEDDED));
      assertEquals(1L, counter(result, EmbedTranscriptChunks.CHUNKS_NOT_EMBEDDED));
      assertEquals(2, server.requestCount());
      assertTrue(server.requests.stream().allMatch(r -> r.rpc.equals("batchEmbedContents")));
    }
  }

  private static long counter(PipelineResult r, String name) {
    MetricQueryResults q = r.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(Stages.METRICS_NAMESPACE, name)).build());
    long sum = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  /** The TopicChunk schema before the pipeline embedded (no passages, no embeddingModel). */
  private static Schema oldSchema() {
    Schema now = TopicChunk.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : now.getFields()) {
      if (!f.name().equals("passages") && !f.name().equals("embeddingModel")) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord(now.getName(), null, now.getNamespace(), false, fields);
  }

  @Test
  void anOldDatasetReadsWithNoVectorsAndANewOneRoundTrips() throws IOException {
    Schema old = oldSchema();
    GenericRecord r = new GenericData.Record(old);
    for (Schema.Field f : old.getFields()) {
      r.put(f.name(), f.hasDefaultValue() ? GenericData.get().getDefaultValue(f) : null);
    }
    r.put("jobId", "j");
    r.put("chunkId", "j#1");
    r.put("index", 1);
    r.put("start", 0.0);
    r.put("end", 10.0);
    r.put("title", "Old");
    r.put("importance", 0.5);
    r.put("text", "written before embeddings");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(old))) {
      w.create(old, bytes);
      w.append(r);
    }
    try (DataFileReader<TopicChunk> in = new DataFileReader<>(new SeekableByteArrayInput(bytes.toByteArray()),
        new SpecificDatumReader<>(TopicChunk.class))) {
      TopicChunk c = in.next();
      assertEquals("written before embeddings", c.getText());
      assertEquals(List.of(), c.getPassages());
      assertNull(c.getEmbeddingModel());
      assertNull(PassageVectors.of(c));
    }
    TopicChunk embedded = ChunkEmbedding.embed(chunks().get(0), MiniLmEmbedder.shared(), null).chunk();
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    AvroCoder.of(TopicChunk.class).encode(embedded, again);
    assertEquals(embedded, AvroCoder.of(TopicChunk.class).decode(new ByteArrayInputStream(again.toByteArray())));
  }
}
