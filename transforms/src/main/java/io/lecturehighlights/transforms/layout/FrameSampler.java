package io.lecturehighlights.transforms.layout;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.media.DecodedStream;
import io.lecturehighlights.transforms.media.StillFrames;
import io.lecturehighlights.transforms.media.VideoGeometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
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
    /** The picture as displayed (after rotation and square pixels), which regions and thumbnails are in. */
    public int width;
    public int height;
    /** How stored frames become displayed ones; null without video. */
    public VideoGeometry geometry;
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
    /**
     * Times of the key frames decoded (every one: skipping only drops B-frames). A picture wanted later is cheapest
     * at a key frame: reading it again costs one decoded frame ({@link StillFrames}).
     */
    public final List<Double> keyFrameTimes = new ArrayList<>();
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
    try (DecodedStream video = DecodedStream.open(file, AVMEDIA_TYPE_VIDEO, this::tune)) {
      info.durationSeconds = video.declaredSeconds();
      if (!video.present()) {
        return info;
      }
      info.hasVideo = true;
      AVStream st = video.stream();
      if (st.codecpar().width() <= 0 || st.codecpar().height() <= 0) {
        throw new StageException("video_decode_error", "the video stream has no picture size");
      }
      // Everything downstream works on the picture as a player shows it: upright, square pixels.
      info.geometry = VideoGeometry.of(video.format(), st);
      info.width = info.geometry.displayWidth();
      info.height = info.geometry.displayHeight();
      int[] a = analysisSize(info.width, info.height, config.analysisMaxWidth(), config.analysisMaxHeight());
      info.analysisWidth = a[0];
      info.analysisHeight = a[1];
      double ts = Math.min(1.0, config.thumbnailMaxSide() / (double) Math.max(info.width, info.height));
      info.thumbWidth = Math.max(2, (int) Math.round(info.width * ts) & ~1);
      info.thumbHeight = Math.max(2, (int) Math.round(info.height * ts) & ~1);
      double start = video.format().start_time() != AV_NOPTS_VALUE
          ? video.format().start_time() / (double) AV_TIME_BASE : 0;
      sink.start(info);
      try (Sampling sampling = new Sampling(info, sink, av_q2d(st.time_base()), start)) {
        video.decodeAll(sampling::frame);
        if (info.decodedFrames == 0) {
          throw new StageException("video_decode_error", video.packets() == 0
              ? "the video stream has no packets" : "none of " + video.packets() + " video packets could be decoded");
        }
        if (info.durationSeconds <= 0) {
          info.durationSeconds = sampling.nextSample;
        }
      }
      return info;
    }
  }

  /** One thread per decoder (one core per lecture); skip what sampling at a low rate does not need. */
  private void tune(AVCodecContext decoder, AVStream st) {
    decoder.thread_count(1);
    // Skipping B-frames only pays, and only keeps the sampling rate, when frames are much denser than samples.
    double fps = av_q2d(st.avg_frame_rate()) > 0 ? av_q2d(st.avg_frame_rate()) : av_q2d(st.r_frame_rate());
    if (config.skipBidirFrames() && (fps <= 0 || fps >= 3 * config.sampleFps())) {
      decoder.skip_frame(bidirectionalAreReferences(st.codecpar().codec_id()) ? AVDISCARD_NONREF : AVDISCARD_BIDIR);
    }
    if (config.skipLoopFilter()) {
      decoder.skip_loop_filter(AVDISCARD_ALL);
    }
  }

  /**
   * HEVC, VVC and AV1 encoders predict from B-frames (x265's B-pyramid): discarding every B-frame there breaks the
   * reference chain (FFmpeg: "Could not find ref with POC"), and most pictures never decode. For them only frames that
   * nothing refers to are skipped. H.264 and MPEG-2 keep the cheaper B-frame skip, measured safe on their encoders.
   */
  static boolean bidirectionalAreReferences(int codecId) {
    return codecId == AV_CODEC_ID_HEVC || codecId == AV_CODEC_ID_VVC || codecId == AV_CODEC_ID_AV1;
  }

  /** Turns decoded frames into samples at the configured rate: grey analysis pictures and one colour thumbnail. */
  private final class Sampling implements AutoCloseable {
    private final Info info;
    private final Sink sink;
    private final double timeBase;
    private final double start;
    private final double interval = 1.0 / config.sampleFps();
    private final double thumbAt;
    /** A quarter turn swaps the sides: frames are scaled in stored orientation, then turned. */
    private final boolean turned;
    private final int scaledWidth;
    private final int scaledHeight;
    private final int stride;
    private final BytePointer grayBuf;
    private final PointerPointer<BytePointer> grayPlanes;
    private final IntPointer grayStride;
    private final byte[] picture;
    private SwsContext gray;
    private SwsContext color;
    double nextSample;
    private double earliest = Double.NaN;

    Sampling(Info info, Sink sink, double timeBase, double start) {
      this.info = info;
      this.sink = sink;
      this.timeBase = timeBase;
      this.start = start;
      this.thumbAt = info.durationSeconds > 0 ? info.durationSeconds * 0.5 : 0;
      this.turned = info.geometry.rotation % 180 != 0;
      this.scaledWidth = turned ? info.analysisHeight : info.analysisWidth;
      this.scaledHeight = turned ? info.analysisWidth : info.analysisHeight;
      this.stride = (scaledWidth + 63) & ~63;
      this.grayBuf = new BytePointer((long) stride * scaledHeight);
      this.grayPlanes = new PointerPointer<>(grayBuf, null, null, null);
      this.grayStride = new IntPointer(stride, 0, 0, 0);
      this.picture = new byte[info.analysisWidth * info.analysisHeight];
    }

    void frame(AVFrame frame) throws StageException {
      info.decodedFrames++;
      long pts = frame.best_effort_timestamp();
      double t = pts == AV_NOPTS_VALUE
          ? info.decodedFrames / Math.max(1.0, config.sampleFps())
          : pts * timeBase - start;
      if (Double.isNaN(earliest)) {
        earliest = t;
      }
      boolean key = (frame.flags() & FRAME_FLAG_KEY) != 0 || frame.pict_type() == AV_PICTURE_TYPE_I;
      if (key && pts != AV_NOPTS_VALUE) {
        info.keyFrameTimes.add(t);
      }
      if (t + 1e-6 < nextSample) {
        return;
      }
      gray = sws_getCachedContext(gray, frame.width(), frame.height(), frame.format(),
          scaledWidth, scaledHeight, AV_PIX_FMT_GRAY8, SWS_AREA, null, null, (DoublePointer) null);
      if (gray == null) {
        throw new StageException("video_decode_error", "cannot convert the pixel format " + frame.format());
      }
      sws_scale(gray, frame.data(), frame.linesize(), 0, frame.height(), grayPlanes, grayStride);
      for (int y = 0; y < scaledHeight; y++) {
        grayBuf.position((long) y * stride).get(picture, y * scaledWidth, scaledWidth);
      }
      grayBuf.position(0);
      VideoGeometry g = info.geometry;
      if (info.thumbnailBgr == null && t + 1e-6 >= thumbAt) {
        int tw = turned ? info.thumbHeight : info.thumbWidth;
        int th = turned ? info.thumbWidth : info.thumbHeight;
        color = sws_getCachedContext(color, frame.width(), frame.height(), frame.format(),
            tw, th, AV_PIX_FMT_BGR24, SWS_AREA, null, null, (DoublePointer) null);
        info.thumbnailBgr = g.rotate(StillFrames.toBgr(color, frame, tw, th), tw, th, 3);
        info.thumbnailTime = t;
      }
      sink.sample(t, Math.min(earliest, t), g.rotate(picture, scaledWidth, scaledHeight, 1), key);
      info.samples++;
      nextSample = Math.max(nextSample + interval, t - interval / 2);
      earliest = Double.NaN;
    }

    @Override
    public void close() {
      grayBuf.close();
      grayPlanes.close();
      grayStride.close();
      if (gray != null) {
        sws_freeContext(gray);
      }
      if (color != null) {
        sws_freeContext(color);
      }
    }
  }
}
