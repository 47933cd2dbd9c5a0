package io.lecturehighlights.transforms.rendering;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real renders of one highlight in three formats from one decode (small: 640 px class, ultrafast, 3.1 s kept), and
 * thumbnails: exact geometry per format, the file names, subtitles burned into the videos but never into the
 * thumbnails, thumbnails that avoid the slide change the first interval straddles, and a title card for the first
 * {@link #CARD_SECONDS} (a hostile highlight title: neither slide is on screen a second of the card).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipFormatsRenderTest {
  private static final String CLEAN = "lecture-clean.mp4";
  /** The clean lecture's first slide change is at 6.8 s: the middle of the first interval, where a naive pick lands. */
  private static final double SLIDE_CHANGE = 6.8;
  private static final double[] KEPT = {6.0, 7.6, 16.5, 18.0};
  /** Yellow text on a navy box: colours neither the slides nor the camera have in the band. */
  private static final double CARD_SECONDS = 2.0;
  private static final String TITLE = "Newton's laws: F = m·a, 100% \\ [1]; naïve";
  private static final RenderConfig CONFIG = RenderConfig.defaults().withClipHeight(640).withEncoder("ultrafast", 30)
      .withSubtitleColors("yellow", "navy").withFormats(List.of("vertical", "landscape", "square"))
      .withTitleCard(true, CARD_SECONDS);

  private List<Clip> clips;
  private Path dir;

  @BeforeAll
  void render(@TempDir Path tmp) throws Exception {
    dir = tmp.resolve("clips");
    Layout layout = Layout.newBuilder(RenderFixtures.layout(CLEAN)).setSlideChanges(List.of(SLIDE_CHANGE)).build();
    clips = new ClipRenderer(CONFIG).highlightTitle(TITLE).renderAll("clean", Fixtures.lecture(CLEAN), RenderFixtures.kept(KEPT), layout,
        RenderFixtures.transcript(CLEAN), dir, 1);
  }

  @Test
  void eachFormatHasItsExactGeometryAndTheFirstKeepsTheOldName() throws Exception {
    assertEquals(List.of("vertical", "landscape", "square"), clips.stream().map(Clip::getFormat).toList());
    // The 640 px class: 9:16, 16:9 and 1:1 sharing the 360 px short side.
    int[][] sizes = {{360, 640}, {640, 360}, {360, 360}};
    int[][] ratios = {{9, 16}, {16, 9}, {1, 1}};
    long frames = -1;
    for (int i = 0; i < clips.size(); i++) {
      Clip c = clips.get(i);
      DecodedClip d = DecodedClip.decode(Path.of(c.getVideoUri()));
      assertEquals(List.of(sizes[i][0], sizes[i][1]), List.of(d.width, d.height), c.getFormat());
      assertEquals(d.width * ratios[i][1], d.height * ratios[i][0], c.getFormat() + " aspect");
      assertEquals(List.of(d.width, d.height), List.of(c.getWidth(), c.getHeight()));
      DecodedClip thumb = DecodedClip.decode(Path.of(c.getThumbnailUri()));
      assertEquals(List.of(d.width, d.height), List.of(thumb.width, thumb.height), c.getFormat() + " thumbnail");
      // One decode, one timeline: every format has the same frames and audio.
      assertEquals(3.1, d.videoSeconds(), 1 / d.fps + 1e-9, c.getFormat());
      assertTrue(Math.abs(d.audioSeconds() - d.videoSeconds()) < 0.040, c.getFormat() + " A/V");
      if (frames >= 0) {
        assertEquals(frames, d.videoFrames, c.getFormat());
      }
      frames = d.videoFrames;
      assertEquals(RenderFixtures.kept(KEPT), c.getSourceIntervals());
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("clip-01-landscape.jpg", "clip-01-landscape.mp4", "clip-01-landscape.vtt",
              "clip-01-square.jpg", "clip-01-square.mp4", "clip-01-square.vtt", "clip-01.jpg", "clip-01.mp4",
              "clip-01.vtt"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "the first format under the old names only, the others by format, nothing partial");
    }
    // Each format's cues are wrapped to its own line length (32 characters on the narrow shapes, 42 on the wide).
    for (Clip c : clips) {
      int max = CONFIG.forFormat(c.getFormat()).maxCharsPerLine();
      List<String> lines = Files.readAllLines(Path.of(c.getSubtitlesUri())).stream()
          .filter(l -> !l.isBlank() && !l.contains("-->") && !l.startsWith("WEBVTT")).toList();
      assertTrue(!lines.isEmpty() && lines.stream().allMatch(l -> l.length() <= max), c.getFormat() + ": " + lines);
    }
  }

  @Test
  void thumbnailsShowTheClipsPictureWithoutTheSubtitles() throws Exception {
    for (Clip c : clips) {
      RenderLayout plan = RenderLayout.plan(RenderFixtures.layout(CLEAN), 1280, 720, true,
          CONFIG.forFormat(c.getFormat()));
      assertNotNull(c.getThumbnailSeconds(), c.getFormat());
      Rgb thumb = Rgb.read(Path.of(c.getThumbnailUri()), -1);
      Rgb frame = Rgb.read(Path.of(c.getVideoUri()), c.getThumbnailSeconds());
      int band = thumb.yellow(plan.subtitleTop, plan.subtitleBottom);
      assertEquals(0, band, c.getFormat() + ": subtitle pixels in the thumbnail's band");
      TitleCard card = card(c);
      assertEquals(0, thumb.yellow(card.bandTop, card.bandBottom), c.getFormat() + ": no title card on the thumbnail");
      // The same picture as the video at that moment, outside the subtitle band and the title card's.
      assertTrue(card.bandBottom <= plan.subtitleTop, c.getFormat());
      double outside = frame.meanDifference(thumb, 0, card.bandTop) * card.bandTop
          + frame.meanDifference(thumb, card.bandBottom, plan.subtitleTop) * (plan.subtitleTop - card.bandBottom)
          + frame.meanDifference(thumb, plan.subtitleBottom, c.getHeight()) * (c.getHeight() - plan.subtitleBottom);
      outside /= card.bandTop + plan.subtitleTop - card.bandBottom + c.getHeight() - plan.subtitleBottom;
      assertTrue(outside < 6, String.format(Locale.ROOT, "%s: thumbnail differs from the video frame at %.2f s by %.1f",
          c.getFormat(), c.getThumbnailSeconds(), outside));
      // The videos do carry yellow subtitles in that band, so the check above can see them.
      int most = 0;
      for (double t = 0.2; t < 3.0; t += 0.4) {
        most = Math.max(most, Rgb.read(Path.of(c.getVideoUri()), t).yellow(plan.subtitleTop, plan.subtitleBottom));
      }
      assertTrue(most > 200, c.getFormat() + ": burned-in subtitles visible in the video's band: " + most);
    }
  }

  /** The format's title card as the renderer planned it. */
  private static TitleCard card(Clip c) throws Exception {
    RenderConfig fc = CONFIG.forFormat(c.getFormat());
    return TitleCard.plan(TITLE, RenderLayout.plan(RenderFixtures.layout(CLEAN), 1280, 720, true, fc), fc,
        CARD_SECONDS, 3.1);
  }

  @Test
  void theTitleCardShowsForItsSecondsInEveryFormat() throws Exception {
    for (Clip c : clips) {
      assertEquals(TITLE, c.getTitleCard(), c.getFormat());
      TitleCard card = card(c);
      int area = (card.bandBottom - card.bandTop) * c.getWidth();
      Rgb during = Rgb.read(Path.of(c.getVideoUri()), 1.0);
      Rgb after = Rgb.read(Path.of(c.getVideoUri()), CARD_SECONDS + 0.6);
      // Yellow text on a navy band (60 % over the picture) at 1 s; neither once the card has gone.
      assertTrue(during.yellow(card.bandTop, card.bandBottom) > 0.02 * area,
          c.getFormat() + ": title text " + during.yellow(card.bandTop, card.bandBottom) + " of " + area);
      assertTrue(during.navy(card.bandTop, card.bandBottom) > 0.5 * area,
          c.getFormat() + ": band " + during.navy(card.bandTop, card.bandBottom) + " of " + area);
      assertEquals(0, after.yellow(card.bandTop, card.bandBottom), c.getFormat() + ": text after the card");
      assertTrue(after.navy(card.bandTop, card.bandBottom) < 0.05 * area,
          c.getFormat() + ": band after the card " + after.navy(card.bandTop, card.bandBottom) + " of " + area);
    }
  }

  @Test
  void thumbnailAvoidsTheSlideChangeAndShowsASettledFrame() throws Exception {
    double source = KEPT[0] + clips.get(0).getThumbnailSeconds();
    assertTrue(Math.abs(source - SLIDE_CHANGE) >= ThumbnailPicker.GUARD_SECONDS,
        "thumbnail at source " + source + " s, slide change at " + SLIDE_CHANGE);
    assertTrue(source >= KEPT[0] && source < KEPT[1], "from the first kept interval: " + source);
    // Every format shows the same moment.
    clips.forEach(c -> assertEquals(clips.get(0).getThumbnailSeconds(), c.getThumbnailSeconds()));
  }

  @Test
  void realLectureThumbnailSkipsTheCutWithoutLayoutHints() throws Exception {
    // A real 2 fps ETH lecture capture whose slide changes at 2.03 s; no layout: only the pictures' own motion says
    // where the change is. The interval starts just before it, so its first picture is the change.
    Path source = Fixtures.sharedMedia().resolve("video/opencast-eth-lecture/segment_0.mp4");
    double start = 1.9;
    Clip c = new ClipRenderer(RenderConfig.defaults().withClipHeight(640).withEncoder("ultrafast", 30)
        .withFormats(List.of("landscape"))).render("eth", source, List.of(new TimeRange(start, 4.4)), null, null,
        dir.resolveSibling("eth"), 1);
    double at = start + c.getThumbnailSeconds();
    assertTrue(at > 2.03 + 0.25, "the thumbnail is the picture after the change, not the change: " + at);
    // Settled: the source picture shown at that time hardly differs from the one before it.
    int[] shown = DecodedClip.sourceLuma(source, at);
    int[] before = DecodedClip.sourceLuma(source, at - 0.5);
    double diff = 0;
    for (int i = 0; i < shown.length; i++) {
      diff += Math.abs(shown[i] - before[i]);
    }
    assertTrue(diff / shown.length < 2, "mean change to the frame before: " + diff / shown.length);
  }

  /** A picture in 8-bit RGB. */
  private record Rgb(int w, int h, byte[] bgr) {
    /** The picture of a file: an image (at < 0) or the video frame shown at {@code at} seconds. */
    static Rgb read(Path file, double at) throws Exception {
      try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
        g.setPixelFormat(AV_PIX_FMT_BGR24);
        g.start();
        Frame f = null;
        Frame img;
        long want = at < 0 ? 0 : Math.round(at * g.getFrameRate());
        long n = 0;
        while ((img = g.grabImage()) != null) {
          f = img;
          if (n++ >= want) {
            break;
          }
        }
        ByteBuffer b = (ByteBuffer) f.image[0];
        byte[] out = new byte[f.imageWidth * f.imageHeight * 3];
        for (int y = 0; y < f.imageHeight; y++) {
          for (int x = 0; x < f.imageWidth * 3; x++) {
            out[y * f.imageWidth * 3 + x] = b.get(y * f.imageStride + x);
          }
        }
        return new Rgb(f.imageWidth, f.imageHeight, out);
      }
    }

    /** Pixels in rows [y0, y1) that are subtitle yellow. */
    int yellow(int y0, int y1) {
      return count(y0, y1, (r, g, b) -> r > 190 && g > 190 && b < 100);
    }

    /** Pixels in rows [y0, y1) that are tinted navy: blue well above red and green. */
    int navy(int y0, int y1) {
      return count(y0, y1, (r, g, b) -> b > r + 25 && b > g + 25);
    }

    private interface Colour {
      boolean matches(int r, int g, int b);
    }

    private int count(int y0, int y1, Colour colour) {
      int n = 0;
      for (int y = y0; y < y1; y++) {
        for (int x = 0; x < w; x++) {
          int i = (y * w + x) * 3;
          if (colour.matches(bgr[i + 2] & 0xff, bgr[i + 1] & 0xff, bgr[i] & 0xff)) {
            n++;
          }
        }
      }
      return n;
    }

    /** Mean absolute difference per channel over rows [y0, y1). */
    double meanDifference(Rgb o, int y0, int y1) {
      long sum = 0;
      for (int i = y0 * w * 3; i < y1 * w * 3; i++) {
        sum += Math.abs((bgr[i] & 0xff) - (o.bgr[i] & 0xff));
      }
      return y1 > y0 ? sum / (double) ((y1 - y0) * w * 3) : 0;
    }
  }
}
