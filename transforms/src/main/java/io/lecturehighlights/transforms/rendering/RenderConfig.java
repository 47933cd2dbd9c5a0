package io.lecturehighlights.transforms.rendering;

import java.io.Serializable;
import java.util.Locale;

/**
 * How clips are rendered. Immutable and Serializable (it travels inside the DoFns); every {@code with...} returns a
 * copy.
 */
public final class RenderConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String VERTICAL = "vertical";
  public static final String ORIGINAL = "original";
  public static final String BOX = "box";
  public static final String OUTLINE = "outline";

  /** vertical (9:16, screen over camera) or original (the source's own framing). */
  public String layoutMode = VERTICAL;
  public int verticalWidth = 720;
  public int verticalHeight = 1280;
  /** Original mode keeps the source's aspect, scaled down (never up) to fit this box. */
  public int maxOriginalWidth = 1280;
  public int maxOriginalHeight = 720;

  // Encoding: libx264 + AAC in MP4 with the index in front (faststart), what phones and browsers play at once.
  public String x264Preset = "veryfast";
  public int crf = 23;
  public int audioBitrate = 128_000;
  /** Output sample rate; 0 keeps the source's. */
  public int audioSampleRate = 48_000;
  /** Frame rate when the source has none (audio-only lectures); otherwise the source's rate is kept. */
  public double audiogramFps = 25;
  /**
   * Decoder and encoder threads of one render; 0 lets FFmpeg choose (one per core and more) for a render alone on its
   * worker, and in the pipeline (RenderClips) gives each of the renders that share a worker an equal share of its
   * cores, see {@link #threadsPerRender}.
   */
  public int threads = 0;

  /** Audio fade in and out at every cut, so the splice makes no click. */
  public int fadeMillis = 10;

  // Burned-in subtitles (drawtext: this FFmpeg build has no libass).
  public boolean subtitles = true;
  /** Font size as a share of the frame height, capped so that a full line fits the frame width. */
  public double fontSizeRatio = 0.05;
  public int maxLines = 2;
  /** Phone-friendly line length: short lines for 9:16, longer ones for the original framing. */
  public int maxCharsVertical = 32;
  public int maxCharsOriginal = 42;
  /** box (white text on a translucent black box) or outline (white text with a black border). */
  public String subtitleStyle = BOX;
  /** A bold sans TrueType font; Debian's fonts-dejavu-core (deploy/install-prerequisites.sh) installs this one. */
  public String fontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  /** A cue stays on screen at least this long, unless the next one starts sooner. */
  public double minCueSeconds = 0.7;
  /** A pause this long between words ends a cue even mid-sentence. */
  public double cuePauseSeconds = 0.6;

  /** Background of an audio-only lecture's clip (an "audiogram"): FFmpeg colour syntax. */
  public String audiogramColor = "0x14202b";
  /** JPEG quality of the thumbnail on FFmpeg's qscale (2 best .. 31 worst). */
  public int thumbnailQscale = 3;

  public static RenderConfig defaults() {
    return new RenderConfig();
  }

  private RenderConfig copy() {
    RenderConfig c = new RenderConfig();
    c.layoutMode = layoutMode;
    c.verticalWidth = verticalWidth;
    c.verticalHeight = verticalHeight;
    c.maxOriginalWidth = maxOriginalWidth;
    c.maxOriginalHeight = maxOriginalHeight;
    c.x264Preset = x264Preset;
    c.crf = crf;
    c.audioBitrate = audioBitrate;
    c.audioSampleRate = audioSampleRate;
    c.audiogramFps = audiogramFps;
    c.threads = threads;
    c.fadeMillis = fadeMillis;
    c.subtitles = subtitles;
    c.fontSizeRatio = fontSizeRatio;
    c.maxLines = maxLines;
    c.maxCharsVertical = maxCharsVertical;
    c.maxCharsOriginal = maxCharsOriginal;
    c.subtitleStyle = subtitleStyle;
    c.fontFile = fontFile;
    c.minCueSeconds = minCueSeconds;
    c.cuePauseSeconds = cuePauseSeconds;
    c.audiogramColor = audiogramColor;
    c.thumbnailQscale = thumbnailQscale;
    return c;
  }

  public RenderConfig withLayoutMode(String mode) {
    String m = mode.toLowerCase(Locale.ROOT);
    if (!m.equals(VERTICAL) && !m.equals(ORIGINAL)) {
      throw new IllegalArgumentException("layout mode must be vertical or original, got " + mode);
    }
    RenderConfig c = copy();
    c.layoutMode = m;
    return c;
  }

  public RenderConfig withVerticalSize(int width, int height) {
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("vertical size must be even and at least 16x16, got " + width + "x" + height);
    }
    RenderConfig c = copy();
    c.verticalWidth = width;
    c.verticalHeight = height;
    return c;
  }

  public RenderConfig withMaxOriginalSize(int width, int height) {
    if (width < 16 || height < 16) {
      throw new IllegalArgumentException("original size cap must be at least 16x16, got " + width + "x" + height);
    }
    RenderConfig c = copy();
    c.maxOriginalWidth = width;
    c.maxOriginalHeight = height;
    return c;
  }

  public RenderConfig withEncoder(String x264Preset, int crf) {
    if (crf < 0 || crf > 51) {
      throw new IllegalArgumentException("crf must be 0..51, got " + crf);
    }
    RenderConfig c = copy();
    c.x264Preset = x264Preset;
    c.crf = crf;
    return c;
  }

  public RenderConfig withAudio(int bitrate, int sampleRate) {
    if (bitrate < 16_000 || sampleRate < 0) {
      throw new IllegalArgumentException("audio bitrate must be >= 16000 and sample rate >= 0 (0: the source's)");
    }
    RenderConfig c = copy();
    c.audioBitrate = bitrate;
    c.audioSampleRate = sampleRate;
    return c;
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
    RenderConfig c = copy();
    c.threads = threads;
    return c;
  }

  public RenderConfig withFadeMillis(int millis) {
    if (millis < 0 || millis > 1000) {
      throw new IllegalArgumentException("fade must be 0..1000 ms, got " + millis);
    }
    RenderConfig c = copy();
    c.fadeMillis = millis;
    return c;
  }

  public RenderConfig withSubtitles(boolean on) {
    RenderConfig c = copy();
    c.subtitles = on;
    return c;
  }

  public RenderConfig withSubtitleStyle(String style) {
    String s = style.toLowerCase(Locale.ROOT);
    if (!s.equals(BOX) && !s.equals(OUTLINE)) {
      throw new IllegalArgumentException("subtitle style must be box or outline, got " + style);
    }
    RenderConfig c = copy();
    c.subtitleStyle = s;
    return c;
  }

  public RenderConfig withFontFile(String path) {
    RenderConfig c = copy();
    c.fontFile = path;
    return c;
  }

  public RenderConfig withSubtitleLines(int maxLines, int maxCharsVertical, int maxCharsOriginal) {
    if (maxLines < 1 || maxCharsVertical < 8 || maxCharsOriginal < 8) {
      throw new IllegalArgumentException("subtitles need >= 1 line of >= 8 characters");
    }
    RenderConfig c = copy();
    c.maxLines = maxLines;
    c.maxCharsVertical = maxCharsVertical;
    c.maxCharsOriginal = maxCharsOriginal;
    return c;
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
