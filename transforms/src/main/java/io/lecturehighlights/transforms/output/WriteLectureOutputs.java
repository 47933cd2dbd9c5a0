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
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import java.io.IOException;
import io.lecturehighlights.transforms.common.FixedValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.avro.Schema;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionList;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
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
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes the output folder: per job {@code <out>/<jobId>/job.json}, {@code silences.json}, {@code transcript.json},
 * {@code transcript.srt}, {@code transcript.vtt}, {@code layout.json}, {@code slides.json}, {@code segments.json}
 * and {@code highlights.json}
 * ({@code layout.jpg} and {@code slides/slide-NN.jpg} are drawn by the layout stage itself), the batch's
 * {@code failures.jsonl}, {@code <out>/dead-letters/<id>.json} for unusable queue messages (streaming), and Avro
 * datasets under {@code <out>/datasets/<name>/} (jobs, silences, transcripts, layouts, slides, segments,
 * transcript_chunks, highlights, clips, failures, dead_letters). Batch writes each dataset and failures.jsonl once,
 * at the end; streaming adds a file per flush interval.
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
  /** Batch, optional: one element when the batch starts, which seeds the files written even when empty. */
  public static final TupleTag<String> BATCH_START = new TupleTag<>() {};

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
    Map<String, String> schemas = new LinkedHashMap<>();
    // Each result's job files are written, and its dataset record encoded, in one step: the record then joins the
    // one grouped write of every dataset and failures.jsonl (see DatasetFiles).
    List<PCollection<KV<String, byte[]>>> files = new ArrayList<>();
    // job_outcomes_written: a job's result is durable; lhx stream compares it with the uploads it accepted.
    files.add(jobs.apply("Write job.json", withFiles(JobStatus::getJobId,
        (JobStatus j) -> List.of(JobFile.json("job.json", JobFiles.job(j))), "jobs", JobStatus.getClassSchema(),
        schemas)
        .withFailureLines((JobStatus j) -> JobOutcomes.isFailed(j) ? List.of(JobFiles.failureLine(j)) : List.of())
        .countingRecordsAs("job_outcomes_written")));
    files.add(in.get(SILENCES).apply("Write silences.json", withFiles(SilenceResult::getJobId,
        (SilenceResult r) -> List.of(JobFile.json("silences.json", JobFiles.silences(r))), "silences",
        SilenceResult.getClassSchema(), schemas)));
    if (in.has(LAYOUTS)) {
      // slides.json and the slides dataset come from the layout record, in the same step as layout.json: a lecture
      // has them exactly when it has a layout, and a step of their own would add a vertex to Flink's job graph.
      files.add(in.get(LAYOUTS).apply("Write layout.json, slides.json", withFiles(Layout::getJobId,
          (Layout l) -> List.of(JobFile.json("layout.json", LayoutJson.toJson(l)),
              JobFile.json("slides.json", JobFiles.slides(l))), "layouts", Layout.getClassSchema(), schemas)
          .withRecordsOf("slides", Slide.getClassSchema(), schemas, Layout::getSlides)));
    }
    if (in.has(TRANSCRIPTS)) {
      files.add(in.get(TRANSCRIPTS).apply("Write transcript.json, .srt, .vtt", withFiles(Transcript::getJobId,
          (Transcript t) -> List.of(
              JobFile.json("transcript.json", TranscriptFiles.json(t)),
              JobFile.text("transcript.srt", TranscriptFiles.srt(t), "application/x-subrip"),
              JobFile.text("transcript.vtt", TranscriptFiles.vtt(t), "text/vtt")),
          "transcripts", Transcript.getClassSchema(), schemas)));
    }
    if (in.has(SEGMENTS)) {
      files.add(in.get(SEGMENTS).apply("Write segments.json", withFiles(ContentSegments::getJobId,
          (ContentSegments c) -> List.of(JobFile.json("segments.json", JobFiles.segments(c))), "segments",
          ContentSegments.getClassSchema(), schemas)));
    }
    if (in.has(TOPIC_CHUNKS)) {
      files.add(dataset(in.get(TOPIC_CHUNKS), "transcript_chunks", TopicChunk.getClassSchema(), schemas));
    }
    if (in.has(HIGHLIGHTS)) {
      files.add(in.get(HIGHLIGHTS).apply("Write highlights.json", withFiles(Highlights::getJobId,
          (Highlights h) -> List.of(JobFile.json("highlights.json", JobFiles.highlights(h))), "highlights",
          Highlights.getClassSchema(), schemas)));
    }
    if (in.has(CLIPS)) {
      // The clip files themselves are written by the renderer, straight into the job's clips/ folder.
      files.add(dataset(in.get(CLIPS), "clips", Clip.getClassSchema(), schemas));
    }
    files.add(dataset(in.get(FAILURES), "failures", Failure.getClassSchema(), schemas));
    if (in.has(DEAD_LETTERS)) {
      // <out>/dead-letters/<id>.json: one file per unusable queue message, written as it arrives. Message ids are
      // SQS's (UUIDs); anything else is made safe for a file name.
      files.add(in.get(DEAD_LETTERS).apply("Write dead-letters/<id>.json", withFiles((DeadLetter d) -> "dead-letters",
          (DeadLetter d) -> List.of(JobFile.json(d.getId().replaceAll("[^A-Za-z0-9._-]", "_") + ".json",
              JobFiles.deadLetter(d))), "dead_letters", DeadLetter.getClassSchema(), schemas)));
    }
    boolean streaming = streaming(jobs);
    if (!streaming) {
      // A batch writes every file even when nothing goes into it, as one-file sinks do: an empty failures.jsonl
      // says no job failed.
      List<KV<String, byte[]>> seeds = new ArrayList<>();
      seeds.add(KV.of(DatasetFiles.FAILURES_JSONL, DatasetFiles.SEED));
      schemas.keySet().forEach(d -> seeds.add(KV.of(d, DatasetFiles.SEED)));
      files.add(in.has(BATCH_START)
          ? in.get(BATCH_START).apply("Every file, even if empty", FlatMapElements.into(
              TypeDescriptors.kvs(TypeDescriptors.strings(), new TypeDescriptor<byte[]>() {})).via(start -> seeds))
              .setCoder(FILE_RECORD_CODER)
          : in.getPipeline().apply("Every file, even if empty", FixedValues.of(FILE_RECORD_CODER, seeds)));
    }
    PCollection<KV<String, byte[]>> records = PCollectionList.of(files)
        .apply("Records of every file", Flatten.pCollections()).setCoder(FILE_RECORD_CODER);
    if (streaming) {
      records = paned(records, "datasets and failures.jsonl");
    }
    records.apply("Group by file", GroupByKey.create())
        .apply("Write datasets and failures.jsonl",
            ParDo.of(new DatasetFiles.WriteFileFn(outputDir, schemas, streaming)));
    return PDone.in(in.getPipeline());
  }

  static final KvCoder<String, byte[]> FILE_RECORD_CODER = KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of());

  /** Job files of each record, then its dataset record; remembers the dataset's schema. */
  private <T extends SpecificRecord> JobFilesAndRecord<T> withFiles(SerializableFunction<T, String> jobId,
      SerializableFunction<T, List<JobFile>> jobFiles, String dataset, Schema schema, Map<String, String> schemas) {
    schemas.put(dataset, schema.toString());
    return new JobFilesAndRecord<>(new WriteJobFilesFn<>(outputDir, jobId, jobFiles, dataset));
  }

  /** A dataset's records (those without job files), encoded for the grouped write; remembers the schema. */
  private static <T extends SpecificRecord> PCollection<KV<String, byte[]>> dataset(PCollection<T> records,
      String name, Schema schema, Map<String, String> schemas) {
    schemas.put(name, schema.toString());
    return records.apply("Encode " + name.replace('_', ' ') + " for the dataset",
        ParDo.of(new DatasetFiles.EncodeFn<T>(name))).setCoder(FILE_RECORD_CODER);
  }

  /** {@link WriteJobFilesFn} as a transform, with its output coder. */
  static final class JobFilesAndRecord<T extends SpecificRecord>
      extends PTransform<PCollection<T>, PCollection<KV<String, byte[]>>> {
    private final WriteJobFilesFn<T> fn;

    JobFilesAndRecord(WriteJobFilesFn<T> fn) {
      this.fn = fn;
    }

    JobFilesAndRecord<T> withFailureLines(SerializableFunction<T, List<String>> lines) {
      fn.failureLines = lines;
      return this;
    }

    /**
     * Also passes on records derived from each one (a layout's slides) to a dataset of their own, from the same
     * step; remembers that dataset's schema.
     */
    <R extends SpecificRecord> JobFilesAndRecord<T> withRecordsOf(String dataset, Schema schema,
        Map<String, String> schemas, SerializableFunction<T, List<R>> records) {
      schemas.put(dataset, schema.toString());
      fn.derivedDataset = dataset;
      fn.derivedRecords = records::apply;
      return this;
    }

    JobFilesAndRecord<T> countingRecordsAs(String counter) {
      fn.countingRecordsAs(counter);
      return this;
    }

    @Override
    public PCollection<KV<String, byte[]>> expand(PCollection<T> in) {
      return in.apply(ParDo.of(fn)).setCoder(FILE_RECORD_CODER);
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
   * Writes the files a record contributes to its job's folder, then passes the record on to its dataset (with the
   * records derived from it, such as a layout's slides, to theirs, and a failed job's line on to failures.jsonl). A
   * write error fails the bundle and Flink retries it: a sink error is transient until proven otherwise, and
   * rewriting a file is harmless.
   */
  static class WriteJobFilesFn<T extends SpecificRecord> extends DoFn<T, KV<String, byte[]>> {
    private final String outputDir;
    private final SerializableFunction<T, String> jobId;
    private final SerializableFunction<T, List<JobFile>> files;
    private final String dataset;
    private SerializableFunction<T, List<String>> failureLines;
    private String derivedDataset;
    private SerializableFunction<T, List<? extends SpecificRecord>> derivedRecords;
    private final Counter written = Metrics.counter(Stages.METRICS_NAMESPACE, "job_files_written");
    private Counter records;
    private transient DatasetFiles.Encoder<T> encoder;
    private transient DatasetFiles.Encoder<SpecificRecord> derivedEncoder;

    WriteJobFilesFn(String outputDir, SerializableFunction<T, String> jobId,
        SerializableFunction<T, List<JobFile>> files, String dataset) {
      this.outputDir = outputDir;
      this.jobId = jobId;
      this.files = files;
      this.dataset = dataset;
    }

    WriteJobFilesFn<T> countingRecordsAs(String counter) {
      records = Metrics.counter(Stages.METRICS_NAMESPACE, counter);
      return this;
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<KV<String, byte[]>> out) throws IOException {
      for (JobFile f : files.apply(record)) {
        OutputFiles.write(outputDir, jobId.apply(record), f.name(), f.content(), f.mimeType());
        written.inc();
      }
      if (records != null) {
        records.inc();
      }
      if (encoder == null) {
        encoder = new DatasetFiles.Encoder<>();
      }
      out.output(KV.of(dataset, encoder.encode(record)));
      if (derivedRecords != null) {
        if (derivedEncoder == null) {
          derivedEncoder = new DatasetFiles.Encoder<>();
        }
        for (SpecificRecord r : derivedRecords.apply(record)) {
          out.output(KV.of(derivedDataset, derivedEncoder.encode(r)));
        }
      }
      if (failureLines != null) {
        for (String line : failureLines.apply(record)) {
          out.output(KV.of(DatasetFiles.FAILURES_JSONL, line.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
  }
}
