package io.lecturehighlights.bench;

import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.validate.UploadValidator;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;

/**
 * {@code lhx bench media}: every case of the {@link MediaMatrix} with its outcome and the time validation, layout
 * sampling and rendering took, the render time next to the ffmpeg CLI cutting and encoding the same two seconds; then
 * validation of production-length files (a lecture's worth of packets in each container) next to the ffmpeg CLI
 * reading every packet of the same file.
 */
public final class MediaBenchmark {
  private final PrintStream out;
  private final String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);

  public MediaBenchmark(PrintStream out) {
    this.out = out;
  }

  /** Returns the process exit code: 0 when every selected case passed. */
  public int run(Path work, Pattern cases, double longMinutes) throws IOException {
    Files.createDirectories(work);
    MediaMatrix matrix = new MediaMatrix();
    out.println("## Media matrix (" + MediaMatrix.SOURCE_SECONDS + " s sources, a " + (MediaMatrix.KEEP_END
        - MediaMatrix.KEEP_START) + " s clip in original layout)");
    out.println();
    out.println("| case | stored | outcome | validate s | layout s | render s | ffmpeg CLI s | render/CLI |");
    out.println("|---|---|---|---|---|---|---|---|");
    int failed = 0;
    int ran = 0;
    for (MediaMatrix.Case c : MediaMatrix.standard()) {
      if (!cases.matcher(c.name()).find()) {
        continue;
      }
      ran++;
      Path source = matrix.generate(c, work);
      MediaMatrix.Outcome o = matrix.check(c, source, work.resolve("clips"));
      double cli = cliRender(source, c, work.resolve(c.name() + ".cli.mp4"));
      failed += o.passed() ? 0 : 1;
      out.printf(Locale.ROOT, "| %s | %dx%d%s%s | %s | %.2f | %.2f | %.2f | %.2f | %.2fx |%n", c.name(),
          c.storedWidth(), c.storedHeight(), c.rotation() != 0 ? " rot " + c.rotation() : "",
          c.interlaced() ? " interlaced" : "", o.passed() ? "ok" : "FAILED: " + o.detail(), o.validateSeconds(),
          o.layoutSeconds(), o.renderSeconds(), cli, o.renderSeconds() / cli);
    }
    out.println();
    if (longMinutes > 0) {
      validateLong(work, longMinutes);
    }
    out.printf(Locale.ROOT, "summary: media matrix %d of %d cases ok%n", ran - failed, ran);
    return failed == 0 && ran > 0 ? 0 : 1;
  }

  /** The ffmpeg CLI doing the clip's work: seek, cut 2 s, display geometry, scale to fit 720p, x264 veryfast + AAC. */
  private double cliRender(Path source, MediaMatrix.Case c, Path out) throws IOException {
    int[] fit = MediaMatrix.fit(c.displayWidth(), c.displayHeight(), 1280, 720);
    String vf = (c.interlaced() ? "bwdif=mode=send_frame:deint=all," : "")
        + String.format(Locale.ROOT, "scale=%d:%d,setsar=1", fit[0], fit[1]);
    long t0 = System.nanoTime();
    MediaMatrix.run(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-ss",
        String.format(Locale.ROOT, "%.3f", MediaMatrix.KEEP_START), "-i", source.toString(), "-t",
        String.format(Locale.ROOT, "%.3f", MediaMatrix.KEEP_END - MediaMatrix.KEEP_START), "-vf", vf, "-c:v",
        "libx264", "-preset", "veryfast", "-crf", "23", "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
        out.toString()));
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Validation of {@code minutes}-long files: one 10 s 720p H.264/AAC segment repeated by stream copy into MP4, a
   * transport stream and Matroska, and a lecture's worth of audio in the audio-only formats (MP3 without a Xing
   * header and raw ADTS AAC declare no length, so validation reads every packet of those).
   */
  private void validateLong(Path work, double minutes) throws IOException {
    out.printf(Locale.ROOT, "## Validation of %.0f-minute files%n%n", minutes);
    out.println("| file | size MiB | validate s | ffmpeg CLI reading every packet s | validate/CLI | duration s |");
    out.println("|---|---|---|---|---|---|");
    Path segment = work.resolve("segment.mp4");
    MediaMatrix.run(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
        "testsrc2=s=1280x720:r=25:d=10", "-f", "lavfi", "-i", "sine=f=440:r=48000:d=10", "-c:v", "libx264",
        "-preset", "ultrafast", "-b:v", "1M", "-g", "75", "-c:a", "aac", segment.toString()));
    int loops = (int) Math.ceil(minutes * 6) - 1;
    String seconds = String.format(Locale.ROOT, "%.0f", minutes * 60);
    List<Path> files = new ArrayList<>();
    for (String ext : List.of("mp4", "ts", "mkv")) {
      files.add(work.resolve("long." + ext));
    }
    String tone = "sine=f=440:r=44100:d=" + seconds;
    Path mp3 = work.resolve("long-no-xing.mp3");
    MediaMatrix.run(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", tone, "-c:a",
        "libmp3lame", "-b:a", "64k", "-write_xing", "0", mp3.toString()));
    Path aac = work.resolve("long.aac");
    MediaMatrix.run(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", tone, "-c:a",
        "aac", "-b:a", "64k", aac.toString()));
    files.add(mp3);
    files.add(aac);
    UploadValidator validator = new UploadValidator(ValidationConfig.defaults());
    for (Path f : files) {
      if (!Files.exists(f)) {
        // Long video files are made one at a time by stream copy, and deleted once measured (a GB or so each).
        MediaMatrix.run(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-stream_loop",
            Integer.toString(loops), "-i", segment.toString(), "-c", "copy", f.toString()));
      }
      long t0 = System.nanoTime();
      String duration;
      try {
        MediaInfo m = validator.validate(UploadEvent.newBuilder().setJobId("bench-media").setVideoUri(f.toString())
            .setMetadata(LectureMetadata.newBuilder().build()).setSource("bench").setReceivedAtMillis(0).build());
        duration = String.format(Locale.ROOT, "%.1f", m.getDurationSeconds());
      } catch (StageException e) {
        duration = "rejected: " + e.reason();
      }
      double v = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      MediaMatrix.run(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-i", f.toString(), "-c", "copy", "-f",
          "null", "-"));
      double cli = (System.nanoTime() - t1) / 1e9;
      out.printf(Locale.ROOT, "| %s | %.1f | %.3f | %.3f | %.3fx | %s |%n", f.getFileName(),
          Files.size(f) / 1048576.0, v, cli, v / cli, duration);
      Files.delete(f);
    }
    out.println();
  }
}
