package io.lecturehighlights.transforms.content;

import com.google.genai.types.Schema;
import com.google.genai.types.Type;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.TranscriptSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the Gemini analyzer says to the model: the rules (as the system instruction), the lecture's data (course
 * metadata, slide changes, long pauses, the slides' OCR text with their times, timestamped transcript lines) and the
 * response schema that constrains the answer to
 * {@code {"segments":[{start,end,title,summary,keywords,importance,reason}]}}.
 *
 * <p>Slides are bounded so a lecture with a hundred slides cannot crowd out the transcript: only confidently read
 * slides on screen during the window, consecutive identical ones listed once, each title cut to
 * {@value #SLIDE_TITLE_CHARS} characters and each slide's text to {@value #SLIDE_TEXT_CHARS}, and the whole list to
 * {@value #SLIDES_MAX_CHARS} characters per request: when the titles leave too little room, each slide's text gets an
 * equal share of what is left (none under {@value #MIN_SLIDE_TEXT_CHARS} characters), and slides beyond the budget
 * are counted, not listed.
 */
final class GeminiPrompt {
  /** Silences at least this long are listed as pauses: shorter ones are breaths, not topic changes. */
  static final double LONG_PAUSE_SECONDS = 1.5;
  /** Google's rule of thumb for English: about four characters per token. */
  static final double CHARS_PER_TOKEN = 4.0;
  static final int SLIDE_TITLE_CHARS = 100;
  static final int SLIDE_TEXT_CHARS = 300;
  static final int MIN_SLIDE_TEXT_CHARS = 40;
  static final int SLIDES_MAX_CHARS = 6000;
  private static final int NOTE_RESERVE = 60;
  static final String SLIDES_HEADING = "Slides shown (read from the screen), one per line as (start-end) title | text,"
      + " text lines separated by /:";

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
        "6. Slide text, when given, was read from the screen and is more reliable than the transcript, which comes"
            + " from speech recognition and may garble terms: prefer the titles and terms of the slides shown during"
            + " a segment for its title and keywords.",
        "7. Answer only with JSON that matches the response schema."),
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

    List<String> slideLines = slideLines(request.slides(), window.from(), window.to());
    if (!slideLines.isEmpty()) {
      b.append('\n').append(SLIDES_HEADING).append('\n');
      slideLines.forEach(l -> b.append(l).append('\n'));
    }

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

  /** One slide as listed: its times, title and text, identical neighbours merged. */
  private record Listed(double start, double end, String title, String text) {}

  /**
   * The slide list of one window (see the class comment for the bounds): "(12.0-61.5) Windowing | Hann window /
   * spectral leakage" (round brackets: the model must not take a slide for a transcript line). Empty when no
   * confidently read slide was on screen in the window.
   */
  static List<String> slideLines(List<LectureSlide> slides, double from, double to) {
    List<Listed> listed = new ArrayList<>();
    for (LectureSlide s : slides) {
      if (!s.readable() || s.overlap(from, to) <= 0) {
        continue;
      }
      String title = cut(s.title().strip().replaceAll("\\s+", " "), SLIDE_TITLE_CHARS);
      List<String> lines = new ArrayList<>();
      for (String line : s.text().split("\\R")) {
        String l = line.strip().replaceAll("\\s+", " ");
        if (!l.isEmpty()) {
          lines.add(l);
        }
      }
      // The title is normally the text's first line(s): do not send it twice.
      int skip = 0;
      for (int k = 1; k <= lines.size() && !title.isEmpty(); k++) {
        String head = String.join(" ", lines.subList(0, k));
        if (head.equals(title)) {
          skip = k;
        }
        if (head.length() >= title.length()) {
          break;
        }
      }
      String text = String.join(" / ", lines.subList(skip, lines.size()));
      Listed previous = listed.isEmpty() ? null : listed.get(listed.size() - 1);
      if (previous != null && previous.title.equals(title) && previous.text.equals(text)) {
        listed.set(listed.size() - 1, new Listed(previous.start, s.end(), title, text));
      } else {
        listed.add(new Listed(s.start(), s.end(), title, text));
      }
    }
    if (listed.isEmpty()) {
      return List.of();
    }
    List<String> heads = new ArrayList<>();
    int headChars = 0;
    int withText = 0;
    for (Listed l : listed) {
      String head = "(" + fmt(l.start) + "-" + fmt(l.end) + ")" + (l.title.isEmpty() ? "" : " " + l.title);
      heads.add(head);
      headChars += head.length() + 1;
      withText += l.text.isEmpty() ? 0 : 1;
    }
    int share = withText == 0 ? 0 : Math.min(SLIDE_TEXT_CHARS, (SLIDES_MAX_CHARS - headChars) / withText - 3);
    List<String> out = new ArrayList<>();
    int used = 0;
    for (int i = 0; i < listed.size(); i++) {
      String line = heads.get(i);
      String text = listed.get(i).text;
      if (!text.isEmpty() && share >= MIN_SLIDE_TEXT_CHARS) {
        line += " | " + cut(text, share);
      }
      // Room for the closing note when more slides follow.
      if (used + line.length() + 1 + (i + 1 < listed.size() ? NOTE_RESERVE : 0) > SLIDES_MAX_CHARS) {
        out.add(String.format(Locale.ROOT, "(%d more slides to %s s not listed)", listed.size() - i,
            fmt(listed.get(listed.size() - 1).end)));
        break;
      }
      out.add(line);
      used += line.length() + 1;
    }
    return out;
  }

  /** At most max characters, cut at a word when there is one in the last third, with an ellipsis. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int at = s.lastIndexOf(' ', max - 1);
    if (at < max * 2 / 3) {
      at = max - 1;
    }
    return s.substring(0, at).stripTrailing() + "…";
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
