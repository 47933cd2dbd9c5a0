package io.lecturehighlights.transforms.output;

import io.lecturehighlights.transforms.common.OutputFiles;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.transforms.transcription.TranscriptFiles;
import java.nio.charset.StandardCharsets;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.transforms.layout.LayoutJson;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes the output folder: per job {@code <out>/<jobId>/job.json}, {@code silences.json}, {@code transcript.json},
 * {@code transcript.srt}, {@code transcript.vtt}, {@code layout.json}, {@code segments.json} and
 * {@code highlights.json}
 * ({@code layout.jpg} is drawn by the layout stage itself), the batch's
 * {@code failures.jsonl}, {@code <out>/dead-letters/<id>.json} for unusable queue messages (streaming), and Avro
 * datasets under {@code <out>/datasets/<name>/} (jobs, silences, transcripts, layouts, segments, transcript_chunks,
 * highlights, clips, failures, dead_letters). Batch writes each dataset and failures.jsonl once, at the end;
 * streaming adds a file per flush interval.
 */
public class WriteLectureOutputs extends PTransform<PCollectionTuple, PDone> {
  public static final TupleTag<JobStatus> JOBS = new TupleTag<>() {};
  public static final TupleTag<SilenceResult> SILENCES = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};
  public static final TupleTag<Layout> LAYOUTS = new TupleTag<>() {};
  public static final TupleTag<Transcript> TRANSCRIPTS = new TupleTag<>() {};
  public static final TupleTag<ContentSegments> SEGMENTS = new TupleTag<>() {};
  public static final TupleTag<TopicChunk> TOPIC_CHUNKS = new TupleTag<>() {};
  public static final TupleTag<Highlights> HIGHLIGHTS = new TupleTag<>() {};
  public static final TupleTag<Clip> CLIPS = new TupleTag<>() {};

  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final String outputDir;
  private final Duration flush;

  private WriteLectureOutputs(String outputDir, Duration flush) {
    super("Write outputs");
    this.outputDir = outputDir;
    this.flush = flush;
  }

  public static WriteLectureOutputs to(String outputDir) {
    return new WriteLectureOutputs(outputDir, Duration.standardMinutes(1));
  }

  /** Streaming: how often datasets and failures.jsonl get a new file with what arrived since the last one. */
  public WriteLectureOutputs flushingEvery(Duration interval) {
    return new WriteLectureOutputs(outputDir, interval);
  }

  @Override
  public PDone expand(PCollectionTuple in) {
    PCollection<JobStatus> jobs = in.get(JOBS);
    PCollection<SilenceResult> silences = in.get(SILENCES);

    silences.apply("Write silences.json", ParDo.of(new WriteJobFilesFn<SilenceResult>(outputDir,
        SilenceResult::getJobId, r -> List.of(JobFile.json("silences.json", JobFiles.silences(r))))));
    // job_outcomes_written: a job's result is durable; lhx stream compares it with the uploads it accepted.
    jobs.apply("Write job.json", ParDo.of(new WriteJobFilesFn<JobStatus>(outputDir,
        JobStatus::getJobId, j -> List.of(JobFile.json("job.json", JobFiles.job(j)))).countingRecordsAs(
            "job_outcomes_written")));

    PCollection<String> failureLines = jobs.apply("Keep failed jobs", Filter.by(JobOutcomes::isFailed))
        .apply("Format failure lines", MapElements.into(TypeDescriptors.strings()).via(JobFiles::failureLine));
    TextIO.Write failuresFile = TextIO.write().to(resolve("failures")).withSuffix(".jsonl");
    if (streaming(failureLines)) {
      // One file per flush: failures-GlobalWindow-pane-<n>-00000-of-00001.jsonl.
      paned(failureLines, "failures.jsonl").apply("Write failures.jsonl",
          failuresFile.withWindowedWrites().withNumShards(1));
    } else {
      failureLines.apply("Write failures.jsonl", failuresFile.withoutSharding());
    }

    writeDataset(jobs, "Write jobs dataset", JobStatus.class, "jobs");
    writeDataset(silences, "Write silences dataset", SilenceResult.class, "silences");
    if (in.has(LAYOUTS)) {
      PCollection<Layout> layouts = in.get(LAYOUTS);
      layouts.apply("Write layout.json", ParDo.of(new WriteJobFilesFn<Layout>(outputDir,
          Layout::getJobId, l -> List.of(JobFile.json("layout.json", LayoutJson.toJson(l))))));
      writeDataset(layouts, "Write layouts dataset", Layout.class, "layouts");
    }
    if (in.has(TRANSCRIPTS)) {
      PCollection<Transcript> transcripts = in.get(TRANSCRIPTS);
      transcripts.apply("Write transcript.json, .srt, .vtt", ParDo.of(new WriteJobFilesFn<Transcript>(outputDir,
          Transcript::getJobId, t -> List.of(
              JobFile.json("transcript.json", TranscriptFiles.json(t)),
              JobFile.text("transcript.srt", TranscriptFiles.srt(t), "application/x-subrip"),
              JobFile.text("transcript.vtt", TranscriptFiles.vtt(t), "text/vtt")))));
      writeDataset(transcripts, "Write transcripts dataset", Transcript.class, "transcripts");
    }
    if (in.has(SEGMENTS)) {
      PCollection<ContentSegments> segments = in.get(SEGMENTS);
      segments.apply("Write segments.json", ParDo.of(new WriteJobFilesFn<ContentSegments>(outputDir,
          ContentSegments::getJobId, c -> List.of(JobFile.json("segments.json", JobFiles.segments(c))))));
      writeDataset(segments, "Write segments dataset", ContentSegments.class, "segments");
    }
    if (in.has(TOPIC_CHUNKS)) {
      writeDataset(in.get(TOPIC_CHUNKS), "Write transcript chunks dataset", TopicChunk.class, "transcript_chunks");
    }
    if (in.has(HIGHLIGHTS)) {
      PCollection<Highlights> highlights = in.get(HIGHLIGHTS);
      highlights.apply("Write highlights.json", ParDo.of(new WriteJobFilesFn<Highlights>(outputDir,
          Highlights::getJobId, h -> List.of(JobFile.json("highlights.json", JobFiles.highlights(h))))));
      writeDataset(highlights, "Write highlights dataset", Highlights.class, "highlights");
    }
    if (in.has(CLIPS)) {
      // The clip files themselves are written by the renderer, straight into the job's clips/ folder.
      writeDataset(in.get(CLIPS), "Write clips dataset", Clip.class, "clips");
    }
    writeDataset(in.get(FAILURES), "Write failures dataset", Failure.class, "failures");
    if (in.has(DEAD_LETTERS)) {
      PCollection<DeadLetter> dead = in.get(DEAD_LETTERS);
      dead.apply("Write dead-letters/<id>.json", ParDo.of(new WriteDeadLetterFn(outputDir)));
      writeDataset(dead, "Write dead letters dataset", DeadLetter.class, "dead_letters");
    }
    return PDone.in(in.getPipeline());
  }

  /**
   * A dataset of Avro files. Batch: one file at the end. Streaming: the records that arrived in each flush
   * interval go to a new file, so datasets grow while the job runs and nothing waits for a window to close.
   */
  private <T> void writeDataset(PCollection<T> records, String name, Class<T> type, String dataset) {
    AvroIO.Write<T> write = AvroIO.write(type).to(dataset(dataset)).withSuffix(".avro").withNumShards(1);
    if (streaming(records)) {
      paned(records, dataset).apply(name, write.withWindowedWrites());
    } else {
      records.apply(name, write);
    }
  }

  private static boolean streaming(PCollection<?> c) {
    return c.isBounded() == PCollection.IsBounded.UNBOUNDED;
  }

  private <T> PCollection<T> paned(PCollection<T> records, String what) {
    return records.apply("Flush " + what + " every " + flush.getStandardSeconds() + " s",
        Window.<T>into(new GlobalWindows())
            .triggering(Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(flush)))
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes());
  }

  private String resolve(String name) {
    return FileSystems.matchNewResource(outputDir, true)
        .resolve(name, StandardResolveOptions.RESOLVE_FILE).toString();
  }

  private String dataset(String name) {
    return FileSystems.matchNewResource(outputDir, true)
        .resolve("datasets", StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve("part", StandardResolveOptions.RESOLVE_FILE).toString();
  }

  /** {@code <out>/dead-letters/<id>.json}: one file per unusable queue message, written as it arrives. */
  static class WriteDeadLetterFn extends DoFn<DeadLetter, Void> {
    private final String outputDir;

    WriteDeadLetterFn(String outputDir) {
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(@Element DeadLetter d) throws IOException {
      // Message ids are SQS's (UUIDs); anything else is made safe for a file name.
      String name = d.getId().replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
      OutputFiles.write(outputDir, "dead-letters", name, JobFiles.bytes(JobFiles.deadLetter(d)),
          org.apache.beam.sdk.util.MimeTypes.TEXT);
    }
  }

  /** One file of a job's output folder. */
  record JobFile(String name, byte[] content, String mimeType) implements java.io.Serializable {
    static JobFile json(String name, com.fasterxml.jackson.databind.node.ObjectNode n) {
      return new JobFile(name, JobFiles.bytes(n), org.apache.beam.sdk.util.MimeTypes.TEXT);
    }

    static JobFile text(String name, String text, String mimeType) {
      return new JobFile(name, text.getBytes(StandardCharsets.UTF_8), mimeType);
    }
  }

  /**
   * Writes the files a record contributes to its job's folder. A write error fails the bundle and Flink retries
   * it: a sink error is transient until proven otherwise, and rewriting a file is harmless.
   */
  static class WriteJobFilesFn<T> extends DoFn<T, Void> {
    private final String outputDir;
    private final SerializableFunction<T, String> jobId;
    private final SerializableFunction<T, List<JobFile>> files;
    private final Counter written = Metrics.counter(Stages.METRICS_NAMESPACE, "job_files_written");
    private Counter records;

    WriteJobFilesFn(String outputDir, SerializableFunction<T, String> jobId,
        SerializableFunction<T, List<JobFile>> files) {
      this.outputDir = outputDir;
      this.jobId = jobId;
      this.files = files;
    }

    WriteJobFilesFn<T> countingRecordsAs(String counter) {
      records = Metrics.counter(Stages.METRICS_NAMESPACE, counter);
      return this;
    }

    @ProcessElement
    public void process(@Element T record) throws IOException {
      for (JobFile f : files.apply(record)) {
        OutputFiles.write(outputDir, jobId.apply(record), f.name(), f.content(), f.mimeType());
        written.inc();
      }
      if (records != null) {
        records.inc();
      }
    }
  }
}
