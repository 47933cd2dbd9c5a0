package io.lecturehighlights.transforms.media;

import io.lecturehighlights.transforms.media.AudioLevels;

import static org.bytedeco.ffmpeg.global.avutil.*;

import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.media.DecodedStream;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Decodes a file's audio track as a stream ({@link DecodedStream}) and reduces it to energy per hop. Samples are
 * read in the decoder's own format and rate: no resampling, no video decoding, no whole-track buffers.
 */
public final class AudioLevelReader {
  private AudioLevelReader() {}

  public static AudioLevels read(Path file, double hopSeconds) throws StageException {
    return read(file, hopSeconds, -1);
  }

  /**
   * Levels of the audio stream with the given container index (the track chosen at validation, see
   * {@link SpeechTrackChooser}); a negative index reads FFmpeg's best audio stream.
   */
  public static AudioLevels read(Path file, double hopSeconds, int streamIndex) throws StageException {
    try (DecodedStream audio = DecodedStream.open(file, AVMEDIA_TYPE_AUDIO, streamIndex, (decoder, stream) -> { })) {
      if (!audio.present()) {
        throw new StageException("no_audio_stream", "no audio stream to analyse");
      }
      double expected = audio.declaredSeconds() > 0 ? audio.declaredSeconds() : 600;
      Accumulator acc = new Accumulator(hopSeconds, (int) (expected / hopSeconds) + 16);
      long start = audio.format().start_time();
      acc.clock(av_q2d(audio.stream().time_base()), start == AV_NOPTS_VALUE ? 0 : start / (double) AV_TIME_BASE);
      audio.decodeAll(acc::add);
      if (acc.levels.count() == 0) {
        throw new StageException("audio_decode_error", "the audio track decoded to no samples");
      }
      return acc.finish();
    }
  }

  /** Sums squared samples (mean over channels) into hops of fixed length at the track's own rate. */
  static final class Accumulator {
    final AudioLevels levels;
    private final double hopSeconds;
    private int hopSamples = -1;
    private int inHop;
    private double sum;
    private float[] plane = new float[4096];
    private double[] power = new double[4096];
    private double timeBase;
    private double origin;
    private boolean started;

    Accumulator(double hopSeconds, int capacity) {
      this.hopSeconds = hopSeconds;
      this.levels = new AudioLevels(hopSeconds, capacity);
    }

    /** Where frame times count from: hop 0 is the file's start, not the audio's first packet. */
    void clock(double timeBase, double origin) {
      this.timeBase = timeBase;
      this.origin = origin;
    }

    void add(AVFrame f) throws StageException {
      if (!started) {
        started = true;
        long pts = f.best_effort_timestamp();
        double lead = pts == AV_NOPTS_VALUE || timeBase <= 0 ? 0 : pts * timeBase - origin;
        // Audio that starts after the file does (a late microphone): the time before it is silence.
        for (long k = Math.round(lead / hopSeconds); k > 0; k--) {
          levels.add(0f);
        }
      }
      int n = f.nb_samples();
      int channels = Math.max(1, f.ch_layout().nb_channels());
      if (hopSamples < 0) {
        hopSamples = Math.max(1, (int) Math.round(f.sample_rate() * hopSeconds));
      }
      if (plane.length < n * channels) {
        plane = new float[n * channels];
      }
      if (power.length < n) {
        power = new double[n];
      }
      java.util.Arrays.fill(power, 0, n, 0.0);
      int format = f.format();
      boolean planar = av_sample_fmt_is_planar(format) != 0;
      int planes = planar ? channels : 1;
      int perPlane = planar ? n : n * channels;
      for (int p = 0; p < planes; p++) {
        readPlane(f.data(p), format, perPlane);
        if (planar) {
          for (int i = 0; i < n; i++) {
            double x = plane[i];
            power[i] += x * x;
          }
        } else {
          for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
              double x = plane[i * channels + c];
              power[i] += x * x;
            }
          }
        }
      }
      double inv = 1.0 / channels;
      for (int i = 0; i < n; i++) {
        sum += power[i] * inv;
        if (++inHop == hopSamples) {
          levels.add((float) (sum / hopSamples));
          sum = 0;
          inHop = 0;
        }
      }
    }

    private void readPlane(BytePointer data, int format, int count) throws StageException {
      switch (av_get_packed_sample_fmt(format)) {
        case AV_SAMPLE_FMT_FLT:
          new FloatPointer(data).capacity(count).get(plane, 0, count);
          break;
        case AV_SAMPLE_FMT_S16: {
          short[] s = new short[count];
          new ShortPointer(data).capacity(count).get(s, 0, count);
          for (int i = 0; i < count; i++) {
            plane[i] = s[i] / 32768f;
          }
          break;
        }
        case AV_SAMPLE_FMT_S32: {
          int[] s = new int[count];
          new IntPointer(data).capacity(count).get(s, 0, count);
          for (int i = 0; i < count; i++) {
            plane[i] = (float) (s[i] / 2147483648.0);
          }
          break;
        }
        case AV_SAMPLE_FMT_DBL: {
          double[] s = new double[count];
          new DoublePointer(data).capacity(count).get(s, 0, count);
          for (int i = 0; i < count; i++) {
            plane[i] = (float) s[i];
          }
          break;
        }
        case AV_SAMPLE_FMT_U8: {
          byte[] s = new byte[count];
          data.capacity(count).get(s, 0, count);
          for (int i = 0; i < count; i++) {
            plane[i] = ((s[i] & 0xff) - 128) / 128f;
          }
          break;
        }
        default:
          throw new StageException("unsupported_audio_codec",
              "unsupported decoded sample format " + av_get_sample_fmt_name(format).getString());
      }
    }

    AudioLevels finish() {
      if (inHop > hopSamples / 2) {
        levels.add((float) (sum / inHop));
      }
      return levels;
    }
  }
}
