package io.lecturehighlights.bench;

import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.slides.OcrScores;
import io.lecturehighlights.transforms.slides.SlideText;
import io.lecturehighlights.transforms.slides.SlideTextReader;
import io.lecturehighlights.transforms.slides.SyntheticSlides;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Slide OCR accuracy and cost: title exact-match rate and character error rate on generated slides (DejaVu Sans,
 * Serif and Sans Mono; two type sizes; light, light-accent, dark and dark-blue themes; 1280x720 and 1920x1080;
 * JPEG quality 0.75) and on the real ETH slide frame in ../shared/testmedia/images (Opencast's expected title is the
 * .txt beside it); time per slide (wall and process CPU, one reader on one thread) and memory (process RSS before
 * and after starting Tesseract, and its peak). Ends with a 'summary:' line.
 */
public final class OcrBenchmark {
  private final PrintStream out;

  public OcrBenchmark(PrintStream out) {
    this.out = out;
  }

  record Result(SyntheticSlides.Slide slide, SlideText text, double wallMs, double cpuMs) {
    boolean titleExact() {
      return OcrScores.sameText(text.title(), slide.title());
    }

    double cer() {
      return OcrScores.cer(text.text(), slide.text());
    }
  }

  /** What {@link #accuracy} found, for a summary line. */
  record Accuracy(long exact, int slides, double meanCer, double medianMs, String eth) {
    String summary() {
      return String.format(Locale.ROOT, "ocr generated titles %d/%d exact, mean CER %.4f, median %.0f ms per slide;"
          + " %s", exact, slides, meanCer, medianMs, eth);
    }
  }

  /** The generated benchmark slides whose name matches {@code only}. */
  static List<SyntheticSlides.Slide> slides(Pattern only) {
    List<SyntheticSlides.Slide> slides = new ArrayList<>();
    for (SyntheticSlides.Slide s : SyntheticSlides.standardSet()) {
      if (only.matcher(s.name()).find()) {
        slides.add(s);
      }
    }
    return slides;
  }

  public int run(Path sharedMedia, String languages, Pattern only) throws IOException {
    long rssStart = statusKb("VmRSS");
    List<SyntheticSlides.Slide> slides = slides(only);
    long rssSlides = statusKb("VmRSS");
    SlideTextReader reader;
    long initStart = System.nanoTime();
    try {
      reader = new SlideTextReader(languages);
    } catch (StageException e) {
      out.println("lhx bench ocr: " + e.reason() + ": " + e.getMessage());
      return 1;
    }
    double initMs = (System.nanoTime() - initStart) / 1e6;
    long rssReader = statusKb("VmRSS");
    try (reader) {
      Accuracy a = accuracy(reader, slides, sharedMedia);
      long rssEnd = statusKb("VmRSS");
      out.printf(Locale.ROOT, "Memory: process RSS %d MiB at start, %d MiB with the slides in memory, %d MiB after "
          + "starting Tesseract (%.0f ms; +%d MiB: natives and eng.traineddata), %d MiB after the run; peak %d MiB; "
          + "JVM heap used %d MiB%n", rssStart / 1024, rssSlides / 1024, rssReader / 1024, initMs,
          (rssReader - rssSlides) / 1024, rssEnd / 1024, statusKb("VmHWM") / 1024,
          (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
      out.println("summary: " + a.summary());
      return 0;
    } catch (StageException e) {
      out.println("lhx bench ocr: " + e.reason() + ": " + e.getMessage());
      return 1;
    }
  }

  /**
   * Reads every slide once (after one untimed warm-up read) and the real ETH frame with {@code reader}, printing
   * the table by resolution, face, size and theme, the ETH line and the slides read wrongly.
   */
  Accuracy accuracy(SlideTextReader reader, List<SyntheticSlides.Slide> slides, Path sharedMedia)
      throws IOException, StageException {
    // Warm-up (JIT, Tesseract's first allocations): not timed.
    if (!slides.isEmpty()) {
      reader.read(slides.get(0).image());
    }
    List<Result> results = new ArrayList<>();
    for (SyntheticSlides.Slide s : slides) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      SlideText t = reader.read(s.image());
      results.add(new Result(s, t, (System.nanoTime() - t0) / 1e6, (processCpuNanos() - c0) / 1e6));
    }
    out.printf(Locale.ROOT, "Slide OCR: Tesseract (JavaCV preset), languages %s, data %s, %d generated slides, "
        + "one reader on one thread%n%n", reader.languages(), reader.tessdata(), results.size());
    out.println("| group | slides | title exact | mean CER | max CER | median ms | mean CPU ms |");
    out.println("|---|---|---|---|---|---|---|");
    table(results, r -> r.slide().image().getWidth() + "x" + r.slide().image().getHeight());
    table(results, r -> part(r, 1));
    table(results, r -> part(r, 2));
    table(results, r -> part(r, 3));
    row("all generated", results);
    out.println();
    String eth = eth(reader, sharedMedia);
    List<String> misses = new ArrayList<>();
    for (Result r : results) {
      if (!r.titleExact() || r.cer() > 0.02) {
        misses.add(String.format(Locale.ROOT, "  %s: title [%s] CER %.3f", r.slide().name(), r.text().title(),
            r.cer()));
      }
    }
    if (!misses.isEmpty()) {
      out.println("Slides with a wrong title or CER > 0.02:");
      misses.forEach(out::println);
      out.println();
    }
    return new Accuracy(results.stream().filter(Result::titleExact).count(), results.size(),
        results.stream().mapToDouble(Result::cer).average().orElse(0),
        median(results.stream().mapToDouble(Result::wallMs).toArray()), eth);
  }

  private static String part(Result r, int i) {
    // name: WIDTHxHEIGHT-face-size-theme
    return r.slide().name().split("-")[i];
  }

  private void table(List<Result> results, Function<Result, String> key) {
    Map<String, List<Result>> groups = new LinkedHashMap<>();
    for (Result r : results) {
      groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    groups.forEach(this::row);
  }

  private void row(String name, List<Result> rs) {
    if (rs.isEmpty()) {
      return;
    }
    long exact = rs.stream().filter(Result::titleExact).count();
    out.printf(Locale.ROOT, "| %s | %d | %d/%d (%.0f %%) | %.4f | %.3f | %.0f | %.0f |%n", name, rs.size(), exact,
        rs.size(), 100.0 * exact / rs.size(), rs.stream().mapToDouble(Result::cer).average().orElse(0),
        rs.stream().mapToDouble(Result::cer).max().orElse(0),
        median(rs.stream().mapToDouble(Result::wallMs).toArray()),
        rs.stream().mapToDouble(Result::cpuMs).average().orElse(0));
  }

  /** The real ETH frame: one line for the table and the summary. */
  private String eth(SlideTextReader reader, Path shared) throws IOException, StageException {
    Path images = shared == null ? null : shared.resolve("images");
    Path tiff = images == null ? null : images.resolve("opencast-textextractor-image.tiff");
    if (tiff == null || !Files.isRegularFile(tiff)) {
      out.println("ETH frame: skipped, " + (tiff == null ? "no ../shared/testmedia" : tiff + " not found"));
      return "ETH frame skipped";
    }
    String expected = OcrScores.normalize(Files.readString(images.resolve("opencast-textextractor-image.txt")));
    BufferedImage frame = ImageIO.read(tiff.toFile());
    double[] ms = new double[5];
    SlideText t = null;
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      t = reader.read(frame);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    boolean exact = expected.equals(t.title());
    double titleCer = OcrScores.cer(t.title(), expected);
    out.printf(Locale.ROOT, "ETH frame (%dx%d, %s): title %s [%s], title CER %.3f, confidence %.0f, median %.0f ms "
        + "(5 reads)%n  expected [%s]%n  all text: %s%n%n", frame.getWidth(), frame.getHeight(), tiff.getFileName(),
        exact ? "exact" : "DIFFERENT", t.title(), titleCer, t.confidence(), median(ms), expected,
        t.text().replace("\n", " | "));
    return String.format(Locale.ROOT, "ETH frame title %s", exact ? "exact" : "wrong (CER " + titleCer + ")");
  }

  private static double median(double[] v) {
    if (v.length == 0) {
      return 0;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** A field of /proc/self/status in KiB (0 where there is none). */
  private static long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
