package io.lecturehighlights.bench;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.layout.FrameSampler;
import io.lecturehighlights.transforms.layout.LayoutConfig;
import io.lecturehighlights.transforms.rendering.ClipRenderer;
import io.lecturehighlights.transforms.rendering.RenderConfig;
import io.lecturehighlights.transforms.validate.UploadValidator;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * Recordings as they come from other tools: a matrix of generated sources that cross frame sizes, non-square pixels,
 * rotation flags, interlacing, frame rates, codecs, containers and audio layouts, each run through the real stages that
 * touch its pictures and sound (validation, layout sampling, rendering) and checked the way a person would: the clip's
 * frames against what the ffmpeg CLI shows for the same source time, the orientation and size as displayed, and the
 * audio in step with the picture.
 *
 * <p>Every source shows FFmpeg's testsrc2 pattern (strong colours, so a wrong chroma plane cannot hide) in its
 * display geometry, with a white flash in the top-left corner and a 1 kHz beep at the same instant ({@link #FLASH});
 * it is then stored the way the case says (narrower pixels, turned, interlaced), so that only a pipeline that applies
 * the stream's geometry gets back the picture it started from.
 */
public final class MediaMatrix {
  /** Source length and the instant of the flash and beep, seconds. */
  public static final double SOURCE_SECONDS = 4.0;
  public static final double FLASH = 1.6;
  private static final double FLASH_LENGTH = 0.12;
  /** The clip cut from every source. */
  public static final double KEEP_START = 1.0;
  public static final double KEEP_END = 3.0;
  /** Limits a person would accept: mean absolute difference per channel (0..255), and A/V offset. */
  public static final double MAX_CLIP_DIFFERENCE = 12.0;
  public static final double MAX_ANALYSIS_DIFFERENCE = 16.0;
  public static final double MAX_AV_OFFSET = 0.040;

  /**
   * One source. Sizes are the displayed picture; {@code sar} stores it with that pixel aspect (stored width =
   * display width / sar); {@code rotation} is the display matrix's counter-clockwise degrees (as ffmpeg's
   * -display_rotation), so the stored frames are the display turned the other way.
   */
  public record Case(String name, int displayWidth, int displayHeight, int sarNum, int sarDen, int rotation,
      boolean interlaced, String fps, String videoArgs, String audioArgs, String extension, double audioDelay,
      double videoSeconds) {
    Case(String name, int displayWidth, int displayHeight, int sarNum, int sarDen, int rotation, boolean interlaced,
        String fps, String videoArgs, String audioArgs, String extension) {
      this(name, displayWidth, displayHeight, sarNum, sarDen, rotation, interlaced, fps, videoArgs, audioArgs,
          extension, 0, SOURCE_SECONDS);
    }

    public int storedWidth() {
      int w = (int) Math.round(displayWidth * (double) sarDen / sarNum);
      return rotation % 180 == 0 ? w : displayHeight;
    }

    public int storedHeight() {
      return rotation % 180 == 0 ? displayHeight : displayWidth;
    }
  }

  private static final String H264 = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 25";
  private static final String AAC = "-c:a aac -b:a 96k";

  /** The standard matrix (the list): every case must come out right. */
  public static List<Case> standard() {
    List<Case> m = new ArrayList<>();
    int[][] sizes = {{640, 360}, {854, 480}, {1366, 768}, {1920, 1080}, {1918, 1078}, {720, 1280}, {1080, 1920}};
    for (int[] s : sizes) {
      m.add(new Case(s[0] + "x" + s[1] + "-h264", s[0], s[1], 1, 1, 0, false, "25", H264, AAC + " -ac 2", "mp4"));
    }
    // PAL 16:9 broadcast: 720x576 stored, 64:45 pixels, interlaced MPEG-2 in a transport stream.
    m.add(new Case("pal-16x9-mpeg2-interlaced", 1024, 576, 64, 45, 0, true, "25",
        "-c:v mpeg2video -q:v 3 -flags +ilme+ildct -top 1 -g 12", "-c:a mp2 -b:a 192k -ar 48000", "ts"));
    // PAL 4:3 DV-style: 720x576 stored, 16:15 pixels, progressive H.264.
    m.add(new Case("pal-4x3-sar-h264", 768, 576, 16, 15, 0, false, "25", H264, AAC, "mp4"));
    // Interlaced H.264 (broadcast capture), square pixels.
    m.add(new Case("1920x1080-h264-interlaced", 1920, 1080, 1, 1, 0, true, "25",
        "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 25 -flags +ildct+ilme -x264-params tff=1", AAC, "mp4"));
    // Phones: portrait pictures stored landscape with a rotation flag.
    m.add(new Case("phone-rot90", 720, 1280, 1, 1, 90, false, "29.97", H264, AAC, "mp4"));
    m.add(new Case("phone-rot270", 720, 1280, 1, 1, 270, false, "30", H264, AAC, "mov"));
    m.add(new Case("phone-rot180", 1280, 720, 1, 1, 180, false, "30", H264, AAC, "mp4"));
    m.add(new Case("1280x720-hevc-rot90", 720, 1280, 1, 1, 90, false, "25",
        "-c:v libx265 -preset ultrafast -x265-params log-level=error -pix_fmt yuv420p -tag:v hvc1", AAC, "mp4"));
    // Frame rates.
    for (String fps : List.of("23.976", "29.97", "50", "60")) {
      m.add(new Case("1280x720-" + fps + "fps", 1280, 720, 1, 1, 0, false, fps, H264, AAC, "mp4"));
    }
    // Variable frame rate (screen recorders and phones drop frames when nothing moves): a 30 fps capture with
    // irregular gaps of one and two frames.
    m.add(new Case("1280x720-vfr", 1280, 720, 1, 1, 0, false, "30",
        H264 + " -vf select=not(mod(n\\,3))+eq(mod(n\\,5)\\,1) -fps_mode vfr", AAC, "mp4"));
    // Codecs and containers.
    m.add(new Case("1280x720-hevc", 1280, 720, 1, 1, 0, false, "25",
        "-c:v libx265 -preset ultrafast -x265-params log-level=error -pix_fmt yuv420p -tag:v hvc1", AAC, "mp4"));
    m.add(new Case("854x480-vp9-opus", 854, 480, 1, 1, 0, false, "25",
        "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 1M -pix_fmt yuv420p", "-c:a libopus -b:a 64k", "webm"));
    m.add(new Case("640x360-av1", 640, 360, 1, 1, 0, false, "25",
        "-c:v libsvtav1 -preset 12 -crf 35 -pix_fmt yuv420p", AAC, "mp4"));
    m.add(new Case("1280x720-mjpeg-mov", 1280, 720, 1, 1, 0, false, "25", "-c:v mjpeg -q:v 3",
        "-c:a pcm_s16le", "mov"));
    // Audio layouts.
    m.add(new Case("1280x720-mono-8khz", 1280, 720, 1, 1, 0, false, "25", H264, "-c:a aac -ac 1 -ar 8000", "mp4"));
    m.add(new Case("1280x720-5.1-48khz", 1280, 720, 1, 1, 0, false, "25", H264, "-c:a aac -ac 6 -ar 48000",
        "mp4"));
    // Audio that starts a second after the picture (its first packet at 1 s): the beep must still meet the flash.
    m.add(new Case("1280x720-audio-starts-late", 1280, 720, 1, 1, 0, false, "25", H264, AAC, "mp4", 1.0,
        SOURCE_SECONDS));
    m.add(new Case("1280x720-h264-ts-late-audio", 1280, 720, 1, 1, 0, false, "25", H264, AAC, "ts", 0.5,
        SOURCE_SECONDS));
    // The screen recording stopped first: the picture ends at 2.4 s, the clip runs on to 3 s on its last frame.
    m.add(new Case("1280x720-video-ends-early", 1280, 720, 1, 1, 0, false, "25", H264, AAC, "mp4", 0, 2.4));
    return m;
  }

  /** What one case gave. */
  public record Outcome(Case c, boolean passed, String detail, double validateSeconds, double layoutSeconds,
      double renderSeconds) {}

  private final String ffmpeg;

  public MediaMatrix() {
    this.ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
  }

  /** Writes the case's source into {@code dir} and returns it. */
  public Path generate(Case c, Path dir) throws IOException {
    Path out = dir.resolve(c.name() + "." + c.extension());
    String flash = String.format(Locale.ROOT,
        "drawbox=x=0:y=0:w=iw/5:h=ih/5:color=white:t=fill:enable='between(t,%.3f,%.3f)'", FLASH,
        FLASH + FLASH_LENGTH);
    String toStored = String.format(Locale.ROOT, "scale=%d:%d,setsar=%d/%d", c.rotation() % 180 == 0
        ? c.storedWidth() : c.displayWidth() * c.sarDen() / c.sarNum(), c.displayHeight(), c.sarNum(), c.sarDen());
    // Stored = display turned the other way: the player's turn by the flag brings it back.
    String turn = switch (c.rotation()) {
      case 90 -> ",transpose=clock";
      case 180 -> ",hflip,vflip";
      case 270 -> ",transpose=cclock";
      default -> "";
    };
    String video = String.format(Locale.ROOT, "testsrc2=s=%dx%d:r=%s:d=%.1f,%s,%s%s", c.displayWidth(),
        c.displayHeight(), fpsExpression(c.fps()), c.videoSeconds(), flash, toStored, turn);
    double beep = FLASH - c.audioDelay();
    String audio = String.format(Locale.ROOT,
        "sine=f=1000:r=48000:d=%.1f,volume='4*between(t,%.3f,%.3f)':eval=frame", SOURCE_SECONDS - c.audioDelay(), beep,
        beep + FLASH_LENGTH);
    Path encoded = c.rotation() == 0 ? out : dir.resolve(c.name() + ".stored." + c.extension());
    List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", video, "-itsoffset", String.format(Locale.ROOT, "%.3f", c.audioDelay()),
        "-f", "lavfi", "-i", audio));
    cmd.addAll(List.of(c.videoArgs().split(" ")));
    cmd.addAll(List.of(c.audioArgs().split(" ")));
    if (c.interlaced() && c.videoArgs().contains("mpeg2video")) {
      cmd.addAll(List.of("-field_order", "tt"));
    }
    cmd.add(encoded.toString());
    run(cmd);
    if (c.rotation() != 0) {
      run(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-display_rotation:v:0",
          Integer.toString(c.rotation()), "-i", encoded.toString(), "-c", "copy", out.toString()));
      Files.delete(encoded);
    }
    return out;
  }

  private static String fpsExpression(String fps) {
    return switch (fps) {
      case "23.976" -> "24000/1001";
      case "29.97" -> "30000/1001";
      default -> fps;
    };
  }

  /** Runs the case's source through validation, layout sampling and rendering and checks what comes out. */
  public Outcome check(Case c, Path source, Path work) throws IOException {
    List<String> problems = new ArrayList<>();
    long t0 = System.nanoTime();
    MediaInfo media;
    try {
      media = new UploadValidator(ValidationConfig.defaults()).validate(UploadEvent.newBuilder()
          .setJobId("matrix-" + c.name().replaceAll("[^A-Za-z0-9._-]", "-")).setVideoUri(source.toString())
          .setMetadata(LectureMetadata.newBuilder().build()).setSource("media-matrix").setReceivedAtMillis(0).build());
    } catch (StageException e) {
      return new Outcome(c, false, "rejected: " + e.reason() + ": " + e.getMessage(), seconds(t0), 0, 0);
    }
    double validateSeconds = seconds(t0);
    if (media.getWidth() == null || media.getWidth() != c.displayWidth() || media.getHeight() != c.displayHeight()) {
      problems.add("validation reports " + media.getWidth() + "x" + media.getHeight() + ", displayed "
          + c.displayWidth() + "x" + c.displayHeight());
    }

    long t1 = System.nanoTime();
    double[] analysisDiff = {Double.NaN};
    FrameSampler.Info info;
    try {
      info = new FrameSampler(LayoutConfig.defaults()).run(source, new FrameSampler.Sink() {
        int w;
        int h;

        @Override
        public void start(FrameSampler.Info i) {
          w = i.analysisWidth;
          h = i.analysisHeight;
        }

        @Override
        public void sample(double time, double earliest, byte[] gray, boolean keyFrame) {
          if (Double.isNaN(analysisDiff[0]) && time >= 2.0) {
            try {
              byte[] ref = referenceFrame(source, time, w, h, "gray", c.interlaced());
              analysisDiff[0] = meanAbsoluteDifference(gray, ref);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
        }
      });
    } catch (StageException e) {
      return new Outcome(c, false, "layout sampling failed: " + e.reason() + ": " + e.getMessage(), validateSeconds,
          seconds(t1), 0);
    }
    double layoutSeconds = seconds(t1);
    if (info.width != c.displayWidth() || info.height != c.displayHeight()) {
      problems.add("layout sees " + info.width + "x" + info.height);
    }
    if (!(analysisDiff[0] <= MAX_ANALYSIS_DIFFERENCE)) {
      problems.add(String.format(Locale.ROOT, "analysis picture differs from the displayed frame by %.1f",
          analysisDiff[0]));
    }

    long t2 = System.nanoTime();
    Clip clip;
    Path out = work.resolve(c.name());
    try {
      clip = new ClipRenderer(RenderConfig.defaults().withLayoutMode(RenderConfig.ORIGINAL).withSubtitles(false))
          .render("matrix", source, List.of(TimeRange.newBuilder().setStart(KEEP_START).setEnd(KEEP_END).build()),
              null, null, out, 1);
    } catch (StageException e) {
      return new Outcome(c, false, "render failed: " + e.reason() + ": " + e.getMessage(), validateSeconds,
          layoutSeconds, seconds(t2));
    }
    double renderSeconds = seconds(t2);
    int[] fit = fit(c.displayWidth(), c.displayHeight(), 1280, 720);
    if (clip.getWidth() != fit[0] || clip.getHeight() != fit[1]) {
      problems.add("clip is " + clip.getWidth() + "x" + clip.getHeight() + ", expected " + fit[0] + "x" + fit[1]);
    } else {
      Path mp4 = Path.of(clip.getVideoUri());
      for (double at : new double[] {0.3, 1.3}) {
        byte[] got = referenceFrame(mp4, at, fit[0], fit[1], "rgb24", false);
        byte[] want = referenceFrame(source, KEEP_START + at, fit[0], fit[1], "rgb24", c.interlaced());
        double d = meanAbsoluteDifference(got, want);
        if (!(d <= MAX_CLIP_DIFFERENCE)) {
          problems.add(String.format(Locale.ROOT, "clip frame at %.1f s differs from the source by %.1f", at, d));
        }
      }
      double[] flashAndBeep = flashAndBeep(mp4);
      double due = FLASH - KEEP_START;
      double frame = 1 / fps(c.fps());
      if (!(Math.abs(flashAndBeep[0] - due) <= frame + 0.001)) {
        problems.add(String.format(Locale.ROOT, "the flash shows at %.3f s of the clip, not %.3f s", flashAndBeep[0],
            due));
      }
      if (!(Math.abs(flashAndBeep[1] - due) <= MAX_AV_OFFSET)) {
        problems.add(String.format(Locale.ROOT, "the beep sounds at %.3f s of the clip, not %.3f s", flashAndBeep[1],
            due));
      }
      double offset = flashAndBeep[0] - flashAndBeep[1];
      if (!(Math.abs(offset) <= MAX_AV_OFFSET)) {
        problems.add(String.format(Locale.ROOT, "audio and picture are %.0f ms apart", offset * 1000));
      }
    }
    if (Math.abs(clip.getDurationSeconds() - (KEEP_END - KEEP_START)) > 0.1) {
      problems.add(String.format(Locale.ROOT, "clip lasts %.2f s", clip.getDurationSeconds()));
    }
    return new Outcome(c, problems.isEmpty(), problems.isEmpty() ? "ok" : String.join("; ", problems),
        validateSeconds, layoutSeconds, renderSeconds);
  }

  /**
   * A real recording (not generated): its clip from 1 s to 3 s in original layout must show the frames the ffmpeg
   * CLI shows for the same source times. Returns the problems found, empty when none.
   */
  public List<String> checkRealClip(Path source, Path work) throws IOException, StageException {
    List<String> problems = new ArrayList<>();
    Clip clip = new ClipRenderer(RenderConfig.defaults().withLayoutMode(RenderConfig.ORIGINAL).withSubtitles(false))
        .render("real", source, List.of(TimeRange.newBuilder().setStart(KEEP_START).setEnd(KEEP_END).build()), null,
            null, work, 1);
    Path mp4 = Path.of(clip.getVideoUri());
    for (double at : new double[] {0.3, 1.3}) {
      byte[] got = referenceFrame(mp4, at, clip.getWidth(), clip.getHeight(), "rgb24", false);
      byte[] want = referenceFrame(source, KEEP_START + at, clip.getWidth(), clip.getHeight(), "rgb24", false);
      double d = meanAbsoluteDifference(got, want);
      if (!(d <= MAX_CLIP_DIFFERENCE)) {
        problems.add(String.format(Locale.ROOT, "clip frame at %.1f s differs from the source by %.1f", at, d));
      }
    }
    return problems;
  }

  /** A frame as the ffmpeg CLI shows it (autorotated), at {@code w x h} square pixels, raw gray or rgb24. */
  byte[] referenceFrame(Path file, double at, int w, int h, String pixFmt, boolean deinterlace) throws IOException {
    String vf = (deinterlace ? "bwdif=mode=send_frame:deint=all," : "")
        + String.format(Locale.ROOT, "scale=%d:%d:flags=area", w, h);
    return capture(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-ss", String.format(Locale.ROOT, "%.3f", at),
        "-i", file.toString(), "-frames:v", "1", "-vf", vf, "-f", "rawvideo", "-pix_fmt", pixFmt, "-"));
  }

  private static double fps(String fps) {
    return switch (fps) {
      case "23.976" -> 24000 / 1001.0;
      case "29.97" -> 30000 / 1001.0;
      default -> Double.parseDouble(fps);
    };
  }

  /**
   * When the flash shows and when the beep sounds in the clip, seconds from its start: the first frame whose top-left
   * corner turns white, and the first audio sample above half the beep's level.
   */
  double[] flashAndBeep(Path clip) throws IOException {
    byte[] frames = capture(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-i", clip.toString(), "-vf",
        "crop=iw/10:ih/10:0:0,scale=8:8", "-f", "rawvideo", "-pix_fmt", "gray", "-fps_mode", "passthrough", "-"));
    byte[] times = capture(List.of(ffmpeg, "-hide_banner", "-loglevel", "info", "-i", clip.toString(), "-vf",
        "showinfo", "-f", "null", "-"), true);
    List<Double> pts = new ArrayList<>();
    for (String line : new String(times, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      int i = line.indexOf("pts_time:");
      if (i >= 0) {
        pts.add(Double.parseDouble(line.substring(i + 9).trim().split("\\s+")[0]));
      }
    }
    double flash = Double.NaN;
    for (int f = 0; f * 64 + 64 <= frames.length && f < pts.size(); f++) {
      double mean = 0;
      for (int i = 0; i < 64; i++) {
        mean += frames[f * 64 + i] & 0xff;
      }
      if (mean / 64 > 200) {
        flash = pts.get(f);
        break;
      }
    }
    byte[] pcm = capture(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-i", clip.toString(), "-vn", "-ac",
        "1", "-ar", "48000", "-f", "s16le", "-"));
    double beep = Double.NaN;
    for (int i = 0; i + 1 < pcm.length; i += 2) {
      int s = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
      if (Math.abs(s) > 0.25 * 32768) {
        beep = i / 2 / 48000.0;
        break;
      }
    }
    return new double[] {flash, beep};
  }

  static double meanAbsoluteDifference(byte[] a, byte[] b) {
    if (a.length != b.length || a.length == 0) {
      return Double.POSITIVE_INFINITY;
    }
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    return sum / (double) a.length;
  }

  /** The size a w x h picture gets when fitted into maxW x maxH, never enlarged, even sides (as the renderer). */
  static int[] fit(int w, int h, int maxW, int maxH) {
    double f = Math.min(1.0, Math.min(maxW / (double) w, maxH / (double) h));
    return new int[] {Math.max(2, 2 * (int) Math.round(w * f / 2)), Math.max(2, 2 * (int) Math.round(h * f / 2))};
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Runs a command (the ffmpeg CLI), failing with its error output when it fails. */
  static void run(List<String> cmd) throws IOException {
    capture(cmd);
  }

  private static byte[] capture(List<String> cmd) throws IOException {
    return capture(cmd, false);
  }

  /** Runs a command and returns its standard output (or its standard error, for ffmpeg's showinfo). */
  private static byte[] capture(List<String> cmd, boolean stderr) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (stderr) {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    } else {
      pb.redirectError(ProcessBuilder.Redirect.PIPE);
    }
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drain = new Thread(() -> copy(stderr ? p.getInputStream() : p.getErrorStream(), err));
    drain.start();
    copy(stderr ? p.getErrorStream() : p.getInputStream(), out);
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", cmd));
      }
      drain.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("ffmpeg failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
          + err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // The exit code tells.
    }
  }
}
