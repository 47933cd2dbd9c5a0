package io.lecturehighlights.transforms.slides;

import java.io.Serializable;

/**
 * How a lecture's slides are read.
 *
 * @param ocrLanguages Tesseract language codes as Tesseract writes them ("eng", "eng+deu"), or {@value #NO_OCR}:
 *     slides are still listed with their thumbnails, without text
 * @param thumbnailWidth width of slides/slide-NN.jpg in pixels (a smaller screen region is not enlarged)
 * @param maxSlides slides read per lecture at most: a screen that changes every few seconds for an hour (a video
 *     played full screen) would otherwise cost an OCR run per change; the rest are listed without text, with a note
 */
public record SlidesConfig(String ocrLanguages, int thumbnailWidth, int maxSlides) implements Serializable {
  public static final String NO_OCR = "none";

  public SlidesConfig {
    ocrLanguages = ocrLanguages == null || ocrLanguages.isBlank() ? SlideTextReader.DEFAULT_LANGUAGES
        : ocrLanguages.trim();
    if (!NO_OCR.equals(ocrLanguages) && !ocrLanguages.matches("[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*")) {
      throw new IllegalArgumentException("--ocr-languages must be Tesseract language codes joined by '+' (eng, "
          + "eng+deu) or " + NO_OCR + ", not '" + ocrLanguages + "'");
    }
    if (thumbnailWidth < 16) {
      throw new IllegalArgumentException("slide thumbnails need a width of at least 16 pixels");
    }
    if (maxSlides < 0) {
      throw new IllegalArgumentException("maxSlides must not be negative");
    }
  }

  public static SlidesConfig defaults() {
    return new SlidesConfig(SlideTextReader.DEFAULT_LANGUAGES, 480, 600);
  }

  public SlidesConfig withOcrLanguages(String languages) {
    return new SlidesConfig(languages, thumbnailWidth, maxSlides);
  }

  /** Whether slide text is read at all. */
  public boolean ocr() {
    return !NO_OCR.equals(ocrLanguages);
  }
}
