package io.lecturehighlights.pipeline;

import io.lecturehighlights.schemas.Clip;
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
import io.lecturehighlights.transforms.db.RecordRows;
import io.lecturehighlights.transforms.db.TrackStage;
import io.lecturehighlights.transforms.db.WriteToPostgres;
import io.lecturehighlights.transforms.extraction.ExtractHighlights;
import io.lecturehighlights.transforms.ingest.DeduplicateUploads;
import io.lecturehighlights.transforms.ingest.FingerprintAndSkip;
import io.lecturehighlights.transforms.ingest.ReadS3EventNotifications;
import io.lecturehighlights.transforms.ingest.ReadUploadEvents;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
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
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
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
    // Jobs and their stages are tracked in the results database when there is one.
    DatabaseConfig db = configs.database();

    // Batch: a manifest or glob, whose unusable rows are failed jobs. Streaming: S3 notifications from SQS, whose
    // unusable messages are dead letters (they name no lecture, so they cannot be jobs).
    PCollection<UploadEvent> incoming;
    PCollection<Failure> badRows = null;
    PCollection<DeadLetter> deadLetters = null;
    PCollection<String> batchStart = null;
    if (o.getQueueUrl() != null) {
      PCollectionTuple notifications =
          p.apply("Read S3 event notifications", ReadS3EventNotifications.from(configs.notifications()));
      incoming = notifications.get(ReadS3EventNotifications.UPLOADS);
      deadLetters = notifications.get(ReadS3EventNotifications.DEAD_LETTERS);
    } else {
      PCollectionTuple read = p.apply("Read upload events", ReadUploadEvents.from(o.getInput()));
      incoming = read.get(ReadUploadEvents.EVENTS);
      badRows = read.get(ReadUploadEvents.BAD_ROWS);
      batchStart = read.get(ReadUploadEvents.LOCATION);
    }
    PCollection<UploadEvent> unique = incoming
        .apply("One upload per job and version", DeduplicateUploads.byJobAndVersion())
        // Break fusion so lectures spread over all subtasks instead of following the one manifest reader; their
        // lengths are not known before validation, so a batch is balanced by count.
        .apply("Spread lectures across workers", SpreadOverWorkers.<UploadEvent>byCost(
            e -> e.getJobId() + "@" + e.getObjectVersion(), e -> 1.0).over(workerKeys));
    PCollectionTuple checked = unique.apply("Skip unchanged lectures", FingerprintAndSkip.skipping(completedFingerprints));
    PCollection<UploadEvent> events = checked.get(FingerprintAndSkip.TO_PROCESS);
    if (db != null) {
      // The job row is committed before validation starts: every later row of the job refers to it.
      events = events.apply("Record queued jobs", RecordQueuedJobs.in(db));
    }

    WithFailures.Result<PCollection<ValidatedLecture>, Failure> validated =
        record(events, "Validation started", db, d -> TrackStage.started(Stages.VALIDATION, UploadEvent::getJobId, d))
            .apply("Validate uploads", ValidateUploads.with(configs.validation()));
    PCollection<ValidatedLecture> lectures = record(validated.output(), "Validation finished", db,
        d -> TrackStage.finished(Stages.VALIDATION, (ValidatedLecture v) -> v.getEvent().getJobId(),
            ValidatedLecture::getValidationMillis, d));

    WithFailures.Result<PCollection<SilenceResult>, Failure> silences =
        record(lectures, "Silence detection started", db, d -> TrackStage.started(Stages.SILENCE, JOB_OF_LECTURE, d))
            .apply("Detect silences", DetectSilences.with(configs.silence()));
    PCollection<SilenceResult> silenceResults = record(record(silences.output(), "Record silences", db,
        WriteToPostgres::silences), "Silence detection finished", db,
        d -> TrackStage.finished(Stages.SILENCE, SilenceResult::getJobId, SilenceResult::getProcessingMillis, d));

    WithFailures.Result<PCollection<Layout>, Failure> layouts =
        record(lectures, "Layout detection started", db, d -> TrackStage.started(Stages.LAYOUT, JOB_OF_LECTURE, d))
            .apply("Detect layout", DetectLayout.with(configs.layout()).withSlides(configs.slides())
                .withThumbnailsTo(o.getOutput()));
    PCollection<Layout> layoutResults = record(record(layouts.output(), "Record layouts", db,
        WriteToPostgres::layouts), "Layout detection finished", db,
        d -> TrackStage.finished(Stages.LAYOUT, Layout::getJobId, Layout::getProcessingMillis, d));

    WithFailures.Result<PCollection<Transcript>, Failure> transcripts =
        record(lectures, "Transcription started", db, d -> TrackStage.started(Stages.TRANSCRIPTION, JOB_OF_LECTURE, d))
            .apply("Transcribe lectures", TranscribeLectures.with(configs.transcription()).spreadOver(workerKeys));
    PCollection<Transcript> transcriptResults = record(record(transcripts.output(), "Record transcripts", db,
        WriteToPostgres::transcripts), "Transcription finished", db,
        d -> TrackStage.finished(Stages.TRANSCRIPTION, Transcript::getJobId, Transcript::getProcessingMillis, d));

    // Each validated lecture gets exactly one result or failure from each branch, so the join never waits in vain.
    // Failures are recorded where each stage produces them: one Flatten of all of them would, in batch, wait for
    // the last stage, and progress would show early failures (most often validation's) only at the end.
    PCollection<Failure> branchFailures = PCollectionList
        .of(record(silences.failures(), "Silence detection failed", db, TrackStage::failures))
        .and(record(transcripts.failures(), "Transcription failed", db, TrackStage::failures))
        .and(record(layouts.failures(), "Layout detection failed", db, TrackStage::failures))
        .apply("Collect analysis failures", Flatten.pCollections());
    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> joined = PCollectionTuple.of(JoinLectureAnalyses.LECTURES, lectures)
        .and(JoinLectureAnalyses.SILENCES, silenceResults)
        .and(JoinLectureAnalyses.TRANSCRIPTS, transcriptResults)
        .and(JoinLectureAnalyses.LAYOUTS, layoutResults)
        .and(JoinLectureAnalyses.FAILURES, branchFailures)
        .apply("Join analyses by job",
            JoinLectureAnalyses.withTimeout(Duration.standardMinutes(o.getJoinTimeoutMinutes())));

    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> analyzed = record(joined.output(), "Content analysis started", db,
        d -> TrackStage.started(Stages.CONTENT, LectureAnalysis::getJobId, d))
        .apply("Analyze content", AnalyzeContent.with(configs.content()));
    PCollection<LectureAnalysis> contents =
        record(analyzed.output(), "Content analysis finished", db, d -> finished(Stages.CONTENT, d));

    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> extracted = record(contents, "Segment extraction started", db,
        d -> TrackStage.started(Stages.EXTRACTION, LectureAnalysis::getJobId, d))
        .apply("Extract highlights", ExtractHighlights.with(configs.extraction()));
    PCollection<LectureAnalysis> extractions = record(extracted.output(), "Segment extraction finished",
        db, d -> finished(Stages.EXTRACTION, d));

    PCollectionTuple rendered = record(extractions, "Rendering started", db,
        d -> TrackStage.started(Stages.RENDERING, LectureAnalysis::getJobId, d))
        .apply("Render clips", RenderClips.to(o.getOutput(), configs.render()).spreadOver(workerKeys));

    // Every lecture that reached the join ends here exactly once: failed at some stage, or finished with its clips.
    PCollection<LectureAnalysis> ended = PCollectionList
        .of(record(joined.failures(), "Join failed", db, LectureHighlightsPipeline::failed))
        .and(record(analyzed.failures(), "Content analysis failed", db,
            LectureHighlightsPipeline::failed))
        .and(record(extracted.failures(), "Segment extraction failed", db,
            LectureHighlightsPipeline::failed))
        // A lecture whose clips all failed failed at rendering; one with clips finished it.
        .and(record(rendered.get(RenderClips.FINISHED), "Rendering finished or failed", db,
            d -> TrackStage.events((LectureAnalysis a) -> a.getFailure() != null ? StageEvents.failed(a.getFailure())
                : StageEvents.completed(a.getJobId(), Stages.RENDERING,
                    a.getStageMillis().getOrDefault(Stages.RENDERING, 0L)), d)))
        .apply("Lectures at their end", Flatten.pCollections());
    PCollection<Failure> validationFailures =
        record(validated.failures(), "Validation failed", db, TrackStage::failures);
    PCollection<Failure> rejected = (badRows == null ? PCollectionList.of(validationFailures)
        : PCollectionList.of(record(record(badRows, "Record queued bad rows", db, WriteToPostgres::queuedRejections),
            "Manifest rows failed", db, TrackStage::failures)).and(validationFailures))
        .apply("Collect rejected uploads", Flatten.pCollections());
    PCollection<JobStatus> jobs = PCollectionList
        .of(rejected.apply("Outcome of rejected uploads",
            MapElements.into(TypeDescriptor.of(JobStatus.class)).via(JobOutcomes::of)))
        .and(ended.apply("Outcome of analysed lectures",
            MapElements.into(TypeDescriptor.of(JobStatus.class)).via(JobOutcomes::of)))
        .apply("Job outcomes", Flatten.pCollections());
    jobs = record(jobs, "Record job outcomes", db, WriteToPostgres::jobOutcomes);
    // The failure that decided each failed job (a degraded job's branch failure is a note, not a failed job).
    PCollection<Failure> jobFailures = PCollectionList.of(rejected)
        .and(ended.apply("Failures of analysed lectures", FlatMapElements.into(TypeDescriptor.of(Failure.class))
            .via((LectureAnalysis a) -> a.getFailure() == null ? List.<Failure>of() : List.of(a.getFailure()))))
        .apply("Failures that ended jobs", Flatten.pCollections());

    PCollection<ContentSegments> segments = record(contents
        .apply("Topic segments", MapElements.into(TypeDescriptor.of(ContentSegments.class))
            .via(LectureAnalysis::getContent)), "Record topic segments", db, WriteToPostgres::contentSegments);
    PCollection<TopicChunk> chunks = contents
        .apply("Transcript chunks per topic", FlatMapElements.into(TypeDescriptor.of(TopicChunk.class))
            .via((LectureAnalysis a) -> TopicChunks.of(a.getContent(), a.getTranscript(),
                AnalyzeContent.slidesOf(a.getLayout()), a.getLecture().getEvent().getVideoUri(),
                a.getLecture().getEvent().getMetadata())));
    PCollection<Highlights> highlights = record(extractions
        .apply("Chosen highlights", MapElements.into(TypeDescriptor.of(Highlights.class))
            .via(LectureAnalysis::getHighlights)), "Record highlights", db, WriteToPostgres::highlights);
    PCollection<Clip> clips = record(rendered.get(RenderClips.CLIPS), "Record clips", db, WriteToPostgres::clips);

    PCollectionTuple outputs = PCollectionTuple.of(WriteLectureOutputs.JOBS, jobs)
        .and(WriteLectureOutputs.SILENCES, silenceResults)
        .and(WriteLectureOutputs.TRANSCRIPTS, transcriptResults)
        .and(WriteLectureOutputs.LAYOUTS, layoutResults)
        .and(WriteLectureOutputs.SEGMENTS, segments)
        .and(WriteLectureOutputs.TOPIC_CHUNKS, chunks)
        .and(WriteLectureOutputs.HIGHLIGHTS, highlights)
        .and(WriteLectureOutputs.CLIPS, clips)
        .and(WriteLectureOutputs.FAILURES, jobFailures);
    if (batchStart != null) {
      outputs = outputs.and(WriteLectureOutputs.BATCH_START, batchStart);
    }
    if (deadLetters != null) {
      outputs = outputs.and(WriteLectureOutputs.DEAD_LETTERS,
          record(deadLetters, "Record dead letters", db, WriteToPostgres::deadLetters));
    }
    outputs.apply("Write outputs", WriteLectureOutputs.to(o.getOutput())
        .flushingEvery(Duration.standardSeconds(o.getDatasetFlushSeconds())));
    PCollectionTuple reports = PCollectionTuple.of(WriteReports.ANALYSED, ended)
        .and(WriteReports.REJECTED, rejected)
        .and(WriteReports.JOBS, jobs)
        .and(WriteReports.SKIPPED, checked.get(FingerprintAndSkip.UNCHANGED));
    if (batchStart != null) {
      reports = reports.and(WriteReports.BATCH_START, batchStart);
    }
    reports.apply("Write reports", WriteReports.to(o.getOutput())
            .withIndexRefresh(Duration.standardSeconds(o.getDatasetFlushSeconds())));

    if (!o.isStreaming()) {
      OneEnd.apply(p);
    }
  }

  private static final SerializableFunction<ValidatedLecture, String> JOB_OF_LECTURE = v -> v.getEvent().getJobId();

  /**
   * A row per element, written in line (stage tracking, results) where there is a results database; without one
   * the elements go on untouched.
   */
  private static <T> PCollection<T> record(PCollection<T> c, String name, DatabaseConfig db,
      Function<DatabaseConfig, ? extends PTransform<PCollection<T>, PCollection<T>>> tracking) {
    return db == null ? c : c.apply(name, tracking.apply(db));
  }

  private static RecordRows<LectureAnalysis, StageEvent> finished(String stage, DatabaseConfig db) {
    return TrackStage.finished(stage, LectureAnalysis::getJobId,
        (LectureAnalysis a) -> a.getStageMillis().getOrDefault(stage, 0L), db);
  }

  private static RecordRows<LectureAnalysis, StageEvent> failed(DatabaseConfig db) {
    return TrackStage.events((LectureAnalysis a) -> StageEvents.failed(a.getFailure()), db);
  }
}
