package io.lecturehighlights.transforms.search;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.TopicChunk;
import java.nio.file.Path;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A topic chunk as the {@link SearchDocument} every index holds, and the clip that shows it. Kept apart from the
 * Lucene index so that the job (which embeds chunks) and the PostgreSQL search use it without loading Lucene: what
 * is embedded and what a result shows must be the same in every backend.
 */
public final class ChunkDocuments {
  private ChunkDocuments() {}

  /** Without clips, for what is embedded (the clip plays no part in it). */
  public static SearchDocument of(TopicChunk c) {
    return of(c, List.of(), null);
  }

  /**
   * @param clips the lecture's clips
   * @param out the output folder clip locations are made relative to, or null to keep them as they are
   */
  public static SearchDocument of(TopicChunk c, List<Clip> clips, @Nullable Path out) {
    LectureMetadata m = c.getMetadata();
    ClipAt clip = clipOf(c.getStart(), c.getEnd(), clips.stream()
        .filter(k -> isFirstFormat(k.getVideoUri(), k.getFormat()))
        .map(k -> new ClipSpan(k.getVideoUri(), k.getSourceIntervals().stream()
            .map(r -> new double[] {r.getStart(), r.getEnd()}).toList()))
        .toList());
    return new SearchDocument(c.getChunkId(), c.getJobId(), m == null ? null : m.getTitle(),
        m == null ? null : m.getCourse(), m == null ? null : m.getSemester(), c.getStart(), c.getEnd(), c.getTitle(),
        c.getKeywords(), c.getText(), slideText(c.getSlideTitles(), c.getSlideText()),
        clip == null ? null : out == null ? clip.location() : relative(out, clip.location()),
        clip == null ? 0 : clip.offset(), c.getJobId() + "/report.html");
  }

  /** What the slide-text field holds: the slides' titles, one a line, then their text. */
  public static String slideText(List<String> titles, @Nullable String text) {
    StringBuilder slides = new StringBuilder(String.join("\n", titles));
    if (text != null && !text.isBlank()) {
      slides.append(slides.length() > 0 ? "\n\n" : "").append(text);
    }
    return slides.toString();
  }

  /**
   * Whether a clip is its highlight's first format, the one under the name {@code clip-NN.mp4} that links and
   * players use (the other formats of {@code --clip-formats} are {@code clip-NN-<format>.mp4}, the same moments in
   * another shape): a result links one clip, not one per format. A clip without a format predates formats.
   */
  public static boolean isFirstFormat(String videoUri, @Nullable String format) {
    if (format == null) {
      return true;
    }
    String name = videoUri.substring(videoUri.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return !(dot < 0 ? name : name.substring(0, dot)).endsWith("-" + format);
  }

  /** A clip: where it is and the source intervals ({start, end} seconds) it is cut from, in order. */
  public record ClipSpan(String location, List<double[]> intervals) {}

  /** The clip that shows a range, and the time in the clip where the range's covered part starts. */
  public record ClipAt(String location, double offset) {}

  /** The clip whose source intervals overlap [start, end) the most; null when none does. */
  public static @Nullable ClipAt clipOf(double start, double end, List<ClipSpan> clips) {
    ClipAt best = null;
    double bestOverlap = 0;
    for (ClipSpan clip : clips) {
      double overlap = 0;
      double at = 0;
      double first = -1;
      for (double[] r : clip.intervals()) {
        double from = Math.max(r[0], start);
        double to = Math.min(r[1], end);
        if (to > from) {
          overlap += to - from;
          if (first < 0) {
            first = at + (from - r[0]);
          }
        }
        at += r[1] - r[0];
      }
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = new ClipAt(clip.location(), first);
      }
    }
    return best;
  }

  /** A location inside the output folder relative to it; anything else as it is. */
  static String relative(Path out, String location) {
    String path = location.startsWith("file://") ? java.net.URI.create(location).getPath() : location;
    if (!path.contains("://")) {
      Path p = Path.of(path);
      if (p.isAbsolute() && p.normalize().startsWith(out.toAbsolutePath().normalize())) {
        return out.toAbsolutePath().normalize().relativize(p.normalize()).toString();
      }
    }
    return location;
  }
}
