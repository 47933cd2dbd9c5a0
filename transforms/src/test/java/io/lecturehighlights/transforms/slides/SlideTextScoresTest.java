package io.lecturehighlights.transforms.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.media.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of slide OCR: scores, title choice from line boxes and sizes, scaling estimate. */
class SlideTextScoresTest {

  @Test
  void cerAndNormalisation() {
    assertEquals(0, OcrScores.cer("Land and\n Vegetation", "Land and Vegetation"));
    assertEquals(1.0 / 4, OcrScores.cer("Lnd ", "Land"), 1e-9);
    assertEquals(1, OcrScores.cer("", "abc"));
    assertEquals(0, OcrScores.cer("", " "));
    assertTrue(OcrScores.sameText("Key players on the\nClimate Scene", "Key players on the Climate Scene"));
  }

  private static SlideText.Line line(String text, int y0, int height, int x0) {
    return new SlideText.Line(text, new Box(x0, y0, x0 + 600, y0 + height), 90, height);
  }

  @Test
  void titleIsTheTopLargestTypeWithItsSecondLine() {
    Box crop = new Box(0, 0, 1280, 720);
    List<SlideText.Line> lines = List.of(
        line("Course 252-0001", 10, 18, 900), // small header above the title, to the right
        line("Land and Vegetation: Key players on the", 60, 44, 80),
        line("Climate Scene", 110, 42, 80),
        line("Prof. Sonia I. Seneviratne", 200, 26, 80),
        line("Huge Number 42", 500, 80, 80)); // bigger, but in the lower half
    assertEquals("Land and Vegetation: Key players on the Climate Scene", SlideTextReader.title(lines, crop));
  }

  @Test
  void aBodyLineOfTheSameSizeFarBelowIsNotPartOfTheTitle() {
    Box crop = new Box(0, 0, 1280, 720);
    List<SlideText.Line> lines = List.of(line("Markov Chains", 60, 40, 80), line("States and transitions", 200, 40,
        80));
    assertEquals("Markov Chains", SlideTextReader.title(lines, crop));
    assertEquals("", SlideTextReader.title(List.of(line("Footer only", 650, 20, 80)), crop));
  }

  @Test
  void bodyLineHeightFindsTheTypicalLine() {
    int w = 200;
    int h = 200;
    byte[] g = new byte[w * h];
    java.util.Arrays.fill(g, (byte) 255);
    // Three "lines" of ink rows 12 px high, one 30 px high.
    for (int[] run : new int[][] {{10, 30}, {60, 12}, {90, 12}, {120, 12}}) {
      for (int y = run[0]; y < run[0] + run[1]; y++) {
        for (int x = 20; x < 180; x += 3) {
          g[y * w + x] = 0;
        }
      }
    }
    assertEquals(12, SlideTextReader.bodyLineHeight(g, w, h));
    assertFalse(SlideTextReader.bodyLineHeight(new byte[w * h], w, h) > 0); // all ink: one run, too tall
  }
}
