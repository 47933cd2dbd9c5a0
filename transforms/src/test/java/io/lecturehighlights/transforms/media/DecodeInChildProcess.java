package io.lecturehighlights.transforms.media;

import io.lecturehighlights.transforms.common.StageException;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.nio.file.Path;

/**
 * Decodes a file's video in a JVM of its own and prints {@code decodeErrors=N} on stdout: FFmpeg writes to the
 * process's native stderr, which only a child process lets a test capture.
 */
public final class DecodeInChildProcess {
  private DecodeInChildProcess() {}

  public static void main(String[] args) throws Exception {
    int count;
    try (FfmpegLog.DecodeErrors errors = FfmpegLog.DecodeErrors.open();
        DecodedStream video = DecodedStream.open(Path.of(args[0]), AVMEDIA_TYPE_VIDEO, (d, s) -> { })) {
      try {
        video.decodeAll(frame -> { });
      } catch (StageException e) {
        // Many bad packets: still a count to report.
      }
      count = errors.count();
    }
    System.out.println("decodeErrors=" + count);
    org.apache.logging.log4j.LogManager.shutdown();
  }
}
