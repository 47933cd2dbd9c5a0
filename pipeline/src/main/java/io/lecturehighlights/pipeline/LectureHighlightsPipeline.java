package io.lecturehighlights.pipeline;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.SpreadOverWorkers;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.content.AnalyzeContent;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.RecordQueuedJobs;
import io.lecturehighlights.transforms.extraction.ExtractHighlights;
import io.lecturehighlights.transforms.ingest.DeduplicateUploads;
import io.lecturehighlights.transforms.ingest.FingerprintAndSkip;
import io.lecturehighlights.transforms.ingest.ReadS3EventNotifications;
import io.lecturehighlights.transforms.ingest.ReadUploadEvents;
import io.lecturehighlights.transforms.join.JoinLectureAnalyses;
import io.lecturehighlights.transforms.layout.DetectLayout;
import io.lecturehighlights.transforms.rendering.RenderClips;
import io.lecturehighlights.transforms.silence.DetectSilences;
import io.lecturehighlights.transforms.transcription.TranscribeLectures;
import io.lecturehighlights.transforms.validate.ValidateUploads;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
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
 * because an earlier run completed the same content). Each stage is a {@link TrackedStage} named as in the
 * diagram; its failures leave it on an output of their own ({@code WithFailures.Result}).
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
    boolean streaming = o.getQueueUrl() != null;

    // Batch: a manifest or glob, whose unusable rows are failed jobs. Streaming: S3 notifications from SQS, whose
    // unusable messages are dead letters (they name no lecture, so they cannot be jobs).
    PCollectionTuple read = streaming
        ? p.apply("Read S3 event notifications", ReadS3EventNotifications.from(configs.notifications()))
        : p.apply("Read upload events", ReadUploadEvents.from(o.getInput()));
    PCollectionTuple checked = read.get(streaming ? ReadS3EventNotifications.UPLOADS : ReadUploadEvents.EVENTS)
        .apply("One upload per job and version", DeduplicateUploads.byJobAndVersion())
        // Break fusion so lectures spread over all subtasks instead of following the one manifest reader; their
        // lengths are not known before validation, so a batch is balanced by count.
        .apply("Spread lectures across workers", SpreadOverWorkers.<UploadEvent>byCost(
            e -> e.getJobId() + "@" + e.getObjectVersion(), e -> 1.0).over(workerKeys))
        .apply("Skip unchanged lectures", FingerprintAndSkip.skipping(completedFingerprints));
    // The job row is committed before validation starts: every later row of the job refers to it.
    PCollection<UploadEvent> events =
        InLineRows.record(checked.get(FingerprintAndSkip.TO_PROCESS), "Record queued jobs", db, RecordQueuedJobs::in);

    WithFailures.Result<PCollection<ValidatedLecture>, Failure> validated = events.apply("Validation",
        TrackedStage.of(Stages.VALIDATION, ValidateUploads.with(configs.validation()), UploadEvent::getJobId,
            TrackedStage.completed(v -> v.getEvent().getJobId(), ValidatedLecture::getValidationMillis), db));
    PCollectionTuple analysed = validated.output().apply("Analyses", AnalyseLectures.with(
        DetectSilences.with(configs.silence()),
        DetectLayout.with(configs.layout()).withSlides(configs.slides()).withThumbnailsTo(o.getOutput()),
        TranscribeLectures.with(configs.transcription()).spreadOver(workerKeys), db));
    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> joined = analysed.apply(
        "Join analyses by job", JoinLectureAnalyses.withTimeout(Duration.standardMinutes(o.getJoinTimeoutMinutes())));
    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> topics = joined.output().apply(
        "Content analysis", TrackedStage.ofLectures(Stages.CONTENT, AnalyzeContent.with(configs.content()), db));
    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> highlights = topics.output().apply(
        "Segment extraction",
        TrackedStage.ofLectures(Stages.EXTRACTION, ExtractHighlights.with(configs.extraction()), db));
    PCollectionTuple rendered = highlights.output().apply("Rendering",
        TrackedStage.ofRendering(RenderClips.to(o.getOutput(), configs.render()).spreadOver(workerKeys), db));

    // Every lecture that reached the join ends here exactly once: failed at some stage, or finished with its clips.
    PCollection<LectureAnalysis> ended = PCollectionList
        .of(InLineRows.record(joined.failures(), "Join failed", db, TrackedStage::failedLectures))
        .and(topics.failures()).and(highlights.failures()).and(rendered.get(RenderClips.FINISHED))
        .apply("Lectures at their end", Flatten.pCollections());
    // To the sinks: every input's job record and every stage's results.
    PCollectionTuple results = PCollectionTuple.of(Sinks.REJECTED, validated.failures())
        .and(Sinks.ENDED, ended)
        .and(Sinks.SKIPPED, checked.get(FingerprintAndSkip.UNCHANGED))
        .and(Sinks.SILENCES, analysed.get(JoinLectureAnalyses.SILENCES))
        .and(Sinks.TRANSCRIPTS, analysed.get(JoinLectureAnalyses.TRANSCRIPTS))
        .and(Sinks.LAYOUTS, analysed.get(JoinLectureAnalyses.LAYOUTS))
        .and(Sinks.TOPICS, topics.output())
        .and(Sinks.HIGHLIGHTS, highlights.output())
        .and(Sinks.CLIPS, rendered.get(RenderClips.CLIPS));
    results = streaming ? results.and(Sinks.DEAD_LETTERS, read.get(ReadS3EventNotifications.DEAD_LETTERS))
        : results.and(Sinks.BAD_ROWS, read.get(ReadUploadEvents.BAD_ROWS))
            .and(Sinks.BATCH_START, read.get(ReadUploadEvents.LOCATION));
    results.apply("Sinks", Sinks.to(o.getOutput(), Duration.standardSeconds(o.getDatasetFlushSeconds()), db)
        .withEmbeddings(!"off".equals(o.getEmbeddings()), configs.embedding()));

    if (!o.isStreaming()) {
      OneEnd.apply(p);
    }
  }
}
