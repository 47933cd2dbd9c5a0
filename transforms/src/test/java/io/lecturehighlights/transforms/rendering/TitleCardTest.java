package io.lecturehighlights.transforms.rendering;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.transforms.common.StageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The title card: which title, how it is cleaned, wrapped and cut, where its band sits in every format, and its
 * filter run through FFmpeg's own drawtext (no encode) with hostile titles and a hostile folder name.
 */
class TitleCardTest {
  private static final RenderConfig ON = RenderConfig.defaults().withTitleCard(true, 3);

  @TempDir Path dir;

  private static Slide slide(int index, double start, double end, String title, double confidence) {
    return Slide.newBuilder().setJobId("t").setIndex(index).setStart(start).setEnd(end).setTitle(title)
        .setText(title).setConfidence(confidence).build();
  }

  private static Layout slides(Slide... s) {
    return Layout.newBuilder().setJobId("t").setType("screen_only").setFrameWidth(1280).setFrameHeight(720)
        .setScreen(new Rect(0, 0, 1280, 720)).setSlides(List.of(s)).build();
  }

  private static ClipTimeline timeline(double... bounds) throws StageException {
    return ClipTimeline.of(RenderFixtures.kept(bounds), 600);
  }

  @Test
  void theSlideUnderTheCardNamesItElseTheHighlight() throws Exception {
    Layout l = slides(slide(1, 0, 100, "Introduction", 0.9), slide(2, 100, 140, "Fourier Transform (cont.)", 0.9),
        slide(3, 140, 300, "Windowing", 0.9));
    // The clip starts on slide 2: its title, continuation mark dropped, not the highlight's.
    assertEquals("Fourier Transform", TitleCard.title(l, timeline(110, 130), 3, "Topic title"));
    // Slide 2 leaves 0.5 s into the card: the slide the card is mostly shown over names it.
    assertEquals("Windowing", TitleCard.title(l, timeline(139.5, 150), 3, "Topic title"));
    // The card spans a cut: 1 s of slide 1 before it, 2 s of slide 3 after it.
    assertEquals("Windowing", TitleCard.title(l, timeline(99, 100, 200, 210), 3, "Topic title"));
    // On a tie the earlier slide.
    assertEquals("Introduction", TitleCard.title(l, timeline(98.5, 101.5), 3, "Topic title"));
    // A slide on screen for under a second of the card does not count.
    assertEquals("Topic title", TitleCard.title(slides(slide(1, 0, 100.5, "Intro", 0.9)), timeline(99.6, 120),
        3, "Topic title"));
    // Unsure OCR, a title with no content word, no slides, no layout: the highlight's title.
    assertEquals("Topic title", TitleCard.title(slides(slide(1, 0, 300, "Fourier", 0.3)), timeline(10, 20), 3,
        "Topic title"));
    assertEquals("Topic title", TitleCard.title(slides(slide(1, 0, 300, "42", 0.9)), timeline(10, 20), 3,
        "Topic title"));
    assertEquals("Topic title", TitleCard.title(slides(), timeline(10, 20), 3, " Topic\ntitle "));
    assertEquals("Topic title", TitleCard.title(null, timeline(10, 20), 3, "Topic title"));
    // Nothing to show: no card.
    assertEquals("", TitleCard.title(null, timeline(10, 20), 3, null));
    assertEquals("", TitleCard.title(null, timeline(10, 20), 3, " \t\n"));
    RenderLayout plan = RenderLayout.plan(null, 1280, 720, true, ON);
    assertNull(TitleCard.plan("", plan, ON, 3, 20));
    assertNull(TitleCard.plan("\u200b \u0000", plan, ON, 3, 20));
  }

  @Test
  void cleaningKeepsEveryPrintableCharacterAndMakesOneLine() {
    assertEquals("C:\\temp 100% 'quoted' \"too\" a,b;c [x] {y} $HOME %{pts} Größe naïve Ωμέγα 数学",
        TitleCard.clean("  C:\\temp 100% 'quoted' \"too\" a,b;c [x] {y} $HOME %{pts} Größe naïve Ωμέγα 数学 "));
    assertEquals("line one line two tab", TitleCard.clean("line one\r\nline two\ttab"));
    assertEquals("a b c d", TitleCard.clean("a\u0000b\u202ec\u2028d"));
    String huge = "word ".repeat(200);
    String cleaned = TitleCard.clean(huge);
    assertTrue(cleaned.length() <= 302 && cleaned.endsWith(TitleCard.ELLIPSIS), cleaned);
  }

  @Test
  void wrappingMeasuresTheFontNotCharacters() {
    ToDoubleFunction<String> w = TitleCard.measure(RenderConfig.DEFAULT_FONT, 40);
    // The same number of characters, threefold apart in the font: a count of characters cannot wrap a title.
    assertTrue(w.applyAsDouble("WWWWWWWWWW") > 2.5 * w.applyAsDouble("iiiiiiiiii"));
    int max = 600;
    List<String> wide = TitleCard.wrap("WIDE WORDS MAKE WIDE LINES", w, max, 2);
    List<String> narrow = TitleCard.wrap("tiny ilk fills little", w, max, 2);
    assertEquals(2, wide.size(), wide.toString());
    assertEquals(1, narrow.size(), narrow.toString());
    for (String line : wide) {
      assertTrue(w.applyAsDouble(line) <= max, line);
    }
    // Two lines are balanced: no full line over a lone word.
    List<String> two = TitleCard.wrap("Convolution and the frequency response of linear systems", w, 900, 2);
    assertEquals(2, two.size(), two.toString());
    double a = w.applyAsDouble(two.get(0));
    double b = w.applyAsDouble(two.get(1));
    assertTrue(Math.abs(a - b) < 0.35 * Math.max(a, b), two.toString());
    // Too long: two lines, the second ending in an ellipsis, every word that is shown whole.
    String longTitle = "Eigenvalues eigenvectors and the diagonalisation of symmetric matrices with applications "
        + "to principal component analysis and quadratic forms";
    List<String> cut = TitleCard.wrap(longTitle, w, max, 2);
    assertEquals(2, cut.size(), cut.toString());
    assertTrue(cut.get(1).endsWith(" " + TitleCard.ELLIPSIS), cut.toString());
    assertTrue(longTitle.startsWith(String.join(" ", cut).replace(" " + TitleCard.ELLIPSIS, "")), cut.toString());
    cut.forEach(l -> assertTrue(w.applyAsDouble(l) <= max, l));
    // A word wider than the line is cut inside, with the ellipsis.
    List<String> word = TitleCard.wrap("Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung", w, 400,
        2);
    assertEquals(1, word.size());
    assertTrue(word.get(0).endsWith(TitleCard.ELLIPSIS) && w.applyAsDouble(word.get(0)) <= 400, word.toString());
    // A font the JDK cannot read: the subtitles' estimate of 0.62 em per character.
    assertEquals(0.62 * 40 * 5, TitleCard.measure(dir.resolve("none.ttf").toString(), 40).applyAsDouble("abcde"),
        1e-9);
  }

  @Test
  void quotingSurvivesBothLevelsOfFfmpegParsing() {
    assertEquals("/tmp/lhx-render-1/vertical/title-0.txt", TitleCard.quote("/tmp/lhx-render-1/vertical/title-0.txt"));
    // ' becomes \' for the option, then each of \ and ' is backslashed for the graph.
    assertEquals("a\\\\\\'b", TitleCard.quote("a'b"));
    assertEquals("a\\\\:b\\,c\\[d\\]e\\;f", TitleCard.quote("a:b,c[d]e;f"));
    assertEquals("a\\\\\\\\b", TitleCard.quote("a\\b"));
  }

  /** Every format and both subtitle positions, from the smallest clip height to the largest. */
  @Test
  void theBandFitsEveryFormatAndNeverMeetsTheSubtitles() {
    for (int height : new int[] {144, 360, 640, 1280, 2160}) {
      for (String position : List.of(RenderConfig.BOTTOM, RenderConfig.TOP)) {
        RenderConfig base = ON.withClipHeight(height).withSubtitlePosition(position)
            .withFormats(RenderConfig.FORMATS);
        for (String format : RenderConfig.FORMATS) {
          for (boolean audiogram : new boolean[] {false, true}) {
            RenderConfig c = base.forFormat(format);
            RenderLayout plan = RenderLayout.plan(null, 1280, 720, !audiogram, c);
            String what = format + (audiogram ? " audiogram " : " ") + height + " subtitles " + position;
            TitleCard card = TitleCard.plan("The Fourier transform of a rectangular pulse and its sidelobes", plan,
                c, 3, 10);
            assertNotNull(card, what);
            assertTrue(card.bandTop >= 0 && card.bandBottom <= plan.height && card.bandBottom > card.bandTop, what);
            assertTrue(card.bandBottom - card.bandTop >= card.lines.size() * card.linePitch, what);
            assertTrue(card.lines.size() >= 1 && card.lines.size() <= TitleCard.MAX_LINES, what + card.lines);
            ToDoubleFunction<String> w = TitleCard.measure(c.fontFile(), card.fontSize);
            card.lines.forEach(l -> assertTrue(w.applyAsDouble(l) <= plan.width, what + ": " + l));
            assertTrue(card.bandBottom <= plan.subtitleTop || card.bandTop >= plan.subtitleBottom,
                what + ": band " + card.bandTop + ".." + card.bandBottom + ", subtitles " + plan.subtitleTop + ".."
                    + plan.subtitleBottom);
            if (RenderConfig.BOTTOM.equals(position)) {
              assertTrue(card.bandTop < plan.height / 4, what + ": near the top");
            }
          }
        }
      }
    }
    // Shorter than the card: shown for the whole clip.
    RenderLayout plan = RenderLayout.plan(null, 1280, 720, true, ON);
    assertEquals(2.0, TitleCard.plan("Short", plan, ON, 3, 2.0).seconds, 1e-9);
  }

  /**
   * The card through FFmpeg's filter graph after each format's layout, in a folder whose name has every character the
   * graph parser treats specially: at 1 s its band and text are drawn, after its seconds the frame is exactly the
   * one without a card; and a line's lit pixels are as wide as the font measured.
   */
  @Test
  void drawsTheCardInEveryFormatAndThenNothing() throws Exception {
    Path hostile = Files.createDirectories(dir.resolve("it's a: [weird], dir; 100% \\ünï"));
    String title = "Größe: 'naïve' 100% \\ \"Ω\" [1]; a,b {x} %{pts} $(rm)";
    for (String format : RenderConfig.FORMATS) {
      for (boolean audiogram : new boolean[] {false, true}) {
        RenderConfig c = ON.withClipHeight(640).withFormats(RenderConfig.FORMATS).forFormat(format);
        RenderLayout plan = RenderLayout.plan(RenderFixtures.layout("lecture-clean.mp4"), 1280, 720, !audiogram, c);
        String what = format + (audiogram ? " audiogram" : "");
        TitleCard card = TitleCard.plan(title, plan, c, 2, 10);
        Path text = Files.createDirectories(hostile.resolve(what));
        String graph = plan.filter + card.drawtext(text);
        assertFalse(graph.contains("Größe"), "the title never enters the graph: " + graph);
        assertEquals(card.lines.get(0), Files.readString(text.resolve("title-0.txt"), StandardCharsets.UTF_8));
        int inW = audiogram ? plan.width : 1280;
        int inH = audiogram ? plan.height : 720;
        Frame in = ClipRenderer.solidFrame(inW, inH, audiogram ? c.audiogramColor() : "0x808080");
        int[][] with = luma(graph, inW, inH, in, 1.0, 2.5);
        int[][] without = luma(plan.filter, inW, inH, in, 1.0, 2.5);
        int w = plan.width;
        int bandArea = (card.bandBottom - card.bandTop) * w;
        // The band: darker than the picture under it almost everywhere between the lines' glyphs.
        int darker = 0;
        int bright = 0;
        for (int y = card.bandTop; y < card.bandBottom; y++) {
          for (int x = 0; x < w; x++) {
            int i = y * w + x;
            darker += with[0][i] < without[0][i] - 10 ? 1 : 0;
            bright += with[0][i] > 200 && without[0][i] < 200 ? 1 : 0;
          }
        }
        assertTrue(darker > 0.6 * bandArea, what + ": band darkened " + darker + " of " + bandArea);
        assertTrue(bright > 0.01 * bandArea, what + ": white text pixels " + bright);
        // Outside the band, the card changes nothing.
        assertEquals(0, differing(with[0], without[0], 0, card.bandTop, w), what + " above the band");
        assertEquals(0, differing(with[0], without[0], card.bandBottom, plan.height, w), what + " below the band");
        // After the card: the very frame without a card.
        assertEquals(0, differing(with[1], without[1], 0, plan.height, w), what + " after the card");
      }
    }
  }

  @Test
  void theMeasuredWidthIsTheDrawnWidth() throws Exception {
    RenderConfig c = ON.withSubtitleColors("white", "black");
    RenderLayout plan = RenderLayout.plan(null, 1280, 720, true, c.forFormat("vertical"));
    TitleCard card = TitleCard.plan("Harmonic Analysis", plan, c, 3, 10);
    assertEquals(1, card.lines.size(), card.lines.toString());
    Frame in = ClipRenderer.solidFrame(1280, 720, "black");
    int[] y = luma(plan.filter + card.drawtext(dir), 1280, 720, in, 0.5)[0];
    int left = Integer.MAX_VALUE;
    int right = -1;
    for (int row = card.bandTop; row < card.bandBottom; row++) {
      for (int x = 0; x < plan.width; x++) {
        if (y[row * plan.width + x] > 128) {
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    double measured = TitleCard.measure(c.fontFile(), card.fontSize).applyAsDouble(card.lines.get(0));
    int drawn = right - left + 1;
    assertTrue(Math.abs(drawn - measured) <= 0.03 * measured + 3, "drawn " + drawn + " px, measured " + measured);
  }

  private static int differing(int[] a, int[] b, int y0, int y1, int w) {
    int n = 0;
    for (int i = y0 * w; i < y1 * w; i++) {
      n += Math.abs(a[i] - b[i]) > 1 ? 1 : 0;
    }
    return n;
  }

  /**
   * The output luma (packed rows) of {@code graph} at each of {@code times} seconds, for {@code in} pushed as every
   * frame at 25 fps from 0 s, time-stamped as the renderer does.
   */
  private static int[][] luma(String graph, int w, int h, Frame in, double... times) throws Exception {
    List<int[]> out = new ArrayList<>();
    long last = 0;
    for (double t : times) {
      last = Math.max(last, Math.round(t * 25));
    }
    try (FFmpegFrameFilter f = new FFmpegFrameFilter(graph, w, h)) {
      f.setPixelFormat(AV_PIX_FMT_YUV420P);
      f.setFrameRate(25);
      f.start();
      for (long n = 0; n <= last; n++) {
        in.timestamp = Math.round((n + 0.01) * 1e6 / 25);
        f.push(in, AV_PIX_FMT_YUV420P);
        Frame o;
        while ((o = f.pull()) != null) {
          out.add(plane(o));
        }
      }
      f.push(null);
      Frame o;
      while ((o = f.pull()) != null) {
        out.add(plane(o));
      }
    }
    assertEquals(last + 1, out.size());
    int[][] at = new int[times.length][];
    for (int i = 0; i < times.length; i++) {
      at[i] = out.get((int) Math.round(times[i] * 25));
    }
    return at;
  }

  private static int[] plane(Frame f) {
    ByteBuffer b = (ByteBuffer) f.image[0];
    int[] y = new int[f.imageWidth * f.imageHeight];
    for (int row = 0; row < f.imageHeight; row++) {
      for (int x = 0; x < f.imageWidth; x++) {
        y[row * f.imageWidth + x] = b.get(row * f.imageStride + x) & 0xff;
      }
    }
    return y;
  }
}
