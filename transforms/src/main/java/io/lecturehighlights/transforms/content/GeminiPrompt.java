package io.lecturehighlights.transforms.content;

import com.google.genai.types.Schema;
import com.google.genai.types.Type;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.TranscriptSegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the Gemini analyzer says to the model: the rules (as the system instruction), the lecture's data (course
 * metadata, timestamped transcript lines, slide changes, long pauses) and the response schema that constrains the
 * answer to {@code {"segments":[{start,end,title,summary,keywords,importance,reason}]}}.
 */
final class GeminiPrompt {
  /** Silences at least this long are listed as pauses: shorter ones are breaths, not topic changes. */
  static final double LONG_PAUSE_SECONDS = 1.5;

  static final List<String> SEGMENT_FIELDS =
      List.of("start", "end", "title", "summary", "keywords", "importance", "reason");

  private GeminiPrompt() {}

  /** Characters every request carries whatever the lecture: the system instruction and the response schema. */
  static int fixedPromptChars(ContentConfig config) {
    return systemInstruction(config).length() + responseSchema().toJson().length();
  }

  static String systemInstruction(ContentConfig config) {
    return String.format(Locale.ROOT, String.join("\n",
        "You split a recorded university lecture into topic segments for a highlights reel.",
        "Rules:",
        "1. The segments cover the given part of the lecture from its first to its last second, in time order,"
            + " without overlaps and without gaps.",
        "2. Each segment lasts between %.0f and %.0f seconds and holds one topic: start a new segment where the"
            + " lecturer moves to a new topic; slide changes and long pauses are likely places. Start and end at"
            + " sentence boundaries of the transcript.",
        "3. start and end are seconds from the start of the whole lecture, as in the transcript's [start-end]"
            + " stamps.",
        "4. title: a headline of at most 8 words. summary: one or two sentences. keywords: 3 to 6 key terms"
            + " from the segment.",
        "5. importance: a number from 0 to 1; 1 for the lecture's key ideas, definitions, results and worked"
            + " examples, near 0 for logistics, small talk and repetition. reason: one sentence saying why.",
        "6. Answer only with JSON that matches the response schema."),
        config.minSegmentSeconds(), config.maxSegmentSeconds());
  }

  /**
   * The user message for one window of the lecture.
   *
   * @param correction why the previous answer for this window could not be used, or null on the first try
   */
  static String userPrompt(ContentRequest request, TranscriptWindows.Window window, int windows,
      double durationSeconds, @Nullable String correction) {
    StringBuilder b = new StringBuilder();
    LectureMetadata m = request.metadata();
    if (m != null) {
      line(b, "Course", m.getCourse());
      line(b, "Lecture title", m.getTitle());
      line(b, "Lecturer", m.getInstructor());
      line(b, "Semester", m.getSemester());
      line(b, "Lecture number", m.getLectureNumber() == null ? null : String.valueOf(m.getLectureNumber()));
    }
    b.append(String.format(Locale.ROOT, "Lecture length: %.1f s%n", durationSeconds));
    if (windows > 1) {
      b.append(String.format(Locale.ROOT,
          "This is part %d of %d of the lecture: segment only the span %.1f-%.1f s.%n", window.index() + 1,
          windows, window.from(), window.to()));
    } else {
      b.append(String.format(Locale.ROOT, "Segment the whole lecture: 0.0-%.1f s.%n", window.to()));
    }

    StringBuilder slides = new StringBuilder();
    for (double t : request.slideChanges()) {
      if (t >= window.from() && t <= window.to()) {
        slides.append(slides.length() == 0 ? "" : ", ").append(fmt(t));
      }
    }
    b.append("Slide changes (s): ").append(slides.length() == 0 ? "none" : slides).append('\n');

    StringBuilder pauses = new StringBuilder();
    for (TimeRange r : request.silences()) {
      if (r.getEnd() - r.getStart() >= LONG_PAUSE_SECONDS && r.getEnd() > window.from()
          && r.getStart() < window.to()) {
        pauses.append(pauses.length() == 0 ? "" : ", ").append(fmt(r.getStart())).append('-')
            .append(fmt(r.getEnd()));
      }
    }
    b.append("Long pauses (s): ").append(pauses.length() == 0 ? "none" : pauses).append('\n');

    b.append("\nTranscript, one sentence per line as [start-end] in seconds:\n");
    for (TranscriptSegment s : window.sentences()) {
      b.append('[').append(fmt(s.getStart())).append('-').append(fmt(s.getEnd())).append("] ")
          .append(s.getText().strip().replaceAll("\\s+", " ")).append('\n');
    }
    if (correction != null) {
      b.append("\nYour previous answer could not be used: ").append(correction)
          .append(". Answer again, following every rule.\n");
    }
    return b.toString();
  }

  /** The answer's shape, with every field required. */
  static Schema responseSchema() {
    Map<String, Schema> fields = new LinkedHashMap<>();
    fields.put("start", Schema.builder().type(Type.Known.NUMBER)
        .description("Seconds from the start of the lecture.").build());
    fields.put("end", Schema.builder().type(Type.Known.NUMBER)
        .description("Seconds from the start of the lecture; after start.").build());
    fields.put("title", Schema.builder().type(Type.Known.STRING).description("Headline, at most 8 words.").build());
    fields.put("summary", Schema.builder().type(Type.Known.STRING).description("One or two sentences.").build());
    fields.put("keywords", Schema.builder().type(Type.Known.ARRAY)
        .items(Schema.builder().type(Type.Known.STRING).build()).description("3 to 6 key terms.").build());
    fields.put("importance", Schema.builder().type(Type.Known.NUMBER).minimum(0.0).maximum(1.0)
        .description("0 (filler) to 1 (key idea).").build());
    fields.put("reason", Schema.builder().type(Type.Known.STRING)
        .description("One sentence: why this importance.").build());
    Schema segment = Schema.builder().type(Type.Known.OBJECT).properties(fields).required(SEGMENT_FIELDS)
        .propertyOrdering(SEGMENT_FIELDS).build();
    return Schema.builder().type(Type.Known.OBJECT)
        .properties(Map.of("segments", Schema.builder().type(Type.Known.ARRAY).items(segment).build()))
        .required("segments").build();
  }

  private static void line(StringBuilder b, String label, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      b.append(label).append(": ").append(value.strip()).append('\n');
    }
  }

  static String fmt(double t) {
    return String.format(Locale.ROOT, "%.1f", t);
  }
}
