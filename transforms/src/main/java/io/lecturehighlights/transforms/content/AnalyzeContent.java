package io.lecturehighlights.transforms.content;

import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.LectureStageFn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Content analysis: each joined lecture's transcript, slide changes, slide text, pauses and course metadata become
 * topic segments with importance ({@code content} filled in). Out: the lectures analysed, and those that failed
 * with their {@code failure} set ({@link LectureStageFn}).
 */
public class AnalyzeContent
    extends PTransform<PCollection<LectureAnalysis>, WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis>> {
  private final ContentConfig config;

  private AnalyzeContent(ContentConfig config) {
    super("Analyze content");
    this.config = config;
  }

  public static AnalyzeContent with(ContentConfig config) {
    return new AnalyzeContent(config);
  }

  /**
   * The layout's slides as the content classes take them (times, title, text, OCR confidence), in time order;
   * empty when layout detection failed or found no screen.
   */
  public static List<LectureSlide> slidesOf(@Nullable Layout layout) {
    if (layout == null || layout.getSlides() == null) {
      return List.of();
    }
    List<LectureSlide> out = new ArrayList<>();
    for (Slide s : layout.getSlides()) {
      out.add(new LectureSlide(s.getStart(), s.getEnd(), s.getTitle() == null ? "" : s.getTitle().toString(),
          s.getText() == null ? "" : s.getText().toString(), s.getConfidence()));
    }
    out.sort(Comparator.comparingDouble(LectureSlide::start));
    return out;
  }

  @Override
  public WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> expand(
      PCollection<LectureAnalysis> lectures) {
    return LectureStageFn.apply(lectures, "Find topics and their importance", new AnalyzeFn(config));
  }

  static class AnalyzeFn extends LectureStageFn {
    private final ContentConfig config;
    private final Counter requests = Metrics.counter(Stages.METRICS_NAMESPACE, "content_api_requests");
    private final Counter retries = Metrics.counter(Stages.METRICS_NAMESPACE, "content_api_retries");
    private final Counter promptTokens = Metrics.counter(Stages.METRICS_NAMESPACE, "content_prompt_tokens");
    private final Counter outputTokens = Metrics.counter(Stages.METRICS_NAMESPACE, "content_output_tokens");
    private final Counter costMicroUsd = Metrics.counter(Stages.METRICS_NAMESPACE, "content_cost_micro_usd");
    private transient ContentAnalyzer analyzer;

    AnalyzeFn(ContentConfig config) {
      super(Stages.CONTENT);
      this.config = config;
    }

    @Setup
    public void setup() {
      try {
        analyzer = ContentAnalyzers.create(config);
      } catch (StageException e) {
        // A configuration error, not a lecture's: stop the job rather than fail every lecture one by one.
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    @Teardown
    public void teardown() {
      if (analyzer != null) {
        analyzer.close();
      }
    }

    @Override
    protected LectureAnalysis.Builder run(LectureAnalysis in) throws StageException {
      if (in.getTranscript() == null) {
        throw new StageException("missing_transcript", "content analysis needs the lecture's transcript");
      }
      List<Double> slideChanges = in.getLayout() == null ? List.of() : in.getLayout().getSlideChanges();
      List<TimeRange> silences = in.getSilence() == null ? List.of() : in.getSilence().getSilences();
      ContentSegments segments = analyzer.analyze(new ContentRequest(in.getTranscript(), slideChanges, silences,
          in.getLecture().getEvent().getMetadata(), in.getLecture().getMedia().getDurationSeconds(),
          slidesOf(in.getLayout())));
      requests.inc(segments.getRequests());
      retries.inc(segments.getRetries());
      promptTokens.inc(segments.getPromptTokens());
      outputTokens.inc(segments.getOutputTokens());
      costMicroUsd.inc(Math.round(segments.getEstimatedCostUsd() * 1e6));
      return LectureAnalysis.newBuilder(in).setContent(segments);
    }
  }
}
