package io.lecturehighlights.pipeline;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.transforms.transcription.TranscribeLectures;
import io.lecturehighlights.transforms.transcription.TranscriptionConfig;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.transforms.layout.DetectLayout;
import io.lecturehighlights.transforms.layout.LayoutConfig;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.WriteToPostgres;
import io.lecturehighlights.transforms.ingest.FingerprintAndSkip;
import io.lecturehighlights.transforms.ingest.ReadUploadEvents;
import io.lecturehighlights.transforms.jobs.AssembleJobStatus;
import io.lecturehighlights.transforms.jobs.StageEvents;
import io.lecturehighlights.transforms.output.WriteLectureOutputs;
import io.lecturehighlights.transforms.silence.DetectSilences;
import io.lecturehighlights.transforms.silence.SilenceConfig;
import io.lecturehighlights.transforms.validate.ValidateUploads;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The job graph:
 *
 * <pre>
 * upload events ─► fingerprint, skip unchanged ─► validate ─┬─► silence detection ─┐
 *                                                            ├─► transcription ─────┼─► join by job id ─► outputs
 *                                                            └─► layout detection ──┘          └─► PostgreSQL
 *        (every stage also reports failures into the join)
 * </pre>
 *
 * Every input ends as exactly one job record, completed or failed (or, in an incremental batch, is skipped
 * because an earlier run completed the same content).
 */
public final class LectureHighlightsPipeline {
  private LectureHighlightsPipeline() {}

  public static Pipeline create(LectureHighlightsOptions options, Map<String, String> completedFingerprints) {
    Pipeline p = Pipeline.create(options);
    build(p, options, completedFingerprints);
    return p;
  }

  public static void build(Pipeline p, LectureHighlightsOptions o, Map<String, String> completedFingerprints) {
    AvroCoders.registerAll(p);

    WithFailures.Result<PCollection<UploadEvent>, Failure> read =
        p.apply("Read upload events", ReadUploadEvents.from(o.getInput()));
    PCollection<UploadEvent> unique = read.output()
        .apply("One event per job id", Distinct.withRepresentativeValueFn(UploadEvent::getJobId)
            .withRepresentativeType(TypeDescriptors.strings()))
        // Distinct declares its values nullable; ours never are, and Flatten needs one coder per type.
        .setCoder(AvroCoder.of(UploadEvent.class))
        // Break fusion so lectures spread over all subtasks instead of following the one manifest reader.
        .apply("Spread lectures across workers", Reshuffle.viaRandomKey());
    PCollectionTuple checked = unique.apply("Skip unchanged lectures", FingerprintAndSkip.skipping(completedFingerprints));
    PCollection<UploadEvent> events = checked.get(FingerprintAndSkip.TO_PROCESS);

    StageEvents.MarkStarted<UploadEvent> validationStart =
        StageEvents.markStarted(Stages.VALIDATION, UploadEvent::getJobId);
    PCollectionTuple toValidate = events.apply("Validation started", validationStart);
    WithFailures.Result<PCollection<ValidatedLecture>, Failure> validated = toValidate
        .get(validationStart.mainTag())
        .apply("Validate uploads", ValidateUploads.with(validationConfig(o)));

    StageEvents.MarkStarted<ValidatedLecture> silenceStart =
        StageEvents.markStarted(Stages.SILENCE, (ValidatedLecture v) -> v.getEvent().getJobId());
    PCollectionTuple toSilence = validated.output().apply("Silence detection started", silenceStart);
    WithFailures.Result<PCollection<SilenceResult>, Failure> silences = toSilence
        .get(silenceStart.mainTag())
        .apply("Detect silences", DetectSilences.with(silenceConfig(o)));

    StageEvents.MarkStarted<ValidatedLecture> layoutStart =
        StageEvents.markStarted(Stages.LAYOUT, (ValidatedLecture v) -> v.getEvent().getJobId());
    PCollectionTuple toLayout = validated.output().apply("Layout detection started", layoutStart);
    WithFailures.Result<PCollection<Layout>, Failure> layouts = toLayout
        .get(layoutStart.mainTag())
        .apply("Detect layout", DetectLayout.with(layoutConfig(o)).withThumbnailsTo(o.getOutput()));

    StageEvents.MarkStarted<ValidatedLecture> transcriptionStart =
        StageEvents.markStarted(Stages.TRANSCRIPTION, (ValidatedLecture v) -> v.getEvent().getJobId());
    PCollectionTuple toTranscribe = validated.output().apply("Transcription started", transcriptionStart);
    WithFailures.Result<PCollection<Transcript>, Failure> transcripts = toTranscribe
        .get(transcriptionStart.mainTag())
        .apply("Transcribe lectures", TranscribeLectures.with(transcriptionConfig(o)));

    PCollection<Failure> failures = PCollectionList.of(read.failures())
        .and(validated.failures())
        .and(silences.failures())
        .and(transcripts.failures())
        .and(layouts.failures())
        .apply("Collect failures", Flatten.pCollections());

    PCollection<JobStatus> jobs = PCollectionTuple.of(AssembleJobStatus.VALIDATED, validated.output())
        .and(AssembleJobStatus.SILENCES, silences.output())
        .and(AssembleJobStatus.TRANSCRIPTS, transcripts.output())
        .and(AssembleJobStatus.LAYOUTS, layouts.output())
        .and(AssembleJobStatus.FAILURES, failures)
        .apply("Assemble job status", new AssembleJobStatus());

    PCollectionTuple.of(WriteLectureOutputs.JOBS, jobs)
        .and(WriteLectureOutputs.SILENCES, silences.output())
        .and(WriteLectureOutputs.TRANSCRIPTS, transcripts.output())
        .and(WriteLectureOutputs.LAYOUTS, layouts.output())
        .and(WriteLectureOutputs.FAILURES, failures)
        .apply("Write outputs", WriteLectureOutputs.to(o.getOutput()));

    if (o.getDbUrl() != null) {
      DatabaseConfig db = databaseConfig(o);
      // Queued rows are written straight from the stream that feeds validation (chained, no shuffle), so they
      // land before the stage events. Bad manifest rows never reach validation but are jobs too.
      events.apply("Record queued jobs", WriteToPostgres.queuedJobs(db));
      read.failures()
          .apply("Events of bad rows", MapElements.into(TypeDescriptor.of(UploadEvent.class)).via(Failure::getEvent))
          .setCoder(AvroCoder.of(UploadEvent.class))
          .apply("Record queued bad rows", WriteToPostgres.queuedJobs(db));
      // Each event stream is written where it is produced (no Flatten), so the writes chain to the stage.
      toValidate.get(StageEvents.STARTED).apply("Record validation started", WriteToPostgres.stageEvents(db));
      validated.output()
          .apply("Validation finished", StageEvents.finished(Stages.VALIDATION,
              (ValidatedLecture v) -> v.getEvent().getJobId(), ValidatedLecture::getValidationMillis))
          .apply("Record validation finished", WriteToPostgres.stageEvents(db));
      toSilence.get(StageEvents.STARTED).apply("Record silence detection started", WriteToPostgres.stageEvents(db));
      silences.output()
          .apply("Silence detection finished", StageEvents.finished(Stages.SILENCE,
              SilenceResult::getJobId, SilenceResult::getProcessingMillis))
          .apply("Record silence detection finished", WriteToPostgres.stageEvents(db));
      failures.apply("Stage failures", MapElements.into(TypeDescriptor.of(StageEvent.class)).via(StageEvents::failed))
          .apply("Record stage failures", WriteToPostgres.stageEvents(db));
      toTranscribe.get(StageEvents.STARTED).apply("Record transcription started", WriteToPostgres.stageEvents(db));
      transcripts.output()
          .apply("Transcription finished", StageEvents.finished(Stages.TRANSCRIPTION,
              Transcript::getJobId, Transcript::getProcessingMillis))
          .apply("Record transcription finished", WriteToPostgres.stageEvents(db));
      transcripts.output().apply("Record transcripts", WriteToPostgres.transcripts(db));
      toLayout.get(StageEvents.STARTED).apply("Record layout detection started", WriteToPostgres.stageEvents(db));
      layouts.output()
          .apply("Layout detection finished", StageEvents.finished(Stages.LAYOUT,
              Layout::getJobId, Layout::getProcessingMillis))
          .apply("Record layout detection finished", WriteToPostgres.stageEvents(db));
      silences.output().apply("Record silences", WriteToPostgres.silences(db));
      layouts.output().apply("Record layouts", WriteToPostgres.layouts(db));
      jobs.apply("Record job outcomes", WriteToPostgres.jobOutcomes(db));
    }
  }

  public static DatabaseConfig databaseConfig(LectureHighlightsOptions o) {
    return new DatabaseConfig(o.getDbUrl(), o.getDbUser(), o.getDbPasswordEnv(), o.getDbMaxConnections());
  }

  static ValidationConfig validationConfig(LectureHighlightsOptions o) {
    return new ValidationConfig(o.getMaxDurationHours() * 3600.0, (long) (o.getMaxSizeGib() * (1L << 30)));
  }

  static TranscriptionConfig transcriptionConfig(LectureHighlightsOptions o) {
    return TranscriptionConfig.defaults()
        .withEngine(o.getTranscriptionEngine())
        .withModel(o.getTranscriptionModel())
        .withBaseUrl(o.getTranscriptionBaseUrl())
        .withApiKeyEnv(o.getTranscriptionApiKeyEnv())
        .withLanguage(o.getTranscriptionLanguage())
        .withChunkSeconds(o.getTranscriptionChunkSeconds())
        .withMaxConcurrentRequests(o.getTranscriptionMaxConcurrentRequests())
        .withRequestTimeoutSeconds(o.getTranscriptionRequestTimeoutSeconds())
        .withRetries(o.getTranscriptionMaxRetries(), 1000, 60_000)
        .withPocketsphinxArgs(o.getPocketsphinxArgs());
  }

  static LayoutConfig layoutConfig(LectureHighlightsOptions o) {
    return LayoutConfig.defaults().withSampleFps(o.getLayoutSampleFps());
  }

  static SilenceConfig silenceConfig(LectureHighlightsOptions o) {
    SilenceConfig c = SilenceConfig.defaults()
        .withMinSilenceSeconds(o.getMinSilenceSeconds())
        .withMarginDb(o.getSilenceMarginDb())
        .withHysteresisDb(o.getSilenceHysteresisDb());
    if (o.getSilenceThresholdDb() != null) {
      c.withThresholdDb(o.getSilenceThresholdDb());
    }
    return c;
  }
}
