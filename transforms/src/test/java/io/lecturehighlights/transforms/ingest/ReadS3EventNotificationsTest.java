package io.lecturehighlights.transforms.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.util.List;
import org.apache.beam.sdk.io.aws2.sqs.SqsMessage;
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
class ReadS3EventNotificationsTest {
  private static SqsMessage message(String id, String body) {
    return SqsMessage.create(body, id, "receipt-" + id, 1_700_000_000_000L, 1_700_000_001_000L);
  }

  @Test
  void turnsNotificationsIntoUploadsAndKeepsEveryUnreadableMessageAsADeadLetter(TestPipeline p) {
    ReadS3EventNotifications.Settings settings = ReadS3EventNotifications.Settings.of("http://q/lecture-uploads");
    AvroCoders.registerAll(p);
    PCollectionTuple out = p
        .apply(Create.of(List.of(
            message("m1", S3EventNotificationsTest.resource("object-created-put.json")),
            message("m2", S3EventNotificationsTest.resource("sns-wrapped.json")),
            message("m3", S3EventNotificationsTest.resource("test-event.json")),
            message("m4", S3EventNotificationsTest.resource("object-removed.json")),
            message("m5", "{\"Records\": [ {\"eventSource\": \"aws:s3\"} ]"),
            message("m6", "<html>not json</html>"))))
        .apply(ReadS3EventNotifications.parse(settings));

    PCollection<String> uploads = out.get(ReadS3EventNotifications.UPLOADS)
        .apply("Describe uploads", MapElements.into(TypeDescriptors.strings())
            .via((UploadEvent e) -> e.getVideoUri() + " " + e.getObjectVersion() + " " + e.getSource()));
    String expected = "s3://lecture-archive/cs101/fall-2026/Lecture 01 – Intro(v2).mp4 "
        + "096fKKXTRTtl3on89fVO.nfljtsv6qko sqs:http://q/lecture-uploads";
    // The direct and the SNS-wrapped notification describe the same upload: both come out, the dedup step drops one.
    PAssert.that(uploads).satisfies(all -> {
      List<String> l = new java.util.ArrayList<>();
      all.forEach(l::add);
      assertEquals(2, l.size(), l.toString());
      assertTrue(l.stream().allMatch(expected::equals), l.toString());
      return null;
    });
    PCollection<String> dead = out.get(ReadS3EventNotifications.DEAD_LETTERS)
        .apply("Describe dead letters", MapElements.into(TypeDescriptors.strings())
            .via((DeadLetter d) -> d.getId() + " " + d.getReason() + " " + d.getSentAtMillis() + " "
                + d.getBody().length()));
    PAssert.that(dead).containsInAnyOrder(
        "m5 malformed_notification 1700000000000 " + "{\"Records\": [ {\"eventSource\": \"aws:s3\"} ]".length(),
        "m6 malformed_notification 1700000000000 21");
    p.run().waitUntilFinish();
  }
}
