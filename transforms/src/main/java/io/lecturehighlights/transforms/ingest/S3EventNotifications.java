package io.lecturehighlights.transforms.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.io.Serializable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads one SQS message body holding an S3 event notification, in the format S3 sends
 * ({@code {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{...}}]}}), either as
 * delivered by S3 straight to SQS or wrapped by SNS ({@code "Type":"Notification"} with the event as the
 * {@code "Message"} string). Knows nothing of Beam: the streaming source calls {@link #parse} per message.
 *
 * <p>Each record ends up in exactly one of three lists: an accepted new object; skipped (not an error: a
 * delete, a key outside the prefix, a file that is not a lecture); or a dead letter (the record or the whole
 * message cannot be read). The {@code s3:TestEvent} S3 sends when notifications are configured is ignored.
 *
 * <p>Keys arrive URL-encoded with {@code +} for a space, as in HTML forms, and are decoded before filtering.
 * The prefix filter is case-sensitive, like S3's own; the suffix filter ignores case, like the upload
 * validator's extension check.
 */
public final class S3EventNotifications implements Serializable {
  /** The message, or one record in it, is not a readable S3 event: a dead letter. */
  public static final String MALFORMED_NOTIFICATION = "malformed_notification";
  /** A delete, restore, tagging, ... event: nothing new to process. */
  public static final String NOT_OBJECT_CREATED = "not_object_created";
  /** A record from another service than S3 reached the queue. */
  public static final String NOT_S3_EVENT = "not_s3_event";
  /** An SNS control message (subscription confirmation and the like), not a notification. */
  public static final String NOT_A_NOTIFICATION = "not_a_notification";
  /** The key is outside the configured prefix. */
  public static final String OUTSIDE_PREFIX = "outside_prefix";
  /** The key does not end with one of the configured suffixes (by default: lecture video extensions). */
  public static final String UNSUPPORTED_SUFFIX = "unsupported_suffix";

  /** A new object that passed the filters: what the pipeline will process. */
  public record CreatedObject(
      String bucket,
      String key,
      long size,
      String eTag,
      String versionId,
      String sequencer,
      String eventName,
      long eventTimeMillis,
      String region,
      String reprocessToken) implements Serializable {
    /** A notification as S3 sends it: no request to reprocess. */
    public CreatedObject(String bucket, String key, long size, String eTag, String versionId, String sequencer,
        String eventName, long eventTimeMillis, String region) {
      this(bucket, key, size, eTag, versionId, sequencer, eventName, eventTimeMillis, region, null);
    }

    /** The Beam FileSystems location, {@code s3://bucket/key} with the key as stored (decoded). */
    public String uri() {
      return "s3://" + bucket + "/" + key;
    }
  }

  /** Why a record was skipped or a message dead-lettered: a stable reason code and a message for people. */
  public record Notice(String reason, String message) implements Serializable {}

  /** Everything one message said. */
  public record Result(
      List<CreatedObject> accepted, List<Notice> skipped, List<Notice> deadLetters, boolean testEvent) {
    public boolean hasDeadLetters() {
      return !deadLetters.isEmpty();
    }
  }

  private final String prefix;
  private final List<String> suffixes;

  /**
   * @param prefix keys must start with this (case-sensitive); empty for any key
   * @param suffixes keys must end with one of these, ignoring case (e.g. ".mp4"); empty for any key
   */
  public S3EventNotifications(String prefix, Collection<String> suffixes) {
    this.prefix = prefix == null ? "" : prefix;
    this.suffixes = suffixes.stream().map(s -> s.toLowerCase(Locale.ROOT)).sorted().toList();
  }

  /** Any prefix; the extensions the upload validator accepts. */
  public static S3EventNotifications defaults() {
    return new S3EventNotifications("", defaultSuffixes());
  }

  /** {@code .mp4}, {@code .mov}, ...: the validator's supported extensions with a leading dot. */
  public static List<String> defaultSuffixes() {
    return ValidationConfig.SUPPORTED_EXTENSIONS.stream().map(e -> "." + e).sorted().toList();
  }

  public String prefix() {
    return prefix;
  }

  public List<String> suffixes() {
    return suffixes;
  }

  public Result parse(String body) {
    Collector out = new Collector();
    if (body == null || body.isBlank()) {
      out.dead("message body is empty");
      return out.result();
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      out.dead("message body is not JSON: " + e.getOriginalMessage());
      return out.result();
    }
    if (root == null || !root.isObject()) {
      out.dead("message body is not a JSON object");
      return out.result();
    }
    if (root.has("Type")) {
      root = unwrapSns(root, out);
      if (root == null) {
        return out.result();
      }
    }
    if ("s3:TestEvent".equals(root.path("Event").asText(null))) {
      out.testEvent = true;
      return out.result();
    }
    JsonNode records = root.get("Records");
    if (records == null || !records.isArray()) {
      out.dead("no \"Records\" array (and not an s3:TestEvent)");
      return out.result();
    }
    if (records.isEmpty()) {
      out.dead("\"Records\" is empty");
      return out.result();
    }
    for (int i = 0; i < records.size(); i++) {
      readRecord("Records[" + i + "]", records.get(i), out);
    }
    return out.result();
  }

  /** The S3 event inside an SNS envelope, or null when the envelope was handled (skipped or dead). */
  private static JsonNode unwrapSns(JsonNode envelope, Collector out) {
    String type = envelope.path("Type").asText("");
    if (type.equals("SubscriptionConfirmation") || type.equals("UnsubscribeConfirmation")) {
      out.skip(NOT_A_NOTIFICATION, "SNS " + type + " message from " + envelope.path("TopicArn").asText("?"));
      return null;
    }
    if (!type.equals("Notification")) {
      out.dead("unknown SNS message type '" + type + "'");
      return null;
    }
    JsonNode message = envelope.get("Message");
    if (message == null || !message.isTextual()) {
      out.dead("SNS notification has no \"Message\" string");
      return null;
    }
    try {
      JsonNode inner = Json.MAPPER.readTree(message.asText());
      if (inner == null || !inner.isObject()) {
        out.dead("SNS \"Message\" is not a JSON object");
        return null;
      }
      return inner;
    } catch (JsonProcessingException e) {
      out.dead("SNS \"Message\" is not JSON: " + e.getOriginalMessage());
      return null;
    }
  }

  private void readRecord(String where, JsonNode r, Collector out) {
    if (r == null || !r.isObject()) {
      out.dead(where + " is not an object");
      return;
    }
    String source = text(r, "eventSource");
    String eventName = text(r, "eventName");
    if (source == null || eventName == null) {
      out.dead(where + "." + (source == null ? "eventSource" : "eventName") + " is missing");
      return;
    }
    if (!source.equals("aws:s3")) {
      out.skip(NOT_S3_EVENT, where + " comes from '" + source + "', not aws:s3");
      return;
    }
    JsonNode s3 = r.path("s3");
    String bucket = text(s3.path("bucket"), "name");
    String rawKey = text(s3.path("object"), "key");
    if (bucket == null || rawKey == null) {
      out.dead(where + ".s3." + (bucket == null ? "bucket.name" : "object.key") + " is missing");
      return;
    }
    String key;
    try {
      key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      out.dead(where + ".s3.object.key '" + rawKey + "' is not a valid URL-encoded key: " + e.getMessage());
      return;
    }
    if (!eventName.startsWith("ObjectCreated:")) {
      out.skip(NOT_OBJECT_CREATED, eventName + " on s3://" + bucket + "/" + key);
      return;
    }
    String time = text(r, "eventTime");
    if (time == null) {
      out.dead(where + ".eventTime is missing");
      return;
    }
    long eventTimeMillis;
    try {
      eventTimeMillis = Instant.parse(time).toEpochMilli();
    } catch (DateTimeParseException e) {
      out.dead(where + ".eventTime '" + time + "' is not an ISO-8601 instant");
      return;
    }
    JsonNode size = s3.path("object").get("size");
    if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
      out.dead(where + ".s3.object.size is " + (size == null ? "missing" : "not a byte count: " + size));
      return;
    }
    if (!key.startsWith(prefix)) {
      out.skip(OUTSIDE_PREFIX, "s3://" + bucket + "/" + key + " is outside the prefix '" + prefix + "'");
      return;
    }
    if (!suffixes.isEmpty() && suffixes.stream().noneMatch(key.toLowerCase(Locale.ROOT)::endsWith)) {
      out.skip(UNSUPPORTED_SUFFIX,
          "s3://" + bucket + "/" + key + " does not end with any of " + String.join(", ", suffixes));
      return;
    }
    String eTag = text(s3.path("object"), "eTag");
    out.accepted.add(new CreatedObject(
        bucket,
        key,
        size.asLong(),
        // S3's API quotes ETags, its events do not: keep one form so versions compare equal.
        eTag == null ? null : eTag.replace("\"", ""),
        text(s3.path("object"), "versionId"),
        text(s3.path("object"), "sequencer"),
        eventName,
        eventTimeMillis,
        text(r, "awsRegion"),
        // Not S3's: `lhx enqueue --force` asks for the object to be processed again (see S3EventNotification).
        text(r.path("lhx"), "reprocess")));
  }

  /** A non-empty string field, or null. */
  private static String text(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
  }

  private static final class Collector {
    final List<CreatedObject> accepted = new ArrayList<>();
    final List<Notice> skipped = new ArrayList<>();
    final List<Notice> dead = new ArrayList<>();
    boolean testEvent;

    void skip(String reason, String message) {
      skipped.add(new Notice(reason, message));
    }

    void dead(String message) {
      dead.add(new Notice(MALFORMED_NOTIFICATION, message));
    }

    Result result() {
      return new Result(List.copyOf(accepted), List.copyOf(skipped), List.copyOf(dead), testEvent);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof S3EventNotifications other && prefix.equals(other.prefix) && suffixes.equals(other.suffixes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, suffixes);
  }
}
