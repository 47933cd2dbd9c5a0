package io.lecturehighlights.transforms.slides;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Generated slides with known text, for OCR tests and {@code lhx bench ocr}: a title and 3–5 bullets in several
 * fonts, sizes, colour themes and resolutions, JPEG-compressed like a video frame; and frames that must read as
 * nothing (blank, photo-like, a blackboard with chalk scribbles).
 */
public final class SyntheticSlides {

  /** DejaVu, which fonts-dejavu-core installs (deploy/install-prerequisites.sh); Java's logical fonts otherwise. */
  public enum Face {
    SANS("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", Font.SANS_SERIF),
    SERIF("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", Font.SERIF),
    MONO("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", Font.MONOSPACED);

    final String regular;
    final String bold;
    final String logical;

    Face(String regular, String bold, String logical) {
      this.regular = regular;
      this.bold = bold;
      this.logical = logical;
    }
  }

  /** Title and body type as a fraction of the frame height. */
  public enum Size {
    SMALL(0.050, 0.032), LARGE(0.070, 0.045);

    final double title;
    final double body;

    Size(double title, double body) {
      this.title = title;
      this.body = body;
    }
  }

  /** Background, title and body colours. */
  public enum Theme {
    LIGHT(new Color(0xFFFFFF), new Color(0x1A1A1A), new Color(0x333333)),
    LIGHT_ACCENT(new Color(0xF4F1EA), new Color(0x1F4E9A), new Color(0x3A3A3A)),
    DARK(new Color(0x1E1E1E), new Color(0xFFFFFF), new Color(0xD0D0D0)),
    DARK_BLUE(new Color(0x0B2545), new Color(0xF4D35E), new Color(0xE6E6E6));

    final Color background;
    final Color title;
    final Color body;

    Theme(Color background, Color title, Color body) {
      this.background = background;
      this.title = title;
      this.body = body;
    }
  }

  /** A generated slide: the (JPEG-decoded) frame and what it says. */
  public record Slide(String name, BufferedImage image, String title, List<String> bullets) {
    /** Title and bullets, one per line (no bullet marks): the truth for the character error rate. */
    public String text() {
      return title + "\n" + String.join("\n", bullets);
    }
  }

  private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu");

  private static final String[] TITLES = {
    "Introduction to Machine Learning", "Gradient Descent and Convergence", "The Fourier Transform",
    "Memory Hierarchies in Modern CPUs", "Photosynthesis: Light Reactions", "Markov Chains",
    "Dynamic Programming Revisited", "Climate Feedback Mechanisms", "Relational Algebra", "Quantum Entanglement",
    "Supply and Demand Curves", "Neural Network Training", "Sorting in Linear Time", "Enzyme Kinetics",
    "Bayesian Inference Basics", "Public Key Cryptography",
  };

  private static final String[] BULLETS = {
    "Definitions and notation for this week", "Why the naive approach fails", "A worked example with numbers",
    "Convergence requires a small step size", "Complexity grows with the input length", "Key assumptions we rely on",
    "Common mistakes in the homework", "Results from the 2019 experiment", "Compare with the previous lecture",
    "Proof sketch in three steps", "Applications in industry and research", "Open questions for next time",
    "The error shrinks by half each round", "Cost model and trade-offs", "Reading: chapter 4, sections 1 to 3",
    "Summary of the main ideas",
  };

  private SyntheticSlides() {}

  /** The benchmark set: every face x size x theme at 1280x720 and 1920x1080 (48 slides), JPEG quality 0.75. */
  public static List<Slide> standardSet() {
    List<Slide> out = new ArrayList<>();
    int i = 0;
    for (int[] res : new int[][] {{1280, 720}, {1920, 1080}}) {
      for (Face f : Face.values()) {
        for (Size s : Size.values()) {
          for (Theme t : Theme.values()) {
            out.add(slide(i++, res[0], res[1], f, s, t, 0.75f));
          }
        }
      }
    }
    return out;
  }

  /** Slide number {@code seed} (its text is chosen by the seed) rendered as asked. */
  public static Slide slide(int seed, int width, int height, Face face, Size size, Theme theme, float jpegQuality) {
    return slide(seed, TITLES[seed % TITLES.length], width, height, face, size, theme, jpegQuality);
  }

  /** As above with a given title, wrapped over several lines when it does not fit the width. */
  public static Slide slide(int seed, String title, int width, int height, Face face, Size size, Theme theme,
      float jpegQuality) {
    Random rnd = new Random(seed * 7919L + 17);
    int nBullets = 3 + rnd.nextInt(3);
    List<String> bullets = new ArrayList<>();
    int start = rnd.nextInt(BULLETS.length);
    for (int k = 0; k < nBullets; k++) {
      bullets.add(BULLETS[(start + k * 5) % BULLETS.length]);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setColor(theme.background);
    g.fillRect(0, 0, width, height);
    int margin = (int) (width * 0.06);
    Font titleFont = font(face, true, (float) (height * size.title));
    Font bodyFont = font(face, false, (float) (height * size.body));
    // Title, wrapped onto a second line when it does not fit.
    g.setFont(titleFont);
    FontMetrics tm = g.getFontMetrics();
    List<String> titleLines = wrap(title, tm, width - 2 * margin);
    int y = (int) (height * 0.08) + tm.getAscent();
    g.setColor(theme.title);
    for (String line : titleLines) {
      g.drawString(line, margin, y);
      y += tm.getHeight();
    }
    // A rule under the title, as many templates have.
    g.fillRect(margin, y - tm.getHeight() + tm.getDescent() + height / 60, width - 2 * margin, Math.max(2, height / 240));
    y += tm.getHeight() / 2;
    g.setFont(bodyFont);
    FontMetrics bm = g.getFontMetrics();
    g.setColor(theme.body);
    int indent = (int) (bm.charWidth('M') * 1.6);
    for (String b : bullets) {
      y += bm.getAscent();
      int r = Math.max(3, bm.getAscent() / 5);
      g.fillOval(margin, y - bm.getAscent() / 2 - r, 2 * r, 2 * r);
      g.drawString(b, margin + indent, y);
      y += (int) (bm.getHeight() * 0.9);
    }
    g.dispose();
    String name = String.format("%dx%d-%s-%s-%s", width, height, face, size, theme).toLowerCase();
    return new Slide(name, jpeg(img, jpegQuality), title, bullets);
  }

  private static List<String> wrap(String text, FontMetrics fm, int maxWidth) {
    List<String> lines = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String word : text.split(" ")) {
      String next = cur.length() == 0 ? word : cur + " " + word;
      if (fm.stringWidth(next) > maxWidth && cur.length() > 0) {
        lines.add(cur.toString());
        cur = new StringBuilder(word);
      } else {
        cur = new StringBuilder(next);
      }
    }
    lines.add(cur.toString());
    return lines;
  }

  static Font font(Face face, boolean bold, float size) {
    Path file = DEJAVU.resolve(bold ? face.bold : face.regular);
    if (Files.isRegularFile(file)) {
      try {
        return Font.createFont(Font.TRUETYPE_FONT, file.toFile()).deriveFont(size);
      } catch (FontFormatException | IOException e) {
        // fall through to the logical font
      }
    }
    return new Font(face.logical, bold ? Font.BOLD : Font.PLAIN, Math.round(size));
  }

  /** The image after a JPEG round trip at {@code quality} (0–1), as a decoded video frame looks. */
  public static BufferedImage jpeg(BufferedImage img, float quality) {
    try {
      ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        w.setOutput(out);
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        w.write(null, new IIOImage(img, null, null), p);
      } finally {
        w.dispose();
      }
      return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A plain slide background with nothing on it. */
  public static BufferedImage blank(int width, int height, Color background) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return jpeg(img, 0.75f);
  }

  /** A photo-like frame: soft colour blobs, edges and grain, no text. */
  public static BufferedImage photo(int width, int height, long seed) {
    Random rnd = new Random(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(90 + rnd.nextInt(80), 110 + rnd.nextInt(80), 120 + rnd.nextInt(80)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 60; i++) {
      g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), 60 + rnd.nextInt(120)));
      int w = width / 20 + rnd.nextInt(width / 3);
      int h = height / 20 + rnd.nextInt(height / 3);
      g.fillOval(rnd.nextInt(width) - w / 2, rnd.nextInt(height) - h / 2, w, h);
    }
    g.dispose();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = img.getRGB(x, y);
        int n = (int) (rnd.nextGaussian() * 12);
        int r = clamp(((v >> 16) & 255) + n);
        int gg = clamp(((v >> 8) & 255) + n);
        int b = clamp((v & 255) + n);
        img.setRGB(x, y, (r << 16) | (gg << 8) | b);
      }
    }
    return jpeg(img, 0.75f);
  }

  /** A blackboard: dark green, smudges and chalk-like scribbled curves, no printed text. */
  public static BufferedImage blackboard(int width, int height, long seed) {
    return scribbles(width, height, seed, new Color(0x2F4F3A), new Color(235, 235, 225), true);
  }

  /** Handwriting on a whiteboard or tablet: dark-blue scribbled curves on white, no printed text. */
  public static BufferedImage handwriting(int width, int height, long seed) {
    return scribbles(width, height, seed, new Color(0xF7F7F2), new Color(0x1A2A6C), false);
  }

  private static BufferedImage scribbles(int width, int height, long seed, Color board, Color ink, boolean smudges) {
    Random rnd = new Random(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(board);
    g.fillRect(0, 0, width, height);
    for (int i = 0; smudges && i < 12; i++) {
      g.setColor(new Color(255, 255, 255, 12 + rnd.nextInt(20)));
      int w = width / 6 + rnd.nextInt(width / 3);
      g.fillOval(rnd.nextInt(width) - w / 2, rnd.nextInt(height) - w / 4, w, w / 2);
    }
    g.setStroke(new BasicStroke(Math.max(2f, height / 240f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    // Rows of scribbles: short connected loops, like hurried handwriting and formulas.
    for (int row = 0; row < 6; row++) {
      double y0 = height * (0.12 + row * 0.14);
      double x = width * (0.05 + rnd.nextDouble() * 0.1);
      double end = width * (0.5 + rnd.nextDouble() * 0.45);
      double h = height * 0.05;
      while (x < end) {
        g.setColor(new Color(ink.getRed(), ink.getGreen(), ink.getBlue(), 150 + rnd.nextInt(100)));
        double w = h * (0.4 + rnd.nextDouble());
        g.draw(new CubicCurve2D.Double(x, y0 + rnd.nextGaussian() * h * 0.3, x + w * rnd.nextDouble(),
            y0 - h * rnd.nextDouble(), x + w * rnd.nextDouble(), y0 + h * rnd.nextDouble(), x + w,
            y0 + rnd.nextGaussian() * h * 0.3));
        x += w * (0.6 + rnd.nextDouble() * 0.8);
      }
    }
    g.dispose();
    return jpeg(img, 0.75f);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
