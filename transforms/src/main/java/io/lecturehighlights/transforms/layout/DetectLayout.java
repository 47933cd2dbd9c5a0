package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LayoutPeriod;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.media.FfmpegLog;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.common.Retry;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.common.OutputFiles;
import io.lecturehighlights.transforms.slides.SlideDeckReader;
import io.lecturehighlights.transforms.slides.SlidesConfig;
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

  /** A slide's thumbnail in the job's folder: slides/slide-01.jpg for the first. */
  public static String slideThumbnail(int index) {
    return String.format("slides/slide-%02d.jpg", index);
  }

  private final LayoutConfig config;
  private final @Nullable String thumbnailDir;
  private final @Nullable SlidesConfig slides;

  private DetectLayout(LayoutConfig config, @Nullable String thumbnailDir, @Nullable SlidesConfig slides) {
    super("Detect layout");
    this.config = config;
    this.thumbnailDir = thumbnailDir;
    this.slides = slides;
  }

  public static DetectLayout with(LayoutConfig config) {
    return new DetectLayout(config, null, null);
  }

  /**
   * Also write {@code <outputDir>/<jobId>/layout.jpg} (one frame with the regions drawn) and, with
   * {@link #withSlides}, {@code slides/slide-NN.jpg}.
   */
  public DetectLayout withThumbnailsTo(String outputDir) {
    return new DetectLayout(config, outputDir, slides);
  }

  /**
   * Also read the slides ({@link SlideDeckReader}): each slide's text by OCR on one still frame, in the same DoFn
   * while the media file is at hand, so it is neither fetched nor opened a second time.
   */
  public DetectLayout withSlides(SlidesConfig slidesConfig) {
    return new DetectLayout(config, thumbnailDir, slidesConfig);
  }

  @Override
  public WithFailures.Result<PCollection<Layout>, Failure> expand(PCollection<ValidatedLecture> lectures) {
    PCollectionTuple out = lectures.apply("Sample frames and find regions",
        ParDo.of(new DetectFn(config, thumbnailDir, slides)).withOutputTags(RESULTS, TupleTagList.of(FAILED)));
    return WithFailures.Result.of(out.get(RESULTS), out.get(FAILED));
  }

  static class DetectFn extends DoFn<ValidatedLecture, Layout> {
    private final LayoutConfig config;
    private final @Nullable String thumbnailDir;
    private final @Nullable SlidesConfig slides;
    private final Counter slidesRead = Metrics.counter(Stages.METRICS_NAMESPACE, "slides_read");
    private final Distribution slidesMillis = Metrics.distribution(Stages.METRICS_NAMESPACE, "slides_millis");
    private final Counter mediaSeconds = Metrics.counter(Stages.METRICS_NAMESPACE, "layout_media_seconds");
    private final Counter failed = Metrics.counter(Stages.METRICS_NAMESPACE, "failed_layout");
    private final Counter thumbnailsFailed = Metrics.counter(Stages.METRICS_NAMESPACE, "layout_thumbnail_errors");
    private final Distribution millis = Metrics.distribution(Stages.METRICS_NAMESPACE, "layout_millis");
    private transient LayoutAnalyzer analyzer;
    private transient @Nullable SlideDeckReader deckReader;
    private transient Retry retry;

    DetectFn(LayoutConfig config, @Nullable String thumbnailDir, @Nullable SlidesConfig slides) {
      this.config = config;
      this.thumbnailDir = thumbnailDir;
      this.slides = slides;
    }

    @Setup
    public void setup() {
      analyzer = new LayoutAnalyzer(config);
      deckReader = slides == null ? null : new SlideDeckReader(slides);
      retry = Retry.defaults();
    }

    @Teardown
    public void teardown() {
      if (analyzer != null) {
        analyzer.close();
      }
      if (deckReader != null) {
        deckReader.close();
      }
    }

    @ProcessElement
    public void process(@Element ValidatedLecture lecture, MultiOutputReceiver out) {
      long start = System.currentTimeMillis();
      String jobId = lecture.getEvent().getJobId();
      try {
        Analysed r;
        int decodeErrors;
        try (FfmpegLog.DecodeErrors errors = FfmpegLog.DecodeErrors.open()) {
          r = retry.call(() -> analyse(lecture.getEvent().getVideoUri())).value;
          decodeErrors = errors.count();
        }
        LayoutAnalysis a = r.layout();
        long elapsed = System.currentTimeMillis() - start;
        if (thumbnailDir != null && a.thumbnailJpeg != null) {
          try {
            OutputFiles.write(thumbnailDir, jobId, THUMBNAIL, a.thumbnailJpeg, "image/jpeg");
          } catch (IOException e) {
            // The thumbnail is an illustration; the layout itself is still right.
            thumbnailsFailed.inc();
          }
        }
        List<Slide> slideRecords = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (r.deck() != null) {
          notes.addAll(r.deck().notes());
          slideRecords = slideRecords(jobId, r.deck());
          slidesRead.inc(slideRecords.size());
          slidesMillis.update(r.deck().grabMillis() + r.deck().ocrMillis());
        }
        mediaSeconds.inc(Math.round(a.durationSeconds));
        millis.update(elapsed);
        out.get(RESULTS).output(Layout.newBuilder(toRecord(jobId, a, elapsed, config))
            .setSlides(slideRecords)
            .setOcr(slideRecords.isEmpty() || deckReader == null ? null : deckReader.engine())
            .setNotes(notes)
            .setDecodeErrors(decodeErrors).build());
      } catch (Retry.Exhausted e) {
        failed.inc();
        out.get(FAILED).output(Failures.of(lecture.getEvent(), Stages.LAYOUT, e.last, e.attempts));
      } catch (RuntimeException | LinkageError e) {
        failed.inc();
        out.get(FAILED).output(Failures.unexpected(lecture.getEvent(), Stages.LAYOUT, e));
      }
    }

    /** The slide records, numbered from 1, with their thumbnails written (when wanted) as slides/slide-NN.jpg. */
    private List<Slide> slideRecords(String jobId, SlideDeckReader.Deck deck) {
      List<Slide> out = new ArrayList<>();
      for (SlideDeckReader.ReadSlide s : deck.slides()) {
        int index = out.size() + 1;
        String thumbnail = null;
        if (thumbnailDir != null && s.thumbnailJpeg() != null) {
          String name = slideThumbnail(index);
          try {
            OutputFiles.write(thumbnailDir, jobId, name, s.thumbnailJpeg(), "image/jpeg");
            thumbnail = name;
          } catch (IOException e) {
            thumbnailsFailed.inc();
          }
        }
        out.add(Slide.newBuilder()
            .setJobId(jobId)
            .setIndex(index)
            .setStart(s.start())
            .setEnd(s.end())
            .setTitle(s.text().title())
            .setText(s.text().text())
            .setConfidence(Math.round(s.text().confidence() * 10) / 1000.0)
            .setThumbnail(thumbnail)
            .setFrameTime(Double.isNaN(s.frameTime()) ? 0 : Math.round(s.frameTime() * 1000) / 1000.0)
            .build());
      }
      return out;
    }

    private record Analysed(LayoutAnalysis layout, SlideDeckReader.@Nullable Deck deck) {}

    private Analysed analyse(String uri) throws StageException {
      try (LocalMediaFile media = LocalMediaFile.open(uri)) {
        LayoutAnalysis a = analyzer.analyze(media.path(), thumbnailDir != null);
        if (deckReader == null || a.slides.isEmpty()) {
          return new Analysed(a, null);
        }
        List<SlideDeckReader.Wanted> wanted = new ArrayList<>();
        for (LayoutAnalysis.SlideSpan s : a.slides) {
          wanted.add(new SlideDeckReader.Wanted(s.start(), s.end(), s.readAt(), s.screen(), s.camera()));
        }
        return new Analysed(a, deckReader.read(media.path(), wanted));
      } catch (IOException e) {
        throw new StageException("storage_unavailable", "could not read " + uri + ": " + e.getMessage(), true, e);
      }
    }
  }

  /** The Avro record of an analysis. */
  public static Layout toRecord(String jobId, LayoutAnalysis a, long elapsedMillis, LayoutConfig config) {
    List<LayoutPeriod> periods = new ArrayList<>(a.periods.size());
    for (LayoutAnalysis.Period p : a.periods) {
      periods.add(new LayoutPeriod(p.start(), p.end(), p.type(), rect(p.screen()), rect(p.camera()),
          rect(p.content()), rect(p.person())));
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
