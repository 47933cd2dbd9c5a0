package io.lecturehighlights.transforms.extraction;

import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.LectureStageFn;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;

/**
 * Segment extraction: picks each lecture's highlight clips from its topic segments and decides which source
 * intervals every clip keeps ({@code highlights} filled in; see {@link HighlightSelector} for the rules). Out: the
 * lectures with their highlights, and those that failed with their {@code failure} set ({@link LectureStageFn}).
 */
public class ExtractHighlights
    extends PTransform<PCollection<LectureAnalysis>, WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis>> {
  private final ExtractionConfig config;

  private ExtractHighlights(ExtractionConfig config) {
    super("Extract highlights");
    this.config = config;
  }

  public static ExtractHighlights with(ExtractionConfig config) {
    return new ExtractHighlights(config);
  }

  @Override
  public WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> expand(
      PCollection<LectureAnalysis> lectures) {
    return LectureStageFn.apply(lectures, "Choose clips and cut silences", new ExtractFn(config));
  }

  static class ExtractFn extends LectureStageFn {
    private final ExtractionConfig config;

    ExtractFn(ExtractionConfig config) {
      super(Stages.EXTRACTION);
      this.config = config;
    }

    @Override
    protected LectureAnalysis.Builder run(LectureAnalysis in) throws StageException {
      if (in.getContent() == null || in.getTranscript() == null) {
        throw new StageException("missing_analysis", "segment extraction needs the transcript and topic segments");
      }
      List<TimeRange> silences = in.getSilence() == null ? List.of() : in.getSilence().getSilences();
      return LectureAnalysis.newBuilder(in).setHighlights(HighlightSelector.select(in.getJobId(), in.getContent(),
          in.getTranscript(), silences, in.getLecture().getMedia().getDurationSeconds(), config));
    }
  }
}
