package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.UploadEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's outcome record. Every input ends in exactly one of two ways: rejected before its analyses started (a bad
 * manifest row, a failed validation: {@link #of(Failure)}), or as the analysis record that left the chain after
 * the join, failed at some stage or finished with its clips ({@link #of(LectureAnalysis)}). Which results a
 * completed job needs is decided at the join ({@code join/AnalysisJoin}), not here.
 */
public final class JobOutcomes {
  private JobOutcomes() {}

  /** The outcome of an upload rejected before its analyses started. */
  public static JobStatus of(Failure f) {
    UploadEvent event = f.getEvent();
    return JobStatus.newBuilder()
        .setJobId(f.getJobId())
        .setSource(event != null ? event.getSource() : f.getSource())
        .setVideoUri(event != null ? event.getVideoUri() : f.getVideoUri())
        .setMetadata(event != null ? event.getMetadata() : null)
        .setCaptionsUri(event != null ? event.getCaptionsUri() : null)
        .setContentFingerprint(event != null ? event.getContentFingerprint() : null)
        .setStatus(JobState.FAILED)
        .setFailedStage(f.getStage())
        .setFailureReason(f.getReason())
        .setFailureMessage(f.getMessage())
        .setUpdatedAtMillis(System.currentTimeMillis())
        .build();
  }

  /**
   * The outcome of a lecture that reached the join: failed at the stage its {@code failure} names, otherwise
   * completed with its clips and notes. Every stage's time so far is kept either way.
   */
  public static JobStatus of(LectureAnalysis a) {
    UploadEvent event = a.getLecture().getEvent();
    Map<String, Long> millis = new LinkedHashMap<>(a.getStageMillis());
    JobStatus.Builder b = JobStatus.newBuilder()
        .setJobId(a.getJobId())
        .setSource(event.getSource())
        .setVideoUri(event.getVideoUri())
        .setMetadata(event.getMetadata())
        .setMedia(a.getLecture().getMedia())
        .setCaptionsUri(event.getCaptionsUri())
        .setContentFingerprint(event.getContentFingerprint())
        .setStageMillis(millis)
        .setClips(a.getClips().size())
        .setNotes(a.getNotes())
        .setUpdatedAtMillis(System.currentTimeMillis());
    Failure f = a.getFailure();
    if (f != null) {
      return b.setStatus(JobState.FAILED)
          .setFailedStage(f.getStage())
          .setFailureReason(f.getReason())
          .setFailureMessage(f.getMessage())
          .build();
    }
    return b.setStatus(JobState.COMPLETED).build();
  }

  public static boolean isFailed(JobStatus s) {
    return s.getStatus() == JobState.FAILED;
  }
}
