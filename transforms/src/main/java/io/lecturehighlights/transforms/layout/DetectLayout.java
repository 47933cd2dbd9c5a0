package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LayoutPeriod;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.media.FfmpegLog;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.common.Retry;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.common.OutputFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Finds each lecture's layout (screen and camera regions, layout type and its periods, split ratio, slide changes)
 * with {@link LayoutAnalyzer}. Exactly one output per lecture: a {@link Layout} (type {@code audio_only} for a
 * file without a video stream, {@code none} for a black video) or a {@link Failure} of stage {@code layout}. With {@link #withThumbnailsTo} the DoFn
 * also writes {@code <out>/<jobId>/layout.jpg} while it still holds the frame.
 */
public class DetectLayout
    extends PTransform<PCollection<ValidatedLecture>, WithFailures.Result<PCollection<Layout>, Failure>> {

  static final TupleTag<Layout> RESULTS = new TupleTag<>() {};
  static final TupleTag<Failure> FAILED = new TupleTag<>() {};
  public static final String THUMBNAIL = "layout.jpg";

  private final LayoutConfig config;
  private final @Nullable String thumbnailDir;

  private DetectLayout(LayoutConfig config, @Nullable String thumbnailDir) {
    super("Detect layout");
    this.config = config;
    this.thumbnailDir = thumbnailDir;
  }

  public static DetectLayout with(LayoutConfig config) {
    return new DetectLayout(config, null);
  }

  /** Also write {@code <outputDir>/<jobId>/layout.jpg}: one frame with the regions drawn. */
  public DetectLayout withThumbnailsTo(String outputDir) {
    return new DetectLayout(config, outputDir);
  }

  @Override
  public WithFailures.Result<PCollection<Layout>, Failure> expand(PCollection<ValidatedLecture> lectures) {
    PCollectionTuple out = lectures.apply("Sample frames and find regions",
        ParDo.of(new DetectFn(config, thumbnailDir)).withOutputTags(RESULTS, TupleTagList.of(FAILED)));
    return WithFailures.Result.of(out.get(RESULTS), out.get(FAILED));
  }

  static class DetectFn extends DoFn<ValidatedLecture, Layout> {
    private final LayoutConfig config;
    private final @Nullable String thumbnailDir;
    private final Counter mediaSeconds = Metrics.counter(Stages.METRICS_NAMESPACE, "layout_media_seconds");
    private final Counter failed = Metrics.counter(Stages.METRICS_NAMESPACE, "failed_layout");
    private final Counter thumbnailsFailed = Metrics.counter(Stages.METRICS_NAMESPACE, "layout_thumbnail_errors");
    private final Distribution millis = Metrics.distribution(Stages.METRICS_NAMESPACE, "layout_millis");
    private transient LayoutAnalyzer analyzer;
    private transient Retry retry;

    DetectFn(LayoutConfig config, @Nullable String thumbnailDir) {
      this.config = config;
      this.thumbnailDir = thumbnailDir;
    }

    @Setup
    public void setup() {
      analyzer = new LayoutAnalyzer(config);
      retry = Retry.defaults();
    }

    @Teardown
    public void teardown() {
      if (analyzer != null) {
        analyzer.close();
      }
    }

    @ProcessElement
    public void process(@Element ValidatedLecture lecture, MultiOutputReceiver out) {
      long start = System.currentTimeMillis();
      String jobId = lecture.getEvent().getJobId();
      try {
        LayoutAnalysis a;
        int decodeErrors;
        try (FfmpegLog.DecodeErrors errors = FfmpegLog.DecodeErrors.open()) {
          a = retry.call(() -> analyse(lecture.getEvent().getVideoUri())).value;
          decodeErrors = errors.count();
        }
        long elapsed = System.currentTimeMillis() - start;
        if (thumbnailDir != null && a.thumbnailJpeg != null) {
          try {
            OutputFiles.write(thumbnailDir, jobId, THUMBNAIL, a.thumbnailJpeg, "image/jpeg");
          } catch (IOException e) {
            // The thumbnail is an illustration; the layout itself is still right.
            thumbnailsFailed.inc();
          }
        }
        mediaSeconds.inc(Math.round(a.durationSeconds));
        millis.update(elapsed);
        out.get(RESULTS).output(Layout.newBuilder(toRecord(jobId, a, elapsed, config))
            .setDecodeErrors(decodeErrors).build());
      } catch (Retry.Exhausted e) {
        failed.inc();
        out.get(FAILED).output(Failures.of(lecture.getEvent(), Stages.LAYOUT, e.last, e.attempts));
      } catch (RuntimeException | LinkageError e) {
        failed.inc();
        out.get(FAILED).output(Failures.unexpected(lecture.getEvent(), Stages.LAYOUT, e));
      }
    }

    private LayoutAnalysis analyse(String uri) throws StageException {
      try (LocalMediaFile media = LocalMediaFile.open(uri)) {
        return analyzer.analyze(media.path(), thumbnailDir != null);
      } catch (IOException e) {
        throw new StageException("storage_unavailable", "could not read " + uri + ": " + e.getMessage(), true, e);
      }
    }
  }

  /** The Avro record of an analysis. */
  public static Layout toRecord(String jobId, LayoutAnalysis a, long elapsedMillis, LayoutConfig config) {
    List<LayoutPeriod> periods = new ArrayList<>(a.periods.size());
    for (LayoutAnalysis.Period p : a.periods) {
      periods.add(new LayoutPeriod(p.start(), p.end(), p.type()));
    }
    return Layout.newBuilder()
        .setJobId(jobId)
        .setType(a.type)
        .setFrameWidth(a.frameWidth)
        .setFrameHeight(a.frameHeight)
        .setScreen(rect(a.screen))
        .setCamera(rect(a.camera))
        .setContent(rect(a.content))
        .setSplitRatio(a.splitRatio)
        .setSlideChanges(new ArrayList<>(a.slideChanges))
        .setSlideBuilds(new ArrayList<>(a.slideBuilds))
        .setPeriods(periods)
        .setConfidence(a.confidence)
        .setDetector(config.describe())
        .setProcessingMillis(elapsedMillis)
        .build();
  }

  private static @Nullable Rect rect(@Nullable Box b) {
    return b == null ? null : new Rect(b.x0(), b.y0(), b.w(), b.h());
  }
}
