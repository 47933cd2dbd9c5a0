package io.lecturehighlights.transforms.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output folder's datasets and failures.jsonl, written by one grouped write: the files the one-file Avro and
 * text sinks wrote (same names, readable records, snappy), and empty ones where nothing went in.
 */
@ExtendWith(TestPipelineExtension.class)
class WriteLectureOutputsTest {
  @Test
  void aBatchWritesEveryDatasetOnceAndEmptyOnesToo(TestPipeline p, @TempDir Path out) throws IOException {
    writesEveryDataset(p, out, false);
  }

  @Test
  void theBatchStartSeedsTheEmptyFiles(TestPipeline p, @TempDir Path out) throws IOException {
    writesEveryDataset(p, out, true);
  }

  private static void writesEveryDataset(TestPipeline p, Path out, boolean withStart) throws IOException {
    AvroCoders.registerAll(p);
    Failure failure = Failures.of(JobOutcomesTest.event("bad"), Stages.VALIDATION, "empty_file", "file is empty",
        false, 1);
    JobStatus failed = JobOutcomes.of(failure);
    JobStatus completed = JobOutcomes.of(JobOutcomesTest.finished(JobOutcomesTest.validated("good"), null));
    SilenceResult silence = JobOutcomesTest.finished(JobOutcomesTest.validated("good"), null).getSilence();
    PCollectionTuple in = PCollectionTuple
        .of(WriteLectureOutputs.JOBS, p.apply("jobs", Create.of(failed, completed)))
        .and(WriteLectureOutputs.SILENCES, p.apply("silences", Create.of(silence)))
        .and(WriteLectureOutputs.FAILURES, p.apply("failures", Create.of(failure)))
        .and(WriteLectureOutputs.HIGHLIGHTS, p.apply("highlights",
            Create.empty(AvroCoder.of(io.lecturehighlights.schemas.Highlights.class))));
    if (withStart) {
      in = in.and(WriteLectureOutputs.BATCH_START, p.apply("start", Create.of("manifest.jsonl")
          .withCoder(StringUtf8Coder.of())));
    }
    in.apply(WriteLectureOutputs.to(out.toString()));
    p.run().waitUntilFinish();

    assertEquals(List.of("part-00000-of-00001.avro"), files(out.resolve("datasets/jobs")));
    assertEquals(List.of("bad", "good"), read(out.resolve("datasets/jobs/part-00000-of-00001.avro"),
        JobStatus.class).stream().map(JobStatus::getJobId).sorted().toList());
    assertEquals(List.of(silence), read(out.resolve("datasets/silences/part-00000-of-00001.avro"),
        SilenceResult.class));
    assertEquals(List.of(failure), read(out.resolve("datasets/failures/part-00000-of-00001.avro"), Failure.class));
    assertEquals(List.of(), read(out.resolve("datasets/highlights/part-00000-of-00001.avro"),
        io.lecturehighlights.schemas.Highlights.class));
    List<String> lines = Files.readAllLines(out.resolve("failures.jsonl"));
    assertEquals(List.of(JobFiles.failureLine(failed)), lines);
    assertTrue(Files.exists(out.resolve("good/job.json")) && Files.exists(out.resolve("good/silences.json")));
    try (Stream<Path> all = Files.walk(out)) {
      assertEquals(List.of(), all.filter(f -> f.getFileName().toString().startsWith(".")).toList(),
          "temporary files left");
    }
  }

  /**
   * A lecture with a screen gets slides.json with its slides and their rows in datasets/slides; one without a
   * screen gets slides.json with an empty list (and no rows), so every lecture with layout.json has slides.json.
   */
  @Test
  void aLayoutWritesSlidesJsonBesideLayoutJsonAndItsSlidesToTheSlidesDataset(TestPipeline p, @TempDir Path out)
      throws IOException {
    AvroCoders.registerAll(p);
    Slide first = Slide.newBuilder().setJobId("deck").setIndex(1).setStart(0.0004).setEnd(41.25)
        .setTitle("Newton's laws").setText("Newton's laws\nF = m · a").setConfidence(0.91234)
        .setThumbnail("slides/slide-01.jpg").setFrameTime(3.5).build();
    Slide second = Slide.newBuilder().setJobId("deck").setIndex(2).setStart(41.25).setEnd(90).setTitle("")
        .setText("").setConfidence(0).setThumbnail(null).setFrameTime(60.125).build();
    Layout deck = Layout.newBuilder().setJobId("deck").setType("screen_only").setFrameWidth(1280)
        .setFrameHeight(720).setScreen(new Rect(0, 0, 1280, 720)).setSlideChanges(List.of(41.25))
        .setSlides(List.of(first, second)).setOcr("tesseract 5 eng").build();
    Layout camera = Layout.newBuilder().setJobId("talk").setType("camera_only").build();
    PCollectionTuple.of(WriteLectureOutputs.JOBS, p.apply("jobs", Create.empty(AvroCoder.of(JobStatus.class))))
        .and(WriteLectureOutputs.SILENCES, p.apply("silences", Create.empty(AvroCoder.of(SilenceResult.class))))
        .and(WriteLectureOutputs.FAILURES, p.apply("failures", Create.empty(AvroCoder.of(Failure.class))))
        .and(WriteLectureOutputs.LAYOUTS, p.apply("layouts", Create.of(deck, camera)))
        .apply(WriteLectureOutputs.to(out.toString()));
    p.run().waitUntilFinish();

    JsonNode slides = Json.MAPPER.readTree(out.resolve("deck/slides.json").toFile());
    assertEquals(List.of("slides"), iterableToList(slides.fieldNames()));
    assertEquals(2, slides.get("slides").size());
    JsonNode s1 = slides.get("slides").get(0);
    assertEquals(List.of("index", "start", "end", "title", "text", "confidence", "thumbnail", "frameTime"),
        iterableToList(s1.fieldNames()));
    assertEquals(1, s1.get("index").asInt());
    assertEquals(0.0, s1.get("start").asDouble());
    assertEquals(41.25, s1.get("end").asDouble());
    assertEquals("Newton's laws", s1.get("title").asText());
    assertEquals("Newton's laws\nF = m · a", s1.get("text").asText());
    assertEquals(0.912, s1.get("confidence").asDouble());
    assertEquals("slides/slide-01.jpg", s1.get("thumbnail").asText());
    assertEquals(3.5, s1.get("frameTime").asDouble());
    JsonNode s2 = slides.get("slides").get(1);
    assertEquals(2, s2.get("index").asInt());
    assertTrue(s2.get("thumbnail").isNull(), s2.toString());
    assertEquals("", s2.get("title").asText());

    assertTrue(Files.exists(out.resolve("talk/layout.json")));
    JsonNode none = Json.MAPPER.readTree(out.resolve("talk/slides.json").toFile());
    assertEquals(0, none.get("slides").size(), none.toString());
    assertTrue(none.get("slides").isArray());

    assertEquals(List.of("part-00000-of-00001.avro"), files(out.resolve("datasets/slides")));
    List<Slide> rows = new ArrayList<>(read(out.resolve("datasets/slides/part-00000-of-00001.avro"), Slide.class));
    rows.sort(java.util.Comparator.comparingInt(Slide::getIndex));
    assertEquals(List.of(first, second), rows);
    assertEquals(List.of("deck", "talk"), read(out.resolve("datasets/layouts/part-00000-of-00001.avro"),
        Layout.class).stream().map(l -> l.getJobId().toString()).sorted().toList());
  }

  @Test
  void aBatchWithoutSlidesStillWritesAnEmptySlidesDataset(TestPipeline p, @TempDir Path out) throws IOException {
    AvroCoders.registerAll(p);
    PCollectionTuple.of(WriteLectureOutputs.JOBS, p.apply("jobs", Create.empty(AvroCoder.of(JobStatus.class))))
        .and(WriteLectureOutputs.SILENCES, p.apply("silences", Create.empty(AvroCoder.of(SilenceResult.class))))
        .and(WriteLectureOutputs.FAILURES, p.apply("failures", Create.empty(AvroCoder.of(Failure.class))))
        .and(WriteLectureOutputs.LAYOUTS, p.apply("layouts",
            Create.of(Layout.newBuilder().setJobId("audio").setType("audio_only").build())))
        .apply(WriteLectureOutputs.to(out.toString()));
    p.run().waitUntilFinish();
    assertEquals(List.of(), read(out.resolve("datasets/slides/part-00000-of-00001.avro"), Slide.class));
    assertEquals(0, Json.MAPPER.readTree(out.resolve("audio/slides.json").toFile()).get("slides").size());
  }

  private static List<String> iterableToList(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void anEmptyBatchStillWritesAnEmptyFailuresFile(TestPipeline p, @TempDir Path out) throws IOException {
    AvroCoders.registerAll(p);
    PCollectionTuple.of(WriteLectureOutputs.JOBS, p.apply("jobs", Create.empty(AvroCoder.of(JobStatus.class))))
        .and(WriteLectureOutputs.SILENCES, p.apply("silences", Create.empty(AvroCoder.of(SilenceResult.class))))
        .and(WriteLectureOutputs.FAILURES, p.apply("failures", Create.empty(AvroCoder.of(Failure.class))))
        .apply(WriteLectureOutputs.to(out.toString()));
    p.run().waitUntilFinish();
    assertEquals(List.of(), Files.readAllLines(out.resolve("failures.jsonl")));
    assertEquals(List.of(), read(out.resolve("datasets/jobs/part-00000-of-00001.avro"), JobStatus.class));
  }

  @Test
  void streamingFilesAreNamedPerPaneAsBeamsFilenamePolicyNamesThem() {
    PaneInfo first = PaneInfo.createPane(true, false, PaneInfo.Timing.EARLY, 0, -1);
    PaneInfo last = PaneInfo.createPane(false, true, PaneInfo.Timing.ON_TIME, 3, -1);
    assertEquals("part-GlobalWindow-pane-0-00000-of-00001.avro",
        DatasetFiles.WriteFileFn.fileName("part", ".avro", first));
    assertEquals("failures-GlobalWindow-pane-3-last-00000-of-00001.jsonl",
        DatasetFiles.WriteFileFn.fileName("failures", ".jsonl", last));
    assertEquals("failures.jsonl", DatasetFiles.WriteFileFn.fileName("failures", ".jsonl", null));
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static <T> List<T> read(Path avro, Class<T> type) throws IOException {
    List<T> out = new ArrayList<>();
    try (DataFileReader<T> r = new DataFileReader<>(avro.toFile(), new SpecificDatumReader<>(type))) {
      assertEquals("snappy", r.getMetaString("avro.codec"));
      r.forEach(out::add);
    }
    return out;
  }
}
