package io.lecturehighlights.transforms.output;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.transforms.transcription.TranscriptFiles;
import java.nio.charset.StandardCharsets;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.transforms.layout.LayoutJson;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import java.io.IOException;
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
 * {@code transcript.srt}, {@code transcript.vtt} and {@code layout.json}
 * ({@code layout.jpg} is drawn by the layout stage itself), the batch's
 * {@code failures.jsonl}, and Avro datasets under {@code <out>/datasets/<name>/}.
 */
public class WriteLectureOutputs extends PTransform<PCollectionTuple, PDone> {
  public static final TupleTag<JobStatus> JOBS = new TupleTag<>() {};
  public static final TupleTag<SilenceResult> SILENCES = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};
  public static final TupleTag<Layout> LAYOUTS = new TupleTag<>() {};
  public static final TupleTag<Transcript> TRANSCRIPTS = new TupleTag<>() {};

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

    silences.apply("Write silences.json", ParDo.of(new WriteSilencesFn(outputDir)));
    jobs.apply("Write job.json", ParDo.of(new WriteJobFn(outputDir)));

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
      layouts.apply("Write layout.json", ParDo.of(new WriteLayoutFn(outputDir)));
      layouts.apply("Write layouts dataset", AvroIO.write(Layout.class)
          .to(dataset("layouts")).withSuffix(".avro").withNumShards(1));
    }
    if (in.has(TRANSCRIPTS)) {
      PCollection<Transcript> transcripts = in.get(TRANSCRIPTS);
      transcripts.apply("Write transcript.json, .srt, .vtt", ParDo.of(new WriteTranscriptFn(outputDir)));
      transcripts.apply("Write transcripts dataset", AvroIO.write(Transcript.class)
          .to(dataset("transcripts")).withSuffix(".avro").withNumShards(1));
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

  static class WriteJobFn extends DoFn<JobStatus, Void> {
    private final String outputDir;
    private final Counter written = Metrics.counter(Stages.METRICS_NAMESPACE, "job_files_written");

    WriteJobFn(String outputDir) {
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(@Element JobStatus s) throws IOException {
      // Throwing here fails the bundle and Flink retries it: a sink error is transient until proven otherwise.
      OutputFiles.writeJson(outputDir, s.getJobId(), "job.json", JobFiles.bytes(JobFiles.job(s)));
      written.inc();
    }
  }

  static class WriteTranscriptFn extends DoFn<Transcript, Void> {
    private final String outputDir;

    WriteTranscriptFn(String outputDir) {
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(@Element Transcript t) throws IOException {
      OutputFiles.writeJson(outputDir, t.getJobId(), "transcript.json", JobFiles.bytes(TranscriptFiles.json(t)));
      OutputFiles.write(outputDir, t.getJobId(), "transcript.srt",
          TranscriptFiles.srt(t).getBytes(StandardCharsets.UTF_8), "application/x-subrip");
      OutputFiles.write(outputDir, t.getJobId(), "transcript.vtt",
          TranscriptFiles.vtt(t).getBytes(StandardCharsets.UTF_8), "text/vtt");
    }
  }

  static class WriteLayoutFn extends DoFn<Layout, Void> {
    private final String outputDir;

    WriteLayoutFn(String outputDir) {
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(@Element Layout l) throws IOException {
      OutputFiles.writeJson(outputDir, l.getJobId(), "layout.json", JobFiles.bytes(LayoutJson.toJson(l)));
    }
  }

  static class WriteSilencesFn extends DoFn<SilenceResult, Void> {
    private final String outputDir;

    WriteSilencesFn(String outputDir) {
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(@Element SilenceResult r) throws IOException {
      OutputFiles.writeJson(outputDir, r.getJobId(), "silences.json", JobFiles.bytes(JobFiles.silences(r)));
    }
  }
}
