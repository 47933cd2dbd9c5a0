package io.lecturehighlights.transforms.slides;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.tesseract.global.tesseract.PSM_SINGLE_BLOCK;
import static org.bytedeco.tesseract.global.tesseract.RIL_TEXTLINE;
import static org.bytedeco.tesseract.global.tesseract.RIL_WORD;

import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.media.Box;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a slide's text with Tesseract (JavaCV's {@code org.bytedeco:tesseract} preset; Debian's language data).
 *
 * <p>One Tesseract engine per instance: an instance is not thread-safe, so use one per thread (or per DoFn
 * instance) and {@link #close()} it. {@link #read} crops the frame to the screen region, turns it into dark text on
 * white whatever the theme (each pixel's distance from the background colour), scales it so the body text's line
 * height lands where Tesseract reads best, and keeps only confident, word-like lines. The title is taken from
 * Tesseract's layout, not its text order: the topmost line(s) in the largest type in the upper part of the slide.
 *
 * <p>Nothing about the picture fails: a blank slide, a photo, handwriting or a blackboard gives
 * {@link SlideText#empty}. Missing language data fails the constructor with a {@link StageException}
 * ({@value #REASON_DATA_MISSING}); an engine error fails {@link #read} with one ({@value #REASON_OCR_FAILED}):
 * callers record either as a note on the job, never as a failed job.
 */
public final class SlideTextReader implements AutoCloseable {

  public static final String DEFAULT_LANGUAGES = "eng";
  /** Where Debian's tesseract-ocr-* packages put the language data (Tesseract 5). */
  public static final Path DEBIAN_TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");

  public static final String REASON_DATA_MISSING = "ocr-language-data-missing";
  public static final String REASON_OCR_FAILED = "ocr-failed";

  /**
   * Body text line height (ink rows, ascender to descender) the image is scaled to, in pixels. Measured on the 48
   * generated slides (lhx bench ocr, 2026-12-03): 40 px mean CER 0.0002 at 177 ms a slide, 28 px 0.0011 at 133 ms,
   * 22 px 0.0028 at 116 ms; all read every title and the ETH frame's. 28 px cut the slides' share of the layout stage
   * on an hour of 40 distinct slides from 27.7 % to 22.7 % (lhx bench slides) but misread a title of the 1366x768
   * dark recording ("tn" for "in"), and so did 34 px once only the rows with ink were handed over (118 vs 126 ms a
   * slide): titles name the topics, so 40 px. What matters most is enlarging small text (the 320x240 ETH frame is
   * read at x4).
   */
  static final double TARGET_LINE_HEIGHT = 40;
  static final double MIN_SCALE = 0.5;
  static final double MAX_SCALE = 4;
  /** Largest image handed to Tesseract (pixels), bounding time and memory for huge frames. */
  static final double MAX_PIXELS = 6_000_000;
  /** A line is kept when its words' mean confidence reaches this (0–100). */
  static final double MIN_LINE_CONFIDENCE = 60;
  /** A frame whose pixels all stay this close to the background colour (0–255) is blank. */
  static final int BLANK_CONTRAST = 40;

  /** A bullet as Tesseract reads it: one bullet-like character, or two of which one is not a letter ("e¢"). */
  private static final Pattern BULLET =
      Pattern.compile("^[•·∙◦▪■□●○►▶➢✓✔–—\\-*+>»«°©®oe¢]$|^(?=.*[^oe])[•·∙◦▪■□●○►▶➢✓✔–—\\-*+>»«°©®oe¢]{2}$");

  private final TessBaseAPI api;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private final String languages;
  private final Path tessdata;
  private boolean closed;

  /** The default languages ({@value #DEFAULT_LANGUAGES}) from the discovered language data. */
  public SlideTextReader() throws StageException {
    this(DEFAULT_LANGUAGES);
  }

  /** {@code languages} as Tesseract writes them ("eng", "eng+deu"), from the discovered language data. */
  public SlideTextReader(String languages) throws StageException {
    this(findTessdata().orElse(DEBIAN_TESSDATA), languages);
  }

  public SlideTextReader(Path tessdata, String languages) throws StageException {
    this.languages = languages == null || languages.isBlank() ? DEFAULT_LANGUAGES : languages.trim();
    this.tessdata = tessdata;
    for (String lang : this.languages.split("\\+")) {
      if (!lang.matches("[A-Za-z0-9_]+")) {
        throw new StageException(REASON_DATA_MISSING, "not a Tesseract language code: '" + lang + "' in '"
            + this.languages + "' (write them as eng or eng+deu)");
      }
      if (!Files.isRegularFile(tessdata.resolve(lang + ".traineddata"))) {
        throw new StageException(REASON_DATA_MISSING, "OCR language data " + lang + ".traineddata not found in "
            + tessdata + ": install Debian's tesseract-ocr-" + lang
            + " (deploy/install-prerequisites.sh installs tesseract-ocr-eng) or point TESSDATA_PREFIX at a folder"
            + " that has it");
      }
    }
    TessBaseAPI engine = new TessBaseAPI();
    int rc;
    try {
      rc = engine.Init(tessdata.toString(), this.languages);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      engine.close();
      throw new StageException(REASON_DATA_MISSING, "Tesseract did not start: " + e, false, e);
    }
    if (rc != 0) {
      engine.End();
      engine.close();
      throw new StageException(REASON_DATA_MISSING,
          "Tesseract could not load " + this.languages + " from " + tessdata + " (Init returned " + rc + ")");
    }
    // One block of text lines, not Tesseract's page layout analysis (columns, tab stops, tables): that analysis took
    // a fifth of a slide's time (lhx bench ocr: 150 to 136 ms), and gave the same text on every slide measured; on
    // slides it already joined two columns row by row. Titles come from the line boxes either way.
    engine.SetPageSegMode(PSM_SINGLE_BLOCK);
    engine.SetVariable("debug_file", "/dev/null");
    this.api = engine;
  }

  /**
   * The language data folder: TESSDATA_PREFIX (the folder with the .traineddata files, or its parent with a
   * tessdata/ folder, as older Tesseracts read it), else Debian's {@link #DEBIAN_TESSDATA} when it exists.
   */
  public static Optional<Path> findTessdata() {
    String env = System.getenv("TESSDATA_PREFIX");
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env.trim());
      if (Files.isDirectory(p.resolve("tessdata")) && !hasTrainedData(p)) {
        return Optional.of(p.resolve("tessdata"));
      }
      return Optional.of(p);
    }
    return Files.isDirectory(DEBIAN_TESSDATA) ? Optional.of(DEBIAN_TESSDATA) : Optional.empty();
  }

  private static boolean hasTrainedData(Path dir) {
    try (var s = Files.list(dir)) {
      return s.anyMatch(f -> f.getFileName().toString().endsWith(".traineddata"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  public String languages() {
    return languages;
  }

  public Path tessdata() {
    return tessdata;
  }

  /**
   * A decoded video frame (JavaCV's {@link Frame}, e.g. from FFmpegFrameGrabber's grabImage), cropped to
   * {@code crop} (frame pixels; null: the whole frame). The frame is converted, not kept.
   */
  public SlideText read(Frame frame, Box crop) throws StageException {
    if (frame == null || frame.image == null) {
      return SlideText.empty(0);
    }
    BufferedImage image = converter.getBufferedImage(frame, 1.0, false, null);
    return image == null ? SlideText.empty(0) : read(image, crop);
  }

  /** The whole frame. */
  public SlideText read(BufferedImage frame) throws StageException {
    return read(frame, null);
  }

  /**
   * The text inside {@code crop} (frame pixels; null: the whole frame). Line boxes and sizes in the result are in
   * frame pixels.
   */
  public SlideText read(BufferedImage frame, Box crop) throws StageException {
    return read(frame, crop, List.of());
  }

  /**
   * The text inside {@code crop} (frame pixels; null: the whole frame), leaving out what lies in {@code masks}
   * (frame pixels: a camera inset over the slide). Line boxes and sizes in the result are in frame pixels.
   */
  public SlideText read(BufferedImage frame, Box crop, List<Box> masks) throws StageException {
    if (closed) {
      throw new StageException(REASON_OCR_FAILED, "SlideTextReader used after close()");
    }
    Box full = new Box(0, 0, frame.getWidth(), frame.getHeight());
    Box c = crop == null ? full : crop.intersect(full);
    if (c.w() < 8 || c.h() < 8) {
      return SlideText.empty(0);
    }
    Prepared p = prepare(frame, c, masks);
    if (p == null) {
      return SlideText.empty(0);
    }
    List<RawLine> raw = recognize(p);
    return assemble(raw, c, p);
  }

  /**
   * The crop as dark-on-white 8-bit gray, scaled for Tesseract; null when it is blank. Only the crop's bands of rows
   * with ink are kept, stacked, and only its columns with ink: {@code rows[i]} is the crop row of unscaled row i,
   * {@code left} the crop column of unscaled column 0.
   */
  record Prepared(byte[] gray, int w, int h, double scale, int[] rows, int left) {
    /** The crop row of a row of the scaled image (for a bottom edge: the row below the last one). */
    int cropY(int scaledY, boolean bottom) {
      int r = bottom ? (int) Math.ceil(scaledY / scale) - 1 : (int) Math.floor(scaledY / scale);
      r = Math.max(0, Math.min(rows.length - 1, r));
      return rows[r] + (bottom ? 1 : 0);
    }

    /** The crop column of a column of the scaled image. */
    int cropX(int scaledX, boolean right) {
      return left + (int) (right ? Math.ceil(scaledX / scale) : Math.floor(scaledX / scale));
    }
  }

  static Prepared prepare(BufferedImage frame, Box c, List<Box> masks) {
    int w = c.w();
    int h = c.h();
    int[] rgb = pixels(frame, c);
    // Background colour: the per-channel median (slides are mostly background).
    // (every third pixel is plenty for a median of most of the picture)
    int[][] hist = new int[3][256];
    int sampled = 0;
    for (int i = 0; i < rgb.length; i += 3) {
      int v = rgb[i];
      hist[0][(v >> 16) & 255]++;
      hist[1][(v >> 8) & 255]++;
      hist[2][v & 255]++;
      sampled++;
    }
    int page = (median(hist[0], sampled) << 16) | (median(hist[1], sampled) << 8) | median(hist[2], sampled);
    boolean[] masked = null;
    for (Box m : masks) {
      Box in = new Box(m.x0() - c.x0(), m.y0() - c.y0(), m.x1() - c.x0(), m.y1() - c.y0()).intersect(new Box(0, 0, w, h));
      if (in.isEmpty()) {
        continue;
      }
      masked = masked == null ? new boolean[w * h] : masked;
      for (int y = in.y0(); y < in.y1(); y++) {
        Arrays.fill(masked, y * w + in.x0(), y * w + in.x1(), true);
      }
    }
    int[] rowBackground = rowBackgrounds(rgb, w, h, page, masked);
    // Ink = how far a pixel is from its background, whatever the colours: dark themes, coloured text and white text
    // on a title banner alike come out as dark text on white.
    int[] dh = new int[256];
    for (int y = 0; y < h; y++) {
      int b = rowBackground[y];
      int br = (b >> 16) & 255;
      int bg = (b >> 8) & 255;
      int bb = b & 255;
      for (int i = y * w; i < (y + 1) * w; i++) {
        int v = rgb[i];
        int d = Math.max(Math.abs(((v >> 16) & 255) - br),
            Math.max(Math.abs(((v >> 8) & 255) - bg), Math.abs((v & 255) - bb)));
        rgb[i] = d;
        dh[d]++;
      }
    }
    if (masked != null) {
      // a picture over the slide (the lecturer's camera inset) is not slide text
      for (int i = 0; i < rgb.length; i++) {
        if (masked[i]) {
          dh[rgb[i]]--;
          dh[0]++;
          rgb[i] = 0;
        }
      }
    }
    int strong = percentile(dh, rgb.length, 0.999);
    if (strong < BLANK_CONTRAST) {
      return null;
    }
    // Normalised by the strongest ink (the 99.9th percentile), at least 96 levels. Tried instead: a cap at 128-200
    // levels, and per-row-band normalisation, so grey text beside a full-colour banner stays dark; both lost lines of
    // small text on the real ETH frame (and per-band turned blackboard smudges into "words").
    int norm = Math.max(96, strong);
    byte[] toGray = new byte[256];
    for (int d = 0; d < 256; d++) {
      toGray[d] = (byte) (255 - Math.min(255, d * 255 / norm));
    }
    byte[] g = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      g[i] = toGray[rgb[i]];
    }
    double lineHeight = bodyLineHeight(g, w, h);
    // Tesseract's time grows with the pixels it is given, and a slide is mostly empty: it gets only the bands of rows
    // with ink, stacked, cropped to the columns with ink, with a line's height around them (lhx bench ocr: 2.5 MP to
    // 1.0 MP a slide, 178 to 148 ms, same titles and CER; a margin of 0.75 lines let a blackboard read as "ANN A").
    int margin = (int) Math.max(6, Math.round(lineHeight > 0 ? lineHeight : 12));
    int[] rows = inkRows(g, w, h, margin);
    int[] cols = inkColumns(g, w, h, margin);
    if (rows.length == 0 || cols[1] <= cols[0]) {
      return null;
    }
    int cw = cols[1] - cols[0];
    int ch = rows.length;
    byte[] compact = new byte[cw * ch];
    for (int i = 0; i < ch; i++) {
      System.arraycopy(g, rows[i] * w + cols[0], compact, i * cw, cw);
    }
    double scale = lineHeight <= 0 ? 1 : TARGET_LINE_HEIGHT / lineHeight;
    scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale));
    scale = Math.min(scale, Math.sqrt(MAX_PIXELS / ((double) cw * ch)));
    if (Math.abs(scale - 1) < 0.05) {
      return new Prepared(compact, cw, ch, 1, rows, cols[0]);
    }
    int sw = Math.max(1, (int) Math.round(cw * scale));
    int sh = Math.max(1, (int) Math.round(ch * scale));
    return new Prepared(resize(compact, cw, ch, sw, sh), sw, sh, (double) sw / cw, rows, cols[0]);
  }

  /** A pixel darker than this (0-255) in the prepared gray image is ink. */
  private static final int INK = 128;

  /**
   * The rows to keep, in order: every row within {@code margin} of a row with ink, where runs of kept rows closer
   * than two margins join (so the space between lines of a paragraph stays as it was).
   */
  static int[] inkRows(byte[] g, int w, int h, int margin) {
    boolean[] keep = new boolean[h];
    int lastInk = Integer.MIN_VALUE / 2;
    for (int y = 0; y < h; y++) {
      boolean ink = false;
      for (int i = y * w, end = i + w; i < end; i++) {
        if ((g[i] & 255) < INK) {
          ink = true;
          break;
        }
      }
      if (!ink) {
        continue;
      }
      int from = Math.max(0, y - margin);
      if (y - lastInk <= 3 * margin) {
        from = Math.max(0, lastInk); // fill a small gap: the blank rows between two lines stay
      }
      for (int k = from; k <= Math.min(h - 1, y + margin); k++) {
        keep[k] = true;
      }
      lastInk = y;
    }
    int n = 0;
    for (boolean k : keep) {
      n += k ? 1 : 0;
    }
    int[] out = new int[n];
    for (int y = 0, i = 0; y < h; y++) {
      if (keep[y]) {
        out[i++] = y;
      }
    }
    return out;
  }

  /** [first, end) of the columns with ink, widened by {@code margin} on both sides. */
  static int[] inkColumns(byte[] g, int w, int h, int margin) {
    int first = w;
    int last = -1;
    for (int y = 0; y < h; y++) {
      int off = y * w;
      for (int x = 0; x < first; x++) {
        if ((g[off + x] & 255) < INK) {
          first = x;
          break;
        }
      }
      for (int x = w - 1; x > last; x--) {
        if ((g[off + x] & 255) < INK) {
          last = x;
          break;
        }
      }
    }
    if (last < first) {
      return new int[] {0, 0};
    }
    return new int[] {Math.max(0, first - margin), Math.min(w, last + 1 + margin)};
  }

  /** Colours closer than this (largest channel difference) are one background. */
  static final int SAME_COLOUR = 48;

  /**
   * The background colour of each row: the page's, except in a full-width band of another colour (a title banner,
   * a dark footer bar), which is its own background. A band is a run of rows whose median colour is the same and
   * differs from the page, most of whose rows are mostly that colour (a photo beside the text is not a band).
   */
  static int[] rowBackgrounds(int[] rgb, int w, int h, int page, boolean @Nullable [] masked) {
    int[] median = new int[h];
    boolean[] uniform = new boolean[h];
    int[][] hist = new int[3][256];
    for (int y = 0; y < h; y++) {
      for (int[] ch : hist) {
        Arrays.fill(ch, 0);
      }
      // only what the slide shows counts: a camera inset over a banner is not the banner's colour; every other
      // pixel of the row is enough for its median and how uniform it is
      int n = 0;
      for (int i = y * w; i < (y + 1) * w; i += 2) {
        if (masked != null && masked[i]) {
          continue;
        }
        int v = rgb[i];
        hist[0][(v >> 16) & 255]++;
        hist[1][(v >> 8) & 255]++;
        hist[2][v & 255]++;
        n++;
      }
      if (n < w / 8) {
        median[y] = page;
        continue;
      }
      median[y] = (median(hist[0], n) << 16) | (median(hist[1], n) << 8) | median(hist[2], n);
      int near = 0;
      for (int i = y * w; i < (y + 1) * w; i += 2) {
        if ((masked == null || !masked[i]) && distance(rgb[i], median[y]) <= SAME_COLOUR) {
          near++;
        }
      }
      uniform[y] = near >= 0.6 * n;
    }
    int[] out = new int[h];
    Arrays.fill(out, page);
    for (int y = 0; y < h; ) {
      if (distance(median[y], page) <= SAME_COLOUR) {
        y++;
        continue;
      }
      // The band's colour: its first mostly-uniform row's. Rows through large letters are mixed (white letters can be
      // half the row, pulling the median towards the page): a short run of them between rows of the band's colour
      // belongs to the band; a uniform row of the page's colour ends it.
      int colour = median[y];
      boolean settled = uniform[y];
      int uniformRows = uniform[y] ? 1 : 0;
      int last = y;
      for (int k = y + 1; k < h; k++) {
        boolean same = distance(median[k], page) > SAME_COLOUR && distance(median[k], colour) <= SAME_COLOUR;
        if (same) {
          last = k;
          if (uniform[k]) {
            uniformRows++;
            if (!settled) {
              colour = median[k];
              settled = true;
            }
          }
          continue;
        }
        boolean pageRow = uniform[k] && distance(median[k], page) <= SAME_COLOUR;
        if (pageRow || k - last > 4 + 0.6 * (last - y + 1)) {
          break;
        }
      }
      int end = last + 1;
      if (end - y >= 8 && uniformRows * 10 >= 3 * (end - y)) {
        Arrays.fill(out, y, end, colour);
      }
      y = end;
    }
    return out;
  }

  private static int distance(int a, int b) {
    return Math.max(Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)),
        Math.max(Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)), Math.abs((a & 255) - (b & 255))));
  }

  /** The crop's pixels as 0xRRGGBB, read straight from the common raster layouts. */
  private static int[] pixels(BufferedImage frame, Box c) {
    int w = c.w();
    int h = c.h();
    int fw = frame.getWidth();
    int[] out = new int[w * h];
    int type = frame.getType();
    if (type == BufferedImage.TYPE_3BYTE_BGR
        && frame.getRaster().getDataBuffer() instanceof DataBufferByte buf
        && buf.getNumBanks() == 1 && frame.getRaster().getParent() == null) {
      byte[] d = buf.getData();
      for (int y = 0; y < h; y++) {
        int src = ((c.y0() + y) * fw + c.x0()) * 3;
        int dst = y * w;
        for (int x = 0; x < w; x++, src += 3) {
          out[dst + x] = ((d[src + 2] & 255) << 16) | ((d[src + 1] & 255) << 8) | (d[src] & 255);
        }
      }
      return out;
    }
    if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
        && frame.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt buf
        && buf.getNumBanks() == 1 && frame.getRaster().getParent() == null) {
      int[] d = buf.getData();
      for (int y = 0; y < h; y++) {
        System.arraycopy(d, (c.y0() + y) * fw + c.x0(), out, y * w, w);
      }
      for (int i = 0; i < out.length; i++) {
        out[i] &= 0xFFFFFF;
      }
      return out;
    }
    frame.getRGB(c.x0(), c.y0(), w, h, out, 0, w);
    for (int i = 0; i < out.length; i++) {
      out[i] &= 0xFFFFFF;
    }
    return out;
  }

  /**
   * Gray image resized: bilinear when enlarging, box-averaged when shrinking (so thin strokes are not lost).
   */
  static byte[] resize(byte[] g, int w, int h, int sw, int sh) {
    byte[] out = new byte[sw * sh];
    double fx = (double) w / sw;
    double fy = (double) h / sh;
    if (fx >= 1 && fy >= 1) {
      for (int y = 0; y < sh; y++) {
        int y0 = (int) (y * fy);
        int y1 = Math.max(y0 + 1, Math.min(h, (int) ((y + 1) * fy)));
        for (int x = 0; x < sw; x++) {
          int x0 = (int) (x * fx);
          int x1 = Math.max(x0 + 1, Math.min(w, (int) ((x + 1) * fx)));
          int sum = 0;
          for (int yy = y0; yy < y1; yy++) {
            int off = yy * w;
            for (int xx = x0; xx < x1; xx++) {
              sum += g[off + xx] & 255;
            }
          }
          out[y * sw + x] = (byte) (sum / ((y1 - y0) * (x1 - x0)));
        }
      }
      return out;
    }
    // Enlarging: OpenCV's bilinear resize (native, vectorised; a slide's enlargement cost ~8 ms in Java).
    try (BytePointer src = new BytePointer(g);
        Mat in = new Mat(h, w, CV_8UC1, src);
        Mat big = new Mat()) {
      opencv_imgproc.resize(in, big, new Size(sw, sh), 0, 0, opencv_imgproc.INTER_LINEAR);
      if (big.isContinuous() && big.cols() == sw && big.rows() == sh) {
        big.data().get(out, 0, out.length);
        return out;
      }
    }
    int[] xi = new int[sw];
    int[] xf = new int[sw];
    for (int x = 0; x < sw; x++) {
      double sx = Math.max(0, (x + 0.5) * fx - 0.5);
      xi[x] = Math.min(w - 1, (int) sx);
      xf[x] = (int) ((sx - xi[x]) * 256);
    }
    for (int y = 0; y < sh; y++) {
      double sy = Math.max(0, (y + 0.5) * fy - 0.5);
      int y0 = Math.min(h - 1, (int) sy);
      int y1 = Math.min(h - 1, y0 + 1);
      int wy = (int) ((sy - y0) * 256);
      int r0 = y0 * w;
      int r1 = y1 * w;
      int dst = y * sw;
      for (int x = 0; x < sw; x++) {
        int a = xi[x];
        int b = Math.min(w - 1, a + 1);
        int wx = xf[x];
        int top = (g[r0 + a] & 255) * (256 - wx) + (g[r0 + b] & 255) * wx;
        int bot = (g[r1 + a] & 255) * (256 - wx) + (g[r1 + b] & 255) * wx;
        out[dst + x] = (byte) ((top * (256 - wy) + bot * wy) >> 16);
      }
    }
    return out;
  }

  /**
   * The typical text line height (rows with ink, ascender to descender), weighted by how many rows such lines
   * cover: the body text on a slide; 0 when no line-like runs of ink rows are found.
   */
  static double bodyLineHeight(byte[] g, int w, int h) {
    int minInk = Math.max(2, w / 400);
    List<Integer> runs = new ArrayList<>();
    int run = 0;
    for (int y = 0; y <= h; y++) {
      int ink = 0;
      if (y < h) {
        int off = y * w;
        for (int x = 0; x < w; x++) {
          if ((g[off + x] & 255) < 128) {
            ink++;
          }
        }
      }
      if (ink >= minInk) {
        run++;
      } else {
        if (run >= 4 && run <= h / 4) {
          runs.add(run);
        }
        run = 0;
      }
    }
    if (runs.isEmpty()) {
      return 0;
    }
    int[] sorted = runs.stream().mapToInt(Integer::intValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static int median(int[] hist, int n) {
    return percentile(hist, n, 0.5);
  }

  private static int percentile(int[] hist, int n, double q) {
    long want = (long) Math.ceil(q * n);
    long acc = 0;
    for (int i = 0; i < hist.length; i++) {
      acc += hist[i];
      if (acc >= want) {
        return i;
      }
    }
    return hist.length - 1;
  }

  /** A word as Tesseract read it, in scaled pixels. */
  record Word(String text, int x0, int y0, int x1, int y1, double confidence) {}

  /** A text line as Tesseract laid it out, in scaled pixels. */
  record RawLine(List<Word> words, int x0, int y0, int x1, int y1, double rowHeight) {}

  private List<RawLine> recognize(Prepared p) throws StageException {
    List<RawLine> lines = new ArrayList<>();
    try {
      api.SetImage(p.gray, p.w, p.h, 1, p.w);
      api.SetSourceResolution(300);
      if (api.Recognize(null) != 0) {
        throw new StageException(REASON_OCR_FAILED, "Tesseract could not recognise the slide");
      }
      try (ResultIterator it = api.GetIterator()) {
        if (it == null || it.isNull()) {
          return lines;
        }
        int[] l = new int[1];
        int[] t = new int[1];
        int[] r = new int[1];
        int[] b = new int[1];
        float[] rowH = new float[1];
        float[] desc = new float[1];
        float[] asc = new float[1];
        List<Word> current = null;
        int[] lineBox = null;
        double currentRow = 0;
        do {
          if (current == null || it.IsAtBeginningOf(RIL_TEXTLINE)) {
            if (current != null && !current.isEmpty()) {
              lines.add(new RawLine(current, lineBox[0], lineBox[1], lineBox[2], lineBox[3], currentRow));
            }
            current = new ArrayList<>();
            lineBox = new int[4];
            if (it.BoundingBox(RIL_TEXTLINE, l, t, r, b)) {
              lineBox = new int[] {l[0], t[0], r[0], b[0]};
            }
            it.RowAttributes(rowH, desc, asc);
            currentRow = rowH[0] > 0 ? rowH[0] : lineBox[3] - lineBox[1];
          }
          if (it.Empty(RIL_WORD)) {
            continue;
          }
          String text = utf8(it.GetUTF8Text(RIL_WORD));
          if (text.isBlank()) {
            continue;
          }
          it.BoundingBox(RIL_WORD, l, t, r, b);
          Word word = new Word(text.strip(), l[0], t[0], r[0], b[0], it.Confidence(RIL_WORD));
          current.add(word);
        } while (it.Next(RIL_WORD));
        if (current != null && !current.isEmpty()) {
          lines.add(new RawLine(current, lineBox[0], lineBox[1], lineBox[2], lineBox[3], currentRow));
        }
      }
    } catch (RuntimeException e) {
      throw new StageException(REASON_OCR_FAILED, "Tesseract failed on the slide: " + e, false, e);
    } finally {
      api.Clear();
    }
    return lines;
  }

  private static String utf8(BytePointer p) {
    if (p == null || p.isNull()) {
      return "";
    }
    try {
      return p.getString(StandardCharsets.UTF_8);
    } finally {
      p.deallocate();
    }
  }

  /** Keeps confident, word-like lines (frame pixels) and picks the title among them. */
  static SlideText assemble(List<RawLine> raw, Box crop, Prepared p) {
    double scale = p.scale();
    List<SlideText.Line> kept = new ArrayList<>();
    double confSum = 0;
    double confWeight = 0;
    double allSum = 0;
    double allWeight = 0;
    for (RawLine rl : raw) {
      List<Word> words = new ArrayList<>(rl.words());
      // Bullets read as a lone symbol or letter in front of the line are not text.
      while (!words.isEmpty() && BULLET.matcher(words.get(0).text()).matches() && words.size() > 1) {
        words.remove(0);
      }
      double sum = 0;
      int chars = 0;
      int alnum = 0;
      int letters = 0;
      for (Word wd : words) {
        int n = wd.text().length();
        sum += wd.confidence() * n;
        chars += n;
        alnum += (int) wd.text().chars().filter(Character::isLetterOrDigit).count();
        letters += (int) wd.text().chars().filter(Character::isLetter).count();
      }
      if (chars == 0) {
        continue;
      }
      double conf = sum / chars;
      allSum += sum;
      allWeight += chars;
      boolean wordLike = letters >= 2 && alnum >= 0.6 * chars && hasRealWord(words);
      if (conf < MIN_LINE_CONFIDENCE || !wordLike) {
        continue;
      }
      String text = words.stream().map(Word::text).collect(Collectors.joining(" "));
      int x0 = words.stream().mapToInt(Word::x0).min().orElse(rl.x0());
      int x1 = words.stream().mapToInt(Word::x1).max().orElse(rl.x1());
      Box box = new Box(crop.x0() + p.cropX(x0, false), crop.y0() + p.cropY(rl.y0(), false),
          crop.x0() + p.cropX(x1, true), crop.y0() + p.cropY(rl.y1(), true));
      kept.add(new SlideText.Line(text, box, conf, rl.rowHeight() / scale));
      confSum += sum;
      confWeight += chars;
    }
    if (kept.isEmpty()) {
      return SlideText.empty(allWeight == 0 ? 0 : allSum / allWeight);
    }
    String text = kept.stream().map(SlideText.Line::text).collect(Collectors.joining("\n"));
    return new SlideText(title(kept, crop), text, confSum / confWeight, kept);
  }

  /** A line has a real word: one with at least three letters or digits. */
  private static boolean hasRealWord(List<Word> words) {
    for (Word w : words) {
      String letters = w.text().replaceAll("[^\\p{L}\\p{N}]", "");
      if (letters.length() >= 3) {
        return true;
      }
    }
    return false;
  }

  /**
   * The title: among the lines starting in the upper half of the crop, the topmost one in (nearly) the largest
   * type, joined with the lines right below it in the same type (a title wrapped over two or three lines).
   */
  static String title(List<SlideText.Line> lines, Box crop) {
    List<SlideText.Line> byTop = new ArrayList<>(lines);
    byTop.sort(Comparator.comparingInt((SlideText.Line l) -> l.box().y0()).thenComparingInt(l -> l.box().x0()));
    double upper = crop.y0() + crop.h() * 0.5;
    double largest = byTop.stream().filter(l -> l.box().y0() < upper).mapToDouble(SlideText.Line::size).max()
        .orElse(0);
    if (largest <= 0) {
      return "";
    }
    int first = -1;
    for (int i = 0; i < byTop.size(); i++) {
      SlideText.Line l = byTop.get(i);
      if (l.box().y0() < upper && l.size() >= 0.85 * largest) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    SlideText.Line prev = byTop.get(first);
    parts.add(prev.text());
    for (int i = first + 1; i < byTop.size() && parts.size() < 3; i++) {
      SlideText.Line next = byTop.get(i);
      boolean sameSize = Math.abs(next.size() - prev.size()) <= 0.2 * Math.max(next.size(), prev.size());
      int gap = next.box().y0() - prev.box().y1();
      boolean close = gap <= 0.8 * prev.size();
      boolean overlaps = Math.min(next.box().x1(), prev.box().x1()) > Math.max(next.box().x0(), prev.box().x0());
      if (gap < -0.5 * prev.size()) {
        continue; // beside the title on the same row (a second column), not below it
      }
      if (!(sameSize && close && overlaps)) {
        break;
      }
      parts.add(next.text());
      prev = next;
    }
    return String.join(" ", parts);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      api.End();
      api.close();
      converter.close();
    }
  }

  @Override
  public String toString() {
    return "SlideTextReader[" + languages + " from " + tessdata + "]";
  }
}
