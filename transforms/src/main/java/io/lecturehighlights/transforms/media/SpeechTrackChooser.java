package io.lecturehighlights.transforms.media;

import io.lecturehighlights.transforms.media.AudioLevels;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;

import io.lecturehighlights.transforms.media.AudioStream;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.transforms.media.DecodedStream;
import io.lecturehighlights.transforms.common.StageException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Chooses which audio track of a recording holds the lecturer. Lecture-capture systems and OBS keep the room
 * microphone and the lapel microphone on separate tracks, and the first track (the one FFmpeg and players pick) is
 * often the silent or near-silent one: decoding it gave an empty transcript, no highlights and no clips.
 *
 * <p>A file with one audio track is not scanned at all. With several, each track is sampled cheaply: a few short
 * windows spread over the file ({@value #WINDOWS} of {@value #WINDOW_SECONDS} s by default; a short file whole),
 * reduced to energy per {@value #HOP_SECONDS} s hop. A hop counts as speech when it is clearly above the track's own
 * noise floor ({@value #ABOVE_FLOOR_DB} dB over its 10th percentile), so constant room noise or hum never counts
 * however loud, and above an absolute {@value #ABSOLUTE_DB} dBFS, so digital silence and dither never count. A
 * track has speech when at least {@value #MIN_SPEECH_SHARE} of its hops do. Then: the one track with speech; of
 * several, the one the container marks default, else the one with most speech; if none has speech, the default
 * track, else the first.
 */
public final class SpeechTrackChooser {
  public static final int WINDOWS = 8;
  public static final double WINDOW_SECONDS = 4.0;
  public static final double HOP_SECONDS = 0.020;
  public static final double ABOVE_FLOOR_DB = 15.0;
  public static final double ABSOLUTE_DB = -55.0;
  public static final double MIN_SPEECH_SHARE = 0.05;

  /** The track chosen and what was measured; {@code speechShare[i]} belongs to {@code tracks.get(i)}. */
  public static final class Choice {
    /** Container stream index of the chosen track; -1 when the file has no audio. */
    public final int streamIndex;
    public final List<AudioStream> tracks;
    /** Share of hops with speech per track; NaN where not measured (one track, or a track that would not decode). */
    public final double[] speechShare;

    Choice(int streamIndex, List<AudioStream> tracks, double[] speechShare) {
      this.streamIndex = streamIndex;
      this.tracks = tracks;
      this.speechShare = speechShare;
    }

    /** The chosen track's description, or null when there is no audio. */
    public @Nullable AudioStream chosen() {
      for (AudioStream t : tracks) {
        if (t.index == streamIndex) {
          return t;
        }
      }
      return null;
    }
  }

  private final int windows;
  private final double windowSeconds;

  public SpeechTrackChooser() {
    this(WINDOWS, WINDOW_SECONDS);
  }

  /** Other sampling, for tests on short files. */
  SpeechTrackChooser(int windows, double windowSeconds) {
    this.windows = windows;
    this.windowSeconds = windowSeconds;
  }

  /** The audio stream every stage should decode for a validated lecture; -1 (FFmpeg's best) for older records. */
  public static int chosenStream(@Nullable MediaInfo media) {
    return media == null || media.getAudioStreamIndex() == null ? -1 : media.getAudioStreamIndex();
  }

  /**
   * Chooses among the file's audio streams (as validation's probe lists them). Never fails: a track that cannot be
   * decoded counts as one without speech, and validation has its own checks for a broken file.
   */
  public Choice choose(Path file, List<AudioStream> tracks, double durationSeconds) {
    double[] share = new double[tracks.size()];
    Arrays.fill(share, Double.NaN);
    if (tracks.size() <= 1) {
      return new Choice(tracks.isEmpty() ? -1 : tracks.get(0).index, tracks, share);
    }
    for (int i = 0; i < tracks.size(); i++) {
      try {
        share[i] = speechShare(measure(file, tracks.get(i).index, durationSeconds));
      } catch (StageException | RuntimeException e) {
        share[i] = Double.NaN;
      }
    }
    return new Choice(tracks.get(pick(tracks, share)).index, tracks, share);
  }

  /** Position in {@code tracks} of the track to decode, from the measured speech shares (NaN: none). */
  static int pick(List<AudioStream> tracks, double[] share) {
    int best = -1;
    for (int i = 0; i < tracks.size(); i++) {
      if (!(share[i] >= MIN_SPEECH_SHARE)) {
        continue;
      }
      if (best < 0 || better(tracks.get(i), share[i], tracks.get(best), share[best])) {
        best = i;
      }
    }
    if (best >= 0) {
      return best;
    }
    for (int i = 0; i < tracks.size(); i++) {
      if (tracks.get(i).isDefault) {
        return i;
      }
    }
    return 0;
  }

  private static boolean better(AudioStream a, double shareA, AudioStream b, double shareB) {
    if (a.isDefault != b.isDefault) {
      return a.isDefault;
    }
    return shareA > shareB;
  }

  /** Mean-square energy per hop of the sampled windows of one track. */
  float[] measure(Path file, int streamIndex, double durationSeconds) throws StageException {
    try (DecodedStream audio = DecodedStream.open(file, AVMEDIA_TYPE_AUDIO, streamIndex, (decoder, stream) -> { })) {
      double duration = Double.isFinite(durationSeconds) && durationSeconds > 0 ? durationSeconds
          : audio.declaredSeconds();
      if (!(duration > windows * windowSeconds)) {
        AudioLevelReader.Accumulator acc = new AudioLevelReader.Accumulator(HOP_SECONDS, 1024);
        audio.decodeAll(acc::add);
        return energies(acc.finish());
      }
      float[] all = new float[0];
      for (int w = 0; w < windows; w++) {
        double from = duration * (w + 0.5) / windows - windowSeconds / 2;
        AudioLevelReader.Accumulator acc =
            new AudioLevelReader.Accumulator(HOP_SECONDS, (int) (windowSeconds / HOP_SECONDS) + 64);
        audio.decodeWindow(from, from + windowSeconds, acc::add);
        float[] e = energies(acc.finish());
        all = Arrays.copyOf(all, all.length + e.length);
        System.arraycopy(e, 0, all, all.length - e.length, e.length);
      }
      return all;
    }
  }

  private static float[] energies(AudioLevels levels) {
    float[] e = new float[levels.count()];
    for (int i = 0; i < e.length; i++) {
      e[i] = levels.energy(i);
    }
    return e;
  }

  /** Share of hops (mean-square energies, full scale 1) clearly above the track's own floor; 0 for no hops. */
  static double speechShare(float[] meanSquares) {
    if (meanSquares.length == 0) {
      return 0;
    }
    double[] db = new double[meanSquares.length];
    for (int i = 0; i < db.length; i++) {
      db[i] = 10 * Math.log10(Math.max(meanSquares[i], 1e-12));
    }
    double[] sorted = db.clone();
    Arrays.sort(sorted);
    double floor = sorted[(int) (0.10 * (sorted.length - 1))];
    double threshold = Math.max(floor + ABOVE_FLOOR_DB, ABSOLUTE_DB);
    int speech = 0;
    for (double v : db) {
      if (v > threshold) {
        speech++;
      }
    }
    return speech / (double) db.length;
  }
}
