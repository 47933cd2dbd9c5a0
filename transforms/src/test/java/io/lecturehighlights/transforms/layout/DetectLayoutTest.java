package io.lecturehighlights.transforms.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.slides.SlidesConfig;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class DetectLayoutTest {
  @TempDir Path out;

  private static ValidatedLecture lecture(String id, Path path) {
    ValidatedLecture v = JobOutcomesTest.validated(id);
    return ValidatedLecture.newBuilder(v)
        .setEvent(UploadEvent.newBuilder(v.getEvent()).setVideoUri(path.toString()).build()).build();
  }

  @Test
  void oneLayoutOrFailurePerLectureAndThumbnails(TestPipeline p) throws Exception {
    AvroCoders.registerAll(p);
    PCollection<ValidatedLecture> in = p.apply(Create.of(
        lecture("clean", Fixtures.lecture("lecture-clean.mp4")),
        lecture("noisy", Fixtures.lecture("lecture-noisy.mp4")),
        lecture("audio", Fixtures.lecture("lecture-audio-only.m4a")),
        lecture("broken", Fixtures.malformed("notes-named-as-video.mp4"))));
    WithFailures.Result<PCollection<Layout>, Failure> r =
        in.apply(DetectLayout.with(LayoutConfig.defaults()).withSlides(SlidesConfig.defaults())
            .withThumbnailsTo(out.toString()));
    PAssert.that(r.output()).satisfies(layouts -> {
      Map<String, Layout> byId = new HashMap<>();
      layouts.forEach(l -> byId.put(l.getJobId(), l));
      assertEquals(3, byId.size(), byId.keySet().toString());
      Layout clean = byId.get("clean");
      assertEquals("picture_in_picture", clean.getType());
      assertEquals(1280, clean.getFrameWidth());
      assertEquals(3, clean.getSlideChanges().size(), clean.toString());
      assertTrue(clean.getCamera().getX() > 900 && clean.getCamera().getY() > 420, clean.toString());
      assertEquals(0.316, clean.getSplitRatio(), 0.01);
      assertEquals(4, clean.getSlides().size(), clean.toString());
      assertEquals("Newton's Laws of Motion", clean.getSlides().get(0).getTitle());
      assertEquals(1, clean.getSlides().get(0).getIndex());
      assertEquals("slides/slide-04.jpg", clean.getSlides().get(3).getThumbnail());
      assertEquals(clean.getSlideChanges().get(0), clean.getSlides().get(1).getStart(), 1e-9);
      assertTrue(clean.getSlides().get(0).getConfidence() > 0.6 && clean.getSlides().get(0).getConfidence() <= 1);
      assertTrue(clean.getOcr().startsWith("tesseract 5.") && clean.getOcr().endsWith(" eng"), clean.getOcr());
      assertEquals(List.of(), clean.getNotes());
      assertEquals("side_by_side", byId.get("noisy").getType());
      Layout audio = byId.get("audio");
      assertEquals("audio_only", audio.getType());
      assertNull(audio.getScreen());
      assertNull(audio.getCamera());
      assertNull(audio.getSplitRatio());
      assertEquals(List.of(), audio.getSlides());
      assertNull(audio.getOcr());
      assertEquals(1, audio.getPeriods().size());
      return null;
    });
    PAssert.thatSingleton(r.failures()).satisfies(f -> {
      assertEquals("broken", f.getJobId());
      assertEquals("layout", f.getStage());
      assertEquals("video_open_failed", f.getReason());
      return null;
    });
    p.run().waitUntilFinish();
    byte[] jpg = Files.readAllBytes(out.resolve("clean").resolve(DetectLayout.THUMBNAIL));
    assertTrue(jpg.length > 5000 && (jpg[0] & 0xff) == 0xFF && (jpg[1] & 0xff) == 0xD8);
    assertTrue(Files.isRegularFile(out.resolve("noisy").resolve(DetectLayout.THUMBNAIL)));
    byte[] slide = Files.readAllBytes(out.resolve("clean").resolve(DetectLayout.slideThumbnail(4)));
    assertTrue(slide.length > 5000 && (slide[0] & 0xff) == 0xFF && (slide[1] & 0xff) == 0xD8);
    try (var files = Files.list(out.resolve("clean"))) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".")), "no temporary files or folders left");
    }
    assertTrue(Files.notExists(out.resolve("audio").resolve(DetectLayout.THUMBNAIL)), "no frame, no thumbnail");
    assertTrue(Files.notExists(out.resolve("broken")));
  }

  @Test
  void layoutJsonHasTheIssuesShape() throws Exception {
    LayoutAnalysis a;
    try (LayoutAnalyzer analyzer = new LayoutAnalyzer(LayoutConfig.defaults())) {
      a = analyzer.analyze(Fixtures.lecture("lecture-letterboxed.mp4"), false);
    }
    ObjectNode json = LayoutJson.toJson(DetectLayout.toRecord("lb", a, 1234, LayoutConfig.defaults()));
    JsonNode back = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(json));
    assertEquals("picture_in_picture", back.get("type").asText());
    assertEquals(160, back.get("screen").get("x").asInt());
    assertEquals(960, back.get("screen").get("w").asInt(), 10);
    for (String k : new String[] {"x", "y", "w", "h"}) {
      assertTrue(back.get("camera").get(k).isInt(), k);
    }
    assertEquals(0.422, back.get("splitRatio").asDouble(), 0.01);
    assertEquals(2, back.get("slideChanges").size());
    assertTrue(back.get("slideChanges").get(0).isDouble());
    assertEquals(1.234, back.get("processingSeconds").asDouble());
    JsonNode period = back.get("periods").get(0);
    assertEquals("picture_in_picture", period.get("type").asText());
    // Each period has its own regions (the one period here has the lecture's).
    assertEquals(back.get("screen"), period.get("screen"));
    assertEquals(back.get("camera"), period.get("camera"));
    assertEquals(back.get("content"), period.get("content"));
    assertTrue(period.has("person"), period.toString());

    LayoutAnalysis none = new LayoutAnalysis();
    none.type = "none";
    JsonNode n = LayoutJson.toJson(DetectLayout.toRecord("a", none, 1, LayoutConfig.defaults()));
    assertTrue(n.get("screen").isNull() && n.get("camera").isNull() && n.get("splitRatio").isNull());
    assertEquals(0, n.get("slideChanges").size());
    assertEquals(0, n.get("slideBuilds").size());
    assertEquals(0, back.get("slideBuilds").size());
  }

  /** Layout records written before slideBuilds existed still read (the field takes its default, empty). */
  @Test
  void layoutWithoutSlideBuildsStillReads() throws Exception {
    org.apache.avro.Schema now = io.lecturehighlights.schemas.Layout.getClassSchema();
    java.util.List<org.apache.avro.Schema.Field> fields = new java.util.ArrayList<>();
    for (org.apache.avro.Schema.Field f : now.getFields()) {
      if (!f.name().equals("slideBuilds")) {
        fields.add(new org.apache.avro.Schema.Field(f, f.schema()));
      }
    }
    org.apache.avro.Schema old = org.apache.avro.Schema.createRecord(now.getName(), now.getDoc(), now.getNamespace(),
        false, fields);
    assertEquals(null, old.getField("slideBuilds"));
    org.apache.avro.generic.GenericData.Record r = new org.apache.avro.generic.GenericData.Record(old);
    for (org.apache.avro.Schema.Field f : old.getFields()) {
      if (f.hasDefaultValue()) {
        r.put(f.name(), org.apache.avro.generic.GenericData.get().getDefaultValue(f));
      }
    }
    r.put("jobId", "j");
    r.put("type", "screen_only");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
    new org.apache.avro.generic.GenericDatumWriter<Object>(old).write(r, enc);
    enc.flush();
    Layout back = new org.apache.avro.specific.SpecificDatumReader<Layout>(old, now,
        new org.apache.avro.specific.SpecificData()).read(null,
        org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    assertEquals("screen_only", back.getType());
    assertEquals(0, back.getSlideBuilds().size());
  }
}
