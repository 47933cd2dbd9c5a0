package io.lecturehighlights.bench;

import io.lecturehighlights.pipeline.cli.LhxEnvironment;
import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** What `lhx bench ocr` and `lhx bench slides` read: the OCR languages, the slides chosen, and where the media are. */
final class OcrInputs {
  @Option(names = "--ocr-languages", defaultValue = "eng", description = "Tesseract languages, e.g. eng+deu (default: ${DEFAULT-VALUE}).")
  String languages;

  @Option(names = "--slides", defaultValue = ".", description = "Only the generated OCR slides whose name (e.g. 1280x720-serif-small-dark) matches this regular expression (default: all).")
  String slides;

  @Option(names = "--shared-media", description = "Real test media (default: ../shared/testmedia beside the project).")
  Path sharedMedia;

  @Option(names = "--testdata", description = "The project's testdata folder (default: found from here or the jar).")
  Path testdata;

  /** The testdata folder, or null when none is found. */
  Path testdata() {
    return testdata != null ? testdata : LhxEnvironment.findTestdata();
  }

  /** The real test media: --shared-media, else ../shared/testmedia beside the project; null when neither is known. */
  Path sharedMedia() {
    if (sharedMedia != null) {
      return sharedMedia;
    }
    Path td = testdata();
    return td == null ? null : td.toAbsolutePath().getParent().resolveSibling("shared").resolve("testmedia");
  }

  Pattern slidePattern() {
    return Pattern.compile(slides);
  }
}
