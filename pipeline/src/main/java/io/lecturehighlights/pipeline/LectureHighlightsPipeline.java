package io.lecturehighlights.pipeline;

import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.SpreadOverWorkers;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.content.AnalyzeContent;
import io.lecturehighlights.transforms.content.TopicChunks;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.RecordQueuedJobs;
import io.lecturehighlights.transforms.db.WriteToPostgres;
import io.lecturehighlights.transforms.extraction.ExtractHighlights;
import io.lecturehighlights.transforms.ingest.DeduplicateUploads;
import io.lecturehighlights.transforms.ingest.FingerprintAndSkip;
import io.lecturehighlights.transforms.ingest.ReadS3EventNotifications;
import io.lecturehighlights.transforms.ingest.ReadUploadEvents;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import io.lecturehighlights.transforms.jobs.LectureStageFn;
import io.lecturehighlights.transforms.jobs.StageEvents;
import io.lecturehighlights.transforms.join.JoinLectureAnalyses;
import io.lecturehighlights.transforms.layout.DetectLayout;
import io.lecturehighlights.transforms.output.WriteLectureOutputs;
import io.lecturehighlights.transforms.rendering.RenderClips;
import io.lecturehighlights.transforms.report.WriteReports;
import io.lecturehighlights.transforms.silence.DetectSilences;
import io.lecturehighlights.transforms.transcription.TranscribeLectures;
import io.lecturehighlights.transforms.validate.ValidateUploads;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;

/**
 * The job graph:
 *
 * <pre>
 * upload events (manifest, glob, or S3 notifications from SQS) ─► one per job and version
 *   ─► fingerprint, skip unchanged ─► validate ─┬─► silence detection ─┐
 *                                                            ├─► transcription ─────┼─► CoGroupByKey(jobId)
 *                                                            └─► layout detection ──┘        │
 *   ─► content analysis ─► segment extraction ─► rendering (one element per clip) ─► gather clips per job
 *   ─► job outcome ─► output folder (with report.html per job and index.html), Avro datasets, PostgreSQL
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
    StageConfigs configs = StageConfigs.from(o);
    // A batch's lectures, chunks and clips are balanced over the job's subtasks (empty: random spreading).
    List<Integer> workerKeys = FlinkWorkerKeys.forParallelism(o.getParallelism());

    // Batch: a manifest or glob, whose unusable rows are failed jobs. Streaming: S3 notifications from SQS, whose
    // unusable messages are dead letters (they name no lecture, so they cannot be jobs).
    PCollection<UploadEvent> incoming;
    PCollection<Failure> badRows = null;
    PCollection<DeadLetter> deadLetters = null;
    if (o.getQueueUrl() != null) {
      PCollectionTuple notifications =
          p.apply("Read S3 event notifications", ReadS3EventNotifications.from(configs.notifications()));
      incoming = notifications.get(ReadS3EventNotifications.UPLOADS);
      deadLetters = notifications.get(ReadS3EventNotifications.DEAD_LETTERS);
    } else {
      WithFailures.Result<PCollection<UploadEvent>, Failure> read =
          p.apply("Read upload events", ReadUploadEvents.from(o.getInput()));
      incoming = read.output();
      badRows = read.failures();
    }
    PCollection<UploadEvent> unique = incoming
        .apply("One upload per job and version", DeduplicateUploads.byJobAndVersion())
        // Break fusion so lectures spread over all subtasks instead of following the one manifest reader; their
        // lengths are not known before validation, so a batch is balanced by count.
        .apply("Spread lectures across workers", SpreadOverWorkers.<UploadEvent>byCost(
            e -> e.getJobId() + "@" + e.getObjectVersion(), e -> 1.0).over(workerKeys));
    PCollectionTuple checked = unique.apply("Skip unchanged lectures", FingerprintAndSkip.skipping(completedFingerprints));
    PCollection<UploadEvent> events = checked.get(FingerprintAndSkip.TO_PROCESS);
    if (o.getDbUrl() != null) {
      // The job row is committed before validation starts: every later row of the job refers to it.
      events = events.apply("Record queued jobs", RecordQueuedJobs.in(configs.database()));
    }

    StageEvents.MarkStarted<UploadEvent> validationStart =
        StageEvents.markStarted(Stages.VALIDATION, UploadEvent::getJobId);
    PCollectionTuple toValidate = events.apply("Validation started", validationStart);
    WithFailures.Result<PCollection<ValidatedLecture>, Failure> validated = toValidate
        .get(validationStart.mainTag())
        .apply("Validate uploads", ValidateUploads.with(configs.validation()));

    StageEvents.MarkStarted<ValidatedLecture> silenceStart =
        StageEvents.markStarted(Stages.SILENCE, (ValidatedLecture v) -> v.getEvent().getJobId());
    PCollectionTuple toSilence = validated.output().apply("Silence detection started", silenceStart);
    WithFailures.Result<PCollection<SilenceResult>, Failure> silences = toSilence
        .get(silenceStart.mainTag())
        .apply("Detect silences", DetectSilences.with(configs.silence()));

    StageEvents.MarkStarted<ValidatedLecture> layoutStart =
        StageEvents.markStarted(Stages.LAYOUT, (ValidatedLecture v) -> v.getEvent().getJobId());
    PCollectionTuple toLayout = validated.output().apply("Layout detection started", layoutStart);
    WithFailures.Result<PCollection<Layout>, Failure> layouts = toLayout
        .get(layoutStart.mainTag())
        .apply("Detect layout", DetectLayout.with(configs.layout()).withThumbnailsTo(o.getOutput()));

    StageEvents.MarkStarted<ValidatedLecture> transcriptionStart =
        StageEvents.markStarted(Stages.TRANSCRIPTION, (ValidatedLecture v) -> v.getEvent().getJobId());
    PCollectionTuple toTranscribe = validated.output().apply("Transcription started", transcriptionStart);
    WithFailures.Result<PCollection<Transcript>, Failure> transcripts = toTranscribe
        .get(transcriptionStart.mainTag())
        .apply("Transcribe lectures", TranscribeLectures.with(configs.transcription()).spreadOver(workerKeys));

    // Each validated lecture gets exactly one result or failure from each branch, so the join never waits in vain.
    PCollection<Failure> branchFailures = PCollectionList.of(silences.failures())
        .and(transcripts.failures())
        .and(layouts.failures())
        .apply("Collect analysis failures", Flatten.pCollections());
    PCollectionTuple joined = PCollectionTuple.of(JoinLectureAnalyses.LECTURES, validated.output())
        .and(JoinLectureAnalyses.SILENCES, silences.output())
        .and(JoinLectureAnalyses.TRANSCRIPTS, transcripts.output())
        .and(JoinLectureAnalyses.LAYOUTS, layouts.output())
        .and(JoinLectureAnalyses.FAILURES, branchFailures)
        .apply("Join analyses by job",
            JoinLectureAnalyses.withTimeout(Duration.standardMinutes(o.getJoinTimeoutMinutes())));

    StageEvents.MarkStarted<LectureAnalysis> contentStart =
        StageEvents.markStarted(Stages.CONTENT, LectureAnalysis::getJobId);
    PCollectionTuple toAnalyze = joined.get(JoinLectureAnalyses.JOINED).apply("Content analysis started", contentStart);
    PCollectionTuple analyzed = toAnalyze.get(contentStart.mainTag())
        .apply("Analyze content", AnalyzeContent.with(configs.content()));

    StageEvents.MarkStarted<LectureAnalysis> extractionStart =
        StageEvents.markStarted(Stages.EXTRACTION, LectureAnalysis::getJobId);
    PCollectionTuple toExtract = analyzed.get(LectureStageFn.DONE).apply("Segment extraction started", extractionStart);
    PCollectionTuple extracted = toExtract.get(extractionStart.mainTag())
        .apply("Extract highlights", ExtractHighlights.with(configs.extraction()));

    StageEvents.MarkStarted<LectureAnalysis> renderingStart =
        StageEvents.markStarted(Stages.RENDERING, LectureAnalysis::getJobId);
    PCollectionTuple toRender = extracted.get(LectureStageFn.DONE).apply("Rendering started", renderingStart);
    PCollectionTuple rendered = toRender.get(renderingStart.mainTag())
        .apply("Render clips", RenderClips.to(o.getOutput(), configs.render()).spreadOver(workerKeys));

    // Every lecture that reached the join ends here exactly once: failed at some stage, or finished with its clips.
    PCollection<LectureAnalysis> ended = PCollectionList.of(joined.get(JoinLectureAnalyses.FAILED))
        .and(analyzed.get(LectureStageFn.FAILED))
        .and(extracted.get(LectureStageFn.FAILED))
        .and(rendered.get(RenderClips.FINISHED))
        .apply("Lectures at their end", Flatten.pCollections());
    PCollection<Failure> rejected = (badRows == null ? PCollectionList.of(validated.failures())
        : PCollectionList.of(badRows).and(validated.failures()))
        .apply("Collect rejected uploads", Flatten.pCollections());
    PCollection<JobStatus> jobs = PCollectionList
        .of(rejected.apply("Outcome of rejected uploads",
            MapElements.into(TypeDescriptor.of(JobStatus.class)).via(JobOutcomes::of)))
        .and(ended.apply("Outcome of analysed lectures",
            MapElements.into(TypeDescriptor.of(JobStatus.class)).via(JobOutcomes::of)))
        .apply("Job outcomes", Flatten.pCollections());
    // The failure that decided each failed job (a degraded job's branch failure is a note, not a failed job).
    PCollection<Failure> jobFailures = PCollectionList.of(rejected)
        .and(ended.apply("Failures of analysed lectures", FlatMapElements.into(TypeDescriptor.of(Failure.class))
            .via((LectureAnalysis a) -> a.getFailure() == null ? List.<Failure>of() : List.of(a.getFailure()))))
        .apply("Failures that ended jobs", Flatten.pCollections());

    PCollection<ContentSegments> segments = analyzed.get(LectureStageFn.DONE)
        .apply("Topic segments", MapElements.into(TypeDescriptor.of(ContentSegments.class))
            .via(LectureAnalysis::getContent));
    PCollection<TopicChunk> chunks = analyzed.get(LectureStageFn.DONE)
        .apply("Transcript chunks per topic", FlatMapElements.into(TypeDescriptor.of(TopicChunk.class))
            .via((LectureAnalysis a) -> TopicChunks.of(a.getContent(), a.getTranscript(),
                a.getLecture().getEvent().getVideoUri(), a.getLecture().getEvent().getMetadata())));
    PCollection<Highlights> highlights = extracted.get(LectureStageFn.DONE)
        .apply("Chosen highlights", MapElements.into(TypeDescriptor.of(Highlights.class))
            .via(LectureAnalysis::getHighlights));

    PCollectionTuple outputs = PCollectionTuple.of(WriteLectureOutputs.JOBS, jobs)
        .and(WriteLectureOutputs.SILENCES, silences.output())
        .and(WriteLectureOutputs.TRANSCRIPTS, transcripts.output())
        .and(WriteLectureOutputs.LAYOUTS, layouts.output())
        .and(WriteLectureOutputs.SEGMENTS, segments)
        .and(WriteLectureOutputs.TOPIC_CHUNKS, chunks)
        .and(WriteLectureOutputs.HIGHLIGHTS, highlights)
        .and(WriteLectureOutputs.CLIPS, rendered.get(RenderClips.CLIPS))
        .and(WriteLectureOutputs.FAILURES, jobFailures);
    if (deadLetters != null) {
      outputs = outputs.and(WriteLectureOutputs.DEAD_LETTERS, deadLetters);
    }
    outputs.apply("Write outputs", WriteLectureOutputs.to(o.getOutput())
        .flushingEvery(Duration.standardSeconds(o.getDatasetFlushSeconds())));
    PCollectionTuple.of(WriteReports.ANALYSED, ended)
        .and(WriteReports.REJECTED, rejected)
        .and(WriteReports.JOBS, jobs)
        .and(WriteReports.SKIPPED, checked.get(FingerprintAndSkip.UNCHANGED))
        .apply("Write reports", WriteReports.to(o.getOutput())
            .withIndexRefresh(Duration.standardSeconds(o.getDatasetFlushSeconds())));

    if (o.getDbUrl() != null) {
      DatabaseConfig db = configs.database();
      // Bad manifest rows never reach validation but are jobs too.
      if (badRows != null) {
        badRows
            .apply("Events of bad rows", MapElements.into(TypeDescriptor.of(UploadEvent.class)).via(Failure::getEvent))
            .setCoder(AvroCoder.of(UploadEvent.class))
            .apply("Record queued bad rows", WriteToPostgres.queuedJobs(db));
      }
      if (deadLetters != null) {
        deadLetters.apply("Record dead letters", WriteToPostgres.deadLetters(db));
      }
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
      // Failures too are recorded where each stage produces them: one Flatten of all of them would, in batch, wait
      // for the last stage, and progress would show early failures (most often validation's) only at the end.
      recordFailures(rejected, "validation", db);
      recordFailures(silences.failures(), "silence detection", db);
      recordFailures(transcripts.failures(), "transcription", db);
      recordFailures(layouts.failures(), "layout detection", db);
      recordFailures(failuresOf(joined.get(JoinLectureAnalyses.FAILED), "join"), "join", db);
      recordFailures(failuresOf(analyzed.get(LectureStageFn.FAILED), "content analysis"), "content analysis", db);
      recordFailures(failuresOf(extracted.get(LectureStageFn.FAILED), "extraction"), "extraction", db);
      recordFailures(failuresOf(rendered.get(RenderClips.FINISHED)
          .apply("Lectures whose clips all failed", Filter.by((LectureAnalysis a) -> a.getFailure() != null)),
          "rendering"), "rendering", db);
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
      toAnalyze.get(StageEvents.STARTED).apply("Record content analysis started", WriteToPostgres.stageEvents(db));
      finished(analyzed, Stages.CONTENT).apply("Record content analysis finished", WriteToPostgres.stageEvents(db));
      segments.apply("Record topic segments", WriteToPostgres.contentSegments(db));
      toExtract.get(StageEvents.STARTED).apply("Record extraction started", WriteToPostgres.stageEvents(db));
      finished(extracted, Stages.EXTRACTION).apply("Record extraction finished", WriteToPostgres.stageEvents(db));
      highlights.apply("Record highlights", WriteToPostgres.highlights(db));
      toRender.get(StageEvents.STARTED).apply("Record rendering started", WriteToPostgres.stageEvents(db));
      rendered.get(RenderClips.CLIPS).apply("Record clips", WriteToPostgres.clips(db));
      rendered.get(RenderClips.FINISHED)
          .apply("Lectures with clips", Filter.by((LectureAnalysis a) -> a.getFailure() == null))
          .apply("Rendering finished", StageEvents.finished(Stages.RENDERING, LectureAnalysis::getJobId,
              (LectureAnalysis a) -> a.getStageMillis().getOrDefault(Stages.RENDERING, 0L)))
          .apply("Record rendering finished", WriteToPostgres.stageEvents(db));
      jobs.apply("Record job outcomes", WriteToPostgres.jobOutcomes(db));
    }
  }

  private static PCollection<Failure> failuresOf(PCollection<LectureAnalysis> failed, String stage) {
    return failed.apply("Failures in " + stage, MapElements.into(TypeDescriptor.of(Failure.class))
        .via(LectureAnalysis::getFailure));
  }

  private static void recordFailures(PCollection<Failure> failures, String stage, DatabaseConfig db) {
    failures
        .apply("Failed in " + stage, MapElements.into(TypeDescriptor.of(StageEvent.class)).via(StageEvents::failed))
        .apply("Record " + stage + " failures", WriteToPostgres.stageEvents(db));
  }

  private static PCollection<StageEvent> finished(PCollectionTuple stage, String name) {
    return stage.get(LectureStageFn.DONE).apply(name + " finished", StageEvents.finished(name,
        LectureAnalysis::getJobId, (LectureAnalysis a) -> a.getStageMillis().getOrDefault(name, 0L)));
  }
}
