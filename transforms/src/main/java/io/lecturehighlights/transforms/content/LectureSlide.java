package io.lecturehighlights.transforms.content;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One slide as the content stage sees it: when it was on the screen and the text OCR read on it (title: the top
 * line(s) in the largest type; text: every confidently read line, one per line; confidence: mean word confidence,
 * 0..1). A plain copy of the layout's {@code Slide} record ({@link AnalyzeContent#slidesOf} converts), so the content
 * classes do not depend on how the layout stage stores slides.
 */
public record LectureSlide(double start, double end, String title, String text, double confidence)
    implements Serializable {

  /**
   * Slide text is used only when OCR was at least this sure of it (mean word confidence; the reader already drops
   * lines under 60, so a slide with text is usually above; a lower mean means a noisy read).
   */
  public static final double MIN_CONFIDENCE = 0.6;
  /** A slide counts for a span of time when it was on screen for at least this long in it (all of it if shorter). */
  public static final double MIN_SHOWN_SECONDS = 1.0;
  /** Titles longer than this (a paragraph read as a title) are cut, with an ellipsis. */
  static final int TITLE_WORDS = 12;

  /**
   * "(cont.)", "– continued", "(contd)", "(2)", "(2/3)", "2/3", "cont'd" and the like at the end of a title: the
   * slide carries on the previous slide's topic.
   */
  private static final Pattern CONTINUATION = Pattern.compile(
      "(?iu)(?:\\s*[-–—:,;.]?\\s*(?:"
          + "[(\\[]\\s*(?:cont(?:inued|inuation|['’]d|d)?\\.?|ctd\\.?|\\d{1,2}(?:\\s*/\\s*\\d{1,2})?)\\s*[)\\]]"
          + "|(?<!\\p{L})(?:cont(?:inued|inuation|['’]d|d)?\\.?|ctd\\.?)"
          + "|(?<![\\p{L}\\d])\\d{1,2}\\s*/\\s*\\d{1,2}))+\\s*$");
  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\s:;,.\\-–—]+$");

  public LectureSlide {
    title = title == null ? "" : title;
    text = text == null ? "" : text;
  }

  /** Read confidently and with something on it. */
  public boolean readable() {
    return confidence >= MIN_CONFIDENCE && Double.isFinite(start) && Double.isFinite(end) && end > start
        && (!title.isBlank() || !text.isBlank());
  }

  /**
   * The title to name a topic after: whitespace collapsed, a continuation mark ("(cont.)", "(2)") and trailing
   * punctuation dropped, at most {@link #TITLE_WORDS} words; empty when the slide is not {@link #readable} or its
   * title has no content word left (a page number, a lone symbol, a bare "(continued)").
   */
  public String displayTitle() {
    if (!readable()) {
      return "";
    }
    String t = title.strip().replaceAll("\\s+", " ");
    t = CONTINUATION.matcher(t).replaceFirst("");
    t = TRAILING_PUNCTUATION.matcher(t).replaceFirst("");
    if (TextTerms.words(t).isEmpty()) {
      return "";
    }
    String[] words = t.split(" ");
    if (words.length > TITLE_WORDS) {
      t = String.join(" ", java.util.Arrays.copyOf(words, TITLE_WORDS)) + " …";
    }
    return t;
  }

  /**
   * What two titles are compared by: the display title's content words, stemmed, in order ("Fourier Transform
   * (cont.)" and "FOURIER TRANSFORMS" are one topic).
   */
  static String topicKey(String displayTitle) {
    StringBuilder b = new StringBuilder();
    for (String w : TextTerms.words(displayTitle.toLowerCase(Locale.ROOT))) {
      b.append(b.length() == 0 ? "" : " ").append(TextTerms.stem(w));
    }
    return b.toString();
  }

  /** Seconds of [from, to] during which the slide was on screen. */
  public double overlap(double from, double to) {
    return Math.max(0, Math.min(end, to) - Math.max(start, from));
  }

  /** On screen during [from, to] for at least {@link #MIN_SHOWN_SECONDS} (or the whole slide, when shorter). */
  public boolean shownDuring(double from, double to) {
    double o = overlap(from, to);
    return o > 0 && o >= Math.min(MIN_SHOWN_SECONDS, end - start) - 1e-9;
  }

  /** The slide's text for an index or a prompt: its lines, or its title when no body was read. */
  public String content() {
    String t = text.strip();
    return t.isEmpty() ? title.strip() : t;
  }
}
