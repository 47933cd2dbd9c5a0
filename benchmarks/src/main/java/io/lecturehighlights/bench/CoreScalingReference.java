package io.lecturehighlights.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What this machine itself gives a second slot: the pipeline's two heavy workloads (the pocketsphinx recogniser on a
 * chunk and a one-thread FFmpeg decode + x264 encode, as a clip render does) run alone on core 0, then two copies at
 * once on cores 0 and 1. Two independent single-threaded processes need no coordination at all, so
 * {@code 2 x alone / together} is the most any job can speed up from one slot per core to two on this machine;
 * shared caches, memory bandwidth and a hypervisor's sibling threads make it less than 2. The scaling benchmark
 * reports the pipeline's speed-up against it, weighting the two by the stages' shares ({@link #jobCeiling}).
 */
public final class CoreScalingReference {
  /** One workload measured alone and in pairs. */
  public record Measurement(String name, double aloneSeconds, double togetherSeconds) {
    /** Throughput of two cores over one: two copies done in {@code together} against one in {@code alone}. */
    public double ceiling() {
      return 2 * aloneSeconds / togetherSeconds;
    }
  }

  private CoreScalingReference() {}

  /** Repetitions of each measurement; the median is kept (these machines share their host and are noisy). */
  static final int REPEATS = 3;

  /**
   * Runs {@code cmd} pinned to core 0, then twice at once on cores 0 and 1, {@link #REPEATS} times in turn; the
   * medians. Fails if any run fails.
   */
  public static Measurement measure(String name, List<String> cmd) throws IOException, InterruptedException {
    double[] alone = new double[REPEATS];
    double[] together = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      long t0 = System.nanoTime();
      waitOk(start(0, cmd), cmd);
      alone[i] = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      Process a = start(0, cmd);
      Process b = start(1, cmd);
      waitOk(a, cmd);
      waitOk(b, cmd);
      together[i] = (System.nanoTime() - t1) / 1e9;
    }
    return new Measurement(name, median(alone), median(together));
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /**
   * The job's ceiling from the workloads': the recogniser's for the transcription stage's share of the slot-seconds,
   * the media workload's for every other stage (decoding, encoding, frame analysis), as if each stage ran beside
   * its own kind: 1 / sum(share / ceiling).
   */
  public static double jobCeiling(Map<String, Double> stageSeconds, String recognitionStage, double recogniser,
      double media) {
    double total = stageSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total <= 0) {
      return Double.NaN;
    }
    double asr = stageSeconds.getOrDefault(recognitionStage, 0.0) / total;
    return 1 / (asr / recogniser + (1 - asr) / media);
  }

  /** The workload command pinned to one core. */
  static List<String> pinned(int core, List<String> cmd) {
    List<String> all = new ArrayList<>(ScalingBenchmark.taskset(Integer.toString(core)));
    all.addAll(cmd);
    return all;
  }

  private static Process start(int core, List<String> cmd) throws IOException {
    return new ProcessBuilder(pinned(core, cmd)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void waitOk(Process p, List<String> cmd) throws IOException, InterruptedException {
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException("reference workload failed (exit " + rc + "): " + String.join(" ", cmd));
    }
  }

  /** A one-thread decode + x264 encode of the first {@code seconds} of a video, output discarded. */
  static List<String> renderLike(String ffmpeg, Path video, int seconds) {
    return List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", "1", "-t",
        Integer.toString(seconds), "-i", video.toString(), "-an", "-c:v", "libx264", "-preset", "veryfast",
        "-threads", "1", "-f", "null", "-");
  }

  /**
   * Measures both workloads on the first {@code seconds} of a lecture: pocketsphinx on its audio (16 kHz mono WAV
   * extracted into {@code dir}) and the render-like encode of its video.
   */
  public static List<Measurement> measureLecture(Path lecture, Path dir, int seconds,
      Function<Path, List<String>> recogniser)
      throws IOException, InterruptedException {
    String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    Path wav = dir.resolve("reference-" + seconds + "s.wav");
    Process x = new ProcessBuilder(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-t",
        Integer.toString(seconds), "-i", lecture.toString(), "-vn", "-ac", "1", "-ar", "16000", wav.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (x.waitFor() != 0) {
      throw new IOException("could not extract the reference audio from " + lecture);
    }
    return List.of(measure("pocketsphinx, " + seconds + " s of audio", recogniser.apply(wav)),
        measure("ffmpeg decode + x264 encode (1 thread), " + seconds + " s of video",
            renderLike(ffmpeg, lecture, seconds)));
  }

  /** The ceilings in order, for a summary line: "1.34x / 1.82x". */
  public static String ceilings(List<Measurement> ms) {
    return ms.stream().map(m -> String.format(Locale.ROOT, "%.2fx", m.ceiling()))
        .collect(java.util.stream.Collectors.joining(" / "));
  }

  /** One line for the report. */
  public static String describe(Measurement m) {
    return String.format(Locale.ROOT, "%s: alone %.1f s, two at once %.1f s -> ceiling %.2fx", m.name(),
        m.aloneSeconds(), m.togetherSeconds(), m.ceiling());
  }
}
