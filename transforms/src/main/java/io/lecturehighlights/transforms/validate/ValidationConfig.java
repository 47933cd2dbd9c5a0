package io.lecturehighlights.transforms.validate;

import java.io.Serializable;
import java.util.Set;

/** Limits an upload must meet. Defaults: 4 hours, 8 GiB. */
public final class ValidationConfig implements Serializable {
  /** Extensions we accept: common lecture-capture containers, plus audio-only MP4. */
  public static final Set<String> SUPPORTED_EXTENSIONS =
      Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "m2ts", "mts", "flv", "wmv",
          "3gp", "m4a");

  /**
   * FFmpeg demuxer names we accept. A demuxer name can list several formats ("mov,mp4,m4a,3gp,3g2,mj2");
   * an input is supported when any listed format is.
   */
  public static final Set<String> SUPPORTED_CONTAINERS =
      Set.of("mov", "mp4", "m4a", "3gp", "3g2", "matroska", "webm", "avi", "mpegts", "mpeg", "flv", "asf");

  private final double maxDurationSeconds;
  private final long maxSizeBytes;

  public ValidationConfig(double maxDurationSeconds, long maxSizeBytes) {
    this.maxDurationSeconds = maxDurationSeconds;
    this.maxSizeBytes = maxSizeBytes;
  }

  public static ValidationConfig defaults() {
    return new ValidationConfig(4 * 3600.0, 8L << 30);
  }

  public double maxDurationSeconds() {
    return maxDurationSeconds;
  }

  public long maxSizeBytes() {
    return maxSizeBytes;
  }
}
