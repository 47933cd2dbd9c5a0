package io.lecturehighlights.transforms.validate;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.lecturehighlights.transforms.common.FfmpegLog;
import io.lecturehighlights.transforms.common.VideoGeometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a media file's container and stream headers with FFmpeg's demuxer (no decoding), and checks that
 * the media data really reaches the duration the container declares, which is how a truncated upload
 * shows itself.
 */
public final class MediaProbe {

  /** What the probe found. Times in seconds. */
  public static final class Result {
    public String container;
    public double durationSeconds = Double.NaN;
    public long bitRate;
    public @Nullable String videoCodec;
    public int width;
    public int height;
    public double frameRate;
    /** Rotation, pixel aspect and interlacing of the video stream; null without video. */
    public @Nullable VideoGeometry geometry;
    public @Nullable String audioCodec;
    public int audioSampleRate;
    public int audioChannels;
    /** End of the last audio/video packet found near the end of the file; NaN if none was read. */
    public double mediaEndSeconds = Double.NaN;
    /** FFmpeg error hit while reading packets at the end, or null. */
    public @Nullable String readError;
    /** Container index of the audio stream the audio fields above describe (the first), or -1. */
    public int audioStreamIndex = -1;
    /** Every audio stream, in container order: a recording may keep the room and the lapel microphone apart. */
    public List<AudioStream> audioStreams = new ArrayList<>();
  }

  /** One audio stream as the container declares it. */
  public static final class AudioStream {
    /** Container stream index (what FFmpeg's stream_index and JavaCV's setAudioStream take). */
    public int index;
    public String codec;
    public int channels;
    public int sampleRate;
    public @Nullable String language;
    /** AV_DISPOSITION_DEFAULT: the track a player would pick. */
    public boolean isDefault;

    static AudioStream of(int index, AVStream st) {
      AudioStream a = new AudioStream();
      a.index = index;
      a.codec = avcodec_get_name(st.codecpar().codec_id()).getString();
      a.channels = st.codecpar().ch_layout().nb_channels();
      a.sampleRate = st.codecpar().sample_rate();
      AVDictionaryEntry lang = av_dict_get(st.metadata(), "language", null, 0);
      a.language = lang == null || lang.value() == null ? null : lang.value().getString();
      a.isDefault = (st.disposition() & avformat.AV_DISPOSITION_DEFAULT) != 0;
      return a;
    }
  }

  /** Opening the container failed; {@code code} is FFmpeg's error number. */
  public static final class OpenException extends Exception {
    public final int code;

    OpenException(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  static {
    // Keep FFmpeg off the terminal: its messages go to the log file, failures through our own records.
    FfmpegLog.install();
  }

  private MediaProbe() {}

  public static Result probe(Path file) throws OpenException {
    AVFormatContext fmt = new AVFormatContext(null);
    int r = avformat_open_input(fmt, file.toAbsolutePath().toString(), null, null);
    if (r < 0) {
      throw new OpenException(r, errorText(r));
    }
    try {
      r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
      if (r < 0) {
        throw new OpenException(r, errorText(r));
      }
      Result out = new Result();
      out.container = fmt.iformat().name().getString();
      out.bitRate = Math.max(0, fmt.bit_rate());
      int videoIndex = -1;
      int audioIndex = -1;
      double streamDuration = 0;
      for (int i = 0; i < fmt.nb_streams(); i++) {
        AVStream st = fmt.streams(i);
        AVCodecParameters par = st.codecpar();
        boolean coverArt = (st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
        if (par.codec_type() == AVMEDIA_TYPE_AUDIO) {
          out.audioStreams.add(AudioStream.of(i, st));
        }
        if (par.codec_type() == AVMEDIA_TYPE_VIDEO && !coverArt && videoIndex < 0) {
          videoIndex = i;
          out.videoCodec = avcodec_get_name(par.codec_id()).getString();
          out.width = par.width();
          out.height = par.height();
          out.geometry = VideoGeometry.of(fmt, st);
          out.frameRate = rational(st.avg_frame_rate());
          if (out.frameRate <= 0) {
            out.frameRate = rational(st.r_frame_rate());
          }
        } else if (par.codec_type() == AVMEDIA_TYPE_AUDIO && audioIndex < 0) {
          audioIndex = i;
          out.audioCodec = avcodec_get_name(par.codec_id()).getString();
          out.audioSampleRate = par.sample_rate();
          out.audioChannels = par.ch_layout().nb_channels();
        }
        if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
          streamDuration = Math.max(streamDuration, st.duration() * rational(st.time_base()));
        }
      }
      out.audioStreamIndex = audioIndex;
      if (fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0) {
        out.durationSeconds = fmt.duration() / (double) AV_TIME_BASE;
      } else if (streamDuration > 0) {
        out.durationSeconds = streamDuration;
      }
      if (out.durationSeconds > 0 && (audioIndex >= 0 || videoIndex >= 0)) {
        scanEnd(fmt, out, audioIndex, videoIndex);
      }
      return out;
    } finally {
      avformat_close_input(fmt);
    }
  }

  /** Reads the packets of the last few seconds and records where the media data really ends. */
  private static void scanEnd(AVFormatContext fmt, Result out, int audioIndex, int videoIndex) {
    long target = (long) (Math.max(0, out.durationSeconds - 5.0) * AV_TIME_BASE);
    av_seek_frame(fmt, -1, target, AVSEEK_FLAG_BACKWARD);
    AVPacket pkt = av_packet_alloc();
    try {
      double end = Double.NaN;
      // Bounded: a few seconds of packets is a few hundred at most.
      for (int n = 0; n < 20_000; n++) {
        int r = av_read_frame(fmt, pkt);
        if (r < 0) {
          if (r != org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF()) {
            out.readError = errorText(r);
          }
          break;
        }
        int si = pkt.stream_index();
        if ((si == audioIndex || si == videoIndex) && pkt.pts() != AV_NOPTS_VALUE) {
          double tb = rational(fmt.streams(si).time_base());
          double startTime = fmt.streams(si).start_time() == AV_NOPTS_VALUE ? 0 : fmt.streams(si).start_time() * tb;
          double pktEnd = (pkt.pts() + Math.max(0, pkt.duration())) * tb - startTime;
          end = Double.isNaN(end) ? pktEnd : Math.max(end, pktEnd);
        }
        av_packet_unref(pkt);
      }
      out.mediaEndSeconds = end;
    } finally {
      av_packet_free(pkt);
    }
  }

  static double rational(AVRational r) {
    return r == null || r.den() == 0 ? 0 : r.num() / (double) r.den();
  }

  public static String errorText(int code) {
    BytePointer buf = new BytePointer(256);
    try {
      av_strerror(code, buf, 256);
      // The buffer is read to its capacity: cut at FFmpeg's terminating NUL.
      String text = buf.getString();
      int nul = text.indexOf('\0');
      return (nul >= 0 ? text.substring(0, nul) : text).trim();
    } finally {
      buf.deallocate();
    }
  }
}
