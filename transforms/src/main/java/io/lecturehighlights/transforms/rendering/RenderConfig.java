package io.lecturehighlights.transforms.rendering;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How clips are rendered. An immutable value (it travels inside the DoFns); every {@code with...} returns a new
 * config.
 */
public record RenderConfig(
    // The shape RenderLayout plans: vertical (9:16, screen over camera), landscape (16:9), square (1:1) or original
    // (the source's own framing). The renderer sets it to each of the formats in turn.
    String layoutMode,
    // The clip formats each highlight is rendered in, in order; the first keeps the plain clip-NN names.
    List<String> formats,
    int verticalWidth,
    int verticalHeight,
    // Original mode keeps the source's aspect, scaled down (never up) to fit this box.
    int maxOriginalWidth,
    int maxOriginalHeight,
    // Encoding: libx264 + AAC in MP4 with the index in front (faststart), what phones and browsers play at once.
    String x264Preset,
    int crf,
    int audioBitrate,
    // Output sample rate; 0 keeps the source's.
    int audioSampleRate,
    // Frame rate when the source has none (audio-only lectures); otherwise the source's rate is kept.
    double audiogramFps,
    // Decoder and encoder threads of one render; 0 lets FFmpeg choose (one per core and more) for a render alone on
    // its worker, and in the pipeline (RenderClips) gives each of the renders that share a worker an equal share of
    // its cores, see threadsPerRender.
    int threads,
    // Audio fade in and out at every cut, so the splice makes no click.
    int fadeMillis,
    // Burned-in subtitles (drawtext: this FFmpeg build has no libass).
    boolean subtitles,
    // Font size as a share of the frame height, capped so that a full line fits the frame width.
    double fontSizeRatio,
    int maxLines,
    // Phone-friendly line length: short lines for 9:16, longer ones for the original framing.
    int maxCharsVertical,
    int maxCharsOriginal,
    // box (white text on a translucent black box) or outline (white text with a black border).
    String subtitleStyle,
    // A bold sans TrueType font; Debian's fonts-dejavu-core (deploy/install-prerequisites.sh) installs this one.
    String fontFile,
    // Text colour, and the colour of the box or outline behind it (FFmpeg colour syntax: a name or #RRGGBB).
    String subtitleColor,
    String subtitleBackColor,
    // bottom (under the picture's middle, as captions are) or top.
    String subtitlePosition,
    // A cue stays on screen at least this long, unless the next one starts sooner.
    double minCueSeconds,
    // A pause this long between words ends a cue even mid-sentence.
    double cuePauseSeconds,
    // Background of an audio-only lecture's clip (an "audiogram"): FFmpeg colour syntax.
    String audiogramColor,
    // JPEG quality of the thumbnail on FFmpeg's qscale (2 best .. 31 worst).
    int thumbnailQscale,
    // The segment's title on a band for the first seconds of each clip (TitleCard); off keeps the plain look.
    boolean titleCard,
    double titleCardSeconds)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String VERTICAL = "vertical";
  public static final String ORIGINAL = "original";
  public static final String LANDSCAPE = "landscape";
  public static final String SQUARE = "square";
  /** Every clip format (and layout mode) a config can name. */
  public static final List<String> FORMATS = List.of(VERTICAL, LANDSCAPE, SQUARE, ORIGINAL);
  public static final String BOX = "box";
  public static final String OUTLINE = "outline";
  public static final String BOTTOM = "bottom";
  public static final String TOP = "top";
  /** A bold sans TrueType font; Debian's fonts-dejavu-core (deploy/install-prerequisites.sh) installs this one. */
  public static final String DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

  public static RenderConfig defaults() {
    return new RenderConfig(
        VERTICAL, // layoutMode
        List.of(VERTICAL), // formats
        720, // verticalWidth
        1280, // verticalHeight
        1280, // maxOriginalWidth
        720, // maxOriginalHeight
        "veryfast", // x264Preset
        23, // crf
        128_000, // audioBitrate
        48_000, // audioSampleRate
        25, // audiogramFps
        0, // threads
        10, // fadeMillis
        true, // subtitles
        0.05, // fontSizeRatio
        2, // maxLines
        32, // maxCharsVertical
        42, // maxCharsOriginal
        BOX, // subtitleStyle
        DEFAULT_FONT, // fontFile
        "white", // subtitleColor
        "black", // subtitleBackColor
        BOTTOM, // subtitlePosition
        0.7, // minCueSeconds
        0.6, // cuePauseSeconds
        "0x14202b", // audiogramColor
        3, // thumbnailQscale
        false, // titleCard
        3.0); // titleCardSeconds
  }

  /** Clips in this one shape: the only format, and the layout planned. */
  public RenderConfig withLayoutMode(String mode) {
    String m = mode.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(m)) {
      throw new IllegalArgumentException("layout mode must be one of " + String.join(", ", FORMATS) + ", got "
          + mode);
    }
    return change(b -> {
      b.layoutMode = m;
      b.formats = List.of(m);
    });
  }

  /**
   * Each highlight rendered once per format, in this order (the first also sets the layout mode). Every name must be
   * one of {@link #FORMATS}, once.
   */
  public RenderConfig withFormats(List<String> formats) {
    List<String> f = List.copyOf(formats);
    if (f.isEmpty()) {
      throw new IllegalArgumentException("at least one clip format is needed (" + String.join(", ", FORMATS) + ")");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String name : f) {
      if (!FORMATS.contains(name)) {
        throw new IllegalArgumentException("unknown clip format '" + name + "': the formats are "
            + String.join(", ", FORMATS));
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("clip format '" + name + "' is named twice");
      }
    }
    return change(b -> {
      b.layoutMode = f.get(0);
      b.formats = f;
    });
  }

  /**
   * A comma-separated list of formats, as {@code --clip-formats} takes it: names are trimmed and lower-cased; an
   * empty item (two commas) is an error, not skipped, since it is more likely a typo than intent.
   */
  public static List<String> parseFormats(String csv) {
    if (csv == null || csv.isBlank()) {
      throw new IllegalArgumentException("at least one clip format is needed (" + String.join(", ", FORMATS) + ")");
    }
    List<String> out = new ArrayList<>();
    for (String part : csv.split(",", -1)) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty clip format in '" + csv + "'");
      }
      out.add(name);
    }
    // withFormats names the unknown or repeated one.
    defaults().withFormats(out);
    return List.copyOf(out);
  }

  /** This config rendering one of its formats: the layout mode RenderLayout plans. */
  public RenderConfig forFormat(String format) {
    if (!formats.contains(format)) {
      throw new IllegalArgumentException("format " + format + " is not one of " + formats);
    }
    return change(b -> b.layoutMode = format);
  }

  public RenderConfig withVerticalSize(int width, int height) {
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("vertical size must be even and at least 16x16, got " + width + "x" + height);
    }
    return change(b -> {
      b.verticalWidth = width;
      b.verticalHeight = height;
    });
  }

  public RenderConfig withMaxOriginalSize(int width, int height) {
    if (width < 16 || height < 16) {
      throw new IllegalArgumentException("original size cap must be at least 16x16, got " + width + "x" + height);
    }
    return change(b -> {
      b.maxOriginalWidth = width;
      b.maxOriginalHeight = height;
    });
  }

  public RenderConfig withEncoder(String x264Preset, int crf) {
    if (crf < 0 || crf > 51) {
      throw new IllegalArgumentException("crf must be 0..51, got " + crf);
    }
    return change(b -> {
      b.x264Preset = x264Preset;
      b.crf = crf;
    });
  }

  public RenderConfig withAudio(int bitrate, int sampleRate) {
    if (bitrate < 16_000 || sampleRate < 0) {
      throw new IllegalArgumentException("audio bitrate must be >= 16000 and sample rate >= 0 (0: the source's)");
    }
    return change(b -> {
      b.audioBitrate = bitrate;
      b.audioSampleRate = sampleRate;
    });
  }

  /**
   * Codec threads for one render when {@code renderers} render subtasks share a worker of {@code cores} cores: the
   * configured count if one is set; else FFmpeg's own choice (0) for a render alone; else an equal share of the
   * cores, at least one. FFmpeg's choice is every core (and x264 more), so two renders with it on a 2-core worker
   * would each try to use both: the slots, not the codecs, are what should spread the work over the cores.
   */
  public static int threadsPerRender(int configured, int cores, int renderers) {
    if (configured > 0) {
      return configured;
    }
    return renderers <= 1 ? 0 : Math.max(1, cores / renderers);
  }

  public RenderConfig withThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0: FFmpeg's choice), got " + threads);
    }
    return change(b -> b.threads = threads);
  }

  public RenderConfig withFadeMillis(int millis) {
    if (millis < 0 || millis > 1000) {
      throw new IllegalArgumentException("fade must be 0..1000 ms, got " + millis);
    }
    return change(b -> b.fadeMillis = millis);
  }

  public RenderConfig withSubtitles(boolean on) {
    return change(b -> b.subtitles = on);
  }

  public RenderConfig withSubtitleStyle(String style) {
    String s = style.toLowerCase(Locale.ROOT);
    if (!s.equals(BOX) && !s.equals(OUTLINE)) {
      throw new IllegalArgumentException("subtitle style must be box or outline, got " + style);
    }
    return change(b -> b.subtitleStyle = s);
  }

  public RenderConfig withFontFile(String path) {
    return change(b -> b.fontFile = path);
  }

  /** Subtitle type size as a share of the frame height (capped in the layout so a full line fits the width). */
  public RenderConfig withFontSizeRatio(double ratio) {
    if (!(ratio >= 0.02 && ratio <= 0.15)) {
      throw new IllegalArgumentException("subtitle size must be 0.02..0.15 of the clip height, got " + ratio);
    }
    return change(b -> b.fontSizeRatio = ratio);
  }

  /**
   * Clips of the resolution class {@code height} names (even, 144..2160): vertical clips 9:16 at that height, original
   * ones at most 16:9 at that height (the source's aspect kept, never scaled up). Landscape and square clips share
   * the vertical clip's short side (see {@link #frameWidth()}), as 720x1280, 1280x720 and 720x720 do: the height is
   * the long side of the 9:16 and 16:9 frames.
   */
  public RenderConfig withClipHeight(int height) {
    if (height < 144 || height > 2160 || height % 2 != 0) {
      throw new IllegalArgumentException("clip height must be even and 144..2160 pixels, got " + height);
    }
    int verticalW = (int) Math.round(height * 9 / 16.0 / 2) * 2;
    int originalW = (int) Math.round(height * 16 / 9.0 / 2) * 2;
    return withVerticalSize(verticalW, height).withMaxOriginalSize(originalW, height);
  }

  public RenderConfig withSubtitleLines(int maxLines, int maxCharsVertical, int maxCharsOriginal) {
    if (maxLines < 1 || maxCharsVertical < 8 || maxCharsOriginal < 8) {
      throw new IllegalArgumentException("subtitles need >= 1 line of >= 8 characters");
    }
    return change(b -> {
      b.maxLines = maxLines;
      b.maxCharsVertical = maxCharsVertical;
      b.maxCharsOriginal = maxCharsOriginal;
    });
  }

  /** Colours FFmpeg knows by these names, or #RRGGBB / 0xRRGGBB. */
  private static final java.util.regex.Pattern COLOR = java.util.regex.Pattern.compile(
      "(?i)#[0-9a-f]{6}|0x[0-9a-f]{6}|white|black|yellow|red|green|blue|cyan|magenta|orange|gray|grey|navy|"
          + "darkblue|darkgreen|darkred|gold|pink|purple|silver|brown");

  /** Text colour and the box or outline colour: a colour name FFmpeg knows or #RRGGBB. */
  public RenderConfig withSubtitleColors(String text, String back) {
    for (String c : new String[] {text, back}) {
      if (c == null || !COLOR.matcher(c).matches()) {
        throw new IllegalArgumentException("subtitle colour must be #RRGGBB or a colour name (white, black, yellow, "
            + "red, green, blue, cyan, magenta, orange, gray, navy, gold, ...), got " + c);
      }
    }
    return change(b -> {
      b.subtitleColor = text.toLowerCase(Locale.ROOT);
      b.subtitleBackColor = back.toLowerCase(Locale.ROOT);
    });
  }

  public RenderConfig withSubtitlePosition(String position) {
    String p = position.toLowerCase(Locale.ROOT);
    if (!p.equals(BOTTOM) && !p.equals(TOP)) {
      throw new IllegalArgumentException("subtitle position must be bottom or top, got " + position);
    }
    return change(b -> b.subtitlePosition = p);
  }

  /** Shortest and longest title card: under a second cannot be read, over ten is no longer a title. */
  public static final double MIN_TITLE_CARD_SECONDS = 1.0;
  public static final double MAX_TITLE_CARD_SECONDS = 10.0;

  /** The title card on or off, and how long it shows ({@link #MIN_TITLE_CARD_SECONDS}..{@link #MAX_TITLE_CARD_SECONDS}). */
  public RenderConfig withTitleCard(boolean on, double seconds) {
    if (!(seconds >= MIN_TITLE_CARD_SECONDS && seconds <= MAX_TITLE_CARD_SECONDS)) {
      throw new IllegalArgumentException("title card seconds must be " + MIN_TITLE_CARD_SECONDS + ".."
          + MAX_TITLE_CARD_SECONDS + ", got " + seconds);
    }
    return change(b -> {
      b.titleCard = on;
      b.titleCardSeconds = seconds;
    });
  }

  /** This config with some values changed: the one place that lists every component, so withers stay short. */
  private RenderConfig change(java.util.function.Consumer<Values> edit) {
    Values b = new Values(this);
    edit.accept(b);
    return b.build();
  }

  /** A config's values, to change before building the next one. */
  private static final class Values {
    String layoutMode;
    List<String> formats;
    int verticalWidth;
    int verticalHeight;
    int maxOriginalWidth;
    int maxOriginalHeight;
    String x264Preset;
    int crf;
    int audioBitrate;
    int audioSampleRate;
    double audiogramFps;
    int threads;
    int fadeMillis;
    boolean subtitles;
    double fontSizeRatio;
    int maxLines;
    int maxCharsVertical;
    int maxCharsOriginal;
    String subtitleStyle;
    String fontFile;
    String subtitleColor;
    String subtitleBackColor;
    String subtitlePosition;
    double minCueSeconds;
    double cuePauseSeconds;
    String audiogramColor;
    int thumbnailQscale;
    boolean titleCard;
    double titleCardSeconds;

    Values(RenderConfig c) {
      layoutMode = c.layoutMode;
      formats = c.formats;
      verticalWidth = c.verticalWidth;
      verticalHeight = c.verticalHeight;
      maxOriginalWidth = c.maxOriginalWidth;
      maxOriginalHeight = c.maxOriginalHeight;
      x264Preset = c.x264Preset;
      crf = c.crf;
      audioBitrate = c.audioBitrate;
      audioSampleRate = c.audioSampleRate;
      audiogramFps = c.audiogramFps;
      threads = c.threads;
      fadeMillis = c.fadeMillis;
      subtitles = c.subtitles;
      fontSizeRatio = c.fontSizeRatio;
      maxLines = c.maxLines;
      maxCharsVertical = c.maxCharsVertical;
      maxCharsOriginal = c.maxCharsOriginal;
      subtitleStyle = c.subtitleStyle;
      fontFile = c.fontFile;
      subtitleColor = c.subtitleColor;
      subtitleBackColor = c.subtitleBackColor;
      subtitlePosition = c.subtitlePosition;
      minCueSeconds = c.minCueSeconds;
      cuePauseSeconds = c.cuePauseSeconds;
      audiogramColor = c.audiogramColor;
      thumbnailQscale = c.thumbnailQscale;
      titleCard = c.titleCard;
      titleCardSeconds = c.titleCardSeconds;
    }

    RenderConfig build() {
      return new RenderConfig(layoutMode, formats, verticalWidth, verticalHeight, maxOriginalWidth, maxOriginalHeight,
          x264Preset, crf, audioBitrate, audioSampleRate, audiogramFps, threads, fadeMillis, subtitles, fontSizeRatio,
          maxLines, maxCharsVertical, maxCharsOriginal, subtitleStyle, fontFile, subtitleColor, subtitleBackColor,
          subtitlePosition, minCueSeconds, cuePauseSeconds, audiogramColor, thumbnailQscale, titleCard,
          titleCardSeconds);
    }
  }

  public boolean vertical() {
    return VERTICAL.equals(layoutMode);
  }

  /**
   * Output width of the fixed-shape layout modes: vertical {@code verticalWidth x verticalHeight}; landscape the same
   * frame turned (16:9, {@code verticalHeight x verticalWidth}); square {@code verticalWidth} on each side. All three
   * share the short side, so one --clip-height is one resolution class (1280: 720x1280, 1280x720, 720x720) and a
   * landscape clip of a 720p lecture is not scaled up to 2276x1280. Original mode has no fixed shape (-1).
   */
  public int frameWidth() {
    return switch (layoutMode) {
      case VERTICAL, SQUARE -> verticalWidth;
      case LANDSCAPE -> verticalHeight;
      default -> -1;
    };
  }

  /** Output height of the fixed-shape layout modes; see {@link #frameWidth()}. */
  public int frameHeight() {
    return switch (layoutMode) {
      case VERTICAL -> verticalHeight;
      case LANDSCAPE, SQUARE -> verticalWidth;
      default -> -1;
    };
  }

  /** Whether subtitle lines are the short ones of a narrow frame (vertical, square). */
  boolean narrow() {
    return VERTICAL.equals(layoutMode) || SQUARE.equals(layoutMode);
  }

  /** Characters per subtitle line in the configured layout mode. */
  public int maxCharsPerLine() {
    return narrow() ? maxCharsVertical : maxCharsOriginal;
  }

  public String describe() {
    return String.format(Locale.ROOT, "%s libx264 %s crf %d, aac %d kb/s %s, fades %d ms, subtitles %s%s",
        String.join("+", formats), x264Preset, crf, audioBitrate / 1000,
        audioSampleRate == 0 ? "source rate" : audioSampleRate + " Hz", fadeMillis,
        subtitles ? subtitleStyle + " " + maxLines + "x" + maxCharsPerLine() : "off",
        titleCard ? String.format(Locale.ROOT, ", title card %.1f s", titleCardSeconds) : "");
  }

  @Override
  public String toString() {
    return describe();
  }
}
