package io.lecturehighlights.transforms.output;

import io.lecturehighlights.schemas.Clip;
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
 * {@code failures.jsonl}, and Avro datasets under {@code <out>/datasets/<name>/} (jobs, silences, transcripts,
 * layouts, segments, transcript_chunks, highlights, clips, failures).
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

  private final String outputDir;

  private WriteLectureOutputs(String outputDir) {
    super("Write outputs");
    this.outputDir = outputDir;
  }

  public static WriteLectureOutputs to(String outputDir) {
    return new WriteLectureOutputs(outputDir);
  }

  @Override
  public PDone expand(PCollectionTuple in) {
    PCollection<JobStatus> jobs = in.get(JOBS);
    PCollection<SilenceResult> silences = in.get(SILENCES);

    silences.apply("Write silences.json", ParDo.of(new WriteJobFilesFn<SilenceResult>(outputDir,
        SilenceResult::getJobId, r -> List.of(JobFile.json("silences.json", JobFiles.silences(r))))));
    jobs.apply("Write job.json", ParDo.of(new WriteJobFilesFn<JobStatus>(outputDir,
        JobStatus::getJobId, j -> List.of(JobFile.json("job.json", JobFiles.job(j))))));

    jobs.apply("Keep failed jobs", Filter.by(JobOutcomes::isFailed))
        .apply("Format failure lines", MapElements.into(TypeDescriptors.strings()).via(JobFiles::failureLine))
        .apply("Write failures.jsonl", TextIO.write()
            .to(resolve("failures")).withSuffix(".jsonl").withoutSharding());

    jobs.apply("Write jobs dataset", AvroIO.write(JobStatus.class)
        .to(dataset("jobs")).withSuffix(".avro").withNumShards(1));
    silences.apply("Write silences dataset", AvroIO.write(SilenceResult.class)
        .to(dataset("silences")).withSuffix(".avro").withNumShards(1));
    if (in.has(LAYOUTS)) {
      PCollection<Layout> layouts = in.get(LAYOUTS);
      layouts.apply("Write layout.json", ParDo.of(new WriteJobFilesFn<Layout>(outputDir,
          Layout::getJobId, l -> List.of(JobFile.json("layout.json", LayoutJson.toJson(l))))));
      layouts.apply("Write layouts dataset", AvroIO.write(Layout.class)
          .to(dataset("layouts")).withSuffix(".avro").withNumShards(1));
    }
    if (in.has(TRANSCRIPTS)) {
      PCollection<Transcript> transcripts = in.get(TRANSCRIPTS);
      transcripts.apply("Write transcript.json, .srt, .vtt", ParDo.of(new WriteJobFilesFn<Transcript>(outputDir,
          Transcript::getJobId, t -> List.of(
              JobFile.json("transcript.json", TranscriptFiles.json(t)),
              JobFile.text("transcript.srt", TranscriptFiles.srt(t), "application/x-subrip"),
              JobFile.text("transcript.vtt", TranscriptFiles.vtt(t), "text/vtt")))));
      transcripts.apply("Write transcripts dataset", AvroIO.write(Transcript.class)
          .to(dataset("transcripts")).withSuffix(".avro").withNumShards(1));
    }
    if (in.has(SEGMENTS)) {
      PCollection<ContentSegments> segments = in.get(SEGMENTS);
      segments.apply("Write segments.json", ParDo.of(new WriteJobFilesFn<ContentSegments>(outputDir,
          ContentSegments::getJobId, c -> List.of(JobFile.json("segments.json", JobFiles.segments(c))))));
      segments.apply("Write segments dataset", AvroIO.write(ContentSegments.class)
          .to(dataset("segments")).withSuffix(".avro").withNumShards(1));
    }
    if (in.has(TOPIC_CHUNKS)) {
      in.get(TOPIC_CHUNKS).apply("Write transcript chunks dataset", AvroIO.write(TopicChunk.class)
          .to(dataset("transcript_chunks")).withSuffix(".avro").withNumShards(1));
    }
    if (in.has(HIGHLIGHTS)) {
      PCollection<Highlights> highlights = in.get(HIGHLIGHTS);
      highlights.apply("Write highlights.json", ParDo.of(new WriteJobFilesFn<Highlights>(outputDir,
          Highlights::getJobId, h -> List.of(JobFile.json("highlights.json", JobFiles.highlights(h))))));
      highlights.apply("Write highlights dataset", AvroIO.write(Highlights.class)
          .to(dataset("highlights")).withSuffix(".avro").withNumShards(1));
    }
    if (in.has(CLIPS)) {
      // The clip files themselves are written by the renderer, straight into the job's clips/ folder.
      in.get(CLIPS).apply("Write clips dataset", AvroIO.write(Clip.class)
          .to(dataset("clips")).withSuffix(".avro").withNumShards(1));
    }
    in.get(FAILURES).apply("Write failures dataset", AvroIO.write(Failure.class)
        .to(dataset("failures")).withSuffix(".avro").withNumShards(1));
    return PDone.in(in.getPipeline());
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

    WriteJobFilesFn(String outputDir, SerializableFunction<T, String> jobId,
        SerializableFunction<T, List<JobFile>> files) {
      this.outputDir = outputDir;
      this.jobId = jobId;
      this.files = files;
    }

    @ProcessElement
    public void process(@Element T record) throws IOException {
      for (JobFile f : files.apply(record)) {
        OutputFiles.write(outputDir, jobId.apply(record), f.name(), f.content(), f.mimeType());
        written.inc();
      }
    }
  }
}
