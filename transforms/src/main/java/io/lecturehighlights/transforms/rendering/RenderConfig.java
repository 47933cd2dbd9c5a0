package io.lecturehighlights.transforms.rendering;

import java.io.Serializable;
import java.util.Locale;

/**
 * How clips are rendered. An immutable value (it travels inside the DoFns); every {@code with...} returns a new
 * config.
 */
public record RenderConfig(
    // vertical (9:16, screen over camera) or original (the source's own framing).
    String layoutMode,
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
    int thumbnailQscale)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String VERTICAL = "vertical";
  public static final String ORIGINAL = "original";
  public static final String BOX = "box";
  public static final String OUTLINE = "outline";
  public static final String BOTTOM = "bottom";
  public static final String TOP = "top";
  /** A bold sans TrueType font; Debian's fonts-dejavu-core (deploy/install-prerequisites.sh) installs this one. */
  public static final String DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

  public static RenderConfig defaults() {
    return new RenderConfig(
        VERTICAL, // layoutMode
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
        3); // thumbnailQscale
  }

  public RenderConfig withLayoutMode(String mode) {
    String m = mode.toLowerCase(Locale.ROOT);
    if (!m.equals(VERTICAL) && !m.equals(ORIGINAL)) {
      throw new IllegalArgumentException("layout mode must be vertical or original, got " + mode);
    }
    return change(b -> b.layoutMode = m);
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
   * Clips {@code height} pixels high (even, 144..2160) in both layouts: vertical clips 9:16 at that height, original
   * ones at most 16:9 at that height (the source's aspect kept, never scaled up).
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

  /** This config with some values changed: the one place that lists every component, so withers stay short. */
  private RenderConfig change(java.util.function.Consumer<Values> edit) {
    Values b = new Values(this);
    edit.accept(b);
    return b.build();
  }

  /** A config's values, to change before building the next one. */
  private static final class Values {
    String layoutMode;
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

    Values(RenderConfig c) {
      layoutMode = c.layoutMode;
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
    }

    RenderConfig build() {
      return new RenderConfig(layoutMode, verticalWidth, verticalHeight, maxOriginalWidth, maxOriginalHeight,
          x264Preset, crf, audioBitrate, audioSampleRate, audiogramFps, threads, fadeMillis, subtitles, fontSizeRatio,
          maxLines, maxCharsVertical, maxCharsOriginal, subtitleStyle, fontFile, subtitleColor, subtitleBackColor,
          subtitlePosition, minCueSeconds, cuePauseSeconds, audiogramColor, thumbnailQscale);
    }
  }

  public boolean vertical() {
    return VERTICAL.equals(layoutMode);
  }

  /** Characters per subtitle line in the configured layout mode. */
  public int maxCharsPerLine() {
    return vertical() ? maxCharsVertical : maxCharsOriginal;
  }

  public String describe() {
    return String.format(Locale.ROOT, "%s libx264 %s crf %d, aac %d kb/s %s, fades %d ms, subtitles %s",
        layoutMode, x264Preset, crf, audioBitrate / 1000,
        audioSampleRate == 0 ? "source rate" : audioSampleRate + " Hz", fadeMillis,
        subtitles ? subtitleStyle + " " + maxLines + "x" + maxCharsPerLine() : "off");
  }

  @Override
  public String toString() {
    return describe();
  }
}
