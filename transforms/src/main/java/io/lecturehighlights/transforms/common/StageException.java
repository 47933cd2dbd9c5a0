package io.lecturehighlights.transforms.common;

/**
 * A job-level failure raised by a stage's core algorithm: a stable reason code for machines, a message for
 * people, and whether trying again may help. DoFns turn it into a {@code Failure} record instead of
 * letting it kill the bundle.
 */
public class StageException extends Exception {
  private final String reason;
  private final boolean retryable;

  public StageException(String reason, String message) {
    this(reason, message, false, null);
  }

  public StageException(String reason, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
  }

  public String reason() {
    return reason;
  }

  public boolean retryable() {
    return retryable;
  }
}
