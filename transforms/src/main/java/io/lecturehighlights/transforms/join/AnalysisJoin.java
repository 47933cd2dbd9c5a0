package io.lecturehighlights.transforms.join;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Decides what one lecture's three analyses add up to. Plain Java, no Beam: {@link JoinLectureAnalyses} feeds it
 * the CoGroupByKey result.
 *
 * <ul>
 *   <li>Transcription failed: the job fails with that stage and reason (no transcript, no topics, no clips).
 *   <li>Layout failed: the job goes on; clips use the whole frame, and a note says so.
 *   <li>Silence detection failed: the job goes on; cuts fall back to gaps between words, and a note says so.
 *   <li>A branch that never reported (the join timed out): the job fails with reason {@code branch_timeout} at the
 *       first missing stage, so it is never kept waiting forever.
 * </ul>
 */
public final class AnalysisJoin {
  /** Branch results every validated lecture must produce, success or failure. */
  public static final List<String> BRANCHES = List.of(Stages.SILENCE, Stages.TRANSCRIPTION, Stages.LAYOUT);

  private AnalysisJoin() {}

  /** What the three branches reported for one job. */
  public static final class Reports {
    final List<ValidatedLecture> lectures = new ArrayList<>();
    final List<SilenceResult> silences = new ArrayList<>();
    final List<Transcript> transcripts = new ArrayList<>();
    final List<Layout> layouts = new ArrayList<>();
    final List<Failure> failures = new ArrayList<>();

    public Reports lectures(Iterable<ValidatedLecture> v) {
      v.forEach(lectures::add);
      return this;
    }

    public Reports silences(Iterable<SilenceResult> v) {
      v.forEach(silences::add);
      return this;
    }

    public Reports transcripts(Iterable<Transcript> v) {
      v.forEach(transcripts::add);
      return this;
    }

    public Reports layouts(Iterable<Layout> v) {
      v.forEach(layouts::add);
      return this;
    }

    public Reports failures(Iterable<Failure> v) {
      v.forEach(failures::add);
      return this;
    }

    /** How many results arrived: 4 (the lecture and its three branches) when the job is complete. */
    public int count() {
      return lectures.size() + silences.size() + transcripts.size() + layouts.size() + failures.size();
    }
  }

  /**
   * @return the joined analysis (with {@code failure} set when the job cannot go on), or null when there is no
   *     lecture to attach the results to (cannot happen for branches of a validated lecture; the caller counts it)
   */
  public static @Nullable LectureAnalysis decide(String jobId, Reports r) {
    if (r.lectures.isEmpty()) {
      return null;
    }
    ValidatedLecture lecture = r.lectures.get(0);
    SilenceResult silence = r.silences.isEmpty() ? null : r.silences.get(0);
    Transcript transcript = r.transcripts.isEmpty() ? null : r.transcripts.get(0);
    Layout layout = r.layouts.isEmpty() ? null : r.layouts.get(0);
    Map<String, Failure> failed = new LinkedHashMap<>();
    for (Failure f : r.failures) {
      failed.putIfAbsent(f.getStage(), f);
    }

    Map<String, Long> millis = new LinkedHashMap<>();
    millis.put(Stages.VALIDATION, lecture.getValidationMillis());
    if (silence != null) {
      millis.put(Stages.SILENCE, silence.getProcessingMillis());
    }
    if (transcript != null) {
      millis.put(Stages.TRANSCRIPTION, transcript.getProcessingMillis());
    }
    if (layout != null) {
      millis.put(Stages.LAYOUT, layout.getProcessingMillis());
    }
    LectureAnalysis.Builder b = LectureAnalysis.newBuilder()
        .setJobId(jobId)
        .setLecture(lecture)
        .setSilence(silence)
        .setTranscript(transcript)
        .setLayout(layout)
        .setStageMillis(millis);

    List<String> missing = new ArrayList<>();
    if (silence == null && !failed.containsKey(Stages.SILENCE)) {
      missing.add(Stages.SILENCE);
    }
    if (transcript == null && !failed.containsKey(Stages.TRANSCRIPTION)) {
      missing.add(Stages.TRANSCRIPTION);
    }
    if (layout == null && !failed.containsKey(Stages.LAYOUT)) {
      missing.add(Stages.LAYOUT);
    }
    if (!missing.isEmpty()) {
      return b.setFailure(Failures.of(lecture.getEvent(), missing.get(0), "branch_timeout",
          "no " + String.join(", ", missing) + " result arrived within the join timeout; the job was failed "
              + "rather than kept waiting", true, 1)).build();
    }
    Failure transcription = failed.get(Stages.TRANSCRIPTION);
    if (transcription != null) {
      return b.setFailure(transcription).build();
    }
    List<String> notes = new ArrayList<>();
    Failure layoutFailure = failed.get(Stages.LAYOUT);
    if (layoutFailure != null) {
      notes.add("layout: " + layoutFailure.getReason() + " (clips use the whole frame)");
    }
    if (layout != null) {
      // What the layout stage did without (an OCR error): the layout is right, the job completes with a note.
      notes.addAll(layout.getNotes());
    }
    Failure silenceFailure = failed.get(Stages.SILENCE);
    if (silenceFailure != null) {
      notes.add("silence: " + silenceFailure.getReason() + " (cuts use the gaps between words)");
    }
    return b.setNotes(notes).build();
  }
}
