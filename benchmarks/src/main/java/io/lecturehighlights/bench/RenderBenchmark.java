package io.lecturehighlights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LayoutPeriod;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.rendering.ClipRenderer;
import io.lecturehighlights.transforms.rendering.ClipTimeline;
import io.lecturehighlights.transforms.rendering.RenderConfig;
import io.lecturehighlights.transforms.rendering.RenderLayout;
import io.lecturehighlights.transforms.rendering.SubtitleCues;
import io.lecturehighlights.transforms.media.MediaProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;

/**
 * Speed and memory of clip rendering. Speed: {@link ClipRenderer} renders one clip (three kept intervals, vertical
 * layout, burned-in subtitles, fades) and the bundled ffmpeg CLI does the same work in the same run: the same cuts
 * (input seeking with -ss/-t per interval), the same filter graph (crop, scale, pad, vstack, one drawtext per subtitle
 * line, afade at every cut) and the same encoder settings (libx264 veryfast crf 23 high profile, AAC 128 kb/s 48 kHz,
 * faststart); median of a few runs, with FFmpeg's default threads and with one codec thread on both sides. Memory: the
 * same clip rendered in a child JVM from a 10-minute and from a two-hour source (built by looping a fixture with
 * stream copy), peak RSS (VmHWM) and peak Java heap of each.
 */
public final class RenderBenchmark {
  private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s");
  private final PrintStream out;

  public RenderBenchmark(PrintStream out) {
    this.out = out;
  }

  record Timing(double wall, double cpu) {}

  /** The clip a run renders: source, intervals, layout, transcript. */
  record Job(Path source, List<TimeRange> kept, Layout layout, Transcript transcript) {}

  /**
   * @param fixtureTruth the truth of the fixture the source was built from (layout and repeated sentences), or null
   *     for an arbitrary input (then the whole frame is fitted and there are no subtitles)
   */
  public int run(Path media, Path fixtureTruth, Path workDir, int runs, double clipSeconds, boolean memory,
      double longHours) throws Exception {
    MediaProbe.Result info = MediaProbe.probe(media);
    double duration = info.durationSeconds;
    Job job = job(media, duration, clipSeconds, fixtureTruth);
    double kept = job.kept.stream().mapToDouble(r -> r.getEnd() - r.getStart()).sum();
    out.printf(Locale.ROOT, "Render benchmark on %s (%.1f min, %dx%d): one %.1f s vertical clip from %d intervals %s%n",
        media, duration / 60, info.width, info.height, kept, job.kept.size(), intervals(job.kept));
    RenderConfig base = RenderConfig.defaults();
    ClipTimeline timeline = ClipTimeline.of(job.kept, duration);
    List<SubtitleCues.Cue> cues = SubtitleCues.build(job.transcript, timeline, SubtitleCues.Style.of(base));
    int lines = cues.stream().mapToInt(c -> c.lines().size()).sum();
    out.printf(Locale.ROOT, "layout %s, %d subtitle cues (%d drawtext filters), %s%n",
        job.layout == null ? "none (whole frame)" : job.layout.getType(), cues.size(), lines, base.describe());

    Path tmp = Files.createTempDirectory(workDir, "render-bench-");
    try {
      String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
      // Warm-up: class and native loading, JIT; its output is checked to be the clip asked for.
      Clip warm = new ClipRenderer(base).render("bench", job.source, job.kept, job.layout, job.transcript,
          tmp.resolve("warm"), 1);
      out.printf(Locale.ROOT, "lhx clip: %.2f s, %dx%d, %.1f MB%n", warm.getDurationSeconds(), warm.getWidth(),
          warm.getHeight(), warm.getSizeBytes() / 1e6);
      out.printf(Locale.ROOT, "%n| threads | lhx ClipRenderer wall (median of %d) | CPU | ffmpeg CLI wall | CPU | ratio wall |"
          + "%n|---|---|---|---|---|---|%n", runs);
      double headline = Double.NaN;
      for (int threads : new int[] {0, 1}) {
        RenderConfig c = base.withThreads(threads);
        List<String> cli = cliCommand(ffmpeg, c, job, info, timeline, tmp);
        // Interleaved, so that load from elsewhere on the machine falls on both sides alike.
        double[][] ours = new double[2][runs];
        double[][] ref = new double[2][runs];
        for (int i = 0; i < runs; i++) {
          timeOurs(c, job, tmp, ours, i);
          timeFfmpeg(cli, ref, i);
        }
        Timing o = new Timing(median(ours[0]), median(ours[1]));
        Timing r = new Timing(median(ref[0]), median(ref[1]));
        double ratio = o.wall / r.wall;
        if (threads == 0) {
          headline = ratio;
        }
        out.printf(Locale.ROOT, "| %s | %.2f s (%.1fx realtime) | %.2f s | %.2f s | %.2f s | %.2f |%n",
            threads == 0 ? "FFmpeg default (codecs auto)" : "1 codec thread (decoder, encoder)", o.wall,
            kept / o.wall, o.cpu, r.wall, r.cpu, ratio);
      }
      out.printf(Locale.ROOT, "%nratio lhx/ffmpeg = %.2f with default threads (target <= 1.25)%n", headline);
      String formats = formats(base, ffmpeg, job, info, timeline, tmp, runs, kept);
      String switches = job.layout == null ? "no layout, no switch case" : switches(base, job, tmp, runs);
      String mem = "memory not measured";
      if (memory) {
        mem = memory(fixtureTruth, workDir, tmp, clipSeconds, longHours);
      }
      out.printf(Locale.ROOT, "%nsummary: render ratio lhx/ffmpeg %.2f (target <= 1.25); %s; %s; %s%n", headline,
          formats, switches, mem);
    } finally {
      deleteTree(tmp);
    }
    return 0;
  }

  /**
   * Formats (issue #22): each format alone next to the ffmpeg CLI rendering that format, then all three in one render
   * (one decode feeding three filter graphs and encoders) against the vertical clip alone, with the CLI doing the
   * same in one process (split after the cuts, three outputs). Runs interleaved, medians, FFmpeg's default threads.
   *
   * @return the summary's part: the three-format cost and the worst per-format ratio
   */
  private String formats(RenderConfig base, String ffmpeg, Job job, MediaProbe.Result info, ClipTimeline timeline,
      Path tmp, int runs, double kept) throws Exception {
    List<String> names = List.of(RenderConfig.VERTICAL, RenderConfig.LANDSCAPE, RenderConfig.SQUARE);
    RenderConfig all = base.withFormats(names);
    List<List<String>> clis = new ArrayList<>();
    for (String f : names) {
      clis.add(cliCommand(ffmpeg, base.withFormats(List.of(f)), job, info, timeline, tmp));
    }
    List<String> cliAll = cliCommand(ffmpeg, all, job, info, timeline, tmp);
    double[][][] ours = new double[names.size() + 1][2][runs];
    double[][][] ref = new double[names.size() + 1][2][runs];
    for (int i = 0; i < runs; i++) {
      for (int k = 0; k < names.size(); k++) {
        timeOurs(base.withFormats(List.of(names.get(k))), job, tmp, ours[k], i);
        timeFfmpeg(clis.get(k), ref[k], i);
      }
      timeOurs(all, job, tmp, ours[names.size()], i);
      timeFfmpeg(cliAll, ref[names.size()], i);
    }
    out.printf(Locale.ROOT, "%n| formats (FFmpeg default threads) | size | lhx wall (median of %d) | CPU | ffmpeg CLI wall "
        + "| CPU | ratio wall |%n|---|---|---|---|---|---|---|%n", runs);
    double worst = 0;
    for (int k = 0; k <= names.size(); k++) {
      Timing o = new Timing(median(ours[k][0]), median(ours[k][1]));
      Timing r = new Timing(median(ref[k][0]), median(ref[k][1]));
      String size;
      if (k < names.size()) {
        RenderLayout plan = RenderLayout.plan(job.layout, info.width, info.height, true, all.forFormat(names.get(k)));
        size = plan.width + "x" + plan.height;
        worst = Math.max(worst, o.wall / r.wall);
      } else {
        size = "all three";
      }
      out.printf(Locale.ROOT, "| %s | %s | %.2f s (%.1fx realtime) | %.2f s | %.2f s | %.2f s | %.2f |%n",
          k < names.size() ? names.get(k) : String.join(" + ", names) + ", one decode", size, o.wall, kept / o.wall,
          o.cpu, r.wall, r.cpu, o.wall / r.wall);
    }
    double three = median(ours[names.size()][0]) / median(ours[0][0]);
    double threeCpu = median(ours[names.size()][1]) / median(ours[0][1]);
    double cliThree = median(ref[names.size()][0]) / median(ref[0][0]);
    out.printf(Locale.ROOT, "%nthree formats / vertical alone: lhx %.2fx wall, %.2fx CPU (target <= 2.2); ffmpeg CLI "
        + "%.2fx wall; each format lhx/ffmpeg <= %.2f (target <= 1.25)%n", three, threeCpu, cliThree, worst);
    return String.format(Locale.ROOT, "three formats %.2fx one (target <= 2.2), per-format ratio <= %.2f", three,
        worst);
  }

  /**
   * Layout periods (issue #22): the same vertical clip with a layout that switches to camera only in the middle of
   * each kept interval and back to the lecture's own layout between them (three switches to the camera, two back),
   * against the clip without periods. What a switch costs is draining one filter graph and configuring the next;
   * the decode and the encoders go on.
   *
   * @return the summary's part: the cost of the switching clip relative to the plain one
   */
  private String switches(RenderConfig base, Job job, Path tmp, int runs) throws Exception {
    RenderConfig vertical = base.withFormats(List.of(RenderConfig.VERTICAL));
    Job switching = new Job(job.source, job.kept, switchingLayout(job.layout, job.kept), job.transcript);
    double[][] plain = new double[2][runs];
    double[][] sw = new double[2][runs];
    for (int i = 0; i < runs; i++) {
      timeOurs(vertical, job, tmp, plain, i);
      timeOurs(vertical, switching, tmp, sw, i);
    }
    double ratio = median(sw[0]) / median(plain[0]);
    double cpu = median(sw[1]) / median(plain[1]);
    out.printf(Locale.ROOT, "%n| vertical clip (median of %d) | lhx wall | CPU |%n|---|---|---|%n"
        + "| one layout | %.2f s | %.2f s |%n| a switch to camera only inside each interval (5 switches) | %.2f s | %.2f s |%n"
        + "%nlayout switches: %.2fx wall, %.2fx CPU of the clip without%n", runs, median(plain[0]), median(plain[1]),
        median(sw[0]), median(sw[1]), ratio, cpu);
    return String.format(Locale.ROOT, "5 layout switches %.2fx wall, %.2fx CPU of none", ratio, cpu);
  }

  /** The lecture's layout, with periods: its own type, then camera only from the middle of each kept interval. */
  static Layout switchingLayout(Layout layout, List<TimeRange> kept) {
    List<LayoutPeriod> periods = new ArrayList<>();
    double t = 0;
    for (TimeRange r : kept) {
      double mid = (r.getStart() + r.getEnd()) / 2;
      periods.add(new LayoutPeriod(t, mid, layout.getType(), layout.getScreen(), layout.getCamera(),
          layout.getContent(), null));
      periods.add(new LayoutPeriod(mid, r.getEnd(), "camera_only", null, layout.getCamera(), layout.getContent(),
          null));
      t = r.getEnd();
    }
    periods.add(new LayoutPeriod(t, 1e9, layout.getType(), layout.getScreen(), layout.getCamera(),
        layout.getContent(), null));
    return Layout.newBuilder(layout).setPeriods(periods).build();
  }

  /** Three intervals of a third of the clip each, at 10 %, 40 % and 70 % of the source. */
  static Job job(Path media, double duration, double clipSeconds, Path fixtureTruth) throws IOException {
    double each = Math.min(clipSeconds / 3, duration / 4);
    List<TimeRange> kept = new ArrayList<>();
    for (double at : new double[] {0.10, 0.40, 0.70}) {
      double s = Math.round(at * duration * 1000) / 1000.0;
      kept.add(new TimeRange(s, Math.round((s + each) * 1000) / 1000.0));
    }
    if (fixtureTruth == null) {
      return new Job(media, kept, null, null);
    }
    JsonNode truth = Json.MAPPER.readTree(fixtureTruth.toFile());
    return new Job(media, kept, layout(truth), repeatedTranscript(truth, duration));
  }

  /** The fixture's layout, with the split ratio the layout stage gives it (the screen's natural share of 9:16). */
  static Layout layout(JsonNode truth) {
    JsonNode l = truth.get("layout");
    Rect screen = rect(l.get("screen"));
    Rect camera = rect(l.get("camera"));
    Double split = screen == null ? null
        : camera == null ? 1.0 : Math.min(0.75, 9.0 / 16.0 * screen.getH() / (double) screen.getW());
    return Layout.newBuilder().setJobId("bench").setType(l.get("type").asText())
        .setFrameWidth(truth.path("width").asInt(0)).setFrameHeight(truth.path("height").asInt(0))
        .setScreen(screen).setCamera(camera).setSplitRatio(split).build();
  }

  /** The fixture's sentences in every copy of a lecture built by repeating it. */
  static Transcript repeatedTranscript(JsonNode truth, double seconds) {
    double d = truth.get("durationSeconds").asDouble();
    List<TranscriptSegment> segs = new ArrayList<>();
    for (int k = 0; k * d < seconds; k++) {
      for (JsonNode s : truth.get("sentences")) {
        double start = k * d + s.get("start").asDouble();
        if (start < seconds) {
          segs.add(new TranscriptSegment(start, Math.min(seconds, k * d + s.get("end").asDouble()),
              s.get("text").asText()));
        }
      }
    }
    return Transcript.newBuilder().setJobId("bench").setEngine("truth").setSegments(segs).build();
  }

  private static Rect rect(JsonNode n) {
    return n == null || n.isNull() ? null
        : new Rect(n.get("x").asInt(), n.get("y").asInt(), n.get("w").asInt(), n.get("h").asInt());
  }

  private static void timeOurs(RenderConfig c, Job job, Path tmp, double[][] into, int i) throws StageException {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    new ClipRenderer(c).render("bench", job.source, job.kept, job.layout, job.transcript, tmp.resolve("ours"), 1);
    into[0][i] = (System.nanoTime() - t0) / 1e9;
    into[1][i] = (os.getProcessCpuTime() - c0) / 1e9;
  }

  /**
   * The same clip with the ffmpeg CLI: one seeking input per interval (-ss/-t before -i, as the renderer seeks),
   * afade on each piece, concat, then the renderer's own layout and subtitle graph for each of the config's formats
   * (split after the cuts, so one decode feeds every format, as in the renderer), and the same codec settings.
   */
  private static List<String> cliCommand(String ffmpeg, RenderConfig c, Job job, MediaProbe.Result info,
      ClipTimeline tl, Path tmp) throws IOException {
    int channels = Math.min(2, Math.max(1, info.audioChannels));
    List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostats", "-benchmark", "-y"));
    StringBuilder fc = new StringBuilder();
    StringBuilder concat = new StringBuilder();
    for (int i = 0; i < tl.size(); i++) {
      double d = tl.sourceEnd(i) - tl.sourceStart(i);
      if (c.threads() > 0) {
        cmd.addAll(List.of("-threads", Integer.toString(c.threads())));
      }
      cmd.addAll(List.of("-ss", fmt(tl.sourceStart(i)), "-t", fmt(d), "-i", job.source.toString()));
      double fade = c.fadeMillis() / 1000.0;
      fc.append(String.format(Locale.ROOT, "[%d:a]aresample=%d,afade=t=in:d=%s,afade=t=out:st=%s:d=%s[a%d];",
          i, c.audioSampleRate(), fmt(fade), fmt(d - fade), fmt(fade), i));
      concat.append(String.format(Locale.ROOT, "[%d:v][a%d]", i, i));
    }
    List<String> formats = c.formats();
    int n = formats.size();
    fc.append(concat).append(String.format(Locale.ROOT, "concat=n=%d:v=1:a=1[cv][ca]", tl.size()));
    if (n > 1) {
      fc.append(";[cv]split=").append(n);
      for (int k = 0; k < n; k++) {
        fc.append("[cv").append(k).append(']');
      }
      fc.append(";[ca]asplit=").append(n);
      for (int k = 0; k < n; k++) {
        fc.append("[ca").append(k).append(']');
      }
    }
    for (int k = 0; k < n; k++) {
      RenderConfig fcfg = c.forFormat(formats.get(k));
      RenderLayout plan = RenderLayout.plan(job.layout, info.width, info.height, true, fcfg);
      List<SubtitleCues.Cue> cues = SubtitleCues.build(job.transcript, tl, SubtitleCues.Style.of(fcfg));
      Path text = Files.createDirectories(tmp.resolve("cli-text-" + formats.get(k)));
      // The stacked layout's pad labels are the renderer's; in one graph with other formats they must be unique.
      String graph = (plan.filter + plan.drawtext(cues, text, fcfg)).replace("[lh", "[lh" + k);
      fc.append(';').append(n > 1 ? "[cv" + k + "]" : "[cv]").append(graph).append("[v").append(k).append(']');
    }
    cmd.addAll(List.of("-filter_complex", fc.toString()));
    for (int k = 0; k < n; k++) {
      cmd.addAll(List.of("-map", "[v" + k + "]", "-map", n > 1 ? "[ca" + k + "]" : "[ca]",
          "-c:v", "libx264", "-preset", c.x264Preset(), "-crf", Integer.toString(c.crf()), "-profile:v", "high",
          "-pix_fmt", "yuv420p"));
      if (c.threads() > 0) {
        cmd.addAll(List.of("-threads", Integer.toString(c.threads())));
      }
      cmd.addAll(List.of("-c:a", "aac", "-b:a", Integer.toString(c.audioBitrate()), "-ar",
          Integer.toString(c.audioSampleRate()), "-ac", Integer.toString(channels), "-movflags", "+faststart",
          tmp.resolve("cli-" + formats.get(k) + ".mp4").toString()));
    }
    return cmd;
  }

  private static void timeFfmpeg(List<String> cmd, double[][] into, int i) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    long t0 = System.nanoTime();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    into[0][i] = (System.nanoTime() - t0) / 1e9;
    if (rc != 0) {
      throw new IOException("ffmpeg failed (" + rc + "): " + log.substring(Math.max(0, log.length() - 2000)));
    }
    // -benchmark ends with "bench: utime=..s stime=..s rtime=..s": the process's own CPU time.
    Matcher m = BENCH.matcher(log);
    into[1][i] = m.find() ? Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2)) : Double.NaN;
  }

  /** Renders the clip from a 10-minute and a long source in child JVMs and compares their peak memory. */
  private String memory(Path fixtureTruth, Path workDir, Path tmp, double clipSeconds, double longHours)
      throws Exception {
    if (fixtureTruth == null) {
      return "memory needs the fixtures (no --input)";
    }
    Path fixture = fixtureTruth.resolveSibling(Json.MAPPER.readTree(fixtureTruth.toFile()).get("file").asText());
    Path shortSource = looped(fixture, workDir, 600);
    Path longSource = looped(fixture, workDir, (int) Math.round(longHours * 3600));
    out.printf(Locale.ROOT, "%n| source | clip render in a child JVM (-Xmx512m) | peak RSS (VmHWM) | RSS before render |"
        + " peak heap |%n|---|---|---|---|---|%n");
    long[] a = child(shortSource, fixtureTruth, tmp.resolve("mem-short"), clipSeconds);
    long[] b = child(longSource, fixtureTruth, tmp.resolve("mem-long"), clipSeconds);
    row("10 min", a);
    row(String.format(Locale.ROOT, "%.1f h", longHours), b);
    // The reference: the ffmpeg CLI's own peak RSS for the same clip from each source. Both keep the MP4's whole
    // sample index in memory (FFmpeg's mov demuxer), the one part that grows with the source's length.
    long cliShort = cliMaxRss(shortSource, fixtureTruth, tmp, clipSeconds);
    long cliLong = cliMaxRss(longSource, fixtureTruth, tmp, clipSeconds);
    out.printf(Locale.ROOT, "| ffmpeg CLI, same clip (bench: maxrss) | 10 min: %.0f MB | %.1f h: %.0f MB | | |%n",
        cliShort / 1024.0, longHours, cliLong / 1024.0);
    double growth = 100.0 * (b[1] - a[1]) / a[1];
    return String.format(Locale.ROOT, "peak RSS %.0f MB (10 min source) vs %.0f MB (%.1f h source), %+.1f%% "
        + "(ffmpeg CLI %.0f vs %.0f MB); render %.1f s vs %.1f s", a[1] / 1024.0, b[1] / 1024.0, longHours, growth,
        cliShort / 1024.0, cliLong / 1024.0, a[0] / 1000.0, b[0] / 1000.0);
  }

  /** Peak RSS in kB of the ffmpeg CLI rendering the benchmark clip from a source. */
  private static long cliMaxRss(Path source, Path truth, Path tmp, double clipSeconds) throws Exception {
    MediaProbe.Result info = MediaProbe.probe(source);
    Job job = job(source, info.durationSeconds, clipSeconds, truth);
    RenderConfig c = RenderConfig.defaults();
    ClipTimeline tl = ClipTimeline.of(job.kept, info.durationSeconds);
    List<String> cmd = cliCommand(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), c, job, info, tl, tmp);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("ffmpeg failed: " + log.substring(Math.max(0, log.length() - 2000)));
    }
    Matcher m = Pattern.compile("maxrss=(\\d+)").matcher(log);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private void row(String name, long[] m) {
    out.printf(Locale.ROOT, "| %s | %.2f s | %.0f MB | %.0f MB | %.0f MB |%n", name, m[0] / 1000.0, m[1] / 1024.0,
        m[2] / 1024.0, m[3] / 1048576.0);
  }

  /** {millis, VmHWM kB, VmRSS before kB, peak heap bytes} from a child JVM rendering the clip. */
  private static long[] child(Path source, Path truth, Path outDir, double clipSeconds)
      throws IOException, InterruptedException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-Xmx512m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-cp", System.getProperty("java.class.path"), RenderBenchmark.class.getName(), source.toString(),
        truth.toString(), outDir.toString(), Double.toString(clipSeconds));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("memory probe failed: " + log);
    }
    Matcher m = Pattern.compile("MEMPROBE millis=(\\d+) hwm=(\\d+) before=(\\d+) heap=(\\d+)").matcher(log);
    if (!m.find()) {
      throw new IOException("memory probe printed no figures: " + log);
    }
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4))};
  }

  /** Child JVM entry: renders the benchmark clip from one source and prints its memory figures. */
  public static void main(String[] args) throws Exception {
    Path source = Paths.get(args[0]);
    Path outDir = Paths.get(args[2]);
    double clipSeconds = Double.parseDouble(args[3]);
    double duration = MediaProbe.probe(source).durationSeconds;
    Job job = job(source, duration, clipSeconds, Paths.get(args[1]));
    // Natives loaded and the transcript built before the baseline: what is left is the render itself.
    Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
    long before = status("VmRSS");
    long t0 = System.nanoTime();
    new ClipRenderer(RenderConfig.defaults()).render("bench", job.source, job.kept, job.layout, job.transcript,
        outDir, 1);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "MEMPROBE millis=%d hwm=%d before=%d heap=%d%n", millis, status("VmHWM"), before,
        heap);
  }

  /** A /proc/self/status figure in kB. */
  private static long status(String key) throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith(key + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** A lecture of the given length made by looping a fixture with stream copy (cached in the work folder). */
  static Path looped(Path fixture, Path workDir, int seconds) throws IOException, InterruptedException {
    Path out = workDir.resolve("bench").resolve("looped-" + seconds + "s.mp4");
    if (Files.isRegularFile(out)) {
      return out;
    }
    Files.createDirectories(out.getParent());
    Path part = out.resolveSibling(out.getFileName() + ".tmp.mp4");
    String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-stream_loop", "-1", "-i",
        fixture.toString(), "-t", Integer.toString(seconds), "-c", "copy", "-movflags", "+faststart",
        part.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      Files.deleteIfExists(part);
      throw new IOException("could not build the looped lecture: " + log);
    }
    Files.move(part, out);
    return out;
  }

  private static String intervals(List<TimeRange> kept) {
    StringBuilder sb = new StringBuilder();
    for (TimeRange r : kept) {
      sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%.1f, %.1f]", r.getStart(),
          r.getEnd()));
    }
    return sb.toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
