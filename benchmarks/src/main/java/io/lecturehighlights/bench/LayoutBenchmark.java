package io.lecturehighlights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.media.Box;
import io.lecturehighlights.transforms.layout.LayoutAnalysis;
import io.lecturehighlights.transforms.layout.LayoutAnalyzer;
import io.lecturehighlights.transforms.layout.LayoutConfig;
import io.lecturehighlights.transforms.layout.RealComposites;
import io.lecturehighlights.transforms.layout.RealSlideCases;
import io.lecturehighlights.transforms.layout.SlideChangeScoring;
import io.lecturehighlights.transforms.media.MediaProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;

/**
 * Speed and accuracy of layout detection. Speed: the whole layout analysis of one file on one thread (decode,
 * regions, faces, slide changes) against ffmpeg's own scene detection ({@code select='gt(scene,0.1)'}, the FFmpeg
 * build bundled with JavaCV, one thread) on the same file in the same run. Accuracy: region IoU and slide-change
 * precision/recall (within 0.5 s) on the synthetic lectures, on real composites built from the Opencast
 * side-by-side streams (also with still panels beside the webcam), on the ETH lecture clips, and on the ETH clips
 * with disturbances that are not slide changes ({@link RealSlideCases}).
 */
public final class LayoutBenchmark {
  private static final double TOLERANCE = 0.5;
  /** ffmpeg's scene score threshold: slide changes in the fixtures score 0.14-0.17, coding noise under 0.01. */
  private static final double SCENE = 0.1;
  private final PrintStream out;
  private final LayoutConfig config = LayoutConfig.defaults();

  public LayoutBenchmark(PrintStream out) {
    this.out = out;
  }

  record Timing(double medianWall, double medianCpu, List<Double> changes) {}

  /**
   * Slide changes of a lecture built by repeating a fixture (see {@link SilenceBenchmark#longLecture}): the fixture's
   * own changes in every copy, plus each join, where the last slide is followed by the first again.
   */
  public static List<Double> repeatedTruth(Path fixtureTruth, double seconds) throws IOException {
    JsonNode truth = Json.MAPPER.readTree(fixtureTruth.toFile());
    double d = truth.get("durationSeconds").asDouble();
    List<Double> out = new ArrayList<>();
    for (int k = 0; k * d < seconds; k++) {
      if (k > 0) {
        out.add(k * d);
      }
      for (JsonNode n : truth.get("slideChanges")) {
        if (k * d + n.asDouble() < seconds) {
          out.add(k * d + n.asDouble());
        }
      }
    }
    return out;
  }

  /** @param truth the timed file's slide changes when known (then both paths' precision and recall are shown) */
  public int run(Path media, List<Double> truth, Path testdata, Path sharedMedia, Path workDir, int runs)
      throws IOException, InterruptedException, StageException, MediaProbe.OpenException {
    double duration = MediaProbe.probe(media).durationSeconds;
    out.printf(Locale.ROOT, "Layout benchmark on %s (%.1f min)%n", media, duration / 60);
    try (LayoutAnalyzer analyzer = new LayoutAnalyzer(config)) {
      LayoutAnalysis first = analyzer.analyze(media, true); // warm-up: class and native loading, JIT
      Timing ours = timeOurs(analyzer, media, runs);
      String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
      Timing ref = timeFfmpeg(ffmpeg, media, runs);
      out.printf(Locale.ROOT, "%n| path | wall (median of %d) | x realtime | CPU (median) |%n|---|---|---|---|%n", runs);
      out.printf(Locale.ROOT, "| lhx layout stage (1 thread: decode, regions, faces, slide changes) | %.3f s | %.0fx | %.3f s |%n",
          ours.medianWall, duration / ours.medianWall, ours.medianCpu);
      out.printf(Locale.ROOT, "| ffmpeg -threads 1 -filter_threads 1 -an -vf select='gt(scene,%.2f)',showinfo -f null - | %.3f s | %.0fx | %.3f s |%n",
          SCENE, ref.medianWall, duration / ref.medianWall, ref.medianCpu);
      out.printf(Locale.ROOT, "%nratio lhx/ffmpeg = %.2f wall, %.2f CPU; speed %.0fx realtime wall, %.0fx per CPU second (target >= 50x)"
          + "; %d frames decoded, %d sampled%n", ours.medianWall / ref.medianWall, ours.medianCpu / ref.medianCpu,
          duration / ours.medianWall, duration / ours.medianCpu, first.decodedFrames, first.samples);
      out.printf(Locale.ROOT, "layout found: %s, %d slide changes%n", first.type, first.slideChanges.size());
      if (truth != null) {
        out.printf(Locale.ROOT, "slide changes on this file (%d true, within %.1f s): lhx %s; ffmpeg scene>%.2f %s%n",
            truth.size(), TOLERANCE, SlideChangeScoring.score(truth, first.slideChanges, TOLERANCE), SCENE,
            SlideChangeScoring.score(truth, ref.changes, TOLERANCE));
      }
      if (testdata != null) {
        synthetic(analyzer, testdata);
      }
      if (sharedMedia != null && Files.isDirectory(sharedMedia)) {
        composites(analyzer, sharedMedia, workDir);
        eth(analyzer, sharedMedia);
        slideCases(analyzer, sharedMedia, workDir);
      } else {
        out.println("\n(real media not found: no composite or ETH figures)");
      }
    }
    return 0;
  }

  private Timing timeOurs(LayoutAnalyzer analyzer, Path media, int runs) throws StageException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      analyzer.analyze(media, true);
      wall[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
    }
    return new Timing(median(wall), median(cpu), List.of());
  }

  private Timing timeFfmpeg(String ffmpeg, Path media, int runs) throws IOException, InterruptedException {
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    List<Double> scenes = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      ProcessBuilder pb = new ProcessBuilder(ffmpeg, "-hide_banner", "-nostats", "-benchmark", "-threads", "1",
          "-filter_threads", "1", "-i", media.toString(), "-an", "-vf", "select='gt(scene," + SCENE + ")',showinfo",
          "-f", "null", "-").redirectErrorStream(true);
      long t0 = System.nanoTime();
      Process p = pb.start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      wall[i] = (System.nanoTime() - t0) / 1e9;
      if (rc != 0) {
        throw new IOException("ffmpeg failed (" + rc + "): " + log);
      }
      // -benchmark ends with "bench: utime=1.234s stime=0.012s rtime=1.300s": the process's own CPU time.
      Matcher b = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s").matcher(log);
      cpu[i] = b.find() ? Double.parseDouble(b.group(1)) + Double.parseDouble(b.group(2)) : Double.NaN;
      Matcher m = Pattern.compile("Parsed_showinfo.*pts_time:\\s*([0-9.]+)").matcher(log);
      scenes.clear();
      while (m.find()) {
        scenes.add(Double.parseDouble(m.group(1)));
      }
    }
    return new Timing(median(wall), median(cpu), List.copyOf(scenes));
  }

  private void synthetic(LayoutAnalyzer analyzer, Path testdata) throws IOException, StageException {
    out.printf("%n| synthetic fixture | truth | found | screen IoU | camera IoU | slide changes (truth/found) | precision | recall |%n"
        + "|---|---|---|---|---|---|---|---|%n");
    List<Path> truths = new ArrayList<>();
    try (var s = Files.list(testdata.resolve("lectures"))) {
      s.filter(p -> p.toString().endsWith(".truth.json")).sorted().forEach(truths::add);
    }
    for (Path t : truths) {
      JsonNode truth = Json.MAPPER.readTree(t.toFile());
      LayoutAnalysis a = analyzer.analyze(t.resolveSibling(truth.get("file").asText()), false);
      JsonNode layout = truth.get("layout");
      List<Double> changes = new ArrayList<>();
      truth.get("slideChanges").forEach(n -> changes.add(n.asDouble()));
      row(truth.get("file").asText(), layout.get("type").asText(), a, box(layout.get("screen")),
          box(layout.get("camera")), changes);
    }
  }

  private void composites(LayoutAnalyzer analyzer, Path shared, Path workDir)
      throws IOException, InterruptedException, StageException {
    Path dir = workDir.resolve("bench").resolve("layout-composites");
    Files.createDirectories(dir);
    out.printf("%n| real composite (Opencast CAMERA + SCREEN) | truth | found | screen IoU | camera IoU | slide changes (truth/found) | precision | recall |%n"
        + "|---|---|---|---|---|---|---|---|%n");
    for (RealComposites.Composite c : RealComposites.build(shared.resolve("video/matterhorn-sidebyside"), dir)) {
      row(c.name(), c.type(), analyzer.analyze(c.file(), false), c.screen(), c.camera(), List.of());
    }
    // Issue #20: the webcam shares its column or corner with still panels; the camera truth is the webcam alone.
    for (RealComposites.Composite c : RealComposites.withPanels(shared.resolve("video/matterhorn-sidebyside"), dir)) {
      row(c.name() + " (webcam + still panels)", c.type(), analyzer.analyze(c.file(), false), c.screen(), c.camera(),
          List.of());
    }
  }

  private void eth(LayoutAnalyzer analyzer, Path shared) throws StageException {
    out.printf("%n| ETH lecture clip | truth | found | screen IoU | camera IoU | slide changes (truth/found) | precision | recall |%n"
        + "|---|---|---|---|---|---|---|---|%n");
    Path dir = shared.resolve("video/opencast-eth-lecture");
    Object[][] clips = {{"segment_0.mp4", List.of(2.03)}, {"ingest_av.mov", List.of(3.0)}, {"av.mov", List.<Double>of()}};
    for (Object[] clip : clips) {
      @SuppressWarnings("unchecked")
      List<Double> changes = (List<Double>) clip[1];
      LayoutAnalysis a = analyzer.analyze(dir.resolve((String) clip[0]), false);
      row((String) clip[0], "screen_only", a, Box.ofSize(0, 0, 640, 480), null, changes);
    }
    out.println("(a slide change matches when within 0.5 s of the truth; IoU of the screen and camera rectangles)");
  }

  /**
   * Slide changes that must persist (issue #20): the ETH clips as they are and with disturbances that are not slide
   * changes ({@link RealSlideCases}), precision and recall within 0.5 s per clip and over all.
   */
  private void slideCases(LayoutAnalyzer analyzer, Path shared, Path workDir)
      throws IOException, InterruptedException, StageException {
    Path eth = shared.resolve("video/opencast-eth-lecture");
    List<RealSlideCases.Case> cases = new ArrayList<>(RealSlideCases.originals(eth));
    cases.addAll(RealSlideCases.derived(eth, workDir.resolve("bench").resolve("slide-cases")));
    out.printf("%n| slide-change case (real pixels) | true changes | found | builds | precision | recall |%n"
        + "|---|---|---|---|---|---|%n");
    int truth = 0;
    int found = 0;
    int matched = 0;
    for (RealSlideCases.Case c : cases) {
      LayoutAnalysis a = analyzer.analyze(c.file(), false);
      SlideChangeScoring sc = SlideChangeScoring.score(c.changes(), a.slideChanges, TOLERANCE);
      truth += sc.truth;
      found += sc.detected;
      matched += sc.matched;
      out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.2f |%n", c.name(), c.changes(), a.slideChanges,
          a.slideBuilds, sc.precision(), sc.recall());
    }
    out.printf(Locale.ROOT, "| all | %d | %d | | %.2f | %.2f |%n", truth, found,
        found == 0 ? 1.0 : matched / (double) found, truth == 0 ? 1.0 : matched / (double) truth);
  }

  private void row(String name, String type, LayoutAnalysis a, Box screen, Box camera, List<Double> changes) {
    SlideChangeScoring sc = SlideChangeScoring.score(changes, a.slideChanges, TOLERANCE);
    out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %d/%d | %.2f | %.2f |%n", name, type, a.type,
        iou(screen, a.screen), iou(camera, a.camera), sc.truth, sc.detected, sc.precision(), sc.recall());
  }

  private static String iou(Box truth, Box found) {
    if (truth == null) {
      return found == null ? "- (none, none)" : "0 (none expected)";
    }
    return found == null ? "0 (missing)" : String.format(Locale.ROOT, "%.3f", truth.iou(found));
  }

  private static Box box(JsonNode n) {
    return n == null || n.isNull() ? null
        : Box.ofSize(n.get("x").asInt(), n.get("y").asInt(), n.get("w").asInt(), n.get("h").asInt());
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
