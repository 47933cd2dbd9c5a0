package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Stages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides a job's outcome from everything its stages reported. Exactly one status per job: failed if any stage
 * failed (the earliest stage in the pipeline is the one reported), completed if every expected result is
 * there, and failed with {@code missing_result} if a result is missing, so a job is never silently lost.
 */
public final class JobOutcomes {
  private static final List<String> STAGE_ORDER = List.of(Stages.VALIDATION, Stages.SILENCE,
      Stages.TRANSCRIPTION, Stages.LAYOUT, Stages.CONTENT, Stages.EXTRACTION, Stages.RENDERING, Stages.SINK);

  /** What the stages reported for one job; a branch the pipeline does not run is simply empty. */
  public static final class Reports {
    Iterable<ValidatedLecture> validated = List.of();
    Iterable<SilenceResult> silences = List.of();
    Iterable<Transcript> transcripts = List.of();
    Iterable<Layout> layouts = List.of();
    Iterable<Failure> failures = List.of();

    public Reports validated(Iterable<ValidatedLecture> v) {
      validated = v;
      return this;
    }

    public Reports silences(Iterable<SilenceResult> v) {
      silences = v;
      return this;
    }

    public Reports transcripts(Iterable<Transcript> v) {
      transcripts = v;
      return this;
    }

    public Reports layouts(Iterable<Layout> v) {
      layouts = v;
      return this;
    }

    public Reports failures(Iterable<Failure> v) {
      failures = v;
      return this;
    }
  }

  private JobOutcomes() {}

  /** The foundation's branches only: validation and silence detection. */
  public static JobStatus resolve(String jobId, Iterable<ValidatedLecture> validated,
      Iterable<SilenceResult> silences, Iterable<Failure> failures) {
    return resolve(jobId, new Reports().validated(validated).silences(silences).failures(failures),
        Set.of(Stages.SILENCE));
  }

  /**
   * @param expected the analysis stages whose result a completed job must have (e.g. silence, transcription,
   *     layout)
   */
  public static JobStatus resolve(String jobId, Reports r, Set<String> expected) {
    ValidatedLecture lecture = first(r.validated);
    SilenceResult silence = first(r.silences);
    Transcript transcript = first(r.transcripts);
    Layout layout = first(r.layouts);
    Failure failure = null;
    for (Failure f : r.failures) {
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
    if (transcript != null) {
      millis.put(Stages.TRANSCRIPTION, transcript.getProcessingMillis());
    }
    if (layout != null) {
      millis.put(Stages.LAYOUT, layout.getProcessingMillis());
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
    Map<String, Object> results = new LinkedHashMap<>();
    results.put(Stages.SILENCE, silence);
    results.put(Stages.TRANSCRIPTION, transcript);
    results.put(Stages.LAYOUT, layout);
    for (String stage : STAGE_ORDER) {
      if (expected.contains(stage) && results.get(stage) == null) {
        return b.setStatus(JobState.FAILED)
            .setFailedStage(stage)
            .setFailureReason("missing_result")
            .setFailureMessage("the " + stage + " stage reported no result for this job")
            .build();
      }
    }
    return b.setStatus(JobState.COMPLETED).build();
  }

  /** The outcome of an upload rejected before its analyses started (a bad manifest row, a failed validation). */
  public static JobStatus of(Failure f) {
    return resolve(f.getJobId(), new Reports().failures(List.of(f)), Set.of());
  }

  /**
   * The outcome of a lecture that reached the join: failed at the stage its {@code failure} names, otherwise
   * completed with its clips and notes. Every stage's time so far is kept either way.
   */
  public static JobStatus of(LectureAnalysis a) {
    UploadEvent event = a.getLecture().getEvent();
    JobStatus.Builder b = JobStatus.newBuilder()
        .setJobId(a.getJobId())
        .setSource(event.getSource())
        .setVideoUri(event.getVideoUri())
        .setMetadata(event.getMetadata())
        .setMedia(a.getLecture().getMedia())
        .setCaptionsUri(event.getCaptionsUri())
        .setContentFingerprint(event.getContentFingerprint())
        .setStageMillis(new LinkedHashMap<>(a.getStageMillis()))
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
