package io.lecturehighlights.transforms.rendering;

import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.transforms.content.LectureSlide;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The optional title card ({@code --title-card on}): the segment's title on a band across the frame for the first
 * seconds of a clip, fading out, so a clip seen alone in a feed says what it is about.
 *
 * <ul>
 *   <li><b>Which title</b> ({@link #title}): the slide on screen longest during the card's seconds (the slide the
 *       card is shown over, so the card and the picture agree), its title cleaned as topics are named
 *       ({@link LectureSlide#displayTitle}: OCR that is confident, continuation marks dropped); else the highlight's
 *       own title (its topic's). No title: no card.</li>
 *   <li><b>How it looks</b> ({@link #plan}): the subtitle font and colours, a little larger than the subtitles, at
 *       most {@link #MAX_LINES} lines wrapped to the frame's width as the font really measures (not by a character
 *       count: "WWW" and "iii" differ threefold), a longer title cut at a word with an ellipsis. The band sits near
 *       the top; with subtitles at the top it goes under their band (or, where that leaves no room, to the bottom),
 *       so the two never overlap.</li>
 *   <li><b>The filter</b> ({@link #drawtext}): one drawtext per line plus one for the band (drawtext's own box, since
 *       its {@code alpha} fades the box too, where drawbox cannot fade), shown while {@code t < seconds} and fading
 *       out over the last {@link #FADE_SECONDS}. Each line goes through a UTF-8 text file with {@code expansion=none},
 *       as the subtitles do: a title from OCR or a manifest may hold quotes, colons, backslashes, percent signs and
 *       non-ASCII letters, and none of it is ever parsed by FFmpeg, nor converted by whatever charset a Java string
 *       is handed to native code in. The file paths themselves are escaped for the filter graph ({@link #quote}).</li>
 * </ul>
 */
public final class TitleCard {
  /** The card fades out over this long at its end (shorter for a very short card). */
  static final double FADE_SECONDS = 0.5;
  /** A title longer than this many lines is cut with an ellipsis: a card is read at a glance. */
  static final int MAX_LINES = 2;
  /** Title type against the subtitle type of the same frame. */
  static final double SIZE_FACTOR = 1.2;
  /** Share of the frame width the lines may take (the rest is the margin on both sides). */
  static final double TEXT_WIDTH = 0.88;
  /** Opacity of the band, the same as the subtitle box. */
  static final double BAND_OPACITY = 0.6;
  static final String ELLIPSIS = "\u2026";
  /** Cleaning and measuring stop here: no title worth a card is longer, and OCR can read a whole paragraph. */
  private static final int MAX_CHARS = 300;

  /** The lines shown, their type size and pitch, and the band's rows [top, bottom) in the output frame. */
  public final List<String> lines;
  public final int fontSize;
  public final int linePitch;
  public final int bandTop;
  public final int bandBottom;
  /** How long the card shows, in clip seconds. */
  public final double seconds;
  private final int frameWidth;
  private final RenderConfig config;

  private TitleCard(List<String> lines, int fontSize, int linePitch, int bandTop, int bandBottom, double seconds,
      int frameWidth, RenderConfig config) {
    this.lines = lines;
    this.fontSize = fontSize;
    this.linePitch = linePitch;
    this.bandTop = bandTop;
    this.bandBottom = bandBottom;
    this.seconds = seconds;
    this.frameWidth = frameWidth;
    this.config = config;
  }

  /**
   * The title a clip's card shows: the title of the readable slide on screen longest during the card's first
   * {@code seconds} of clip time (at least {@link LectureSlide#MIN_SHOWN_SECONDS} of it, or all of the card when
   * shorter; ties: the earlier slide), else {@code highlightTitle}; cleaned ({@link #clean}); empty when there is none.
   */
  public static String title(@Nullable Layout layout, ClipTimeline timeline, double seconds,
      @Nullable String highlightTitle) {
    // The card's clip time [0, seconds) in source time: the start of the first kept interval(s).
    List<double[]> window = new ArrayList<>();
    double covered = 0;
    for (int i = 0; i < timeline.size() && timeline.clipStart(i) < seconds; i++) {
      double len = Math.min(seconds, timeline.clipEnd(i)) - timeline.clipStart(i);
      window.add(new double[] {timeline.sourceStart(i), timeline.sourceStart(i) + len});
      covered += len;
    }
    String best = "";
    double bestShown = 0;
    double enough = Math.min(LectureSlide.MIN_SHOWN_SECONDS, covered) - 1e-9;
    if (layout != null && layout.getSlides() != null) {
      // Slides are in time order: on a tie the earlier one stays.
      for (Slide s : layout.getSlides()) {
        LectureSlide slide = new LectureSlide(s.getStart(), s.getEnd(), String.valueOf(s.getTitle()),
            String.valueOf(s.getText()), s.getConfidence());
        String t = clean(slide.displayTitle());
        double shown = 0;
        for (double[] w : window) {
          shown += slide.overlap(w[0], w[1]);
        }
        if (!t.isEmpty() && shown >= enough && shown > bestShown + 1e-9) {
          best = t;
          bestShown = shown;
        }
      }
    }
    return best.isEmpty() ? clean(highlightTitle) : best;
  }

  /**
   * A title as one line of plain text: control and format characters (a newline from OCR, a bidi mark, a NUL from a
   * broken manifest) become spaces, runs of white space one space, and the ends are trimmed; at most a few hundred
   * characters. Everything else (quotes, colons, backslashes, percent signs, any script) is kept as it is.
   */
  public static String clean(@Nullable CharSequence title) {
    if (title == null) {
      return "";
    }
    String t = title.toString();
    if (t.length() > MAX_CHARS * 2) {
      t = t.substring(0, MAX_CHARS * 2);
    }
    t = t.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\uFFFD]", " ").replaceAll("\\s+", " ").strip();
    if (t.length() > MAX_CHARS) {
      int cut = t.lastIndexOf(' ', MAX_CHARS);
      t = t.substring(0, cut > 0 ? cut : MAX_CHARS) + " " + ELLIPSIS;
    }
    return t;
  }

  /**
   * Lays a title out for one output frame ({@code plan}'s size and subtitle band) in {@code config}'s font and
   * colours, shown for {@code seconds} (at most the clip's {@code clipSeconds}). Null for an empty title.
   */
  public static @Nullable TitleCard plan(String title, RenderLayout plan, RenderConfig config, double seconds,
      double clipSeconds) {
    String t = clean(title);
    if (t.isEmpty()) {
      return null;
    }
    int size = Math.max(8, (int) Math.round(plan.fontSize * SIZE_FACTOR));
    ToDoubleFunction<String> width = measure(config.fontFile(), size);
    int maxWidth = (int) Math.floor(TEXT_WIDTH * plan.width);
    List<String> lines = wrap(t, width, maxWidth, MAX_LINES);
    int pitch = Math.round(size * 1.3f);
    int pad = Math.round(size * 0.45f);
    int height = lines.size() * pitch + 2 * pad;
    int margin = (int) Math.round((config.narrow() ? 0.10 : 0.06) * plan.height);
    int top = Math.min(margin, Math.max(0, plan.height - height));
    boolean subtitlesAtTop = config.subtitles() && RenderConfig.TOP.equals(config.subtitlePosition());
    if (subtitlesAtTop && top < plan.subtitleBottom) {
      // Under the subtitles' band; where that leaves no room, at the bottom, which the subtitles left free.
      int gap = Math.max(2, pad / 2);
      top = plan.subtitleBottom + gap + height <= plan.height ? plan.subtitleBottom + gap
          : Math.max(0, plan.height - margin - height);
    }
    double shown = Math.max(0.04, Math.min(seconds, clipSeconds));
    return new TitleCard(List.copyOf(lines), size, pitch, top, Math.min(plan.height, top + height), shown,
        plan.width, config);
  }

  /**
   * Greedy wrapping to {@code maxWidth} pixels as {@code width} measures; then, for two lines, the break where the
   * longer line is shortest (no full line over a lone word). More than {@code maxLines}: the last line ends with the
   * ellipsis after the words that fit with it. A word wider than a line is cut, with the ellipsis, where it fits.
   */
  static List<String> wrap(String title, ToDoubleFunction<String> width, int maxWidth, int maxLines) {
    List<String> lines = new ArrayList<>();
    String line = "";
    for (String w : title.split(" ")) {
      String word = width.applyAsDouble(w) <= maxWidth ? w : cut(w, width, maxWidth);
      String trial = line.isEmpty() ? word : line + " " + word;
      if (!line.isEmpty() && width.applyAsDouble(trial) > maxWidth) {
        lines.add(line);
        line = word;
      } else {
        line = trial;
      }
    }
    if (!line.isEmpty()) {
      lines.add(line);
    }
    if (lines.size() > maxLines) {
      // Words are left over: the last line shown ends with an ellipsis, dropping its words until the two fit.
      List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
      List<String> last = new ArrayList<>(List.of(kept.get(maxLines - 1).split(" ")));
      while (last.size() > 1 && width.applyAsDouble(String.join(" ", last) + " " + ELLIPSIS) > maxWidth) {
        last.remove(last.size() - 1);
      }
      String end = String.join(" ", last) + " " + ELLIPSIS;
      kept.set(maxLines - 1, width.applyAsDouble(end) <= maxWidth ? end : cut(String.join(" ", last), width,
          maxWidth));
      return kept;
    }
    return lines.size() == 2 ? balance(lines, width, maxWidth) : lines;
  }

  /** Two lines re-broken where the longer of the two is shortest, both still within {@code maxWidth}. */
  private static List<String> balance(List<String> lines, ToDoubleFunction<String> width, int maxWidth) {
    String[] words = (lines.get(0) + " " + lines.get(1)).split(" ");
    List<String> best = lines;
    double bestLongest = Math.max(width.applyAsDouble(lines.get(0)), width.applyAsDouble(lines.get(1)));
    for (int k = 1; k < words.length; k++) {
      String a = String.join(" ", java.util.Arrays.copyOfRange(words, 0, k));
      String b = String.join(" ", java.util.Arrays.copyOfRange(words, k, words.length));
      double wa = width.applyAsDouble(a);
      double wb = width.applyAsDouble(b);
      if (wa <= maxWidth && wb <= maxWidth && Math.max(wa, wb) < bestLongest - 1e-6) {
        best = List.of(a, b);
        bestLongest = Math.max(wa, wb);
      }
    }
    return best;
  }

  /** The longest start of {@code word} that fits {@code maxWidth} with the ellipsis after it (whole code points). */
  private static String cut(String word, ToDoubleFunction<String> width, int maxWidth) {
    int end = word.length();
    while (end > 0 && width.applyAsDouble(word.substring(0, end) + ELLIPSIS) > maxWidth) {
      end = word.offsetByCodePoints(end, -1);
    }
    return word.substring(0, end) + ELLIPSIS;
  }

  private static final Map<String, Optional<Font>> FONTS = new ConcurrentHashMap<>();

  /**
   * Text width in pixels in this TrueType font at {@code size} pixels per em, as FreeType (drawtext) lays it out:
   * the font's advances, measured by the JDK's font engine. A font the JDK cannot read falls back to DejaVu Sans
   * Bold's average advance per character (0.62 em), what the subtitles' line length assumes.
   */
  static ToDoubleFunction<String> measure(String fontFile, int size) {
    Optional<Font> base = FONTS.computeIfAbsent(fontFile, TitleCard::load);
    if (base.isEmpty()) {
      return s -> 0.62 * size * s.codePointCount(0, s.length());
    }
    Font font = base.get().deriveFont((float) size);
    // No transform (1 point = 1 pixel), antialiased with fractional advances: what FreeType's unhinted layout gives.
    FontRenderContext frc = new FontRenderContext(null, true, true);
    return s -> font.getStringBounds(s, frc).getWidth();
  }

  private static Optional<Font> load(String fontFile) {
    try {
      return Optional.of(Font.createFont(Font.TRUETYPE_FONT, Path.of(fontFile).toFile()));
    } catch (java.awt.FontFormatException | IOException | RuntimeException | LinkageError e) {
      // LinkageError: a runtime without the JDK's font engine (no libfreetype): the card still renders.
      return Optional.empty();
    }
  }

  /**
   * The card's part of a filter graph (to append to the layout's, after the subtitles): the band, then each line
   * centred, all shown while {@code t < seconds} and fading out over the last {@link #FADE_SECONDS}. The lines' text
   * goes to {@code title-N.txt} files in {@code textDir}.
   */
  public String drawtext(Path textDir) throws IOException {
    double fade = Math.min(FADE_SECONDS, seconds / 3);
    String timing = String.format(Locale.ROOT, "enable='lt(t,%.3f)':alpha='min(1,(%.3f-t)/%.3f)'", seconds, seconds,
        fade);
    String font = "fontfile=" + quote(config.fontFile());
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < lines.size(); j++) {
      Files.writeString(textDir.resolve("title-" + j + ".txt"), lines.get(j), StandardCharsets.UTF_8);
    }
    // The band: drawtext's box at a fixed size, its own text invisible; drawtext's alpha fades the box with it.
    sb.append(String.format(Locale.ROOT, ",drawtext=%s:textfile=%s:expansion=none:fontsize=%d:fontcolor=%s@0:"
            + "box=1:boxcolor=%s@%.2f:boxw=%d:boxh=%d:x=0:y=%d:%s",
        font, quote(textDir.resolve("title-0.txt").toAbsolutePath().toString()), fontSize, config.subtitleColor(),
        config.subtitleBackColor(), BAND_OPACITY, frameWidth, bandBottom - bandTop, bandTop, timing));
    int first = bandTop + (bandBottom - bandTop - lines.size() * linePitch) / 2;
    for (int j = 0; j < lines.size(); j++) {
      // y_align=font: every line box has the font's full height, so lines sit on a regular pitch.
      sb.append(String.format(Locale.ROOT, ",drawtext=%s:textfile=%s:expansion=none:fontsize=%d:fontcolor=%s:"
              + "y_align=font:x=(w-text_w)/2:y=%d:%s",
          font, quote(textDir.resolve("title-" + j + ".txt").toAbsolutePath().toString()), fontSize,
          config.subtitleColor(), first + j * linePitch + Math.round((linePitch - fontSize * 1.17f) / 2), timing));
    }
    return sb.toString();
  }

  /**
   * A value for a filter option inside a filter graph, escaped at both levels FFmpeg parses it: the option's own
   * ({@code \ ' :} backslashed, as av_get_token reads a value) and then the graph's ({@code \ ' [ ] , ;}
   * backslashed, as the graph parser reads a filter's arguments).
   */
  static String quote(String value) {
    StringBuilder option = new StringBuilder();
    for (char ch : value.toCharArray()) {
      if ("\\':".indexOf(ch) >= 0) {
        option.append('\\');
      }
      option.append(ch);
    }
    StringBuilder graph = new StringBuilder();
    for (char ch : option.toString().toCharArray()) {
      if ("\\'[],;".indexOf(ch) >= 0) {
        graph.append('\\');
      }
      graph.append(ch);
    }
    return graph.toString();
  }
}
