package io.lecturehighlights.pipeline;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.WriteToPostgres;
import io.lecturehighlights.transforms.join.JoinLectureAnalyses;
import io.lecturehighlights.transforms.layout.DetectLayout;
import io.lecturehighlights.transforms.silence.DetectSilences;
import io.lecturehighlights.transforms.transcription.TranscribeLectures;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The three analyses of each validated lecture — silence detection, layout detection, transcription — each a
 * {@link TrackedStage}, side by side. Out: what {@link JoinLectureAnalyses} takes, the lectures with each branch's
 * results and the branches' failures; every lecture gets exactly one result or failure from each branch, so the
 * join never waits in vain.
 */
final class AnalyseLectures extends PTransform<PCollection<ValidatedLecture>, PCollectionTuple> {
  private static final SerializableFunction<ValidatedLecture, String> JOB_ID = v -> v.getEvent().getJobId();

  private final DetectSilences silences;
  private final DetectLayout layouts;
  private final TranscribeLectures transcripts;
  private final @Nullable DatabaseConfig db;

  private AnalyseLectures(DetectSilences silences, DetectLayout layouts, TranscribeLectures transcripts,
      @Nullable DatabaseConfig db) {
    this.silences = silences;
    this.layouts = layouts;
    this.transcripts = transcripts;
    this.db = db;
  }

  /** @param db null: no database, the analyses alone */
  static AnalyseLectures with(DetectSilences silences, DetectLayout layouts, TranscribeLectures transcripts,
      @Nullable DatabaseConfig db) {
    return new AnalyseLectures(silences, layouts, transcripts, db);
  }

  @Override
  public PCollectionTuple expand(PCollection<ValidatedLecture> lectures) {
    WithFailures.Result<PCollection<SilenceResult>, Failure> silence = lectures.apply("Silence detection",
        TrackedStage.of(Stages.SILENCE, silences, JOB_ID, TrackedStage.completed(SilenceResult::getJobId,
            SilenceResult::getProcessingMillis).afterRows(WriteToPostgres::silences), db));
    WithFailures.Result<PCollection<Layout>, Failure> layout = lectures.apply("Layout detection",
        TrackedStage.of(Stages.LAYOUT, layouts, JOB_ID, TrackedStage.completed(Layout::getJobId,
            Layout::getProcessingMillis).afterRows(WriteToPostgres::layouts), db));
    WithFailures.Result<PCollection<Transcript>, Failure> transcript = lectures.apply("Transcription",
        TrackedStage.of(Stages.TRANSCRIPTION, transcripts, JOB_ID, TrackedStage.completed(Transcript::getJobId,
            Transcript::getProcessingMillis).afterRows(WriteToPostgres::transcripts), db));
    // Failures are recorded where each stage produces them (TrackedStage): one Flatten of all of them would, in
    // batch, wait for the last stage, and progress would show early failures only at the end.
    PCollection<Failure> failures = PCollectionList.of(silence.failures()).and(transcript.failures())
        .and(layout.failures()).apply("Collect analysis failures", Flatten.pCollections());
    return PCollectionTuple.of(JoinLectureAnalyses.LECTURES, lectures)
        .and(JoinLectureAnalyses.SILENCES, silence.output())
        .and(JoinLectureAnalyses.TRANSCRIPTS, transcript.output())
        .and(JoinLectureAnalyses.LAYOUTS, layout.output())
        .and(JoinLectureAnalyses.FAILURES, failures);
  }
}
