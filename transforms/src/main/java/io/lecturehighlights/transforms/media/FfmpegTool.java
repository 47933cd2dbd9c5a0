package io.lecturehighlights.transforms.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;

/**
 * Runs the ffmpeg executable bundled with JavaCV (the same FFmpeg build the job links): for composing test and
 * benchmark media, never in the job itself. The last argument is the output file; it is written under a temporary
 * name and moved into place, so a half-written file is never taken for a finished one.
 */
public final class FfmpegTool {
  private FfmpegTool() {}

  public static void run(String what, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), "-hide_banner",
        "-loglevel", "error", "-y"));
    cmd.addAll(List.of(args));
    Path target = Path.of(args[args.length - 1]);
    Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
    cmd.set(cmd.size() - 1, tmp.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      Files.deleteIfExists(tmp);
      throw new IOException("ffmpeg could not compose " + what + ": " + log);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
  }
}
