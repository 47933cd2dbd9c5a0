package io.lecturehighlights.transforms.validate;

import java.io.Serializable;
import java.util.Set;

/**
 * Limits an upload must meet. Defaults: 4 hours, 8 GiB. An immutable value (it travels inside the DoFns); every
 * {@code with...} returns a new config.
 */
public record ValidationConfig(double maxDurationSeconds, long maxSizeBytes) implements Serializable {
  /**
   * Audio file extensions: many lectures are only ever recorded as audio (a podcast feed, a dictaphone, a
   * lecture-hall microphone), in whatever format the recorder writes.
   */
  public static final Set<String> SUPPORTED_AUDIO_EXTENSIONS = Set.of("m4a", "mp3", "wav", "flac", "ogg", "opus", "aac");

  /** Extensions we accept: common lecture-capture containers, plus audio-only lectures. */
  public static final Set<String> SUPPORTED_EXTENSIONS = union(
      Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "m2ts", "mts", "flv", "wmv", "3gp"),
      SUPPORTED_AUDIO_EXTENSIONS);

  /**
   * FFmpeg demuxer names we accept. A demuxer name can list several formats ("mov,mp4,m4a,3gp,3g2,mj2");
   * an input is supported when any listed format is.
   */
  public static final Set<String> SUPPORTED_CONTAINERS =
      Set.of("mov", "mp4", "m4a", "3gp", "3g2", "matroska", "webm", "avi", "mpegts", "mpeg", "flv", "asf");

  /**
   * FFmpeg demuxer names of audio-only formats, accepted for files with an audio extension only: ADTS AAC
   * ("aac"), MP3, WAV, FLAC and Ogg (Vorbis, Opus or FLAC inside).
   */
  public static final Set<String> SUPPORTED_AUDIO_CONTAINERS = Set.of("aac", "mp3", "wav", "flac", "ogg");

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  public static ValidationConfig defaults() {
    return new ValidationConfig(4 * 3600.0, 8L << 30);
  }

  public ValidationConfig withMaxDurationSeconds(double seconds) {
    return new ValidationConfig(seconds, maxSizeBytes);
  }

  public ValidationConfig withMaxSizeBytes(long bytes) {
    return new ValidationConfig(maxDurationSeconds, bytes);
  }
}
