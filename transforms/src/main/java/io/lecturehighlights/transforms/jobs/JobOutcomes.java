package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Stages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a job's outcome from everything its stages reported. Exactly one status per job: failed if any stage
 * failed (the earliest stage in the pipeline is the one reported), completed if every expected result is
 * there, and failed with {@code missing_result} if a result is missing, so a job is never silently lost.
 */
public final class JobOutcomes {
  private static final List<String> STAGE_ORDER = List.of(Stages.VALIDATION, Stages.SILENCE,
      Stages.TRANSCRIPTION, Stages.LAYOUT, Stages.CONTENT, Stages.EXTRACTION, Stages.RENDERING, Stages.SINK);

  private JobOutcomes() {}

  public static JobStatus resolve(String jobId, Iterable<ValidatedLecture> validated,
      Iterable<SilenceResult> silences, Iterable<Failure> failures) {
    ValidatedLecture lecture = first(validated);
    SilenceResult silence = first(silences);
    Failure failure = null;
    for (Failure f : failures) {
      if (failure == null || stageIndex(f.getStage()) < stageIndex(failure.getStage())) {
        failure = f;
      }
    }
    UploadEvent event = lecture != null ? lecture.getEvent() : failure != null ? failure.getEvent() : null;

    Map<String, Long> millis = new LinkedHashMap<>();
    if (lecture != null) {
      millis.put(Stages.VALIDATION, lecture.getValidationMillis());
    }
    if (silence != null) {
      millis.put(Stages.SILENCE, silence.getProcessingMillis());
    }

    JobStatus.Builder b = JobStatus.newBuilder()
        .setJobId(jobId)
        .setSource(event != null ? event.getSource() : failure != null ? failure.getSource() : "unknown")
        .setVideoUri(event != null ? event.getVideoUri() : failure != null ? failure.getVideoUri() : null)
        .setMetadata(event != null ? event.getMetadata() : null)
        .setMedia(lecture != null ? lecture.getMedia() : null)
        .setCaptionsUri(event != null ? event.getCaptionsUri() : null)
        .setContentFingerprint(event != null ? event.getContentFingerprint() : null)
        .setStageMillis(millis)
        .setUpdatedAtMillis(System.currentTimeMillis());
    if (failure != null) {
      return b.setStatus(JobState.FAILED)
          .setFailedStage(failure.getStage())
          .setFailureReason(failure.getReason())
          .setFailureMessage(failure.getMessage())
          .build();
    }
    if (silence == null) {
      return b.setStatus(JobState.FAILED)
          .setFailedStage(Stages.SILENCE)
          .setFailureReason("missing_result")
          .setFailureMessage("the silence stage reported no result for this job")
          .build();
    }
    return b.setStatus(JobState.COMPLETED).build();
  }

  public static boolean isFailed(JobStatus s) {
    return s.getStatus() == JobState.FAILED;
  }

  static int stageIndex(String stage) {
    int i = STAGE_ORDER.indexOf(stage);
    return i < 0 ? STAGE_ORDER.size() : i;
  }

  private static <T> T first(Iterable<T> items) {
    for (T t : items) {
      return t;
    }
    return null;
  }
}
