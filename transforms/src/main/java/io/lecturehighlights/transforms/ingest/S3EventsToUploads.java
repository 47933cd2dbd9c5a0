package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.transforms.common.JobIds;

import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.ingest.S3EventNotifications.CreatedObject;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Turns a new S3 object from the event feed into the pipeline's {@link UploadEvent}, exactly as a batch glob
 * over the same object would: the same {@code s3://bucket/key} location and so the same job id (see
 * {@link JobIds}), which lets a streaming run and a batch rerun of one lecture find each other's outputs.
 *
 * <p>{@code objectVersion} is the S3 version id when the bucket is versioned, else the ETag: with the job id it
 * identifies one upload, so a duplicate notification of the same object version can be processed once, while a
 * new upload over the same key is processed again.
 *
 * <p>S3 events carry no user metadata, so the lecture metadata is empty unless the keys follow a known layout:
 * with {@link #withCourseLayoutUnder(String)}, a key {@code <prefix><course>/<semester>/<file>} (exactly two
 * folders below the prefix) gives course and semester; other keys get empty metadata.
 */
public final class S3EventsToUploads implements Serializable {
  private final String source;
  private final String layoutPrefix;

  private S3EventsToUploads(String source, String layoutPrefix) {
    this.source = source;
    this.layoutPrefix = layoutPrefix;
  }

  /** Upload events whose source is {@code sqs:<queue>}; no metadata from keys. */
  public static S3EventsToUploads fromQueue(String queue) {
    return new S3EventsToUploads("sqs:" + queue, null);
  }

  /** Also reads course and semester from keys laid out as {@code <prefix><course>/<semester>/<file>}. */
  public S3EventsToUploads withCourseLayoutUnder(String prefix) {
    return new S3EventsToUploads(source, prefix == null ? "" : prefix);
  }

  public UploadEvent toUpload(CreatedObject object, long receivedAtMillis) {
    String uri = object.uri();
    return UploadEvent.newBuilder()
        .setJobId(JobIds.derive(uri))
        .setVideoUri(uri)
        .setMetadata(layoutPrefix == null ? LectureMetadata.newBuilder().build() : metadataFromKey(object.key(), layoutPrefix))
        .setSource(source)
        .setReceivedAtMillis(receivedAtMillis)
        .setObjectVersion(objectVersion(object))
        .setReprocessToken(object.reprocessToken())
        .build();
  }

  /** The version id of a versioned bucket, else the ETag; null when the event had neither. */
  public static String objectVersion(CreatedObject object) {
    return object.versionId() != null ? object.versionId() : object.eTag();
  }

  /** Course and semester from {@code <prefix><course>/<semester>/<file>}; empty metadata for any other key. */
  public static LectureMetadata metadataFromKey(String key, String prefix) {
    LectureMetadata.Builder m = LectureMetadata.newBuilder();
    if (!key.startsWith(prefix)) {
      return m.build();
    }
    String[] parts = key.substring(prefix.length()).split("/", -1);
    if (parts.length == 3 && Arrays.stream(parts).noneMatch(p -> p.isBlank())) {
      m.setCourse(parts[0]).setSemester(parts[1]);
    }
    return m.build();
  }
}
