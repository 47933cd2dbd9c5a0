package io.lecturehighlights.transforms.media;

import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.StageException;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import io.lecturehighlights.transforms.media.MediaProbe;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One stream of a media file, decoded with FFmpeg's own API: only that stream is demuxed for decoding (the others
 * are discarded), frames come in the decoder's own format, and every native object is freed on {@link #close()}.
 * Failures carry the stage reasons {@code <kind>_open_failed}, {@code unsupported_<kind>_codec} and
 * {@code <kind>_decode_error}, where kind is audio or video.
 */
public final class DecodedStream implements AutoCloseable {
  /** Decoder settings to apply before the decoder opens (threads, frame skipping). */
  @FunctionalInterface
  public interface Tuning {
    void apply(AVCodecContext decoder, AVStream stream);
  }

  /** Receives each decoded frame; the frame is reused after the call returns. */
  @FunctionalInterface
  public interface FrameHandler {
    void frame(AVFrame frame) throws StageException;
  }

  /** Receives decoded frames until it returns false; the frame is reused after the call returns. */
  @FunctionalInterface
  public interface FrameVisitor {
    boolean frame(AVFrame frame) throws StageException;
  }

  private final String kind;
  private final AVFormatContext format;
  private final int index;
  private AVCodecContext decoder;
  private long packets;
  private long badPackets;
  private long frames;

  private DecodedStream(String kind, AVFormatContext format, int index) {
    this.kind = kind;
    this.format = format;
    this.index = index;
  }

  /**
   * Opens the file and the best stream of the given type ({@code AVMEDIA_TYPE_AUDIO} or {@code _VIDEO}); cover art
   * is not a video. Returns null when the file has no such stream (the caller decides whether that is an error).
   */
  public static DecodedStream open(Path file, int mediaType, Tuning tuning) throws StageException {
    return open(file, mediaType, -1, tuning);
  }

  /**
   * Opens the file and the stream with the given container index, which must be of the given type: a recording
   * with several audio tracks (room and lapel microphones) is decoded from the track chosen at validation, not
   * from the one FFmpeg would pick. A negative index means the best stream, as {@link #open(Path, int, Tuning)}.
   */
  public static DecodedStream open(Path file, int mediaType, int streamIndex, Tuning tuning) throws StageException {
    FfmpegLog.install();
    String kind = mediaType == AVMEDIA_TYPE_VIDEO ? "video" : "audio";
    AVFormatContext fmt = new AVFormatContext(null);
    int r = avformat_open_input(fmt, file.toAbsolutePath().toString(), null, null);
    if (r < 0) {
      throw new StageException(kind + "_open_failed", "cannot open media: " + MediaProbe.errorText(r));
    }
    DecodedStream s = null;
    try {
      if ((r = avformat_find_stream_info(fmt, (PointerPointer<?>) null)) < 0) {
        throw new StageException(kind + "_open_failed", "cannot read stream info: " + MediaProbe.errorText(r));
      }
      int i;
      if (streamIndex >= 0) {
        if (streamIndex >= fmt.nb_streams() || fmt.streams(streamIndex).codecpar().codec_type() != mediaType) {
          throw new StageException(kind + "_open_failed", "stream " + streamIndex + " is not an " + kind
              + " stream of this file");
        }
        i = streamIndex;
      } else {
        i = av_find_best_stream(fmt, mediaType, -1, -1, (AVCodec) null, 0);
      }
      if (i >= 0 && mediaType == AVMEDIA_TYPE_VIDEO
          && (fmt.streams(i).disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0) {
        i = -1;
      }
      s = new DecodedStream(kind, fmt, i);
      if (i < 0) {
        return s;
      }
      for (int k = 0; k < fmt.nb_streams(); k++) {
        if (k != i) {
          fmt.streams(k).discard(AVDISCARD_ALL);
        }
      }
      AVStream st = fmt.streams(i);
      AVCodec codec = avcodec_find_decoder(st.codecpar().codec_id());
      if (codec == null) {
        throw new StageException("unsupported_" + kind + "_codec", "no decoder for the " + kind + " codec "
            + avcodec_get_name(st.codecpar().codec_id()).getString());
      }
      s.decoder = avcodec_alloc_context3(codec);
      avcodec_parameters_to_context(s.decoder, st.codecpar());
      tuning.apply(s.decoder, st);
      if ((r = avcodec_open2(s.decoder, codec, (PointerPointer<?>) null)) < 0) {
        throw new StageException(kind + "_decode_error", "cannot open the " + kind + " decoder: "
            + MediaProbe.errorText(r));
      }
      return s;
    } catch (StageException | RuntimeException e) {
      if (s != null) {
        s.close();
      } else {
        avformat_close_input(fmt);
      }
      throw e;
    }
  }

  /** Whether the file has the stream that was asked for. */
  public boolean present() {
    return index >= 0;
  }

  public AVFormatContext format() {
    return format;
  }

  public AVStream stream() {
    return format.streams(index);
  }

  /** Duration the container declares, or 0. */
  public double declaredSeconds() {
    return format.duration() > 0 ? format.duration() / (double) AV_TIME_BASE : 0;
  }

  public long packets() {
    return packets;
  }

  public long frames() {
    return frames;
  }

  /**
   * Decodes the whole stream in file order, then flushes the decoder. A packet the decoder rejects is skipped; if more
   * than a fifth are rejected the stream is corrupt.
   */
  public void decodeAll(FrameHandler handler) throws StageException {
    AVPacket pkt = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    try {
      while (av_read_frame(format, pkt) >= 0) {
        if (pkt.stream_index() == index) {
          packets++;
          if (avcodec_send_packet(decoder, pkt) < 0) {
            badPackets++;
          } else {
            drain(frame, handler);
          }
        }
        av_packet_unref(pkt);
      }
      avcodec_send_packet(decoder, null);
      drain(frame, handler);
    } finally {
      av_frame_free(frame);
      av_packet_free(pkt);
    }
    if (packets > 10 && badPackets > packets / 5) {
      throw new StageException(kind + "_decode_error", String.format(
          "%d of %d %s packets could not be decoded: the %s track is corrupt", badPackets, packets, kind, kind));
    }
  }

  /**
   * Decodes the frames of [{@code fromSeconds}, {@code toSeconds}) (file time, from the stream's start): seeks to
   * the key point at or before the start, so a few frames before it may reach the handler too. For sampling a
   * long file in short windows without reading it all.
   */
  public void decodeWindow(double fromSeconds, double toSeconds, FrameHandler handler) throws StageException {
    AVStream st = stream();
    double tb = st.time_base().den() == 0 ? 0 : st.time_base().num() / (double) st.time_base().den();
    if (!(tb > 0)) {
      return;
    }
    long origin = st.start_time() == AV_NOPTS_VALUE ? 0 : st.start_time();
    av_seek_frame(format, index, origin + (long) (fromSeconds / tb), AVSEEK_FLAG_BACKWARD);
    avcodec_flush_buffers(decoder);
    AVPacket pkt = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    try {
      boolean past = false;
      while (!past && av_read_frame(format, pkt) >= 0) {
        if (pkt.stream_index() == index) {
          packets++;
          if (pkt.pts() != AV_NOPTS_VALUE && (pkt.pts() - origin) * tb >= toSeconds) {
            past = true;
          } else if (avcodec_send_packet(decoder, pkt) < 0) {
            badPackets++;
          } else {
            drain(frame, handler);
          }
        }
        av_packet_unref(pkt);
      }
    } finally {
      av_frame_free(frame);
      av_packet_free(pkt);
    }
  }

  /**
   * Seeks to the key frame at or before {@code pts} (in the stream's time base) and decodes from there until the
   * visitor returns false or the stream ends. For reading a few single pictures out of a long file: each costs the
   * frames from its key frame on, not the file.
   */
  public void decodeFromKeyFrameBefore(long pts, FrameVisitor visitor) throws StageException {
    av_seek_frame(format, index, pts, AVSEEK_FLAG_BACKWARD);
    avcodec_flush_buffers(decoder);
    AVPacket pkt = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    try {
      boolean more = true;
      while (more && av_read_frame(format, pkt) >= 0) {
        if (pkt.stream_index() == index) {
          packets++;
          if (avcodec_send_packet(decoder, pkt) < 0) {
            badPackets++;
          } else {
            more = drainWhile(frame, visitor);
          }
        }
        av_packet_unref(pkt);
      }
      if (more) {
        // the end of the file: what the decoder still holds
        avcodec_send_packet(decoder, null);
        drainWhile(frame, visitor);
      }
    } finally {
      av_frame_free(frame);
      av_packet_free(pkt);
    }
  }

  /** The frames the decoder has ready, until the visitor wants no more; false when it wants no more. */
  private boolean drainWhile(AVFrame frame, FrameVisitor visitor) throws StageException {
    while (avcodec_receive_frame(decoder, frame) >= 0) {
      frames++;
      try {
        if (!visitor.frame(frame)) {
          return false;
        }
      } finally {
        av_frame_unref(frame);
      }
    }
    return true;
  }

  private void drain(AVFrame frame, FrameHandler handler) throws StageException {
    while (avcodec_receive_frame(decoder, frame) >= 0) {
      frames++;
      try {
        handler.frame(frame);
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  @Override
  public void close() {
    if (decoder != null) {
      avcodec_free_context(decoder);
      decoder = null;
    }
    avformat_close_input(format);
  }
}
