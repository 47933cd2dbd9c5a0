package io.lecturehighlights.transforms.content;

import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import java.util.Comparator;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a {@link ContentAnalyzer} gets for one lecture: its transcript (sentences with times, plus words), the
 * slide-change times, the silence regions, the course metadata when the upload carried any, the lecture's length in
 * seconds (0 or less: taken from the transcript's last sentence), and the slides shown with their OCR text (empty
 * without a screen region or OCR), in time order.
 */
public record ContentRequest(
    Transcript transcript,
    List<Double> slideChanges,
    List<TimeRange> silences,
    @Nullable LectureMetadata metadata,
    double durationSeconds,
    List<LectureSlide> slides) {

  public ContentRequest {
    slideChanges = slideChanges == null ? List.of() : List.copyOf(slideChanges);
    silences = silences == null ? List.of() : List.copyOf(silences);
    slides = slides == null ? List.of()
        : slides.stream().sorted(Comparator.comparingDouble(LectureSlide::start)).toList();
  }

  /** Without slide text. */
  public ContentRequest(Transcript transcript, List<Double> slideChanges, List<TimeRange> silences,
      @Nullable LectureMetadata metadata, double durationSeconds) {
    this(transcript, slideChanges, silences, metadata, durationSeconds, List.of());
  }
}
