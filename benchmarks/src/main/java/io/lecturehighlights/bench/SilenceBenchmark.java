package io.lecturehighlights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.silence.SilenceConfig;
import io.lecturehighlights.transforms.silence.SilenceDetector;
import io.lecturehighlights.transforms.silence.SilenceScoring;
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
import org.bytedeco.javacpp.Loader;

/**
 * Speed and accuracy of silence detection. Speed: our decoder-to-silences path on one thread against
 * {@code ffmpeg -af silencedetect} (the FFmpeg build bundled with JavaCV, one thread) on the same file in the same
 * run, reported as a ratio because machines are noisy. Accuracy: precision and recall against the synthetic
 * lectures' ground truth.
 */
public final class SilenceBenchmark {
  private final PrintStream out;

  public SilenceBenchmark(PrintStream out) {
    this.out = out;
  }

  /** Result of one timed side. */
  record Timing(double medianWall, double medianCpu) {}

  public int run(Path media, Path testdata, int runs)
      throws IOException, InterruptedException, StageException, MediaProbe.OpenException {
    double duration = MediaProbe.probe(media).durationSeconds;
    out.printf(Locale.ROOT, "Silence benchmark on %s (%.1f min)%n", media, duration / 60);

    // Warm-up: class loading, native library loading, JIT.
    detect(media);
    Timing ours = timeOurs(media, runs);
    String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    Timing ref = timeFfmpeg(ffmpeg, media, runs);

    out.printf(Locale.ROOT, "%n| path | wall (median of %d) | x realtime | CPU |%n|---|---|---|---|%n", runs);
    out.printf(Locale.ROOT, "| lhx silence stage (1 thread) | %.3f s | %.0fx | %.3f s |%n", ours.medianWall,
        duration / ours.medianWall, ours.medianCpu);
    out.printf(Locale.ROOT, "| ffmpeg -af silencedetect (-threads 1) | %.3f s | %.0fx | - |%n", ref.medianWall,
        duration / ref.medianWall);
    out.printf(Locale.ROOT, "%nratio lhx/ffmpeg = %.2f (target <= 1.0); speed %.0fx realtime (target >= 300x)%n",
        ours.medianWall / ref.medianWall, duration / ours.medianWall);

    if (testdata != null) {
      accuracy(testdata);
    }
    return 0;
  }

  private static SilenceDetector.Analysis detect(Path media) throws StageException {
    SilenceConfig c = SilenceConfig.defaults();
    return new SilenceDetector(c).detect(AudioLevelReader.read(media, c.hopSeconds()));
  }

  private Timing timeOurs(Path media, int runs) throws StageException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      detect(media);
      wall[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
    }
    return new Timing(median(wall), median(cpu));
  }

  private Timing timeFfmpeg(String ffmpeg, Path media, int runs) throws IOException, InterruptedException {
    double[] wall = new double[runs];
    for (int i = 0; i < runs; i++) {
      ProcessBuilder pb = new ProcessBuilder(ffmpeg, "-hide_banner", "-nostats", "-threads", "1",
          "-i", media.toString(), "-vn", "-af", "silencedetect=noise=-50dB:d=0.5", "-f", "null", "-")
          .redirectErrorStream(true);
      long t0 = System.nanoTime();
      Process p = pb.start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      wall[i] = (System.nanoTime() - t0) / 1e9;
      if (rc != 0) {
        throw new IOException("ffmpeg failed (" + rc + "): " + log);
      }
    }
    return new Timing(median(wall), Double.NaN);
  }

  private void accuracy(Path testdata) throws IOException, StageException {
    out.printf("%n| fixture | noise | truth | found | precision | recall |%n|---|---|---|---|---|---|%n");
    List<Path> truths = new ArrayList<>();
    try (var s = Files.list(testdata.resolve("lectures"))) {
      s.filter(p -> p.toString().endsWith(".truth.json")).sorted().forEach(truths::add);
    }
    for (Path t : truths) {
      JsonNode truth = Json.MAPPER.readTree(t.toFile());
      Path media = t.resolveSibling(truth.get("file").asText());
      List<double[]> expected = new ArrayList<>();
      truth.get("silences").forEach(n -> expected.add(new double[] {n.get("start").asDouble(), n.get("end").asDouble()}));
      List<double[]> found = new ArrayList<>();
      detect(media).silences.forEach(r -> found.add(new double[] {r.start, r.end}));
      SilenceScoring sc = SilenceScoring.score(expected, found, 0.100);
      out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f |%n", truth.get("file").asText(),
          truth.get("noiseDbfs").isNull() ? "clean" : truth.get("noiseDbfs").asText() + " dBFS pink",
          sc.truth, sc.detected, sc.precision(), sc.recall());
    }
    out.println("(a detected silence matches when both boundaries are within 100 ms of the truth)");
  }

  /**
   * A long 720p H.264/AAC lecture made by repeating a fixture with the bundled ffmpeg (stream copy, so it is
   * exactly the fixture's encoding), cached in the work folder.
   */
  public static Path longLecture(Path fixture, Path workDir, int minutes)
      throws IOException, InterruptedException, MediaProbe.OpenException {
    Path out = workDir.resolve("bench").resolve("lecture-" + minutes + "min.mp4");
    if (Files.isRegularFile(out)) {
      return out;
    }
    Files.createDirectories(out.getParent());
    double d = MediaProbe.probe(fixture).durationSeconds;
    int copies = (int) Math.ceil(minutes * 60 / d);
    Path list = out.resolveSibling("concat-" + minutes + ".txt");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < copies; i++) {
      sb.append("file '").append(fixture.toAbsolutePath()).append("'\n");
    }
    Files.writeString(list, sb);
    String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp.mp4");
    Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
        "-i", list.toString(), "-t", Integer.toString(minutes * 60), "-c", "copy", "-movflags", "+faststart",
        tmp.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("could not build the benchmark lecture: " + log);
    }
    Files.move(tmp, out);
    return out;
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
