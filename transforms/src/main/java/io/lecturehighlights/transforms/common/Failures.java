package io.lecturehighlights.transforms.common;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.UploadEvent;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Builds {@link Failure} records so every stage reports failures the same way. */
public final class Failures {
  private Failures() {}

  public static Failure of(UploadEvent event, String stage, StageException e, int attempts) {
    return of(event, stage, e.reason(), e.getMessage(), e.retryable(), attempts);
  }

  public static Failure of(
      UploadEvent event, String stage, String reason, String message, boolean retryable, int attempts) {
    return Failure.newBuilder()
        .setJobId(event.getJobId())
        .setSource(event.getSource())
        .setVideoUri(event.getVideoUri())
        .setStage(stage)
        .setReason(reason)
        .setMessage(message == null ? reason : message)
        .setRetryable(retryable)
        .setAttempts(attempts)
        .setAtMillis(System.currentTimeMillis())
        .setEvent(event)
        .build();
  }

  /** An unexpected exception: record its type and message, never a stack trace, as the reason text. */
  public static Failure unexpected(UploadEvent event, String stage, Throwable t) {
    return of(event, stage, "internal_error", describe(t), false, 1);
  }

  public static String describe(@Nullable Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
