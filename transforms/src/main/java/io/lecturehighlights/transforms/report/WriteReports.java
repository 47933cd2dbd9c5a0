package io.lecturehighlights.transforms.report;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.FixedValues;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.common.OutputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Writes the HTML reports: {@code <out>/<jobId>/report.html} for every job ({@link LectureReport}) and the batch's
 * {@code <out>/index.html} ({@link BatchIndex}). Inputs, by tag:
 *
 * <ul>
 *   <li>{@link #ANALYSED}: every lecture that reached the join, at its end (completed or failed);
 *   <li>{@link #REJECTED}: uploads rejected before the join (bad manifest rows, failed validation);
 *   <li>{@link #JOBS}: the outcome of every job, for the index;
 *   <li>{@link #SKIPPED} (optional): uploads set aside as unchanged since an earlier run.
 * </ul>
 *
 * In a bounded run the index is written once, after the last job; in an unbounded (streaming) run it is rewritten
 * every {@link #withIndexRefresh refresh interval} while jobs arrive, each time with every job so far. A write error
 * fails the bundle and the runner retries it (rewriting a page is harmless), as for the other output files.
 */
public class WriteReports extends PTransform<PCollectionTuple, PDone> {
  public static final TupleTag<LectureAnalysis> ANALYSED = new TupleTag<>() {};
  public static final TupleTag<Failure> REJECTED = new TupleTag<>() {};
  public static final TupleTag<JobStatus> JOBS = new TupleTag<>() {};
  public static final TupleTag<UploadEvent> SKIPPED = new TupleTag<>() {};
  /** Batch, optional: one element when the batch starts, which seeds index.html for an empty batch. */
  public static final TupleTag<String> BATCH_START = new TupleTag<>() {};

  static final String THIS_RUN = "run";
  static final String SKIP = "skipped";
  static final String SEED = "seed";

  private final String outputDir;
  private final Duration indexRefresh;

  private WriteReports(String outputDir, Duration indexRefresh) {
    super("Write reports");
    this.outputDir = outputDir;
    this.indexRefresh = indexRefresh;
  }

  public static WriteReports to(String outputDir) {
    return new WriteReports(outputDir, Duration.standardSeconds(30));
  }

  /** How often a streaming run rewrites index.html while jobs finish (counted from the first new job). */
  public WriteReports withIndexRefresh(Duration every) {
    return new WriteReports(outputDir, every);
  }

  @Override
  public PDone expand(PCollectionTuple in) {
    in.get(ANALYSED).apply("Write lecture reports", ParDo.of(new LectureReportFn(outputDir)));
    in.get(REJECTED).apply("Write reports of rejected uploads", ParDo.of(new RejectedReportFn(outputDir)));

    KvCoder<String, JobStatus> entryCoder = KvCoder.of(StringUtf8Coder.of(), AvroCoder.of(JobStatus.class));
    PCollectionList<KV<String, JobStatus>> parts = PCollectionList.of(in.get(JOBS)
        .apply("Jobs of this run", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
            TypeDescriptor.of(JobStatus.class))).via((JobStatus j) -> KV.of(THIS_RUN, j)))
        .setCoder(entryCoder));
    if (in.has(SKIPPED)) {
      parts = parts.and(in.get(SKIPPED)
          .apply("Jobs skipped as unchanged", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
              TypeDescriptor.of(JobStatus.class))).via(WriteReports::skippedPlaceholder))
          .setCoder(entryCoder));
    }
    boolean batch = in.get(JOBS).isBounded() == PCollection.IsBounded.BOUNDED;
    if (batch) {
      // An empty batch still gets an index: a seed entry (CollectJobs drops it) from a named source, not
      // Combine's default value, which on Flink is an Impulse, a side input and a discarding sink of their own.
      parts = parts.and(in.has(BATCH_START)
          ? in.get(BATCH_START).apply("Index even for an empty batch", MapElements.into(TypeDescriptors.kvs(
              TypeDescriptors.strings(), TypeDescriptor.of(JobStatus.class))).via(start -> KV.of(SEED, seedEntry())))
              .setCoder(entryCoder)
          : in.getPipeline().apply("Index even for an empty batch",
              FixedValues.of(entryCoder, List.of(KV.of(SEED, seedEntry())))));
    }
    PCollection<KV<String, JobStatus>> entries = parts.apply("Index entries", Flatten.pCollections());
    PCollection<List<KV<String, JobStatus>>> all;
    if (batch) {
      all = entries
          .apply("One index for the batch", Window.<KV<String, JobStatus>>into(new GlobalWindows())
              .triggering(DefaultTrigger.of()).withAllowedLateness(Duration.ZERO).discardingFiredPanes())
          .apply("All jobs", Combine.globally(new CollectJobs()).withoutDefaults());
    } else {
      // Streaming: one ever-growing pane, fired again some time after each new job, so the index follows the jobs.
      all = entries
          .apply("Index refreshed as jobs finish", Window.<KV<String, JobStatus>>into(new GlobalWindows())
              .triggering(Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(indexRefresh)))
              .withAllowedLateness(Duration.ZERO).accumulatingFiredPanes())
          .apply("All jobs so far", Combine.globally(new CollectJobs()).withoutDefaults());
    }
    all.setCoder(ListCoder.of(entryCoder))
        .apply("Write index.html", ParDo.of(new IndexFn(outputDir)));
    return PDone.in(in.getPipeline());
  }

  /** The seed entry's record: never shown, only there to be dropped. */
  static JobStatus seedEntry() {
    return JobStatus.newBuilder().setJobId("").setSource("").setStatus(JobState.COMPLETED).setUpdatedAtMillis(0)
        .setClips(0).build();
  }

  /** A skipped upload as an index entry, for when its earlier job.json cannot be found. */
  static KV<String, JobStatus> skippedPlaceholder(UploadEvent e) {
    return KV.of(SKIP, JobStatus.newBuilder()
        .setJobId(e.getJobId())
        .setSource(e.getSource())
        .setVideoUri(e.getVideoUri())
        .setMetadata(e.getMetadata())
        .setContentFingerprint(e.getContentFingerprint())
        .setStatus(JobState.COMPLETED) // it was skipped because an earlier run completed it
        .setUpdatedAtMillis(e.getReceivedAtMillis())
        .build());
  }

  static class LectureReportFn extends DoFn<LectureAnalysis, Void> {
    private final String outputDir;
    private final Counter written = Metrics.counter(Stages.METRICS_NAMESPACE, "reports_written");

    LectureReportFn(String outputDir) {
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(@Element LectureAnalysis a) throws IOException {
      String html = LectureReport.html(a, ReportAssets.read(outputDir, a));
      OutputFiles.write(outputDir, a.getJobId(), LectureReport.FILE_NAME, html.getBytes(StandardCharsets.UTF_8),
          "text/html");
      written.inc();
    }
  }

  static class RejectedReportFn extends DoFn<Failure, Void> {
    private final String outputDir;
    private final Counter written = Metrics.counter(Stages.METRICS_NAMESPACE, "reports_written");

    RejectedReportFn(String outputDir) {
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(@Element Failure f) throws IOException {
      OutputFiles.write(outputDir, f.getJobId(), LectureReport.FILE_NAME,
          LectureReport.html(f).getBytes(StandardCharsets.UTF_8), "text/html");
      written.inc();
    }
  }

  /**
   * Every job once: this run's latest record of each job, and the skipped ones. Kept per job id, so a streaming
   * run's state grows with the number of jobs, not of records.
   */
  static class CollectJobs extends Combine.CombineFn<KV<String, JobStatus>, Map<String, KV<String, JobStatus>>,
      List<KV<String, JobStatus>>> {
    @Override
    public Map<String, KV<String, JobStatus>> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, KV<String, JobStatus>> addInput(Map<String, KV<String, JobStatus>> acc,
        KV<String, JobStatus> in) {
      if (SEED.equals(in.getKey())) {
        return acc;
      }
      acc.merge(in.getValue().getJobId(), in, CollectJobs::newer);
      return acc;
    }

    @Override
    public Map<String, KV<String, JobStatus>> mergeAccumulators(Iterable<Map<String, KV<String, JobStatus>>> accs) {
      Map<String, KV<String, JobStatus>> out = new HashMap<>();
      for (Map<String, KV<String, JobStatus>> a : accs) {
        a.values().forEach(v -> out.merge(v.getValue().getJobId(), v, CollectJobs::newer));
      }
      return out;
    }

    @Override
    public List<KV<String, JobStatus>> extractOutput(Map<String, KV<String, JobStatus>> acc) {
      return new ArrayList<>(acc.values());
    }

    @Override
    public Coder<Map<String, KV<String, JobStatus>>> getAccumulatorCoder(CoderRegistry registry,
        Coder<KV<String, JobStatus>> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), inputCoder);
    }

    @Override
    public Coder<List<KV<String, JobStatus>>> getDefaultOutputCoder(CoderRegistry registry,
        Coder<KV<String, JobStatus>> inputCoder) {
      return ListCoder.of(inputCoder);
    }

    /** A record of this run beats a skipped placeholder; between records of this run, the later one wins. */
    static KV<String, JobStatus> newer(KV<String, JobStatus> a, KV<String, JobStatus> b) {
      boolean aRun = THIS_RUN.equals(a.getKey());
      boolean bRun = THIS_RUN.equals(b.getKey());
      if (aRun != bRun) {
        return aRun ? a : b;
      }
      return b.getValue().getUpdatedAtMillis() >= a.getValue().getUpdatedAtMillis() ? b : a;
    }
  }

  static class IndexFn extends DoFn<List<KV<String, JobStatus>>, Void> {
    private final String outputDir;
    private final Counter written = Metrics.counter(Stages.METRICS_NAMESPACE, "index_pages_written");
    /**
     * Job records of earlier runs, read once per instance: the folder's other jobs do not change while this run
     * goes, and this run's own records replace theirs anyway.
     */
    private transient List<JobStatus> earlier;
    private transient Set<String> earlierReports;

    IndexFn(String outputDir) {
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(@Element List<KV<String, JobStatus>> entries) throws IOException {
      List<JobStatus> thisRun = new ArrayList<>();
      List<JobStatus> skipped = new ArrayList<>();
      Set<String> runIds = new HashSet<>();
      Set<String> skippedIds = new HashSet<>();
      for (KV<String, JobStatus> e : entries) {
        if (THIS_RUN.equals(e.getKey())) {
          thisRun.add(e.getValue());
          runIds.add(e.getValue().getJobId());
        } else {
          skipped.add(e.getValue());
          skippedIds.add(e.getValue().getJobId());
        }
      }
      if (earlier == null) {
        earlier = BatchIndex.readEarlierJobs(outputDir, runIds);
        earlierReports = BatchIndex.jobsWithReports(outputDir);
      }
      List<JobStatus> others = earlier.stream().filter(j -> !runIds.contains(j.getJobId())).toList();
      String html = BatchIndex.html(BatchIndex.rows(thisRun, skippedIds, others, skipped, earlierReports), Instant.now());
      writeTopLevel(outputDir, BatchIndex.FILE_NAME, html.getBytes(StandardCharsets.UTF_8), "text/html");
      written.inc();
    }
  }

  /** {@code <out>/<name>}, written under a temporary name and renamed, like {@link OutputFiles#write}. */
  static void writeTopLevel(String outputDir, String name, byte[] content, String mimeType) throws IOException {
    ResourceId dir = FileSystems.matchNewResource(outputDir, true);
    ResourceId target = dir.resolve(name, StandardResolveOptions.RESOLVE_FILE);
    ResourceId temp = dir.resolve("." + name + ".inprogress", StandardResolveOptions.RESOLVE_FILE);
    try (WritableByteChannel ch = FileSystems.create(temp, mimeType)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
    FileSystems.rename(List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
