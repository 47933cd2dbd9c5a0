package io.lecturehighlights.transforms.layout;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.validate.MediaProbe;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes a file's video stream in one sequential pass and hands a small grayscale picture to a {@link Sink} at a
 * low, regular rate. It never seeks: for lecture encodings a linear pass that skips B-frames and deblocking is
 * several times faster than seeking to each sample. Only the frames that are sampled are scaled (luma only, area
 * average); only the current picture is held, plus one colour frame for the thumbnail.
 *
 * <p>This uses FFmpeg's API directly rather than JavaCV's FFmpegFrameGrabber because the grabber converts every
 * decoded frame to an image, which would cost more than the decoding at the rates used here.
 */
public final class FrameSampler {

  /** Receives the sampled pictures, in order. */
  public interface Sink {
    /**
     * @param time presentation time of the sampled frame, seconds from the start of the file
     * @param earliest time of the first decoded frame after the previous sample: a change first seen in this
     *     sample happened in [earliest, time]
     * @param gray luma, {@code width x height} of {@link Info#analysisWidth} by {@link Info#analysisHeight}, row
     *     major; only valid during the call
     * @param keyFrame whether the sampled frame is an intra (key) frame: its coding noise is drawn afresh
     */
    void sample(double time, double earliest, byte[] gray, boolean keyFrame);

    /** Called once before the first sample, with the stream's size, analysis size and duration filled in. */
    default void start(Info info) {}
  }

  /** What the pass found. */
  public static final class Info {
    public boolean hasVideo;
    public int width;
    public int height;
    public int analysisWidth;
    public int analysisHeight;
    public double durationSeconds;
    public int decodedFrames;
    public int samples;
    /** BGR pixels of one frame near the middle of the video, {@code thumbWidth x thumbHeight}, or null. */
    public byte[] thumbnailBgr;
    public int thumbWidth;
    public int thumbHeight;
    public double thumbnailTime;
  }

  /** AV_FRAME_FLAG_KEY (a macro in libavutil/frame.h, not mapped by the presets). */
  private static final int FRAME_FLAG_KEY = 1 << 1;

  private final LayoutConfig config;

  public FrameSampler(LayoutConfig config) {
    this.config = config;
  }

  /** Analysis size: the frame scaled to fit the configured box, never enlarged, even dimensions. */
  static int[] analysisSize(int w, int h, int maxW, int maxH) {
    double s = Math.min(1.0, Math.min(maxW / (double) w, maxH / (double) h));
    int aw = Math.max(2, (int) Math.round(w * s) & ~1);
    int ah = Math.max(2, (int) Math.round(h * s) & ~1);
    return new int[] {aw, ah};
  }

  public Info run(Path file, Sink sink) throws StageException {
    Info info = new Info();
    AVFormatContext fmt = new AVFormatContext(null);
    int r = avformat_open_input(fmt, file.toAbsolutePath().toString(), null, null);
    if (r < 0) {
      throw new StageException("video_open_failed", "cannot open media: " + MediaProbe.errorText(r));
    }
    AVCodecContext ctx = null;
    AVPacket pkt = null;
    AVFrame frame = null;
    SwsContext gray = null;
    SwsContext color = null;
    try {
      if ((r = avformat_find_stream_info(fmt, (PointerPointer<?>) null)) < 0) {
        throw new StageException("video_open_failed", "cannot read stream info: " + MediaProbe.errorText(r));
      }
      info.durationSeconds = fmt.duration() > 0 ? fmt.duration() / (double) AV_TIME_BASE : 0;
      int vi = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
      if (vi >= 0 && (fmt.streams(vi).disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0) {
        vi = -1; // cover art in an audio file is not a video
      }
      if (vi < 0) {
        return info;
      }
      info.hasVideo = true;
      for (int i = 0; i < fmt.nb_streams(); i++) {
        if (i != vi) {
          fmt.streams(i).discard(AVDISCARD_ALL);
        }
      }
      AVStream st = fmt.streams(vi);
      AVCodec codec = avcodec_find_decoder(st.codecpar().codec_id());
      if (codec == null) {
        throw new StageException("unsupported_video_codec", "no decoder for the video codec "
            + avcodec_get_name(st.codecpar().codec_id()).getString());
      }
      ctx = avcodec_alloc_context3(codec);
      avcodec_parameters_to_context(ctx, st.codecpar());
      ctx.thread_count(1);
      // Skipping B-frames only pays, and only keeps the sampling rate, when frames are much denser than samples.
      double fps = av_q2d(st.avg_frame_rate()) > 0 ? av_q2d(st.avg_frame_rate()) : av_q2d(st.r_frame_rate());
      if (config.skipBidirFrames && (fps <= 0 || fps >= 3 * config.sampleFps)) {
        ctx.skip_frame(AVDISCARD_BIDIR);
      }
      if (config.skipLoopFilter) {
        ctx.skip_loop_filter(AVDISCARD_ALL);
      }
      if ((r = avcodec_open2(ctx, codec, (PointerPointer<?>) null)) < 0) {
        throw new StageException("video_decode_error", "cannot open the video decoder: " + MediaProbe.errorText(r));
      }
      info.width = st.codecpar().width();
      info.height = st.codecpar().height();
      if (info.width <= 0 || info.height <= 0) {
        throw new StageException("video_decode_error", "the video stream has no picture size");
      }
      int[] a = analysisSize(info.width, info.height, config.analysisMaxWidth, config.analysisMaxHeight);
      info.analysisWidth = a[0];
      info.analysisHeight = a[1];
      double ts = Math.min(1.0, config.thumbnailMaxSide / (double) Math.max(info.width, info.height));
      info.thumbWidth = Math.max(2, (int) Math.round(info.width * ts) & ~1);
      info.thumbHeight = Math.max(2, (int) Math.round(info.height * ts) & ~1);
      double thumbAt = info.durationSeconds > 0 ? info.durationSeconds * 0.5 : 0;

      double tb = av_q2d(st.time_base());
      double start = fmt.start_time() != AV_NOPTS_VALUE ? fmt.start_time() / (double) AV_TIME_BASE : 0;
      double interval = 1.0 / config.sampleFps;

      int stride = (info.analysisWidth + 63) & ~63;
      BytePointer grayBuf = new BytePointer((long) stride * info.analysisHeight);
      PointerPointer<BytePointer> grayPlanes = new PointerPointer<>(grayBuf, null, null, null);
      IntPointer grayStride = new IntPointer(stride, 0, 0, 0);
      byte[] picture = new byte[info.analysisWidth * info.analysisHeight];

      sink.start(info);
      pkt = av_packet_alloc();
      frame = av_frame_alloc();
      long packets = 0;
      long badPackets = 0;
      double nextSample = 0;
      double earliest = Double.NaN;
      boolean eof = false;
      while (!eof) {
        boolean sent;
        if (av_read_frame(fmt, pkt) >= 0) {
          if (pkt.stream_index() != vi) {
            av_packet_unref(pkt);
            continue;
          }
          packets++;
          sent = avcodec_send_packet(ctx, pkt) >= 0;
          if (!sent) {
            badPackets++;
          }
          av_packet_unref(pkt);
        } else {
          avcodec_send_packet(ctx, null);
          eof = true;
          sent = true;
        }
        if (!sent) {
          continue;
        }
        while (avcodec_receive_frame(ctx, frame) >= 0) {
          info.decodedFrames++;
          long pts = frame.best_effort_timestamp();
          double t = pts == AV_NOPTS_VALUE ? info.decodedFrames / Math.max(1.0, config.sampleFps) : pts * tb - start;
          if (Double.isNaN(earliest)) {
            earliest = t;
          }
          if (t + 1e-6 >= nextSample) {
            gray = sws_getCachedContext(gray, frame.width(), frame.height(), frame.format(),
                info.analysisWidth, info.analysisHeight, AV_PIX_FMT_GRAY8, SWS_AREA, null, null, (DoublePointer) null);
            if (gray == null) {
              throw new StageException("video_decode_error", "cannot convert the pixel format "
                  + frame.format());
            }
            sws_scale(gray, frame.data(), frame.linesize(), 0, frame.height(), grayPlanes, grayStride);
            for (int y = 0; y < info.analysisHeight; y++) {
              grayBuf.position((long) y * stride).get(picture, y * info.analysisWidth, info.analysisWidth);
            }
            grayBuf.position(0);
            if (info.thumbnailBgr == null && t + 1e-6 >= thumbAt) {
              color = sws_getCachedContext(color, frame.width(), frame.height(), frame.format(),
                  info.thumbWidth, info.thumbHeight, AV_PIX_FMT_BGR24, SWS_AREA, null, null, (DoublePointer) null);
              info.thumbnailBgr = toBgr(color, frame, info.thumbWidth, info.thumbHeight);
              info.thumbnailTime = t;
            }
            boolean key = (frame.flags() & FRAME_FLAG_KEY) != 0 || frame.pict_type() == AV_PICTURE_TYPE_I;
            sink.sample(t, Math.min(earliest, t), picture, key);
            info.samples++;
            nextSample = Math.max(nextSample + interval, t - interval / 2);
            earliest = Double.NaN;
          }
          av_frame_unref(frame);
        }
      }
      grayBuf.close();
      grayPlanes.close();
      grayStride.close();
      if (info.decodedFrames == 0) {
        throw new StageException("video_decode_error", packets == 0
            ? "the video stream has no packets" : "none of " + packets + " video packets could be decoded");
      }
      if (packets > 10 && badPackets > packets / 5) {
        throw new StageException("video_decode_error",
            String.format("%d of %d video packets could not be decoded: the video track is corrupt", badPackets, packets));
      }
      if (info.durationSeconds <= 0) {
        info.durationSeconds = nextSample;
      }
      return info;
    } finally {
      if (gray != null) {
        sws_freeContext(gray);
      }
      if (color != null) {
        sws_freeContext(color);
      }
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

  private static byte[] toBgr(SwsContext sws, AVFrame frame, int w, int h) {
    int stride = (w * 3 + 63) & ~63;
    try (BytePointer buf = new BytePointer((long) stride * h);
        PointerPointer<BytePointer> planes = new PointerPointer<>(buf, null, null, null);
        IntPointer strides = new IntPointer(stride, 0, 0, 0)) {
      sws_scale(sws, frame.data(), frame.linesize(), 0, frame.height(), planes, strides);
      byte[] out = new byte[w * h * 3];
      for (int y = 0; y < h; y++) {
        buf.position((long) y * stride).get(out, y * w * 3, w * 3);
      }
      return out;
    }
  }
}
