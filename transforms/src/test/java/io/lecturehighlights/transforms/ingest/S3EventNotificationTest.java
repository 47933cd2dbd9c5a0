package io.lecturehighlights.transforms.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.JobIds;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.ingest.S3EventNotifications.CreatedObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notifications {@code lhx enqueue} sends, read back by the stream's own parser. */
class S3EventNotificationTest {
  private static final Instant AT = Instant.parse("2026-12-03T07:41:26Z");
  private static final String KEY = "ws-2026/Vorlesung 3 – Übung (Teil 1)+.mp4";

  private static S3EventNotification note(String key, String versionId) {
    return S3EventNotification.created("eu-central-1", "lectures", key, 1234, "\"9b2cf535f27731c974343645a3985328\"",
        versionId, 42, AT);
  }

  @Test
  void theRecordHasS3sFormat() throws Exception {
    JsonNode r = Json.MAPPER.readTree(note(KEY, null).toMessageBody()).path("Records").get(0);
    assertEquals("2.1", r.path("eventVersion").asText());
    assertEquals("aws:s3", r.path("eventSource").asText());
    assertEquals("eu-central-1", r.path("awsRegion").asText());
    assertEquals("2026-12-03T07:41:26.000Z", r.path("eventTime").asText());
    assertEquals("ObjectCreated:Put", r.path("eventName").asText());
    assertEquals("lectures", r.path("s3").path("bucket").path("name").asText());
    assertEquals("arn:aws:s3:::lectures", r.path("s3").path("bucket").path("arn").asText());
    JsonNode o = r.path("s3").path("object");
    // Form encoding as S3 does it: '+' for a space, UTF-8 percent escapes, a literal '+' escaped, '/' kept.
    assertEquals("ws-2026/Vorlesung+3+%E2%80%93+%C3%9Cbung+%28Teil+1%29%2B.mp4", o.path("key").asText());
    assertEquals(1234, o.path("size").asLong());
    assertEquals("9b2cf535f27731c974343645a3985328", o.path("eTag").asText(), "unquoted, as in S3's events");
    assertFalse(o.has("versionId"), "an unversioned bucket's events have no versionId");
    assertEquals("000000000000002A", o.path("sequencer").asText());
    assertFalse(r.has("lhx"));
  }

  @Test
  void sequencersSortInTheOrderTheyWereMade() {
    assertTrue(S3EventNotification.sequencer(9).compareTo(S3EventNotification.sequencer(10)) < 0);
    assertTrue(S3EventNotification.sequencer(0xFFFF).compareTo(S3EventNotification.sequencer(0x10000)) < 0);
  }

  @Test
  void theStreamsParserReadsItBackAsTheSameUpload() {
    S3EventNotifications.Result r = S3EventNotifications.defaults().parse(note(KEY, null).toMessageBody());
    assertTrue(r.deadLetters().isEmpty() && r.skipped().isEmpty(), r.toString());
    CreatedObject o = r.accepted().get(0);
    assertEquals("s3://lectures/" + KEY, o.uri());
    assertEquals("9b2cf535f27731c974343645a3985328", o.eTag());
    assertEquals(AT.toEpochMilli(), o.eventTimeMillis());
    UploadEvent e = S3EventsToUploads.fromQueue("q").toUpload(o, 0);
    assertEquals(JobIds.derive("s3://lectures/" + KEY), e.getJobId());
    assertEquals("9b2cf535f27731c974343645a3985328", e.getObjectVersion(), "unversioned: the ETag is the version");
    assertNull(e.getReprocessToken());
  }

  @Test
  void aVersionedBucketsVersionIdIsTheUploadsVersion() {
    CreatedObject o = S3EventNotifications.defaults().parse(note(KEY, "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")
        .toMessageBody()).accepted().get(0);
    assertEquals("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", o.versionId());
    assertEquals("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", S3EventsToUploads.objectVersion(o));
  }

  @Test
  void aForcedNotificationIsProcessedAgainButOncePerRequest() {
    String body = note(KEY, "v1").reprocess("token-1").toMessageBody();
    UploadEvent forced = S3EventsToUploads.fromQueue("q")
        .toUpload(S3EventNotifications.defaults().parse(body).accepted().get(0), 0);
    UploadEvent plain = S3EventsToUploads.fromQueue("q")
        .toUpload(S3EventNotifications.defaults().parse(note(KEY, "v1").toMessageBody()).accepted().get(0), 0);
    assertEquals("token-1", forced.getReprocessToken());
    assertEquals(plain.getObjectVersion(), forced.getObjectVersion(), "the same object version");
    assertFalse(UploadTriage.delivery(plain).equals(UploadTriage.delivery(forced)), "not dropped as a duplicate");
    // An earlier run completed the lecture with the same content: a forced request runs it anyway.
    Map<String, String> completed = Map.of(plain.getJobId(), "fp");
    assertTrue(UploadTriage.unchanged(plain, "fp", completed));
    assertFalse(UploadTriage.unchanged(forced, "fp", completed));
  }
}
