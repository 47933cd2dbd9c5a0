package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Generated slide-change cases (slides drawn with Java2D at the analysis size, 4 samples/s, every frame JPEG-coded
 * with per-frame noise and a sharper key frame every 3 s, as decoded H.264 looks), for {@code SlideChangeFixturesTest}
 * and {@code lhx bench slides}: what is not a change (an odd frame, a pointer crossing, a slide flashed for a second,
 * a one-second animation, a fade-in or an encoder warm-up at the start, a build) and what is (a hard cut, a 0.5 s
 * cross-fade, a new slide every 2.5 s). The frames go into a {@link ChangeHistory} as {@link FrameSampler} would fill
 * it, so no video is encoded or decoded.
 */
public final class SlideChangeFixtures {
  /** Frame width and height of the generated cases (the analysis size). */
  public static final int W = 512;
  public static final int H = 384;
  /** Samples per second, as FrameSampler takes them. */
  public static final double FPS = 4.0;
  private static final String[] WORDS = {"energy", "climate", "vegetation", "model", "carbon", "flux", "ocean",
      "surface", "albedo", "feedback", "forest", "cycle", "radiation", "water", "soil", "heat", "balance", "scene"};

  private SlideChangeFixtures() {}

  /** One generated case: frames by sample index, and the truth. */
  public record Case(String name, int samples, IntFunction<BufferedImage> frame, List<Double> changes,
      List<Double> builds) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A slide: white background, a title, {@code bullets} text lines; the words depend on the slide number. */
  static BufferedImage slide(int number, int bullets) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(250, 250, 246));
    g.fillRect(0, 0, W, H);
    g.setColor(new Color(20, 40, 110));
    g.fillRect(0, 0, W, 6);
    Random r = new Random(1000 + number);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
    g.drawString(words(r, 3), 30, 50);
    g.setColor(new Color(30, 30, 30));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
    for (int b = 0; b < bullets; b++) {
      g.fillOval(34, 88 + b * 40, 7, 7);
      g.drawString(words(new Random(2000 + number * 31 + b), 4), 52, 97 + b * 40);
    }
    g.dispose();
    return img;
  }

  private static String words(Random r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String w = WORDS[r.nextInt(WORDS.length)];
      sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w).append(i + 1 < n ? " " : "");
    }
    return sb.toString();
  }

  static BufferedImage blend(BufferedImage a, BufferedImage b, double t) {
    BufferedImage out = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        int rgb = 0;
        for (int sh = 0; sh <= 16; sh += 8) {
          int v = (int) Math.round(((p >> sh) & 0xff) * (1 - t) + ((q >> sh) & 0xff) * t);
          rgb |= v << sh;
        }
        out.setRGB(x, y, rgb);
      }
    }
    return out;
  }

  static BufferedImage black() {
    return new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
  }

  /** A big pointer (a dark arrow with a highlight ring) at x, on a copy of the slide. */
  static BufferedImage pointer(BufferedImage slide, int x, int y) {
    BufferedImage img = copy(slide);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(230, 60, 40));
    g.setStroke(new BasicStroke(8));
    g.drawOval(x - 45, y - 45, 90, 90);
    g.setColor(new Color(10, 10, 10));
    g.fillPolygon(new Polygon(new int[] {x, x + 14, x + 30, x + 40, x + 24, x + 44}, new int[] {y, y + 60, y + 40,
        y + 70, y + 34, y + 30}, 6));
    g.dispose();
    return img;
  }

  /** The slide plus a picture (a framed chart) whose top-left corner is at x, y. */
  static BufferedImage withPicture(BufferedImage slide, int x, int y) {
    BufferedImage img = copy(slide);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(60, 120, 200));
    g.fillRect(x, y, 150, 90);
    g.setColor(new Color(240, 200, 40));
    for (int i = 0; i < 5; i++) {
      g.fillRect(x + 12 + i * 27, y + 80 - 12 * (i + 1), 18, 12 * (i + 1));
    }
    g.dispose();
    return img;
  }

  static BufferedImage copy(BufferedImage src) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    img.getGraphics().drawImage(src, 0, 0, null);
    return img;
  }

  /** Luma after JPEG coding: quality 0.85 on key frames (every 12th sample), 0.6 otherwise, plus sensor noise. */
  static byte[] coded(BufferedImage img, int sample, Random noise, float quality) {
    try {
      BufferedImage gray = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
      gray.getGraphics().drawImage(img, 0, 0, null);
      byte[] px = ((java.awt.image.DataBufferByte) gray.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) Math.max(0, Math.min(255, (px[i] & 0xff) + (int) Math.round(noise.nextGaussian() * 1.5)));
      }
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality > 0 ? quality : sample % 12 == 0 ? 0.85f : 0.6f);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(gray, null, null), p);
      }
      writer.dispose();
      BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
      byte[] out = new byte[W * H];
      back.getRaster().getDataElements(0, 0, W, H, out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The history of a case as FrameSampler would fill it: 4 samples/s from a 25 fps source. */
  static ChangeHistory history(Case c) {
    ChangeHistory hist = new ChangeHistory(W, H, 16, FPS, SlideChangeDetector.Tuning.DEFAULTS.lagSeconds());
    Random noise = new Random(7);
    byte[] prev = null;
    for (int k = 0; k < c.samples; k++) {
      double t = k / FPS;
      // the encoder warm-up case codes its first second coarsely
      float q = c.name.startsWith("warm-up") && t < 1.0 ? 0.05f : -1f;
      byte[] gray = coded(c.frame.apply(k), k, noise, q);
      hist.add(t, Math.max(0, t - 1 / FPS + 0.04), gray, prev, k % 12 == 0);
      prev = gray;
    }
    return hist;
  }

  static Case still(String name, int samples, IntFunction<BufferedImage> frame) {
    return new Case(name, samples, frame, List.of(), List.of());
  }

  /** The generated cases: what is not a change and what is, with the truth. */
  public static List<Case> cases() {
    BufferedImage a = slide(1, 2);
    BufferedImage b = slide(2, 4);
    BufferedImage c = slide(3, 3);
    BufferedImage a3 = slide(1, 4); // slide 1 with two more bullets: a build
    BufferedImage aPic = withPicture(a, 320, 250);
    List<Case> out = new ArrayList<>();
    out.add(still("odd frame (one glitched frame after a key frame)", 48, k -> k == 25 ? b : a));
    out.add(still("pointer crossing (1 s)", 48, k -> k >= 20 && k <= 24 ? pointer(a, 40 + (k - 20) * 110, 200) : a));
    out.add(still("slide flashed for 1 s, then back", 48, k -> k >= 20 && k < 24 ? b : a));
    out.add(new Case("1 s animation settling as a build", 48,
        k -> k < 20 ? a : k < 24 ? withPicture(a, 512 - (k - 19) * 48, 250) : aPic, List.of(), List.of(5.75)));
    out.add(still("fade-in from black at the start (1 s)", 48, k -> k < 4 ? blend(black(), a, k / 4.0) : a));
    out.add(still("warm-up: coarse first second", 48, k -> a));
    out.add(new Case("slide build (two bullets appear)", 48, k -> k < 24 ? a : a3, List.of(), List.of(6.0)));
    out.add(new Case("hard cuts", 60, k -> k < 20 ? a : k < 40 ? b : c, List.of(5.0, 10.0), List.of()));
    out.add(new Case("0.5 s cross-fade", 48, k -> k < 20 ? a : k < 22 ? blend(a, b, (k - 19) / 3.0) : b,
        List.of(5.25), List.of()));
    out.add(new Case("a new slide every 2.5 s", 60, k -> slide(10 + Math.max(0, (k - 2) / 10), 3),
        List.of(3.0, 5.5, 8.0, 10.5, 13.0), List.of()));
    out.add(new Case("fade-in at the start, then a cut", 60,
        k -> k < 4 ? blend(black(), a, k / 4.0) : k < 36 ? a : b, List.of(9.0), List.of()));
    return out;
  }

  /** Slide changes and builds found in a case, as {@link LayoutAnalyzer} reports them. */
  public record Found(List<Double> changes, List<Double> builds) {}

  /** The case's frames through the history and the detector, the whole frame as the screen. */
  public static Found detect(Case c) {
    SlideChangeDetector.Result r = detect(history(c));
    return new Found(r.changes(), r.builds());
  }

  static SlideChangeDetector.Result detect(ChangeHistory hist) {
    return new SlideChangeDetector(LayoutConfig.defaults()).analyze(hist, 0, hist.size(), new Box(0, 0, W, H), null);
  }
}
