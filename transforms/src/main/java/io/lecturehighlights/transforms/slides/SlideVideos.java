package io.lecturehighlights.transforms.slides;

import io.lecturehighlights.transforms.media.FfmpegTool;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Screen recordings of generated slides with known text and change times, for tests and {@code lhx bench slides}:
 * each slide image is shown for a given time, encoded by the ffmpeg bundled with JavaCV (H.264, yuv420p). A recording
 * can be stored turned a quarter with a display rotation that turns it back (as phones record), so what a player
 * shows is the slides upright. Never committed: built into a temporary or work folder.
 */
public final class SlideVideos {
  private SlideVideos() {}

  /**
   * How the recording is encoded.
   *
   * @param fps frame rate
   * @param keyFrameSeconds seconds between key frames (x264's default is 250 frames)
   * @param turned stored rotated 90 degrees clockwise, with a display rotation of 90 degrees the other way
   */
  public record Encoding(int fps, double keyFrameSeconds, boolean turned) {
    public static Encoding plain() {
      return new Encoding(10, 10, false);
    }

    public Encoding turnedQuarter() {
      return new Encoding(fps, keyFrameSeconds, true);
    }
  }

  /** A recording: its file and when each slide starts (the first at 0). */
  public record Recording(Path file, List<Double> starts) {}

  /**
   * {@code slides[i]} shown for {@code seconds[i]}, into {@code file} (reused when it is already there, so a
   * benchmark builds its hour-long lecture once).
   */
  public static Recording build(Path file, List<BufferedImage> slides, List<Double> seconds, Encoding enc)
      throws IOException, InterruptedException {
    List<Double> starts = new ArrayList<>();
    double t = 0;
    for (double s : seconds) {
      starts.add(t);
      t += s;
    }
    if (Files.isRegularFile(file)) {
      return new Recording(file, starts);
    }
    Path dir = Files.createTempDirectory(file.getParent(), ".slides-");
    try {
      StringBuilder list = new StringBuilder();
      for (int i = 0; i < slides.size(); i++) {
        Path png = dir.resolve("slide-" + i + ".png");
        ImageIO.write(slides.get(i), "png", png.toFile());
        list.append("file '").append(png.toAbsolutePath()).append("'\nduration ").append(seconds.get(i)).append('\n');
      }
      // the concat demuxer needs the last file again for the last duration to count
      list.append("file '").append(dir.resolve("slide-" + (slides.size() - 1) + ".png").toAbsolutePath())
          .append("'\n");
      Path concat = dir.resolve("slides.txt");
      Files.writeString(concat, list);
      String filter = "fps=" + enc.fps() + (enc.turned() ? ",transpose=1" : "") + ",format=yuv420p";
      Path encoded = enc.turned() ? dir.resolve("stored.mp4") : file;
      FfmpegTool.run(file.getFileName().toString(), "-f", "concat", "-safe", "0", "-i", concat.toString(),
          "-vf", filter, "-t", Double.toString(t), "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage",
          "-crf", "23", "-g", Integer.toString((int) Math.round(enc.keyFrameSeconds() * enc.fps())),
          "-threads", "2", "-movflags", "+faststart", encoded.toString());
      if (enc.turned()) {
        // a display matrix turning the stored picture back a quarter, as a phone held upright writes it
        FfmpegTool.run(file.getFileName().toString(), "-display_rotation:v:0", "90", "-i", encoded.toString(),
            "-c", "copy", "-movflags", "+faststart", file.toString());
      }
      return new Recording(file, starts);
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
