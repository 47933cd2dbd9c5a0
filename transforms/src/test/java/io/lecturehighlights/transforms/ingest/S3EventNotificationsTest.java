package io.lecturehighlights.transforms.ingest;

import static io.lecturehighlights.transforms.ingest.S3EventNotifications.MALFORMED_NOTIFICATION;
import static io.lecturehighlights.transforms.ingest.S3EventNotifications.NOT_A_NOTIFICATION;
import static io.lecturehighlights.transforms.ingest.S3EventNotifications.NOT_OBJECT_CREATED;
import static io.lecturehighlights.transforms.ingest.S3EventNotifications.NOT_S3_EVENT;
import static io.lecturehighlights.transforms.ingest.S3EventNotifications.OUTSIDE_PREFIX;
import static io.lecturehighlights.transforms.ingest.S3EventNotifications.UNSUPPORTED_SUFFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.ingest.S3EventNotifications.CreatedObject;
import io.lecturehighlights.transforms.ingest.S3EventNotifications.Notice;
import io.lecturehighlights.transforms.ingest.S3EventNotifications.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3EventNotificationsTest {
  private final S3EventNotifications defaults = S3EventNotifications.defaults();

  static String resource(String name) {
    try (InputStream in = S3EventNotificationsTest.class.getResourceAsStream("/s3events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource s3events/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void putEventGivesTheObjectWithItsKeyDecoded() {
    Result r = defaults.parse(resource("object-created-put.json"));
    assertEquals(List.of(), r.deadLetters());
    assertEquals(List.of(), r.skipped());
    assertFalse(r.testEvent());
    assertEquals(1, r.accepted().size());
    CreatedObject o = r.accepted().get(0);
    assertEquals("lecture-archive", o.bucket());
    // '+' is a space, %E2%80%93 an en dash, %28/%29 parentheses.
    assertEquals("cs101/fall-2026/Lecture 01 \u2013 Intro(v2).mp4", o.key());
    assertEquals("s3://lecture-archive/cs101/fall-2026/Lecture 01 \u2013 Intro(v2).mp4", o.uri());
    assertEquals(52428800L, o.size());
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", o.eTag());
    assertEquals("096fKKXTRTtl3on89fVO.nfljtsv6qko", o.versionId());
    assertEquals("0055AED6DCD90281E5", o.sequencer());
    assertEquals("ObjectCreated:Put", o.eventName());
    assertEquals(Instant.parse("2026-09-14T10:15:30.123Z").toEpochMilli(), o.eventTimeMillis());
    assertEquals("us-west-2", o.region());
  }

  @Test
  void snsWrappedEventIsTheSameObject() {
    Result direct = defaults.parse(resource("object-created-put.json"));
    Result wrapped = defaults.parse(resource("sns-wrapped.json"));
    assertEquals(direct.accepted(), wrapped.accepted());
    assertTrue(wrapped.skipped().isEmpty() && wrapped.deadLetters().isEmpty());
  }

  @Test
  void testEventIsIgnoredNotAnError() {
    Result r = defaults.parse(resource("test-event.json"));
    assertTrue(r.testEvent());
    assertTrue(r.accepted().isEmpty() && r.skipped().isEmpty() && r.deadLetters().isEmpty());
  }

  @Test
  void eachRecordIsJudgedOnItsOwn() {
    Result r = defaults.parse(resource("two-records.json"));
    assertEquals(1, r.accepted().size());
    CreatedObject mov = r.accepted().get(0);
    // Upper-case extension still matches; unversioned bucket: no version id, multipart ETag kept whole.
    assertEquals("phys201/spring-2027/week 3/Waves.MOV", mov.key());
    assertNull(mov.versionId());
    assertEquals("9b2cf535f27731c974343645a3985328-128", mov.eTag());
    assertEquals(1, r.skipped().size());
    Notice pdf = r.skipped().get(0);
    assertEquals(UNSUPPORTED_SUFFIX, pdf.reason());
    assertTrue(pdf.message().contains("s3://lecture-archive/phys201/spring-2027/week 3/slides.pdf"), pdf.message());
    assertTrue(r.deadLetters().isEmpty());
  }

  @Test
  void deletesAreSkippedWithAReason() {
    Result r = defaults.parse(resource("object-removed.json"));
    assertTrue(r.accepted().isEmpty() && r.deadLetters().isEmpty());
    assertEquals(1, r.skipped().size());
    assertEquals(NOT_OBJECT_CREATED, r.skipped().get(0).reason());
    assertEquals("ObjectRemoved:Delete on s3://lecture-archive/cs101/fall-2026/old lecture.mp4",
        r.skipped().get(0).message());
  }

  @Test
  void prefixFilterWorksOnTheDecodedKeyAndIsCaseSensitive() {
    String body = resource("object-created-put.json");
    assertEquals(1, new S3EventNotifications("cs101/fall-2026/Lecture 01", List.of(".mp4")).parse(body)
        .accepted().size());
    Result other = new S3EventNotifications("CS101/", List.of(".mp4")).parse(body);
    assertTrue(other.accepted().isEmpty());
    assertEquals(OUTSIDE_PREFIX, other.skipped().get(0).reason());
    Result anySuffix = new S3EventNotifications("", List.of()).parse(resource("two-records.json"));
    assertEquals(2, anySuffix.accepted().size());
  }

  @Test
  void missingKeyIsADeadLetterThatNamesTheField() {
    Result r = defaults.parse(resource("missing-key.json"));
    assertTrue(r.accepted().isEmpty());
    assertEquals(List.of(new Notice(MALFORMED_NOTIFICATION, "Records[0].s3.object.key is missing")), r.deadLetters());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{not json", "[1,2]", "\"Records\"", "{}", "{\"Records\":{}}",
      "{\"Records\":[]}", "{\"Records\":[42]}", "{\"Type\":\"Notification\",\"Message\":\"{oops\"}",
      "{\"Type\":\"Notification\"}", "{\"Type\":\"Gossip\",\"Message\":\"{}\"}"})
  void unreadableMessagesAreDeadLettersNeverExceptions(String body) {
    Result r = defaults.parse(body);
    assertTrue(r.accepted().isEmpty() && r.skipped().isEmpty() && !r.testEvent(), body);
    assertEquals(1, r.deadLetters().size(), body);
    assertEquals(MALFORMED_NOTIFICATION, r.deadLetters().get(0).reason());
    assertFalse(r.deadLetters().get(0).message().isBlank());
  }

  @Test
  void badFieldValuesAreDeadLetters() {
    String put = resource("object-created-put.json");
    assertDead(put.replace("Lecture+01+%E2%80%93", "Lecture+01+%E2%8"), "is not a valid URL-encoded key");
    assertDead(put.replace("\"size\": 52428800", "\"size\": \"big\""), "s3.object.size is not a byte count");
    assertDead(put.replace("\"size\": 52428800", "\"size\": -1"), "s3.object.size is not a byte count");
    assertDead(put.replace("2026-09-14T10:15:30.123Z", "yesterday"), "eventTime 'yesterday' is not an ISO-8601");
    assertDead(put.replace("\"name\": \"lecture-archive\"", "\"name\": \"\""), "Records[0].s3.bucket.name is missing");
    assertDead(put.replace("\"eventName\": \"ObjectCreated:Put\",", ""), "Records[0].eventName is missing");
  }

  @Test
  void otherSourcesAndSnsControlMessagesAreSkipped() {
    Result sqs = defaults.parse(resource("object-created-put.json").replace("\"aws:s3\"", "\"aws:sqs\""));
    assertEquals(NOT_S3_EVENT, sqs.skipped().get(0).reason());
    Result confirm = defaults.parse("{\"Type\":\"SubscriptionConfirmation\",\"TopicArn\":\"arn:aws:sns:x\","
        + "\"Message\":\"You have chosen to subscribe\"}");
    assertEquals(NOT_A_NOTIFICATION, confirm.skipped().get(0).reason());
    assertTrue(confirm.deadLetters().isEmpty());
  }

  @Test
  void defaultSuffixesAreTheValidatorsExtensions() {
    assertTrue(S3EventNotifications.defaultSuffixes().containsAll(List.of(".mp4", ".mov", ".mkv", ".webm", ".m4a")));
    assertFalse(S3EventNotifications.defaultSuffixes().contains(".pdf"));
  }

  private void assertDead(String body, String expectedInMessage) {
    Result r = defaults.parse(body);
    assertTrue(r.accepted().isEmpty(), body);
    assertEquals(1, r.deadLetters().size());
    String message = r.deadLetters().get(0).message();
    assertTrue(message.contains(expectedInMessage), message);
  }
}
