package io.lecturehighlights.transforms.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code ObjectCreated:Put} notification as S3 itself sends it to SQS, for objects S3 never notified: those in the
 * bucket before notifications were configured, lectures to process again, and local try-outs (S3Proxy sends no
 * notifications). Written in S3's own record format (event version 2.1) so the stream reads it with the code it
 * reads real notifications with ({@link S3EventNotifications}); nothing here knows of Beam or of any AWS client.
 *
 * <p>Three details follow S3 rather than convenience: the key is URL-encoded as S3 encodes it (form encoding, a
 * space as {@code +}, non-ASCII letters as percent-encoded UTF-8, but {@code /} left as is); the ETag is unquoted
 * (S3's API quotes it, its events do not); the sequencer is upper-case hex whose order is the order of the events
 * for one key. What S3 knows and we cannot (request ids, the uploader's principal) is left out or names this
 * tool, so a notification from {@code lhx enqueue} can be told from S3's own.
 *
 * <p>{@code reprocessToken} (from {@code lhx enqueue --force}) is the one field S3 does not send: a record field
 * {@code "lhx":{"reprocess":"<token>"}} that the parser turns into {@code UploadEvent.reprocessToken}, which the
 * stream's de-duplication and skip-if-completed honour.
 */
public record S3EventNotification(
    String region,
    String bucket,
    String key,
    long size,
    String eTag,
    String versionId,
    String sequencer,
    Instant eventTime,
    String reprocessToken) {
  /** What {@code userIdentity.principalId} and {@code s3.configurationId} say: who sent the notification. */
  public static final String ORIGIN = "lhx-enqueue";
  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public S3EventNotification {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sequencer, "sequencer");
    Objects.requireNonNull(eventTime, "eventTime");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    eTag = eTag == null ? null : eTag.replace("\"", "");
  }

  /** The notification of an object as it is now; the version id only when the bucket is versioned (else null). */
  public static S3EventNotification created(String region, String bucket, String key, long size, String eTag,
      String versionId, long sequence, Instant eventTime) {
    return new S3EventNotification(region, bucket, key, size, eTag, versionId, sequencer(sequence), eventTime, null);
  }

  /** The same notification, marked so the stream processes the object again (see the class comment). */
  public S3EventNotification reprocess(String token) {
    return new S3EventNotification(region, bucket, key, size, eTag, versionId, sequencer, eventTime, token);
  }

  /** {@code s3://bucket/key} with the key as stored (not encoded). */
  public String uri() {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * A key as S3 writes it into {@code s3.object.key}: {@code application/x-www-form-urlencoded} UTF-8 (so
   * {@code "Vorlesung 3 – Übung.mp4"} becomes {@code "Vorlesung+3+%E2%80%93+%C3%9Cbung.mp4"}) with the slashes of the
   * key's folders kept, as S3 keeps them.
   */
  public static String encodeKey(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }

  /**
   * A sequencer: S3's is an opaque hex string whose lexicographical order (after padding) orders the events of one
   * key. Sixteen upper-case hex digits of an increasing number keep that order.
   */
  public static String sequencer(long sequence) {
    return String.format(Locale.ROOT, "%016X", sequence);
  }

  /** The SQS message body: {@code {"Records":[{...}]}} with this one record. */
  public String toMessageBody() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode r = root.putArray("Records").addObject();
    r.put("eventVersion", "2.1");
    r.put("eventSource", "aws:s3");
    r.put("awsRegion", region);
    r.put("eventTime", EVENT_TIME.format(eventTime));
    r.put("eventName", "ObjectCreated:Put");
    r.putObject("userIdentity").put("principalId", ORIGIN);
    ObjectNode s3 = r.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", ORIGIN);
    ObjectNode b = s3.putObject("bucket");
    b.put("name", bucket);
    b.put("arn", "arn:aws:s3:::" + bucket);
    ObjectNode o = s3.putObject("object");
    o.put("key", encodeKey(key));
    o.put("size", size);
    if (eTag != null) {
      o.put("eTag", eTag);
    }
    if (versionId != null) {
      o.put("versionId", versionId);
    }
    o.put("sequencer", sequencer);
    if (reprocessToken != null) {
      r.putObject("lhx").put("reprocess", reprocessToken);
    }
    try {
      // One line, as S3 sends it (the shared mapper indents).
      return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an S3 notification", e);
    }
  }
}
