package io.lecturehighlights.transforms.search;

import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One searchable moment of a lecture: a topic chunk (datasets/transcript_chunks) with what a result shows. Paths are
 * relative to the output folder, so an index moved with its folder (or copied off a server) still links right.
 *
 * @param id the chunk id ({@code <jobId>#<index>}), unique in the index
 * @param jobId the lecture's job; its documents are replaced together
 * @param lectureTitle the manifest's title, or the job id when it has none
 * @param course the course, or null
 * @param semester the semester, or null
 * @param start the chunk's start in the lecture, seconds
 * @param end its end, seconds
 * @param topicTitle the topic's title
 * @param keywords the topic's key terms
 * @param text the transcript text of the range
 * @param slideText the slide titles and OCR text of the slides shown in the range ("" without)
 * @param clip the highlight clip that covers most of the range, relative to the output folder, or null
 * @param clipOffset where in that clip the range's covered part starts, seconds
 * @param report the lecture's report, relative to the output folder ({@code <jobId>/report.html})
 */
public record SearchDocument(String id, String jobId, String lectureTitle, @Nullable String course,
    @Nullable String semester, double start, double end, String topicTitle, List<String> keywords, String text,
    String slideText, @Nullable String clip, double clipOffset, String report) {
  public SearchDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(jobId, "jobId");
    lectureTitle = lectureTitle == null || lectureTitle.isBlank() ? jobId : lectureTitle;
    topicTitle = topicTitle == null ? "" : topicTitle;
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
    text = text == null ? "" : text;
    slideText = slideText == null ? "" : slideText;
    report = report == null ? jobId + "/report.html" : report;
  }

  /** The report at the chunk's start: the report's timestamp links use the same {@code #t=<seconds>} anchor. */
  public String reportAt() {
    return report + "#t=" + (long) Math.floor(start);
  }
}
