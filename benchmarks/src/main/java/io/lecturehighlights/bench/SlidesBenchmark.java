package io.lecturehighlights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.layout.LayoutAnalysis;
import io.lecturehighlights.transforms.layout.LayoutAnalyzer;
import io.lecturehighlights.transforms.layout.LayoutConfig;
import io.lecturehighlights.transforms.layout.RealSlideCases;
import io.lecturehighlights.transforms.layout.SlideChangeFixtures;
import io.lecturehighlights.transforms.layout.SlideChangeScoring;
import io.lecturehighlights.transforms.media.MediaProbe;
import io.lecturehighlights.transforms.slides.OcrScores;
import io.lecturehighlights.transforms.slides.SlideDeckReader;
import io.lecturehighlights.transforms.slides.SlideTextReader;
import io.lecturehighlights.transforms.slides.SlideVideos;
import io.lecturehighlights.transforms.slides.SlidesConfig;
import io.lecturehighlights.transforms.slides.SyntheticSlides;
import io.lecturehighlights.transforms.slides.SyntheticSlides.Face;
import io.lecturehighlights.transforms.slides.SyntheticSlides.Size;
import io.lecturehighlights.transforms.slides.SyntheticSlides.Theme;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slides in the layout stage (issue #20, item 6), accuracy and cost:
 *
 * <ol>
 *   <li>slide changes, precision and recall within 0.5 s, per case and over all: the real clips of
 *       ../shared/testmedia with known changes ({@link RealSlideCases} as they are and disturbed, and the Matterhorn
 *       slide stream, one still slide), the generated frame sequences ({@link SlideChangeFixtures}: transients,
 *       animation, fades, builds, cuts) and the generated fixture lectures in testdata/;
 *   <li>OCR: title exact-match rate and CER on the generated slide set and the real ETH frame ({@link OcrBenchmark});
 *       and end to end from video: {@link SlideVideos} recordings of generated slides in a few frame sizes, themes
 *       and encodings through {@link LayoutAnalyzer} and {@link SlideDeckReader}, titles and slide count against
 *       the truth;
 *   <li>cost on 60-minute lectures, each in its own JVM (so its memory is its own): the fixture lecture repeated
 *       ({@link SilenceBenchmark#longLecture}) and a recording of ~40 distinct generated slides; the time of
 *       {@link LayoutAnalyzer#analyze} and of {@link SlideDeckReader#read} in the same process, their ratio (issue
 *       target: slides at most 15 % of the layout stage), where the slides' time goes, and peak memory per phase.
 * </ol>
 *
 * Ends with a 'summary:' line.
 */
public final class SlidesBenchmark {
  static final double TOLERANCE = 0.5;
  /** The target: reading the slides costs at most this share of the layout stage. */
  static final double TARGET_SHARE = 0.15;
  private static final String COST = "SLIDECOST";
  private static final String READ = "SLIDEREAD";
  private final PrintStream out;

  public SlidesBenchmark(PrintStream out) {
    this.out = out;
  }

  /**
   * What to run.
   *
   * @param testdata the project's testdata (fixture lectures; the long lecture is built from lecture-clean.mp4)
   * @param shared ../shared/testmedia, or null / absent: no real-media figures
   * @param work where recordings and the long lectures are built (reused)
   * @param ocrSlides the generated OCR slides to read (by name)
   * @param videos the end-to-end recordings to build and read (by name)
   * @param minutes length of the long lectures; 0 skips the cost part
   * @param slideSeconds how long each slide of the generated long lecture is shown
   * @param runs timed runs per long lecture (median reported)
   */
  public record Options(Path testdata, Path shared, Path work, String languages, Pattern ocrSlides, Pattern videos,
      int minutes, double slideSeconds, int runs) {}

  /** A true slide: shown [start, end), its title and all its text. */
  record TrueSlide(double start, double end, String title, String text) {}

  /** Precision/recall totals over several cases. */
  private static final class Tally {
    int truth;
    int found;
    int matched;

    void add(SlideChangeScoring s) {
      truth += s.truth;
      found += s.detected;
      matched += s.matched;
    }

    void add(Tally t) {
      truth += t.truth;
      found += t.found;
      matched += t.matched;
    }

    double precision() {
      return found == 0 ? 1.0 : matched / (double) found;
    }

    double recall() {
      return truth == 0 ? 1.0 : matched / (double) truth;
    }
  }

  public int run(Options o) throws Exception {
    out.printf(Locale.ROOT, "Slides benchmark (load average at start: %s)%n", loadAverage());
    boolean real = o.shared() != null && Files.isDirectory(o.shared());
    StringBuilder summary = new StringBuilder("summary: slides");
    try (LayoutAnalyzer analyzer = new LayoutAnalyzer(LayoutConfig.defaults())) {
      Tally all = changes(analyzer, o, real);
      summary.append(String.format(Locale.ROOT, " changes P %.2f R %.2f (%d true, %d found);", all.precision(),
          all.recall(), all.truth, all.found));

      SlideTextReader reader;
      try {
        reader = new SlideTextReader(o.languages());
      } catch (StageException e) {
        out.println("lhx bench slides: " + e.reason() + ": " + e.getMessage());
        return 1;
      }
      out.println();
      try (reader) {
        OcrBenchmark.Accuracy a = new OcrBenchmark(out).accuracy(reader, OcrBenchmark.slides(o.ocrSlides()),
            real ? o.shared() : null);
        summary.append(' ').append(a.summary()).append(';');
      }

      try (SlideDeckReader deckReader = new SlideDeckReader(SlidesConfig.defaults().withOcrLanguages(o.languages()))) {
        summary.append(videos(analyzer, deckReader, o));
      }
    }
    if (o.minutes() > 0) {
      summary.append(cost(o));
    } else {
      out.println("\n(long lectures skipped)");
    }
    out.printf(Locale.ROOT, "%nload average at the end: %s%n", loadAverage());
    out.println(summary);
    return 0;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 1. Slide changes

  private Tally changes(LayoutAnalyzer analyzer, Options o, boolean real) throws Exception {
    out.printf("%nSlide changes within %.1f s (a change matches one true change at most)%n%n", TOLERANCE);
    out.println("| case | kind | true changes | found | builds | precision | recall |");
    out.println("|---|---|---|---|---|---|---|");
    Tally realTally = new Tally();
    if (real) {
      Path eth = o.shared().resolve("video/opencast-eth-lecture");
      List<RealSlideCases.Case> cases = new ArrayList<>(RealSlideCases.originals(eth));
      cases.addAll(RealSlideCases.derived(eth, o.work().resolve("bench").resolve("slide-cases")));
      for (RealSlideCases.Case c : cases) {
        LayoutAnalysis a = analyzer.analyze(c.file(), false);
        realTally.add(row(c.name(), c.derived() ? "real, disturbed (" + a.type + ")" : "real (" + a.type + ")",
            c.changes(), a.slideChanges, a.slideBuilds));
      }
      // The Matterhorn slide stream: one slide throughout (MANIFEST.md), no change.
      Path screen = o.shared().resolve("video/matterhorn-sidebyside/SCREEN.mp4");
      if (Files.isRegularFile(screen)) {
        LayoutAnalysis a = analyzer.analyze(screen, false);
        realTally.add(row("matterhorn SCREEN.mp4", "real (" + a.type + ")", List.of(), a.slideChanges,
            a.slideBuilds));
      }
    }
    Tally generated = new Tally();
    for (SlideChangeFixtures.Case c : SlideChangeFixtures.cases()) {
      SlideChangeFixtures.Found f = SlideChangeFixtures.detect(c);
      generated.add(row(c.name(), "generated frames", c.changes(), f.changes(), f.builds()));
    }
    Tally lectures = new Tally();
    if (o.testdata() != null) {
      List<Path> truths = new ArrayList<>();
      try (var s = Files.list(o.testdata().resolve("lectures"))) {
        s.filter(p -> p.toString().endsWith(".truth.json")).sorted().forEach(truths::add);
      }
      for (Path t : truths) {
        JsonNode truth = Json.MAPPER.readTree(t.toFile());
        if (!truth.get("layout").get("type").asText().matches("screen_only|picture_in_picture|side_by_side")) {
          continue; // no screen, nothing to change
        }
        List<Double> changes = new ArrayList<>();
        truth.get("slideChanges").forEach(n -> changes.add(n.asDouble()));
        LayoutAnalysis a = analyzer.analyze(t.resolveSibling(truth.get("file").asText()), false);
        lectures.add(row(truth.get("file").asText(), "generated lecture (" + a.type + ")", changes, a.slideChanges,
            a.slideBuilds));
      }
    }
    if (real) {
      total("all real", realTally);
    } else {
      out.println("| (real media not found: no real cases) | | | | | | |");
    }
    total("all generated frames", generated);
    total("all generated lectures", lectures);
    Tally all = new Tally();
    all.add(realTally);
    all.add(generated);
    all.add(lectures);
    total("**all**", all);
    return all;
  }

  private SlideChangeScoring row(String name, String kind, List<Double> truth, List<Double> found,
      List<Double> builds) {
    SlideChangeScoring s = SlideChangeScoring.score(truth, found, TOLERANCE);
    out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %.2f |%n", name, kind, list(truth), list(found),
        list(builds), s.precision(), s.recall());
    return s;
  }

  private void total(String name, Tally t) {
    out.printf(Locale.ROOT, "| %s | | %d | %d | | %.2f | %.2f |%n", name, t.truth, t.found, t.precision(),
        t.recall());
  }

  private static String list(List<Double> v) {
    if (v.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (double d : v) {
      sb.append(sb.length() == 0 ? "" : ", ").append(trim(d));
    }
    return sb.toString();
  }

  private static String trim(double d) {
    String s = String.format(Locale.ROOT, "%.3f", d);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 2. End to end from video

  /** A recording of generated slides: frame size, type, theme, encoding. */
  record Variant(String name, int width, int height, Face face, Size size, Theme theme, SlideVideos.Encoding enc,
      int firstSeed) {}

  static List<Variant> variants() {
    return List.of(
        new Variant("1366x768-dark", 1366, 768, Face.SANS, Size.SMALL, Theme.DARK, SlideVideos.Encoding.plain(), 0),
        new Variant("1920x1080-light-accent", 1920, 1080, Face.SERIF, Size.SMALL, Theme.LIGHT_ACCENT,
            new SlideVideos.Encoding(25, 5, false), 5),
        new Variant("1280x720-turned", 1280, 720, Face.SANS, Size.LARGE, Theme.LIGHT,
            new SlideVideos.Encoding(25, 10, true), 10),
        new Variant("854x480-small", 854, 480, Face.MONO, Size.SMALL, Theme.DARK_BLUE,
            new SlideVideos.Encoding(25, 10, false), 3));
  }

  /** Six slides, the second shown again fifth: A B C D B E. */
  private static final int[] ORDER = {0, 1, 2, 3, 1, 4};
  private static final double[] SECONDS = {8, 6, 10, 7, 6, 9};

  private String videos(LayoutAnalyzer analyzer, SlideDeckReader deckReader, Options o) throws Exception {
    Path dir = o.work().resolve("bench").resolve("slides");
    Files.createDirectories(dir);
    out.println("End to end from video: recordings of generated slides (6 shown, the second again fifth: 5 distinct;"
        + " slides 6-10 s; JPEG 0.9 before encoding, H.264 CRF 23 -tune stillimage) through LayoutAnalyzer and "
        + "SlideDeckReader\n");
    out.println("| recording | fonts, theme | fps, key frame | layout | slides true / found | OCR runs | titles exact "
        + "| mean CER | changes P / R | layout ms | slides ms |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    int exact = 0;
    int titles = 0;
    int countRight = 0;
    int recordings = 0;
    List<String> misses = new ArrayList<>();
    for (Variant v : variants()) {
      if (!o.videos().matcher(v.name()).find()) {
        continue;
      }
      List<SyntheticSlides.Slide> distinct = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        distinct.add(SyntheticSlides.slide(v.firstSeed() + i, v.width(), v.height(), v.face(), v.size(), v.theme(),
            0.9f));
      }
      List<BufferedImage> images = new ArrayList<>();
      List<Double> seconds = new ArrayList<>();
      for (int k = 0; k < ORDER.length; k++) {
        images.add(distinct.get(ORDER[k]).image());
        seconds.add(SECONDS[k]);
      }
      SlideVideos.Recording r = SlideVideos.build(dir.resolve(v.name() + ".mp4"), images, seconds, v.enc());
      List<TrueSlide> truth = new ArrayList<>();
      for (int k = 0; k < ORDER.length; k++) {
        SyntheticSlides.Slide s = distinct.get(ORDER[k]);
        truth.add(new TrueSlide(r.starts().get(k), r.starts().get(k) + SECONDS[k], s.title(), s.text()));
      }
      long t0 = System.nanoTime();
      LayoutAnalysis a = analyzer.analyze(r.file(), false);
      long t1 = System.nanoTime();
      SlideDeckReader.Deck deck = read(deckReader, r.file(), a);
      long t2 = System.nanoTime();
      Score sc = Score.of(truth, deck.slides());
      SlideChangeScoring ch = SlideChangeScoring.score(r.starts().subList(1, r.starts().size()), a.slideChanges,
          TOLERANCE);
      out.printf(Locale.ROOT, "| %s | %s %s, %s | %d fps, %s s%s | %s | %d / %d | %d | %d/%d%s | %.4f | %.2f / %.2f | "
          + "%.0f | %.0f |%n", v.name(), v.face().name().toLowerCase(Locale.ROOT),
          v.size().name().toLowerCase(Locale.ROOT), v.theme().name().toLowerCase(Locale.ROOT), v.enc().fps(),
          trim(v.enc().keyFrameSeconds()), v.enc().turned() ? ", stored turned + display rotation" : "", a.type,
          truth.size(), deck.slides().size(), deck.ocrRuns(), sc.exact, truth.size(),
          sc.exactIgnoringSpaces == sc.exact ? "" : " (" + sc.exactIgnoringSpaces + " ignoring spaces)", sc.meanCer,
          ch.precision(), ch.recall(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);
      misses.addAll(sc.misses.stream().map(m -> "  " + v.name() + ": " + m).toList());
      deck.notes().forEach(n -> misses.add("  " + v.name() + " note: " + n));
      exact += sc.exact;
      titles += truth.size();
      countRight += deck.slides().size() == truth.size() ? 1 : 0;
      recordings++;
    }
    if (!misses.isEmpty()) {
      out.println("\nTitles read wrongly (read / true) and notes:");
      misses.forEach(out::println);
    }
    return String.format(Locale.ROOT, " video titles %d/%d exact, slide count right in %d/%d recordings;", exact,
        titles, countRight, recordings);
  }

  /** The slides layout detection found in {@code file}, read as the layout stage reads them. */
  static SlideDeckReader.Deck read(SlideDeckReader reader, Path file, LayoutAnalysis a) {
    List<SlideDeckReader.Wanted> wanted = new ArrayList<>();
    for (LayoutAnalysis.SlideSpan s : a.slides) {
      wanted.add(new SlideDeckReader.Wanted(s.start(), s.end(), s.readAt(), s.screen(), s.camera()));
    }
    return reader.read(file, wanted);
  }

  /** Titles and text of the slides read against the true ones: each true slide is the read slide at its middle. */
  static final class Score {
    int exact;
    /** Titles that match once all whitespace is dropped ("F=ma" for "F = m a"). */
    int exactIgnoringSpaces;
    double meanCer;
    final List<String> misses = new ArrayList<>();

    static Score of(List<TrueSlide> truth, List<ReadSlideLite> read, boolean withText) {
      Score s = new Score();
      double cer = 0;
      for (TrueSlide t : truth) {
        double mid = (t.start() + t.end()) / 2;
        ReadSlideLite hit = null;
        for (ReadSlideLite r : read) {
          if (r.start() <= mid && mid < r.end()) {
            hit = r;
            break;
          }
        }
        String title = hit == null ? "" : hit.title();
        if (title.replaceAll("\\s+", "").equals(t.title().replaceAll("\\s+", ""))) {
          s.exactIgnoringSpaces++;
        }
        if (OcrScores.sameText(title, t.title())) {
          s.exact++;
        } else if (s.misses.size() < 12) {
          s.misses.add(String.format(Locale.ROOT, "%s s: [%s] / [%s]", trim(t.start()), title, t.title()));
        }
        if (withText) {
          cer += OcrScores.cer(hit == null ? "" : hit.text(), t.text());
        }
      }
      s.meanCer = truth.isEmpty() ? 0 : cer / truth.size();
      return s;
    }

    static Score of(List<TrueSlide> truth, List<SlideDeckReader.ReadSlide> read) {
      return of(truth, read.stream().map(r -> new ReadSlideLite(r.start(), r.end(), r.text().title(),
          r.text().text())).toList(), true);
    }
  }

  /** A read slide as the cost child prints it. */
  record ReadSlideLite(double start, double end, String title, String text) {}

  // ---------------------------------------------------------------------------------------------------------------
  // 3. Cost on long lectures

  /** One timed run in the child JVM. */
  record CostRun(double layoutMs, double layoutCpuMs, double slidesMs, double slidesCpuMs, long grabMs, long ocrMs,
      int spans, int slides, int ocrRuns, long layoutFrames, long slidesFrames, long layoutHeapMb, long slidesHeapMb,
      long layoutRssMb, long slidesRssMb, long startRssMb, String type, int changes, double segmentationMs) {
    /**
     * The measure: slide segmentation (finding changes and spans in the sampled history) plus reading the
     * slides, as a share of the whole layout stage (the layout pass, segmentation included, plus reading).
     */
    double share() {
      return (segmentationMs + slidesMs) / (layoutMs + slidesMs);
    }

    /** Reading the slides against the layout pass without them (the measure of the figures before 2026-12-03). */
    double slidesPerLayout() {
      return slidesMs / layoutMs;
    }
  }

  private String cost(Options o) throws Exception {
    Path fixture = o.testdata() == null ? null : o.testdata().resolve("lectures/lecture-clean.mp4");
    if (fixture == null || !Files.isRegularFile(fixture)) {
      out.println("\n(long lectures skipped: no testdata/lectures/lecture-clean.mp4)");
      return "";
    }
    out.printf(Locale.ROOT, "%nCost on %d-minute lectures (each in its own JVM, -Xmx%dm; warm-up: lecture-clean.mp4 "
        + "through both; median of %d run(s))%n", o.minutes(), Runtime.getRuntime().maxMemory() >> 20, o.runs());
    Map<String, Path> lectures = new LinkedHashMap<>();
    Map<String, List<TrueSlide>> truths = new LinkedHashMap<>();
    long b0 = System.nanoTime();
    Path clean = SilenceBenchmark.longLecture(fixture, o.work(), o.minutes());
    String cleanName = "lecture-clean x " + o.minutes() + " min (1280x720 pip, 25 fps, key frame 3 s)";
    lectures.put(cleanName, clean);
    truths.put(cleanName, repeatedSlides(o.testdata().resolve("lectures/lecture-clean.truth.json"),
        o.minutes() * 60.0));
    out.printf(Locale.ROOT, "built or found %s (%.0f s)%n", clean, (System.nanoTime() - b0) / 1e9);
    b0 = System.nanoTime();
    List<TrueSlide> genTruth = new ArrayList<>();
    Path gen = generatedLecture(o, genTruth);
    String genName = String.format(Locale.ROOT, "%d generated slides x %s s (1280x720, 25 fps, key frame 10 s)",
        genTruth.size(), trim(o.slideSeconds()));
    lectures.put(genName, gen);
    truths.put(genName, genTruth);
    out.printf(Locale.ROOT, "built or found %s (%.0f s)%n%n", gen, (System.nanoTime() - b0) / 1e9);

    Map<String, CostRun> medians = new LinkedHashMap<>();
    Map<String, Score> scores = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : lectures.entrySet()) {
      List<String> log = child(e.getValue(), fixture, o);
      List<CostRun> runs = new ArrayList<>();
      List<ReadSlideLite> read = new ArrayList<>();
      for (String line : log) {
        if (line.startsWith(COST + " ")) {
          runs.add(parse(line));
        } else if (line.startsWith(READ + "\t")) {
          String[] f = line.split("\t", -1);
          read.add(new ReadSlideLite(Double.parseDouble(f[1]), Double.parseDouble(f[2]), f[3], ""));
        }
      }
      if (runs.isEmpty()) {
        throw new IOException("the cost run printed no figures:\n" + String.join("\n", log));
      }
      runs.sort((x, y) -> Double.compare(x.slidesMs() + x.layoutMs(), y.slidesMs() + y.layoutMs()));
      medians.put(e.getKey(), runs.get(runs.size() / 2));
      scores.put(e.getKey(), Score.of(truths.get(e.getKey()), read, false));
      counts.put(e.getKey(), new int[] {truths.get(e.getKey()).size(), read.size()});
      if (runs.size() > 1) {
        out.printf(Locale.ROOT, "%s: share of the layout stage per run %s%n", e.getKey(), runs.stream()
            .map(r -> String.format(Locale.ROOT, "%.1f %%", 100 * r.share())).toList());
      }
    }
    out.println("\n| lecture | layout pass wall (CPU) | of which slide segmentation | slides read wall (CPU) | of which grab "
        + "| of which OCR | segmentation + reading, share of the layout stage (target <= 15 %) | reading / layout pass "
        + "|");
    out.println("|---|---|---|---|---|---|---|---|");
    StringBuilder summary = new StringBuilder();
    for (Map.Entry<String, CostRun> e : medians.entrySet()) {
      CostRun r = e.getValue();
      double cpuShare = (r.segmentationMs() + r.slidesCpuMs()) / (r.layoutCpuMs() + r.slidesCpuMs());
      out.printf(Locale.ROOT, "| %s | %.1f s (%.1f s) | %.2f s | %.1f s (%.1f s) | %.1f s | %.1f s | **%.1f %%** %s "
          + "(CPU %.1f %%) | %.1f %% |%n", e.getKey(), r.layoutMs() / 1000, r.layoutCpuMs() / 1000,
          r.segmentationMs() / 1000, r.slidesMs() / 1000, r.slidesCpuMs() / 1000, r.grabMs() / 1000.0,
          r.ocrMs() / 1000.0, 100 * r.share(), r.share() <= TARGET_SHARE ? "met" : "NOT met", 100 * cpuShare,
          100 * r.slidesPerLayout());
      summary.append(String.format(Locale.ROOT, " %s share of the layout stage %.1f %% (%s);",
          shortName(e.getKey()), 100 * r.share(), r.share() <= TARGET_SHARE ? "met" : "not met"));
    }
    out.println("\n| lecture | layout | slide spans | slides read (true) | titles exact | OCR runs | OCR ms per run "
        + "| grab ms per span | decoded frames layout / slides | heap used peak layout / slides | RSS peak layout / "
        + "slides (before) |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Map.Entry<String, CostRun> e : medians.entrySet()) {
      CostRun r = e.getValue();
      Score s = scores.get(e.getKey());
      int[] c = counts.get(e.getKey());
      out.printf(Locale.ROOT, "| %s | %s, %d changes | %d | %d (%d) | %d/%d%s | %d | %.0f | %.1f | %d / %d "
          + "| %d / %d MiB | %d / %d MiB (%d) |%n", e.getKey(), r.type(), r.changes(), r.spans(), c[1], c[0], s.exact, c[0],
          s.exactIgnoringSpaces == s.exact ? "" : " (" + s.exactIgnoringSpaces + " ignoring spaces)",
          r.ocrRuns(), r.ocrRuns() == 0 ? 0.0 : r.ocrMs() / (double) r.ocrRuns(),
          r.spans() == 0 ? 0.0 : r.grabMs() / (double) r.spans(), r.layoutFrames(), r.slidesFrames(),
          r.layoutHeapMb(), r.slidesHeapMb(), r.layoutRssMb(), r.slidesRssMb(), r.startRssMb());
      if (!s.misses.isEmpty()) {
        out.println("  titles read wrongly (first " + s.misses.size() + "; read / true): " + s.misses);
      }
    }
    out.println("(OCR ms includes recognising a slide shown again, which is not read again; grab = seeking and "
        + "decoding the frame of each slide span, plus its thumbnail; heap used sampled every 10 ms; RSS peak = "
        + "VmHWM after resetting it at the phase's start)");
    return summary.toString();
  }

  private static String shortName(String lecture) {
    return lecture.startsWith("lecture-clean") ? "lecture-clean" : "generated";
  }

  /** The fixture lecture's slides repeated over {@code seconds}, as {@link SilenceBenchmark#longLecture} builds it. */
  static List<TrueSlide> repeatedSlides(Path fixtureTruth, double seconds) throws IOException {
    JsonNode truth = Json.MAPPER.readTree(fixtureTruth.toFile());
    double d = truth.get("durationSeconds").asDouble();
    List<TrueSlide> out = new ArrayList<>();
    for (int k = 0; k * d < seconds; k++) {
      for (JsonNode s : truth.get("slides")) {
        double start = k * d + s.get("start").asDouble();
        if (start < seconds) {
          out.add(new TrueSlide(start, Math.min(seconds, k * d + s.get("end").asDouble()),
              s.get("title").asText(), ""));
        }
      }
    }
    return out;
  }

  /**
   * The long generated recording: distinct slides (SyntheticSlides' sans, small type, light-accent theme; past the
   * 16 built-in titles a title gets ", Part n") of {@code slideSeconds} each, 1280x720, 25 fps, a key frame every
   * 10 s; built once into the work folder.
   */
  private Path generatedLecture(Options o, List<TrueSlide> truth) throws IOException, InterruptedException {
    int n = (int) Math.round(o.minutes() * 60 / o.slideSeconds());
    List<BufferedImage> images = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    List<SyntheticSlides.Slide> slides = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SyntheticSlides.Slide s = SyntheticSlides.slide(i, 1280, 720, Face.SANS, Size.SMALL, Theme.LIGHT_ACCENT, 0.9f);
      if (i >= 16) {
        s = SyntheticSlides.slide(i, s.title() + ", Part " + (i / 16 + 1), 1280, 720, Face.SANS, Size.SMALL,
            Theme.LIGHT_ACCENT, 0.9f);
      }
      slides.add(s);
      images.add(s.image());
      seconds.add(o.slideSeconds());
    }
    Path dir = o.work().resolve("bench").resolve("slides");
    Files.createDirectories(dir);
    Path file = dir.resolve(String.format(Locale.ROOT, "generated-%dx%ss-720p25-k10.mp4", n, trim(o.slideSeconds())));
    if (!Files.isRegularFile(file)) {
      out.printf(Locale.ROOT, "building %s (%d slides, once; a few minutes)...%n", file, n);
    }
    SlideVideos.Recording r = SlideVideos.build(file, images, seconds, new SlideVideos.Encoding(25, 10, false));
    for (int i = 0; i < n; i++) {
      truth.add(new TrueSlide(r.starts().get(i), r.starts().get(i) + o.slideSeconds(), slides.get(i).title(),
          slides.get(i).text()));
    }
    return file;
  }

  private static CostRun parse(String line) {
    Map<String, String> f = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(\\w+)=(\\S+)").matcher(line);
    while (m.find()) {
      f.put(m.group(1), m.group(2));
    }
    return new CostRun(d(f, "layoutMs"), d(f, "layoutCpuMs"), d(f, "slidesMs"), d(f, "slidesCpuMs"), l(f, "grabMs"),
        l(f, "ocrMs"), (int) l(f, "spans"), (int) l(f, "slides"), (int) l(f, "ocrRuns"), l(f, "layoutFrames"),
        l(f, "slidesFrames"), l(f, "layoutHeapMb"), l(f, "slidesHeapMb"), l(f, "layoutRssMb"), l(f, "slidesRssMb"),
        l(f, "startRssMb"), f.get("type"), (int) l(f, "changes"), d(f, "segmentationMs"));
  }

  private static double d(Map<String, String> f, String k) {
    return Double.parseDouble(f.get(k));
  }

  private static long l(Map<String, String> f, String k) {
    return Long.parseLong(f.get(k));
  }

  /** Runs the cost measurement of one lecture in a child JVM with this one's heap limit; its output lines. */
  private List<String> child(Path lecture, Path warmup, Options o) throws IOException, InterruptedException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m"));
    for (String p : List.of("java.io.tmpdir", "lhx.logFile", "lhx.ffmpegLogLevel")) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SlidesBenchmark.class.getName(),
        lecture.toString(), warmup.toString(), Integer.toString(o.runs()), o.languages()));
    out.printf(Locale.ROOT, "timing %s ...%n", lecture.getFileName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    if (p.waitFor() != 0) {
      throw new IOException("the cost run failed:\n" + String.join("\n", lines));
    }
    return lines;
  }

  /**
   * Child JVM entry: {@code <lecture> <warm-up file> <runs> <languages>}. Warms up on the short file through both
   * phases, then times {@code runs} times the layout stage and the slides of the lecture, printing one
   * {@value #COST} line per run and the slides read in the first run ({@value #READ} lines).
   */
  public static void main(String[] args) throws Exception {
    Path lecture = Paths.get(args[0]);
    Path warmup = Paths.get(args[1]);
    int runs = Integer.parseInt(args[2]);
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    HeapSampler heap = new HeapSampler(mem);
    heap.start();
    try (LayoutAnalyzer analyzer = new LayoutAnalyzer(LayoutConfig.defaults());
        SlideDeckReader reader = new SlideDeckReader(SlidesConfig.defaults().withOcrLanguages(args[3]))) {
      LayoutAnalysis w = analyzer.analyze(warmup, true);
      SlideDeckReader.Deck wd = read(reader, warmup, w);
      wd.notes().forEach(n -> System.out.println("note (warm-up): " + n));
      for (int i = 0; i < runs; i++) {
        System.gc();
        long startRss = status("VmRSS");
        resetHwm();
        heap.reset();
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        LayoutAnalysis a = analyzer.analyze(lecture, true);
        long t1 = System.nanoTime();
        long c1 = processCpuNanos();
        long layoutHeap = heap.peak();
        long layoutRss = status("VmHWM");
        resetHwm();
        heap.reset();
        SlideDeckReader.Deck deck = read(reader, lecture, a);
        long t2 = System.nanoTime();
        long c2 = processCpuNanos();
        long slidesHeap = heap.peak();
        long slidesRss = status("VmHWM");
        deck.notes().forEach(n -> System.out.println("note: " + n));
        System.out.printf(Locale.ROOT, "%s run=%d layoutMs=%.1f layoutCpuMs=%.1f slidesMs=%.1f slidesCpuMs=%.1f "
            + "grabMs=%d ocrMs=%d spans=%d slides=%d ocrRuns=%d layoutFrames=%d slidesFrames=%d layoutHeapMb=%d "
            + "slidesHeapMb=%d layoutRssMb=%d slidesRssMb=%d startRssMb=%d type=%s changes=%d segmentationMs=%.1f%n", COST, i,
            (t1 - t0) / 1e6, (c1 - c0) / 1e6, (t2 - t1) / 1e6, (c2 - c1) / 1e6, deck.grabMillis(), deck.ocrMillis(),
            a.slides.size(), deck.slides().size(), deck.ocrRuns(), a.decodedFrames, deck.decodedFrames(),
            layoutHeap >> 20, slidesHeap >> 20, layoutRss >> 10, slidesRss >> 10, startRss >> 10, a.type,
            a.slideChanges.size(), a.slideSegmentationNanos / 1e6);
        if (i == 0) {
          for (SlideDeckReader.ReadSlide s : deck.slides()) {
            System.out.printf(Locale.ROOT, "%s\t%.3f\t%.3f\t%s%n", READ, s.start(), s.end(),
                s.text().title().replace('\t', ' ').replace('\n', ' '));
          }
        }
      }
    } finally {
      heap.stop();
    }
  }

  /** Samples the heap in use every 10 ms; the highest since the last reset. */
  private static final class HeapSampler {
    private final MemoryMXBean mem;
    private volatile long peak;
    private volatile boolean running = true;
    private Thread thread;

    HeapSampler(MemoryMXBean mem) {
      this.mem = mem;
    }

    void start() {
      thread = new Thread(() -> {
        while (running) {
          peak = Math.max(peak, mem.getHeapMemoryUsage().getUsed());
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "lhx-bench-heap");
      thread.setDaemon(true);
      thread.start();
    }

    void reset() {
      peak = mem.getHeapMemoryUsage().getUsed();
    }

    long peak() {
      return Math.max(peak, mem.getHeapMemoryUsage().getUsed());
    }

    void stop() throws InterruptedException {
      running = false;
      thread.interrupt();
      thread.join();
    }
  }

  /** Resets the process's VmHWM to its current RSS (Linux: "5" into /proc/self/clear_refs); ignored if refused. */
  private static void resetHwm() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // VmHWM then is the process's peak so far
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** A /proc/self/status figure in kB (0 where there is none). */
  private static long status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
