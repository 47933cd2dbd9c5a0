package io.lecturehighlights.transforms.rendering;

import static io.lecturehighlights.transforms.common.ConfigValues.assertWitherChangesOnly;
import static io.lecturehighlights.transforms.common.ConfigValues.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RenderConfigTest {
  private final RenderConfig d = RenderConfig.defaults();

  @Test
  void defaults() {
    assertTrue(d.vertical());
    assertEquals(720, d.verticalWidth());
    assertEquals(1280, d.verticalHeight());
    assertEquals("veryfast", d.x264Preset());
    assertEquals(23, d.crf());
    assertEquals(0, d.threads());
    assertTrue(d.subtitles());
    assertEquals(RenderConfig.BOX, d.subtitleStyle());
    assertEquals(32, d.maxCharsPerLine());
    assertFalse(d.titleCard(), "today's look: no title card");
    assertEquals(3.0, d.titleCardSeconds());
  }

  @Test
  void eachWitherChangesOnlyItsOwnValuesAndLeavesTheOriginal() {
    assertEquals(RenderConfig.ORIGINAL,
        assertWitherChangesOnly(d, c -> c.withLayoutMode("Original"), "layoutMode", "formats").layoutMode());
    RenderConfig f = assertWitherChangesOnly(d, c -> c.withFormats(List.of("square", "vertical")), "layoutMode",
        "formats");
    assertEquals(List.of("square", "vertical"), f.formats());
    assertEquals("square", f.layoutMode(), "the first format is the one planned first");
    assertEquals("vertical", assertWitherChangesOnly(f, c -> c.forFormat("vertical"), "layoutMode").layoutMode());
    RenderConfig v = assertWitherChangesOnly(d, c -> c.withVerticalSize(540, 960), "verticalWidth", "verticalHeight");
    assertEquals(List.of(540, 960), List.of(v.verticalWidth(), v.verticalHeight()));
    RenderConfig o = assertWitherChangesOnly(d, c -> c.withMaxOriginalSize(640, 360),
        "maxOriginalWidth", "maxOriginalHeight");
    assertEquals(List.of(640, 360), List.of(o.maxOriginalWidth(), o.maxOriginalHeight()));
    RenderConfig e = assertWitherChangesOnly(d, c -> c.withEncoder("slow", 18), "x264Preset", "crf");
    assertEquals("slow", e.x264Preset());
    assertEquals(18, e.crf());
    RenderConfig a = assertWitherChangesOnly(d, c -> c.withAudio(96_000, 44_100), "audioBitrate", "audioSampleRate");
    assertEquals(List.of(96_000, 44_100), List.of(a.audioBitrate(), a.audioSampleRate()));
    assertEquals(3, assertWitherChangesOnly(d, c -> c.withThreads(3), "threads").threads());
    assertEquals(20, assertWitherChangesOnly(d, c -> c.withFadeMillis(20), "fadeMillis").fadeMillis());
    assertFalse(assertWitherChangesOnly(d, c -> c.withSubtitles(false), "subtitles").subtitles());
    assertEquals(RenderConfig.OUTLINE,
        assertWitherChangesOnly(d, c -> c.withSubtitleStyle("outline"), "subtitleStyle").subtitleStyle());
    assertEquals("/f.ttf", assertWitherChangesOnly(d, c -> c.withFontFile("/f.ttf"), "fontFile").fontFile());
    RenderConfig col = assertWitherChangesOnly(d, c -> c.withSubtitleColors("Yellow", "#102030"),
        "subtitleColor", "subtitleBackColor");
    assertEquals(List.of("yellow", "#102030"), List.of(col.subtitleColor(), col.subtitleBackColor()));
    assertEquals(RenderConfig.TOP,
        assertWitherChangesOnly(d, c -> c.withSubtitlePosition("top"), "subtitlePosition").subtitlePosition());
    assertEquals(0.08, assertWitherChangesOnly(d, c -> c.withFontSizeRatio(0.08), "fontSizeRatio").fontSizeRatio());
    RenderConfig h = assertWitherChangesOnly(d, c -> c.withClipHeight(960),
        "verticalWidth", "verticalHeight", "maxOriginalWidth", "maxOriginalHeight");
    assertEquals(List.of(540, 960, 1706, 960),
        List.of(h.verticalWidth(), h.verticalHeight(), h.maxOriginalWidth(), h.maxOriginalHeight()));
    RenderConfig t = assertWitherChangesOnly(d, c -> c.withTitleCard(true, 4.5), "titleCard", "titleCardSeconds");
    assertEquals(List.of(true, 4.5), List.of(t.titleCard(), t.titleCardSeconds()));
    RenderConfig l = assertWitherChangesOnly(d, c -> c.withSubtitleLines(3, 20, 50),
        "maxLines", "maxCharsVertical", "maxCharsOriginal");
    assertEquals(List.of(3, 20, 50), List.of(l.maxLines(), l.maxCharsVertical(), l.maxCharsOriginal()));
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> d.withLayoutMode("portrait"));
    assertThrows(IllegalArgumentException.class, () -> d.withFormats(List.of()));
    assertThrows(IllegalArgumentException.class, () -> d.withFormats(List.of("vertical", "vertical")));
    assertThrows(IllegalArgumentException.class, () -> d.forFormat("square"), "not one of the config's formats");
    assertThrows(IllegalArgumentException.class, () -> d.withVerticalSize(721, 1280));
    assertThrows(IllegalArgumentException.class, () -> d.withEncoder("fast", 52));
    assertThrows(IllegalArgumentException.class, () -> d.withThreads(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withSubtitleStyle("shadow"));
    // a colour goes into the filter graph: nothing but a name or a hex value may get there
    assertThrows(IllegalArgumentException.class, () -> d.withSubtitleColors("white:enable=0", "black"));
    assertThrows(IllegalArgumentException.class, () -> d.withSubtitleColors("white", "transparent"));
    assertThrows(IllegalArgumentException.class, () -> d.withSubtitlePosition("middle"));
    assertThrows(IllegalArgumentException.class, () -> d.withFontSizeRatio(0.5));
    assertThrows(IllegalArgumentException.class, () -> d.withClipHeight(641));
    assertThrows(IllegalArgumentException.class, () -> d.withTitleCard(true, 0.5));
    assertThrows(IllegalArgumentException.class, () -> d.withTitleCard(true, 10.5));
    assertThrows(IllegalArgumentException.class, () -> d.withTitleCard(false, Double.NaN));
  }

  @Test
  void formatsParseInOrderAndNameWhatIsWrong() {
    assertEquals(List.of("vertical", "landscape", "square"), RenderConfig.parseFormats(" vertical,LANDSCAPE , square"));
    assertEquals(List.of("original"), RenderConfig.parseFormats("original"));
    assertEquals("unknown clip format 'portrait': the formats are vertical, landscape, square, original",
        assertThrows(IllegalArgumentException.class, () -> RenderConfig.parseFormats("vertical,portrait"))
            .getMessage());
    assertEquals("clip format 'square' is named twice",
        assertThrows(IllegalArgumentException.class, () -> RenderConfig.parseFormats("square,Square")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RenderConfig.parseFormats("vertical,,square"))
        .getMessage().startsWith("empty clip format"));
    assertThrows(IllegalArgumentException.class, () -> RenderConfig.parseFormats(" "));
  }

  @Test
  void everyShapeSharesTheShortSideOfTheConfiguredHeight() {
    RenderConfig all = d.withFormats(List.of("vertical", "landscape", "square"));
    for (int height : new int[] {1280, 640, 1920}) {
      RenderConfig c = all.withClipHeight(height);
      int shortSide = height * 9 / 16;
      assertEquals(List.of(shortSide, height), size(c.forFormat("vertical")));
      assertEquals(List.of(height, shortSide), size(c.forFormat("landscape")));
      assertEquals(List.of(shortSide, shortSide), size(c.forFormat("square")));
    }
    // Lines as long as the frame is wide: short on the narrow shapes, long on the wide one.
    assertEquals(32, all.forFormat("square").maxCharsPerLine());
    assertEquals(42, all.forFormat("landscape").maxCharsPerLine());
  }

  private static List<Integer> size(RenderConfig c) {
    return List.of(c.frameWidth(), c.frameHeight());
  }

  @Test
  void survivesSerialization() {
    RenderConfig c = d.withFormats(List.of("original", "square")).withThreads(2);
    assertEquals(c, roundTrip(c));
  }
}
