package io.lecturehighlights.transforms.media;

import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import io.lecturehighlights.transforms.common.StageException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Full-resolution colour pictures of a video at chosen times, as a player shows them (upright, square pixels): for
 * reading a few dozen slides out of an hour-long lecture. Each picture costs a seek and the frames from the key frame
 * before it, so a time that is itself a key frame costs one decoded frame; the file is never read through.
 *
 * <p>Frames are decoded in full (no skipped B-frames or deblocking: text must be sharp). Interlaced sources are not
 * deinterlaced: the pictures wanted here are of still slides, whose two fields agree.
 */
public final class StillFrames {
  private StillFrames() {}

  /** Receives each picture, in the order of the times asked for. */
  @FunctionalInterface
  public interface Handler {
    /**
     * @param requested the time asked for
     * @param time the presentation time of the frame shown then (the first at or after the time asked for)
     * @param picture the displayed picture, TYPE_3BYTE_BGR; the caller's to keep
     */
    void picture(double requested, double time, BufferedImage picture) throws StageException;
  }

  /** What a grab did: how many pictures it delivered and how many frames it decoded for them. */
  public record Grabbed(int pictures, long decodedFrames) {}

  /**
   * Pictures at {@code times} (seconds from the start of the file, as {@code FrameSampler} dates samples), in
   * ascending order. A time past the last frame gives no picture. A file without video gives none.
   */
  public static Grabbed grab(Path file, List<Double> times, Handler handler) throws StageException {
    List<Double> sorted = new ArrayList<>(times);
    sorted.sort(Double::compare);
    try (DecodedStream video = DecodedStream.open(file, AVMEDIA_TYPE_VIDEO, (d, st) -> d.thread_count(1))) {
      if (!video.present() || sorted.isEmpty()) {
        return new Grabbed(0, 0);
      }
      AVStream st = video.stream();
      VideoGeometry g = VideoGeometry.of(video.format(), st);
      double tb = av_q2d(st.time_base());
      if (!(tb > 0)) {
        throw new StageException("video_decode_error", "the video stream has no time base");
      }
      double start = video.format().start_time() != AV_NOPTS_VALUE
          ? video.format().start_time() / (double) AV_TIME_BASE : 0;
      boolean turned = g.rotation % 180 != 0;
      int w = turned ? g.displayHeight() : g.displayWidth();
      int h = turned ? g.displayWidth() : g.displayHeight();
      int[] delivered = {0};
      SwsContext[] sws = {null};
      try {
        for (double target : sorted) {
          long pts = Math.round((target + start) / tb);
          double[] lastTime = {Double.NaN};
          video.decodeFromKeyFrameBefore(pts, frame -> {
            long p = frame.best_effort_timestamp();
            if (p == AV_NOPTS_VALUE) {
              return true;
            }
            double t = p * tb - start;
            lastTime[0] = t;
            // a millisecond of slack for the times' rounding
            if (t + 1e-3 < target) {
              return true;
            }
            sws[0] = sws_getCachedContext(sws[0], frame.width(), frame.height(), frame.format(), w, h,
                AV_PIX_FMT_BGR24, SWS_AREA | SWS_ACCURATE_RND, null, null, (DoublePointer) null);
            if (sws[0] == null) {
              throw new StageException("video_decode_error", "cannot convert the pixel format " + frame.format());
            }
            byte[] bgr = g.rotate(toBgr(sws[0], frame, w, h), w, h, 3);
            int dw = turned ? h : w;
            int dh = turned ? w : h;
            BufferedImage image = new BufferedImage(dw, dh, BufferedImage.TYPE_3BYTE_BGR);
            System.arraycopy(bgr, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, bgr.length);
            handler.picture(target, t, image);
            delivered[0]++;
            return false;
          });
        }
      } finally {
        if (sws[0] != null) {
          sws_freeContext(sws[0]);
        }
      }
      return new Grabbed(delivered[0], video.frames());
    }
  }

  /**
   * The frame scaled into packed BGR of {@code w x h} with {@code sws}: rows copied out of FFmpeg's padded
   * buffer, so any width comes out right.
   */
  public static byte[] toBgr(SwsContext sws, AVFrame frame, int w, int h) {
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
