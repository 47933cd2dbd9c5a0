package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.ingest.S3EventNotifications.CreatedObject;
import io.lecturehighlights.transforms.ingest.S3EventNotifications.Notice;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.aws2.common.ClientConfiguration;
import org.apache.beam.sdk.io.aws2.sqs.SqsIO;
import org.apache.beam.sdk.io.aws2.sqs.SqsMessage;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming input: S3 event notifications from an SQS queue (S3 → SQS, or S3 → SNS → SQS) read with
 * {@link SqsIO}, turned into {@link #UPLOADS} for every new lecture object and {@link #DEAD_LETTERS} for messages
 * that are not readable notifications. Deletions, keys outside the prefix, non-video keys and {@code s3:TestEvent}s
 * are counted and logged, not processed. SqsIO deletes a message from the queue once the checkpoint that read it
 * completes, so a crash before then redelivers it (a duplicate the pipeline drops by object version).
 *
 * <p>The queue is always read unbounded. SqsIO's bounded mode ({@code withMaxNumRecords}) is not used: it
 * de-duplicates in the global window, so in streaming every message comes out at once, stamped with the end of
 * time, when the read ends, which breaks every event-time step after it. A run that should end on its own stops
 * when idle (see {@code lhx stream --stop-when-idle}).
 */
public class ReadS3EventNotifications extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<UploadEvent> UPLOADS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  static final int MAX_BODY_CHARS = 64 * 1024;

  /** Where and how to read. Region and credentials not given here come from the pipeline's AWS options. */
  public record Settings(String queueUrl, URI endpoint, String prefix, java.util.List<String> suffixes,
      String courseLayoutPrefix) implements Serializable {
    public Settings {
      if (queueUrl == null || queueUrl.isBlank()) {
        throw new IllegalArgumentException("an SQS queue URL is required");
      }
      prefix = prefix == null ? "" : prefix;
      suffixes = suffixes == null ? S3EventNotifications.defaultSuffixes() : java.util.List.copyOf(suffixes);
    }

    public static Settings of(String queueUrl) {
      return new Settings(queueUrl, null, "", null, null);
    }
  }

  private final Settings settings;

  private ReadS3EventNotifications(Settings settings) {
    super("Read S3 event notifications");
    this.settings = settings;
  }

  public static ReadS3EventNotifications from(Settings settings) {
    return new ReadS3EventNotifications(settings);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    SqsIO.Read read = SqsIO.read().withQueueUrl(settings.queueUrl());
    if (settings.endpoint() != null) {
      read = read.withClientConfiguration(ClientConfiguration.builder().endpoint(settings.endpoint()).build());
    }
    return begin.apply("Read SQS messages", read).apply("Parse S3 notifications", parse(settings));
  }

  /** The parsing step alone, for messages from anywhere (tests feed it SqsMessages directly). */
  public static PTransform<PCollection<SqsMessage>, PCollectionTuple> parse(Settings settings) {
    return new PTransform<>("Parse S3 notifications") {
      @Override
      public PCollectionTuple expand(PCollection<SqsMessage> messages) {
        PCollectionTuple out = messages.apply("Notifications to uploads",
            ParDo.of(new ParseFn(settings)).withOutputTags(UPLOADS, TupleTagList.of(DEAD_LETTERS)));
        out.get(UPLOADS).setCoder(AvroCoder.of(UploadEvent.class));
        out.get(DEAD_LETTERS).setCoder(AvroCoder.of(DeadLetter.class));
        return out;
      }
    };
  }

  static class ParseFn extends DoFn<SqsMessage, UploadEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadS3EventNotifications.class);
    private final Settings settings;
    private final Counter messages = Metrics.counter(Stages.METRICS_NAMESPACE, "notifications_in");
    private final Counter eventsIn = Metrics.counter(Stages.METRICS_NAMESPACE, "events_in");
    private final Counter skipped = Metrics.counter(Stages.METRICS_NAMESPACE, "notifications_skipped");
    private final Counter testEvents = Metrics.counter(Stages.METRICS_NAMESPACE, "notifications_test_events");
    private final Counter dead = Metrics.counter(Stages.METRICS_NAMESPACE, "dead_letters");
    private transient S3EventNotifications parser;
    private transient S3EventsToUploads uploads;

    ParseFn(Settings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      parser = new S3EventNotifications(settings.prefix(), settings.suffixes());
      S3EventsToUploads u = S3EventsToUploads.fromQueue(settings.queueUrl());
      uploads = settings.courseLayoutPrefix() == null ? u : u.withCourseLayoutUnder(settings.courseLayoutPrefix());
    }

    @ProcessElement
    public void process(@Element SqsMessage m, MultiOutputReceiver out) {
      messages.inc();
      long now = System.currentTimeMillis();
      S3EventNotifications.Result r = parser.parse(m.getBody());
      if (r.testEvent()) {
        testEvents.inc();
        LOG.info("S3 test event in message {} ignored", m.getMessageId());
      }
      for (Notice n : r.skipped()) {
        skipped.inc();
        LOG.info("Notification {} skipped ({}): {}", m.getMessageId(), n.reason(), n.message());
      }
      for (CreatedObject o : r.accepted()) {
        eventsIn.inc();
        out.get(UPLOADS).output(uploads.toUpload(o, now));
      }
      for (int i = 0; i < r.deadLetters().size(); i++) {
        Notice n = r.deadLetters().get(i);
        dead.inc();
        String id = r.deadLetters().size() == 1 ? m.getMessageId() : m.getMessageId() + "#" + (i + 1);
        LOG.warn("Dead letter {} ({}): {}", id, n.reason(), n.message());
        out.get(DEAD_LETTERS).output(DeadLetter.newBuilder()
            .setId(id)
            .setQueue(settings.queueUrl())
            .setReason(n.reason())
            .setMessage(n.message())
            .setBody(truncate(m.getBody()))
            .setSentAtMillis(m.getTimeStamp())
            .setReceivedAtMillis(now)
            .build());
      }
    }

    private static String truncate(String body) {
      if (body == null) {
        return "";
      }
      return body.length() <= MAX_BODY_CHARS ? body
          : body.substring(0, MAX_BODY_CHARS) + "…[" + body.getBytes(StandardCharsets.UTF_8).length + " bytes]";
    }
  }
}
