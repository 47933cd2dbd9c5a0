package io.lecturehighlights.transforms.media;

import io.lecturehighlights.transforms.common.StageException;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.MultiTrackMedia;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FFmpeg's messages reach the log file only, and its errors are counted per decoding scope. */
class FfmpegLogTest {
  @TempDir Path tmp;

  /** A 4 s H.264 MP4 with bytes overwritten in 12 places inside its media data: packets the decoder chokes on. */
  static Path corruptH264(Path dir) throws Exception {
    Path f = dir.resolve("corrupt.mp4");
    MultiTrackMedia.run(List.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), "-hide_banner", "-loglevel", "error",
        "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=25:duration=4", "-c:v", "libx264", "-preset",
        "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", f.toString()));
    byte[] b = Files.readAllBytes(f);
    int mdat = -1;
    for (int i = 4; i + 4 <= b.length; i++) {
      if (b[i] == 'm' && b[i + 1] == 'd' && b[i + 2] == 'a' && b[i + 3] == 't') {
        mdat = i - 4;
        break;
      }
    }
    assertTrue(mdat >= 0, "no mdat box");
    long size = ((b[mdat] & 0xffL) << 24) | ((b[mdat + 1] & 0xff) << 16) | ((b[mdat + 2] & 0xff) << 8)
        | (b[mdat + 3] & 0xff);
    Random r = new Random(11);
    for (int k = 0; k < 12; k++) {
      int at = (int) (mdat + 8 + size * (0.2 + 0.6 * k / 12.0));
      for (int j = 0; j < 48 && at + j < b.length; j++) {
        b[at + j] = (byte) r.nextInt(256);
      }
    }
    Files.write(f, b);
    return f;
  }

  @Test
  void errorsAreCountedInTheOpenScopeAndTheThreadsItStarts() throws Exception {
    FfmpegLog.install();
    try (FfmpegLog.DecodeErrors outer = FfmpegLog.DecodeErrors.open()) {
      FfmpegLog.message(AV_LOG_ERROR, "[h264 @ 0x1] error while decoding MB 3 4\n");
      FfmpegLog.message(AV_LOG_WARNING, "[h264 @ 0x1] a warning is not an error\n");
      try (FfmpegLog.DecodeErrors inner = FfmpegLog.DecodeErrors.open()) {
        Thread helper = new Thread(() -> FfmpegLog.message(AV_LOG_ERROR, "[hevc @ 0x2] Could not find ref\n"));
        helper.start();
        helper.join();
        assertEquals(1, inner.count(), "counted from the thread the scope started");
      }
      assertEquals(2, outer.count());
    }
    long before = FfmpegLog.unattributedErrors();
    FfmpegLog.message(AV_LOG_ERROR, "outside any scope\n");
    assertEquals(before + 1, FfmpegLog.unattributedErrors());
  }

  @Test
  void corruptPacketsAreCountedAndNothingReachesStderr() throws Exception {
    Path f = corruptH264(tmp);
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int count;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try (FfmpegLog.DecodeErrors errors = FfmpegLog.DecodeErrors.open();
        DecodedStream video = DecodedStream.open(f, AVMEDIA_TYPE_VIDEO, (d, s) -> { })) {
      try {
        video.decodeAll(frame -> { });
      } catch (StageException e) {
        // many rejected packets; the count is what matters here
      }
      count = errors.count();
    } finally {
      System.setErr(saved);
    }
    assertTrue(count > 0, "decode errors counted: " + count);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    assertTrue(avutil.av_log_get_level() >= AV_LOG_ERROR, "FFmpeg must pass errors on to be counted");
  }

  /**
   * The real thing, in a JVM of its own with the app's log4j2.xml: FFmpeg writes nothing to the process's stderr or
   * stdout (native or Java), and its messages land in the log file under the logger "ffmpeg".
   */
  @Test
  void inTheAppsLogConfigurationFfmpegWritesToTheLogFileOnly() throws Exception {
    Path f = corruptH264(tmp);
    Path log = tmp.resolve("lhx.log");
    Path config = Fixtures.projectRoot().resolve("pipeline/src/main/resources/log4j2.xml");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dlog4j2.configurationFile=" + config,
        "-Dlhx.logFile=" + log, DecodeInChildProcess.class.getName(), f.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr.txt").toFile())
        .redirectOutput(tmp.resolve("stdout.txt").toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child timed out");
    String out = Files.readString(tmp.resolve("stdout.txt")).strip();
    String err = Files.readString(tmp.resolve("stderr.txt"));
    assertEquals(0, p.exitValue(), out + err);
    assertEquals("", err, "stderr");
    assertTrue(out.matches("decodeErrors=\\d+"), "stdout holds only the child's answer: " + out);
    int count = Integer.parseInt(out.substring("decodeErrors=".length()));
    assertTrue(count > 0, out);
    String logged = Files.readString(log);
    long lines = logged.lines().filter(l -> l.contains("ERROR [main] ffmpeg - [h264 @")).count();
    assertTrue(lines > 0 && lines <= count, count + " counted, log:\n" + logged);
  }
}
