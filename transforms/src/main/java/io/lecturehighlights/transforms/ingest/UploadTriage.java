package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.validate.UploadValidator;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * What happens to an upload before validation, as plain functions: which uploads are the same one (processed
 * once) and which an earlier run already completed. {@link DeduplicateUploads}, {@link FingerprintAndSkip} and
 * {@code lhx batch --dry-run} all decide with these, so the preview cannot drift from the run.
 */
public final class UploadTriage {
  private UploadTriage() {}

  /** Uploads with the same identity are one upload: the same job id and object version (a re-upload is new). */
  public static String identity(UploadEvent e) {
    return e.getJobId() + "@" + version(e);
  }

  /** The upload's object version; "" for sources without versions (local files, unversioned buckets). */
  public static String version(UploadEvent e) {
    return Objects.requireNonNullElse(e.getObjectVersion(), "");
  }

  /**
   * What de-duplication compares within one job: the object version, plus the token of an {@code lhx enqueue --force}
   * request, so a forced request is processed although its version was, and a redelivery of it is still dropped.
   */
  public static String delivery(UploadEvent e) {
    return e.getReprocessToken() == null ? version(e) : version(e) + "#reprocess:" + e.getReprocessToken();
  }

  /**
   * The content fingerprint the pipeline stamps on an upload, or null when it cannot be read: validation then says
   * what is wrong with it. An unsafe location is never opened, not even to fingerprint it.
   */
  public static String fingerprint(UploadEvent e) {
    if (e.getVideoUri().isEmpty()) {
      return null;
    }
    try {
      UploadValidator.checkSafeName(e.getVideoUri());
      return ContentFingerprint.of(e.getVideoUri());
    } catch (StageException | IOException | RuntimeException unreadable) {
      return null;
    }
  }

  /** Whether an earlier run completed this job with the same content ({@code completed}: job id -> fingerprint). */
  public static boolean unchanged(UploadEvent e, String fingerprint, Map<String, String> completed) {
    // A forced request (lhx enqueue --force) is processed again whatever an earlier run did.
    return e.getReprocessToken() == null && unchanged(e.getJobId(), fingerprint, completed);
  }

  /** Whether an earlier run completed this job with the same content ({@code completed}: job id -> fingerprint). */
  public static boolean unchanged(String jobId, String fingerprint, Map<String, String> completed) {
    return fingerprint != null && fingerprint.equals(completed.get(jobId));
  }
}
