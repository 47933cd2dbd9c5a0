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
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.content.AnalyzeContent;
import io.lecturehighlights.transforms.content.TopicChunks;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.embeddings.EmbedTranscriptChunks;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.db.TrackStage;
import io.lecturehighlights.transforms.db.WriteToPostgres;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import io.lecturehighlights.transforms.output.WriteLectureOutputs;
import io.lecturehighlights.transforms.report.WriteReports;
import java.util.List;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The sinks: one job record per input, completed or failed ({@code job.json}, the {@code jobs} table), the
 * output folder with its per-job files, the Avro datasets and {@code failures.jsonl}, the HTML reports, and the
 * results' rows in PostgreSQL. Topic chunks are embedded here (unless turned off) on their way to the dataset and
 * the {@code transcript_chunks} table. In: a tuple with the tags below; {@link #BAD_ROWS} and {@link #BATCH_START} only
 * in a batch, {@link #DEAD_LETTERS} only in streaming.
 */
final class Sinks extends PTransform<PCollectionTuple, PDone> {
  /** Uploads validation rejected. */
  static final TupleTag<Failure> REJECTED = new TupleTag<>() {};
  /** Batch only: manifest rows that name no usable lecture, each a job that failed at once. */
  static final TupleTag<Failure> BAD_ROWS = new TupleTag<>() {};
  /** Every lecture that reached the join, once: failed at some stage, or finished with its clips. */
  static final TupleTag<LectureAnalysis> ENDED = new TupleTag<>() {};
  /** Uploads skipped because an earlier run completed the same content. */
  static final TupleTag<UploadEvent> SKIPPED = new TupleTag<>() {};
  static final TupleTag<SilenceResult> SILENCES = new TupleTag<>() {};
  static final TupleTag<Transcript> TRANSCRIPTS = new TupleTag<>() {};
  static final TupleTag<Layout> LAYOUTS = new TupleTag<>() {};
  /** Lectures with their topics, as content analysis passes them on. */
  static final TupleTag<LectureAnalysis> TOPICS = new TupleTag<>() {};
  /** Lectures with their highlights, as segment extraction passes them on. */
  static final TupleTag<LectureAnalysis> HIGHLIGHTS = new TupleTag<>() {};
  static final TupleTag<Clip> CLIPS = new TupleTag<>() {};
  /** The input location, from which a batch seeds what it writes even when empty. */
  static final TupleTag<String> BATCH_START = new TupleTag<>() {};
  static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final String output;
  private final Duration flushEvery;
  private final @Nullable DatabaseConfig db;
  private final boolean embeddings;
  private final EmbeddingConfig embedding;

  private Sinks(String output, Duration flushEvery, @Nullable DatabaseConfig db, boolean embeddings,
      EmbeddingConfig embedding) {
    this.output = output;
    this.flushEvery = flushEvery;
    this.db = db;
    this.embeddings = embeddings;
    this.embedding = embedding;
  }

  /**
   * @param flushEvery how often streaming datasets get a file and the index is rewritten
   * @param db null: no database
   */
  static Sinks to(String output, Duration flushEvery, @Nullable DatabaseConfig db) {
    return new Sinks(output, flushEvery, db, true, EmbeddingConfig.defaults());
  }

  /**
   * Whether topic chunks are embedded in the job ({@link EmbedTranscriptChunks}; on by default, with MiniLM), and
   * with which model.
   */
  Sinks withEmbeddings(boolean on, EmbeddingConfig model) {
    return new Sinks(output, flushEvery, db, on, model);
  }

  @Override
  public PDone expand(PCollectionTuple in) {
    // Every upload that never reached the analyses: an unusable manifest row (a job queued and failed at once) or
    // one validation rejected.
    PCollectionList<Failure> rejectedUploads = PCollectionList.empty(in.getPipeline());
    if (in.has(BAD_ROWS)) {
      rejectedUploads = rejectedUploads.and(InLineRows.record(InLineRows.record(in.get(BAD_ROWS),
          "Record queued bad rows", db, WriteToPostgres::queuedRejections), "Manifest rows failed", db,
          TrackStage::failures));
    }
    PCollection<Failure> rejected = rejectedUploads.and(in.get(REJECTED))
        .apply("Collect rejected uploads", Flatten.pCollections());
    PCollection<LectureAnalysis> ended = in.get(ENDED);
    PCollection<JobStatus> jobs = InLineRows.record(PCollectionList
        .of(rejected.apply("Outcome of rejected uploads",
            MapElements.into(TypeDescriptor.of(JobStatus.class)).via(JobOutcomes::of)))
        .and(ended.apply("Outcome of analysed lectures",
            MapElements.into(TypeDescriptor.of(JobStatus.class)).via(JobOutcomes::of)))
        .apply("Job outcomes", Flatten.pCollections()), "Record job outcomes", db, WriteToPostgres::jobOutcomes);
    // The failure that decided each failed job (a degraded job's branch failure is a note, not a failed job).
    PCollection<Failure> jobFailures = PCollectionList.of(rejected)
        .and(ended.apply("Failures of analysed lectures", FlatMapElements.into(TypeDescriptor.of(Failure.class))
            .via((LectureAnalysis a) -> a.getFailure() == null ? List.<Failure>of() : List.of(a.getFailure()))))
        .apply("Failures that ended jobs", Flatten.pCollections());

    PCollection<LectureAnalysis> topics = in.get(TOPICS);
    PCollection<ContentSegments> segments = InLineRows.record(topics.apply("Topic segments",
            MapElements.into(TypeDescriptor.of(ContentSegments.class)).via(LectureAnalysis::getContent)),
        "Record topic segments", db, WriteToPostgres::contentSegments);
    PCollection<TopicChunk> chunks = topics
        .apply("Transcript chunks per topic", FlatMapElements.into(TypeDescriptor.of(TopicChunk.class))
            .via((LectureAnalysis a) -> TopicChunks.of(a.getContent(), a.getTranscript(),
                AnalyzeContent.slidesOf(a.getLayout()), a.getLecture().getEvent().getVideoUri(),
                a.getLecture().getEvent().getMetadata())));
    // In line, no shuffle: both chain into the vertex that makes the chunks (the job graph gains no vertex).
    if (embeddings) {
      chunks = chunks.apply("Embed transcript chunks", EmbedTranscriptChunks.with(embedding));
    }
    chunks = InLineRows.record(chunks, "Record transcript chunks", db, WriteToPostgres::transcriptChunks);
    PCollection<Highlights> highlights = InLineRows.record(in.get(HIGHLIGHTS).apply("Chosen highlights",
            MapElements.into(TypeDescriptor.of(Highlights.class)).via(LectureAnalysis::getHighlights)),
        "Record highlights", db, WriteToPostgres::highlights);

    PCollectionTuple files = PCollectionTuple.of(WriteLectureOutputs.JOBS, jobs)
        .and(WriteLectureOutputs.SILENCES, in.get(SILENCES))
        .and(WriteLectureOutputs.TRANSCRIPTS, in.get(TRANSCRIPTS))
        .and(WriteLectureOutputs.LAYOUTS, in.get(LAYOUTS))
        .and(WriteLectureOutputs.SEGMENTS, segments)
        .and(WriteLectureOutputs.TOPIC_CHUNKS, chunks)
        .and(WriteLectureOutputs.HIGHLIGHTS, highlights)
        .and(WriteLectureOutputs.CLIPS, in.get(CLIPS))
        .and(WriteLectureOutputs.FAILURES, jobFailures);
    PCollectionTuple reports = PCollectionTuple.of(WriteReports.ANALYSED, ended)
        .and(WriteReports.REJECTED, rejected)
        .and(WriteReports.JOBS, jobs)
        .and(WriteReports.SKIPPED, in.get(SKIPPED));
    if (in.has(BATCH_START)) {
      files = files.and(WriteLectureOutputs.BATCH_START, in.get(BATCH_START));
      reports = reports.and(WriteReports.BATCH_START, in.get(BATCH_START));
    }
    if (in.has(DEAD_LETTERS)) {
      files = files.and(WriteLectureOutputs.DEAD_LETTERS,
          InLineRows.record(in.get(DEAD_LETTERS), "Record dead letters", db, WriteToPostgres::deadLetters));
    }
    files.apply("Write outputs", WriteLectureOutputs.to(output).flushingEvery(flushEvery));
    reports.apply("Write reports", WriteReports.to(output).withIndexRefresh(flushEvery));
    return PDone.in(in.getPipeline());
  }
}
