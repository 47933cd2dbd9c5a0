package io.lecturehighlights.transforms.silence;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.validate.MediaProbe;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Decodes a file's audio track as a stream and reduces it to energy per hop. Only the audio stream is
 * demuxed for decoding (the others are discarded) and samples are read in the decoder's own format and
 * rate: no resampling, no video decoding, no whole-track buffers.
 */
public final class AudioLevelReader {
  private AudioLevelReader() {}

  public static AudioLevels read(Path file, double hopSeconds) throws StageException {
    AVFormatContext fmt = new AVFormatContext(null);
    int r = avformat_open_input(fmt, file.toAbsolutePath().toString(), null, null);
    if (r < 0) {
      throw new StageException("audio_open_failed", "cannot open media: " + MediaProbe.errorText(r));
    }
    AVCodecContext ctx = null;
    AVPacket pkt = null;
    AVFrame frame = null;
    try {
      if ((r = avformat_find_stream_info(fmt, (PointerPointer<?>) null)) < 0) {
        throw new StageException("audio_open_failed", "cannot read stream info: " + MediaProbe.errorText(r));
      }
      int ai = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
      if (ai < 0) {
        throw new StageException("no_audio_stream", "no audio stream to analyse");
      }
      for (int i = 0; i < fmt.nb_streams(); i++) {
        if (i != ai) {
          fmt.streams(i).discard(AVDISCARD_ALL);
        }
      }
      AVCodec codec = avcodec_find_decoder(fmt.streams(ai).codecpar().codec_id());
      if (codec == null) {
        throw new StageException("unsupported_audio_codec", "no decoder for the audio codec "
            + avcodec_get_name(fmt.streams(ai).codecpar().codec_id()).getString());
      }
      ctx = avcodec_alloc_context3(codec);
      avcodec_parameters_to_context(ctx, fmt.streams(ai).codecpar());
      if ((r = avcodec_open2(ctx, codec, (PointerPointer<?>) null)) < 0) {
        throw new StageException("audio_decode_error", "cannot open audio decoder: " + MediaProbe.errorText(r));
      }
      pkt = av_packet_alloc();
      frame = av_frame_alloc();
      double expected = fmt.duration() > 0 ? fmt.duration() / (double) AV_TIME_BASE : 600;
      Accumulator acc = new Accumulator(hopSeconds, (int) (expected / hopSeconds) + 16);
      long packets = 0;
      long badPackets = 0;
      while (av_read_frame(fmt, pkt) >= 0) {
        if (pkt.stream_index() == ai) {
          packets++;
          if (avcodec_send_packet(ctx, pkt) < 0) {
            badPackets++;
          } else {
            drain(ctx, frame, acc);
          }
        }
        av_packet_unref(pkt);
      }
      avcodec_send_packet(ctx, null);
      drain(ctx, frame, acc);
      if (packets > 10 && badPackets > packets / 5) {
        throw new StageException("audio_decode_error",
            String.format("%d of %d audio packets could not be decoded: the audio track is corrupt", badPackets, packets));
      }
      if (acc.levels.count() == 0) {
        throw new StageException("audio_decode_error", "the audio track decoded to no samples");
      }
      return acc.finish();
    } finally {
      if (frame != null) {
        av_frame_free(frame);
      }
      if (pkt != null) {
        av_packet_free(pkt);
      }
      if (ctx != null) {
        avcodec_free_context(ctx);
      }
      avformat_close_input(fmt);
    }
  }

  private static void drain(AVCodecContext ctx, AVFrame frame, Accumulator acc) throws StageException {
    while (avcodec_receive_frame(ctx, frame) >= 0) {
      acc.add(frame);
      av_frame_unref(frame);
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


    Accumulator(double hopSeconds, int capacity) {
      this.hopSeconds = hopSeconds;
      this.levels = new AudioLevels(hopSeconds, capacity);
    }

    void add(AVFrame f) throws StageException {
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
