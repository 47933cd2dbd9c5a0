package io.lecturehighlights.transforms.validate;

/** Stable reason codes for rejected uploads (the {@code reason} of a validation failure). */
public final class RejectionReasons {
  public static final String UNSAFE_NAME = "unsafe_name";
  public static final String INVALID_JOB_ID = "invalid_job_id";
  public static final String UNSUPPORTED_EXTENSION = "unsupported_extension";
  public static final String MISSING_FILE = "missing_file";
  public static final String NOT_A_FILE = "not_a_file";
  public static final String UNREADABLE_FILE = "unreadable_file";
  public static final String EMPTY_FILE = "empty_file";
  public static final String FILE_TOO_LARGE = "file_too_large";
  public static final String NOT_A_VIDEO = "not_a_video";
  public static final String CORRUPT_CONTAINER = "corrupt_container";
  public static final String TRUNCATED_FILE = "truncated_file";
  public static final String UNSUPPORTED_CONTAINER = "unsupported_container";
  public static final String NO_AUDIO_STREAM = "no_audio_stream";
  public static final String INVALID_DURATION = "invalid_duration";
  public static final String DURATION_TOO_LONG = "duration_too_long";
  public static final String STORAGE_UNAVAILABLE = "storage_unavailable";
  public static final String INVALID_MANIFEST_ROW = "invalid_manifest_row";

  private RejectionReasons() {}
}
