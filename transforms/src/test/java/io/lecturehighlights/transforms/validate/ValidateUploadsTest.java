package io.lecturehighlights.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ValidateUploadsTest {

  private static UploadEvent event(String id, String path) {
    return UploadEvent.newBuilder(UploadValidatorTest.event(path)).setJobId(id).build();
  }

  @Test
  void goodUploadsPassAndBadOnesBecomeFailuresWithTheirReason(TestPipeline p) {
    AvroCoders.registerAll(p);
    List<UploadEvent> events = List.of(
        event("clean", Fixtures.lecture("lecture-clean.mp4").toString()),
        event("audio", Fixtures.lecture("lecture-audio-only.m4a").toString()),
        event("empty", Fixtures.malformed("empty.mp4").toString()),
        event("text", Fixtures.malformed("notes-named-as-video.mp4").toString()),
        event("gone", Fixtures.testdata().resolve("missing.mp4").toString()));
    WithFailures.Result<PCollection<ValidatedLecture>, Failure> r =
        p.apply(Create.of(events)).apply(ValidateUploads.with(ValidationConfig.defaults()));

    PAssert.that(r.output().apply("ids", MapElements.into(TypeDescriptors.strings()).via(v -> v.getEvent().getJobId())))
        .containsInAnyOrder("clean", "audio");
    PAssert.that(r.failures().apply("reasons", MapElements.into(TypeDescriptors.strings())
            .via(f -> f.getJobId() + "/" + f.getStage() + "/" + f.getReason())))
        .containsInAnyOrder("empty/validation/empty_file", "text/validation/not_a_video",
            "gone/validation/missing_file");
    PAssert.that(r.failures()).satisfies(fs -> {
      Map<String, Failure> byId = new TreeMap<>();
      fs.forEach(f -> byId.put(f.getJobId(), f));
      // The failure carries the upload event so the job record keeps its metadata and source.
      assertEquals("test", byId.get("empty").getSource());
      assertEquals("empty", byId.get("empty").getEvent().getJobId());
      return null;
    });
    p.run().waitUntilFinish();
  }
}
