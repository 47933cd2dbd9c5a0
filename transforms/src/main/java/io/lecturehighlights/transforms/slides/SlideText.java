package io.lecturehighlights.transforms.slides;

import io.lecturehighlights.transforms.media.Box;
import java.io.Serializable;
import java.util.List;

/**
 * What OCR read on one slide: the title (the top line(s) in the largest type, or "" when none stands out), the whole
 * text (kept lines in reading order, one per line), the mean word confidence of the kept lines (0–100), and the kept
 * lines with their boxes in the coordinates of the frame that was read. A slide without readable text is
 * {@link #empty(double)}: "" everywhere, never an error.
 */
public record SlideText(String title, String text, double confidence, List<Line> lines) implements Serializable {

  public SlideText {
    lines = List.copyOf(lines);
  }

  /**
   * One text line: its text, box (frame pixels), mean word confidence (0–100) and type size: the row height
   * Tesseract measured (x-height plus ascenders and descenders), in frame pixels.
   */
  public record Line(String text, Box box, double confidence, double size) implements Serializable {}

  /** Nothing readable; {@code confidence} is what Tesseract reported for what it discarded (0 when nothing). */
  public static SlideText empty(double confidence) {
    return new SlideText("", "", confidence, List.of());
  }

  public boolean isEmpty() {
    return text.isEmpty();
  }
}
