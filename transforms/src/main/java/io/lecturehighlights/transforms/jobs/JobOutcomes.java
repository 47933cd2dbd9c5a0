package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Stages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's outcome record. Every input ends in exactly one of two ways: rejected before its analyses started (a bad
 * manifest row, a failed validation: {@link #of(Failure)}), or as the analysis record that left the chain after
 * the join, failed at some stage or finished with its clips ({@link #of(LectureAnalysis)}). Which results a
 * completed job needs is decided at the join ({@code join/AnalysisJoin}), not here.
 */
public final class JobOutcomes {
  /**
   * More FFmpeg errors than this while one stage decoded the source puts a note on the job. A few are normal (an
   * HEVC seek logs missing references for the frames before the next key frame); a stage seeing dozens is reading a
   * damaged file, and its results near the damage deserve a look.
   */
  public static final int DECODE_ERRORS_NOTED = 20;

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
    Map<String, Integer> decodeErrors = decodeErrors(a);
    JobStatus.Builder b = JobStatus.newBuilder()
        .setJobId(a.getJobId())
        .setSource(event.getSource())
        .setVideoUri(event.getVideoUri())
        .setMetadata(event.getMetadata())
        .setMedia(a.getLecture().getMedia())
        .setCaptionsUri(event.getCaptionsUri())
        .setContentFingerprint(event.getContentFingerprint())
        .setStageMillis(millis)
        // One per highlight, whatever the number of formats it was rendered in.
        .setClips((int) a.getClips().stream().mapToInt(Clip::getIndex).distinct().count())
        .setClipFormats(a.getClips().stream().map(c -> c.getFormat() != null ? c.getFormat() : c.getLayout())
            .distinct().toList())
        .setDecodeErrors(decodeErrors)
        .setNotes(withDecodeNote(a.getNotes(), decodeErrors))
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

  /** FFmpeg errors counted by each stage that decoded the source and reported (a failed stage reports none). */
  static Map<String, Integer> decodeErrors(LectureAnalysis a) {
    Map<String, Integer> m = new LinkedHashMap<>();
    if (a.getSilence() != null) {
      m.put(Stages.SILENCE, a.getSilence().getDecodeErrors());
    }
    if (a.getTranscript() != null) {
      m.put(Stages.TRANSCRIPTION, a.getTranscript().getDecodeErrors());
    }
    if (a.getLayout() != null) {
      m.put(Stages.LAYOUT, a.getLayout().getDecodeErrors());
    }
    if (!a.getClips().isEmpty()) {
      m.put(Stages.RENDERING, a.getClips().stream().mapToInt(Clip::getDecodeErrors).sum());
    }
    return m;
  }

  private static List<String> withDecodeNote(List<String> notes, Map<String, Integer> decodeErrors) {
    StringBuilder over = new StringBuilder();
    decodeErrors.forEach((stage, n) -> {
      if (n > DECODE_ERRORS_NOTED) {
        over.append(over.length() == 0 ? "" : ", ").append(stage).append(' ').append(n);
      }
    });
    if (over.length() == 0) {
      return notes;
    }
    List<String> out = new ArrayList<>(notes);
    out.add("decoding: FFmpeg reported errors (" + over + "): the source is damaged; results near the damage"
        + " may be off (details in the log file, logger 'ffmpeg')");
    return out;
  }

  public static boolean isFailed(JobStatus s) {
    return s.getStatus() == JobState.FAILED;
  }
}
