package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class DeduplicateUploadsTest {
  private static UploadEvent upload(String job, String version, String source) {
    return UploadEvent.newBuilder()
        .setJobId(job)
        .setVideoUri("s3://b/" + job + ".mp4")
        .setMetadata(LectureMetadata.newBuilder().build())
        .setSource(source)
        .setReceivedAtMillis(0)
        .setObjectVersion(version)
        .build();
  }

  private static PCollection<String> described(PCollection<UploadEvent> in) {
    return in.apply(DeduplicateUploads.byJobAndVersion())
        .apply(MapElements.into(TypeDescriptors.strings()).via((UploadEvent e) -> e.getJobId() + "@"
            + e.getObjectVersion()));
  }

  @Test
  void streamingDropsARepeatedNotificationButNotANewVersion(TestPipeline p) {
    TestStream<UploadEvent> events = TestStream.create(AvroCoder.of(UploadEvent.class))
        .addElements(upload("a", "v1", "sqs:1"), upload("b", "v1", "sqs:1"))
        .advanceProcessingTime(Duration.standardSeconds(30))
        // The same notification again (SQS at-least-once delivery), then a re-upload of a, then v1 once more.
        .addElements(upload("a", "v1", "sqs:2"))
        .addElements(upload("a", "v2", "sqs:3"))
        .addElements(upload("a", "v1", "sqs:4"), upload("b", "v1", "sqs:4"))
        .advanceWatermarkToInfinity();
    PAssert.that(described(p.apply(events))).containsInAnyOrder("a@v1", "b@v1", "a@v2");
    p.run().waitUntilFinish();
  }

  @Test
  void aForcedRequestIsProcessedAgainOnceEvenIfItsVersionWasSeen(TestPipeline p) {
    UploadEvent forced = UploadEvent.newBuilder(upload("a", "v1", "sqs:2")).setReprocessToken("t1").build();
    TestStream<UploadEvent> events = TestStream.create(AvroCoder.of(UploadEvent.class))
        .addElements(upload("a", "v1", "sqs:1"))
        .advanceProcessingTime(Duration.standardSeconds(30))
        // lhx enqueue --force, then SQS delivers that request a second time.
        .addElements(forced)
        .addElements(UploadEvent.newBuilder(forced).setSource("sqs:3").build())
        .advanceWatermarkToInfinity();
    PAssert.that(p.apply(events).apply(DeduplicateUploads.byJobAndVersion())
        .apply(MapElements.into(TypeDescriptors.strings()).via((UploadEvent e) -> e.getSource())))
        .containsInAnyOrder("sqs:1", "sqs:2");
    p.run().waitUntilFinish();
  }

  @Test
  void batchKeepsOneRowPerJobWhenAManifestRepeatsALecture(TestPipeline p) {
    PCollection<UploadEvent> rows = p.apply(Create.of(upload("a", null, "manifest#1"), upload("a", null, "manifest#2"),
        upload("c", null, "manifest#3")).withCoder(AvroCoder.of(UploadEvent.class)));
    PAssert.that(described(rows)).containsInAnyOrder("a@null", "c@null");
    p.run().waitUntilFinish();
  }
}
