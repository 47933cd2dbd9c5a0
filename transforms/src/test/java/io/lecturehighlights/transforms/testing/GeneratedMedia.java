package io.lecturehighlights.transforms.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;

/** Small media files made at test time with the FFmpeg command line bundled with JavaCPP (no binaries committed). */
public final class GeneratedMedia {
  private GeneratedMedia() {}

  /** Runs {@code ffmpeg -y <args> out} and returns {@code out}; fails with FFmpeg's log when it does. */
  public static Path ffmpeg(Path out, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), "-hide_banner",
        "-loglevel", "error", "-nostdin", "-y"));
    cmd.addAll(List.of(args));
    cmd.add(out.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0 || !Files.isRegularFile(out)) {
      throw new IOException("ffmpeg failed for " + out.getFileName() + ": " + String.join(" ", cmd) + "\n" + log);
    }
    return out;
  }

  /** A copy of {@code file} cut to {@code share} of its bytes, as an interrupted upload leaves it. */
  public static Path cut(Path file, double share, Path out) throws IOException {
    byte[] all = Files.readAllBytes(file);
    Files.write(out, java.util.Arrays.copyOf(all, (int) (all.length * share)));
    return out;
  }
}
