package io.lecturehighlights.transforms.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.media.Box;
import io.lecturehighlights.transforms.slides.SlideDeckReader;
import io.lecturehighlights.transforms.slides.SlideVideos;
import io.lecturehighlights.transforms.slides.SlidesConfig;
import io.lecturehighlights.transforms.slides.SyntheticSlides;
import io.lecturehighlights.transforms.slides.SyntheticSlides.Face;
import io.lecturehighlights.transforms.slides.SyntheticSlides.Size;
import io.lecturehighlights.transforms.slides.SyntheticSlides.Theme;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slides read out of recordings, end to end: layout detection finds the slides and a still frame of each,
 * {@link SlideDeckReader} reads them. On recordings the reader was not tuned on: generated slide shows at a frame
 * size that needs padding (1366 wide) and stored turned with a display rotation, and the fixture lecture whose white
 * titles sit on coloured banners under a camera inset.
 */
class SlidesFromVideoTest {
  private static final List<String> TITLES = List.of("Windowing", "Fourier Transform", "Sampling Theorem");

  @TempDir static Path dir;

  /** The screen region of the last read, for the thumbnails' shape. */
  private static Box lastScreen;

  private static SlideDeckReader.Deck read(Path file, SlidesConfig config) throws Exception {
    try (LayoutAnalyzer analyzer = new LayoutAnalyzer(LayoutConfig.defaults());
        SlideDeckReader reader = new SlideDeckReader(config)) {
      LayoutAnalysis a = analyzer.analyze(file, false);
      lastScreen = a.screen;
      List<SlideDeckReader.Wanted> wanted = new ArrayList<>();
      for (LayoutAnalysis.SlideSpan s : a.slides) {
        wanted.add(new SlideDeckReader.Wanted(s.start(), s.end(), s.readAt(), s.screen(), s.camera()));
      }
      return reader.read(file, wanted);
    }
  }

  private static List<BufferedImage> slides(List<String> titles, int w, int h, Theme theme, Face face) {
    List<BufferedImage> out = new ArrayList<>();
    for (int i = 0; i < titles.size(); i++) {
      out.add(SyntheticSlides.slide(31 + i, titles.get(i), w, h, face, Size.SMALL, theme, 0.9f).image());
    }
    return out;
  }

  private static void assertSlides(SlideDeckReader.Deck deck, List<String> titles, List<Double> starts,
      double aspect) throws Exception {
    assertEquals(titles.size(), deck.slides().size(), deck.toString());
    for (int i = 0; i < titles.size(); i++) {
      SlideDeckReader.ReadSlide s = deck.slides().get(i);
      assertEquals(titles.get(i), s.text().title(), s.toString());
      assertTrue(s.text().confidence() > 60, s.toString());
      assertEquals(starts.get(i), s.start(), 0.5, s.toString());
      assertTrue(s.frameTime() > s.start() && s.frameTime() < s.end(), "read inside the slide: " + s);
      BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(s.thumbnailJpeg()));
      assertNotNull(thumb);
      assertEquals(aspect, thumb.getWidth() / (double) thumb.getHeight(), 0.2, "thumbnail upright (a turned one would be 0.56)");
      assertEquals(lastScreen.w() / (double) lastScreen.h(), thumb.getWidth() / (double) thumb.getHeight(), 0.02,
          "thumbnail of the screen region");
    }
    assertEquals(List.of(), deck.notes());
  }

  @Test
  void generatedSlidesAtAFrameSizeThatNeedsPadding() throws Exception {
    List<Double> seconds = List.of(6.0, 7.0, 6.0);
    SlideVideos.Recording r = SlideVideos.build(dir.resolve("dark-1366.mp4"),
        slides(TITLES, 1366, 768, Theme.DARK, Face.SANS), seconds, SlideVideos.Encoding.plain());
    assertSlides(read(r.file(), SlidesConfig.defaults()), TITLES, r.starts(), 1366 / 768.0);
  }

  @Test
  void generatedSlidesStoredTurnedWithADisplayRotation() throws Exception {
    List<Double> seconds = List.of(6.0, 7.0, 6.0);
    SlideVideos.Recording r = SlideVideos.build(dir.resolve("turned.mp4"),
        slides(TITLES, 1280, 720, Theme.LIGHT_ACCENT, Face.SERIF), seconds,
        SlideVideos.Encoding.plain().turnedQuarter());
    assertSlides(read(r.file(), SlidesConfig.defaults()), TITLES, r.starts(), 1280 / 720.0);
  }

  @Test
  void whiteTitlesOnBannersUnderACameraInset() throws Exception {
    SlideDeckReader.Deck deck = read(Fixtures.lecture("lecture-clean.mp4"), SlidesConfig.defaults());
    List<String> titles = deck.slides().stream().map(s -> s.text().title()).toList();
    // Before the banner got its own background the second and third came out as "First Law: Inert" and nothing.
    assertEquals(List.of("Newton's Laws of Motion", "First Law: Inertia", "Second Law: F=ma",
        "Third Law: Action and Reaction"), titles);
    for (SlideDeckReader.ReadSlide s : deck.slides()) {
      // the camera inset (bottom right) is left out: no stray "words" from the lecturer's bookshelf
      assertTrue(s.text().lines().stream().allMatch(l -> l.box().x1() < 943 || l.box().y1() < 463), s.toString());
    }
  }

  @Test
  void aTitleBannerPartlyUnderTheCameraIsStillABanner() throws Exception {
    // The letterboxed fixture's camera inset covers the end of the second slide's long white-on-red title: the rows
    // through its letters are half white, and were taken for the page (the title was lost and the first bullet
    // became the title). What the camera hides cannot be read; the rest is.
    List<String> titles = read(Fixtures.lecture("lecture-letterboxed.mp4"), SlidesConfig.defaults()).slides().stream()
        .map(s -> s.text().title()).toList();
    assertEquals(3, titles.size(), titles.toString());
    assertEquals("Waves", titles.get(0));
    assertTrue(titles.get(1).startsWith("Wavelength and Freq"), titles.toString());
    assertEquals("Sound", titles.get(2));
  }

  @Test
  void aSlideShownAgainIsReadOnce() throws Exception {
    List<BufferedImage> abc = slides(TITLES, 1280, 720, Theme.LIGHT, Face.SANS);
    SlideVideos.Recording r = SlideVideos.build(dir.resolve("again.mp4"),
        List.of(abc.get(0), abc.get(1), abc.get(0)), List.of(6.0, 6.0, 6.0), SlideVideos.Encoding.plain());
    SlideDeckReader.Deck deck = read(r.file(), SlidesConfig.defaults());
    assertEquals(3, deck.slides().size(), deck.toString());
    assertEquals(deck.slides().get(0).text(), deck.slides().get(2).text());
    assertEquals(TITLES.get(1), deck.slides().get(1).text().title());
    assertEquals(2, deck.ocrRuns(), "the slide shown again is recognised, not read again");
  }

  @Test
  void withoutOcrOrLanguageDataSlidesAreStillListed() throws Exception {
    SlideVideos.Recording r = SlideVideos.build(dir.resolve("dark-1366.mp4"),
        slides(TITLES, 1366, 768, Theme.DARK, Face.SANS), List.of(6.0, 7.0, 6.0), SlideVideos.Encoding.plain());
    SlideDeckReader.Deck off = read(r.file(), SlidesConfig.defaults().withOcrLanguages(SlidesConfig.NO_OCR));
    assertEquals(3, off.slides().size());
    assertTrue(off.slides().stream().allMatch(s -> s.text().isEmpty() && s.thumbnailJpeg() != null));
    assertEquals(List.of(), off.notes());
    SlideDeckReader.Deck missing = read(r.file(), SlidesConfig.defaults().withOcrLanguages("xyz"));
    assertEquals(3, missing.slides().size());
    assertEquals(1, missing.notes().size(), missing.notes().toString());
    assertTrue(missing.notes().get(0).startsWith("slides: ocr-language-data-missing"), missing.notes().get(0));
  }
}
