package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class AssembleJobStatusTest {
  @Test
  void oneStatusPerJobWhateverHappened(TestPipeline p) {
    AvroCoders.registerAll(p);
    PCollection<ValidatedLecture> validated =
        p.apply("validated", Create.of(JobOutcomesTest.validated("ok"), JobOutcomesTest.validated("lost"),
            JobOutcomesTest.validated("decode")));
    PCollection<SilenceResult> silences = p.apply("silences", Create.of(JobOutcomesTest.silence("ok")));
    PCollection<Failure> failures = p.apply("failures", Create.of(
        Failures.of(JobOutcomesTest.event("bad"), Stages.VALIDATION, "empty_file", "empty", false, 1),
        Failures.of(JobOutcomesTest.event("decode"), Stages.SILENCE, "audio_decode_error", "corrupt", false, 3)));
    PCollection<String> out = PCollectionTuple.of(AssembleJobStatus.VALIDATED, validated)
        .and(AssembleJobStatus.SILENCES, silences)
        .and(AssembleJobStatus.FAILURES, failures)
        .apply(new AssembleJobStatus())
        .apply(MapElements.into(TypeDescriptors.strings())
            .via(s -> s.getJobId() + ":" + s.getStatus() + ":" + s.getFailedStage() + ":" + s.getFailureReason()));
    PAssert.that(out).containsInAnyOrder(
        "ok:COMPLETED:null:null",
        "lost:FAILED:silence:missing_result",
        "decode:FAILED:silence:audio_decode_error",
        "bad:FAILED:validation:empty_file");
    p.run().waitUntilFinish();
  }
}
