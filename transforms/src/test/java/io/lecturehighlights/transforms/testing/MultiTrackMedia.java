package io.lecturehighlights.transforms.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Assumptions;

/**
 * Recordings with two audio tracks, made at test time by the ffmpeg executable bundled with JavaCV: a small test
 * picture and, on each track, digital silence, steady noise at about -50 dBFS (a room microphone with nobody near)
 * or the real JFK speech from ../shared/testmedia (tests skip, visibly, without it).
 */
public final class MultiTrackMedia {
  /** What one audio track holds. */
  public enum Track { SILENCE, NOISE, SPEECH }

  private MultiTrackMedia() {}

  /** The 11 s JFK recording; skips the test when the shared media is absent. */
  public static Path jfk() {
    Path p = Fixtures.sharedMedia().resolve("audio/jfk/jfk.wav");
    Assumptions.assumeTrue(Files.isRegularFile(p), "skipped: real speech not found at " + p);
    return p;
  }

  /**
   * Writes {@code dir/name} (mp4 or mkv by its extension): 11 s of a 160x90 picture and the two tracks, in order.
   * {@code defaultTrack} (0 or 1) is the only one marked default; -1 leaves dispositions to the muxer.
   */
  public static Path make(Path dir, String name, Track first, Track second, int defaultTrack)
      throws IOException, InterruptedException {
    Path out = dir.resolve(name);
    List<String> cmd = new ArrayList<>(List.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), "-hide_banner",
        "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=10:duration=11"));
    input(cmd, first);
    input(cmd, second);
    cmd.addAll(List.of("-map", "0:v", "-map", "1:a", "-map", "2:a", "-t", "11",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k", "-ar", "16000", "-ac", "1"));
    if (defaultTrack >= 0) {
      cmd.addAll(List.of("-disposition:a:" + defaultTrack, "default", "-disposition:a:" + (1 - defaultTrack), "0"));
    }
    cmd.add(out.toString());
    run(cmd);
    return out;
  }

  private static void input(List<String> cmd, Track t) {
    switch (t) {
      case SILENCE:
        cmd.addAll(List.of("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono:d=11"));
        break;
      case NOISE:
        // Uniform white noise of amplitude 0.005: RMS 0.0029, about -51 dBFS.
        cmd.addAll(List.of("-f", "lavfi", "-i", "anoisesrc=r=16000:c=white:a=0.005:d=11:seed=7"));
        break;
      default:
        cmd.addAll(List.of("-i", jfk().toString()));
    }
  }

  /** Runs the bundled ffmpeg with these arguments; fails with its output. */
  public static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("ffmpeg failed: " + String.join(" ", cmd) + "\n" + log);
    }
  }
}
