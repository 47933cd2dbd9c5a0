package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.ingest.S3EventNotifications;
import io.lecturehighlights.transforms.ingest.S3EventsToUploads;
import io.lecturehighlights.transforms.testing.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** {@code lhx enqueue} into a queue of the local SQS, and what the stream would make of that queue's messages. */
final class EnqueueQueues {
  private EnqueueQueues() {}

  /** Runs {@code lhx enqueue} in this JVM against the local services; returns LhxRun's {exit code, out, err}. */
  static String[] enqueue(LocalAws aws, String queue, String... more) {
    List<String> args = new ArrayList<>(List.of("enqueue", "--queue", aws.queueUrl(queue),
        "--sqs-endpoint", aws.sqsEndpoint().toString(), "--s3-endpoint", aws.s3Endpoint().toString(),
        "--aws-region", "us-east-1"));
    args.addAll(List.of(more));
    return LhxRun.run(args.toArray(new String[0]));
  }

  /**
   * Takes everything out of the queue, as the stream would turn it into uploads (video URI -> upload): each message
   * one accepted S3 notification, no object notified twice.
   */
  static Map<String, UploadEvent> received(LocalAws aws, SqsClient sqs, String queue) {
    Map<String, UploadEvent> uploads = new TreeMap<>();
    S3EventNotifications parser = new S3EventNotifications("", List.of());
    while (true) {
      List<Message> ms = sqs.receiveMessage(b -> b.queueUrl(aws.queueUrl(queue)).maxNumberOfMessages(10)
          .waitTimeSeconds(0)).messages();
      if (ms.isEmpty()) {
        return uploads;
      }
      for (Message m : ms) {
        S3EventNotifications.Result r = parser.parse(m.body());
        assertTrue(r.deadLetters().isEmpty() && r.skipped().isEmpty() && r.accepted().size() == 1, m.body());
        UploadEvent e = S3EventsToUploads.fromQueue(queue).toUpload(r.accepted().get(0), 0);
        assertNull(uploads.put(e.getVideoUri(), e), "sent twice: " + e.getVideoUri());
        sqs.deleteMessage(b -> b.queueUrl(aws.queueUrl(queue)).receiptHandle(m.receiptHandle()));
      }
    }
  }
}
