package io.lecturehighlights.transforms.rendering;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;

/**
 * Turns the grabber's YUV 4:2:0 pictures into tightly packed ones, the layout JavaCV's filter graph input and recorder
 * assume (rows of exactly the width, chroma rows of half of it, planes back to back).
 *
 * <p>Why: FFmpeg pads each row to a multiple of 32 or 64 bytes. JavaCV's grabber hands out that padded buffer and its
 * luma stride, but {@code FFmpegFrameFilter.push} derives the chroma planes' position and stride from the picture's
 * width; for any width that is not already a multiple of the padding (720, 854, 1366, 1918 …) the colour planes are
 * then read from the wrong place, which shows as green and purple streaks over the whole clip. 1280- and 1920-wide
 * sources need no padding, so the copy only happens when the rows are padded.
 */
final class PackedYuvFrames {
  private Frame packed;

  /** Bytes of a packed 4:2:0 picture (chroma planes round up odd sizes, as FFmpeg does). */
  static int size(int w, int h) {
    return w * h + 2 * ((w + 1) / 2) * ((h + 1) / 2);
  }

  /** A packed 4:2:0 picture of undefined content. */
  static Frame allocate(int w, int h) {
    // Frame allocates rows x stride bytes: enough rows of the width to hold all three planes.
    int rows = (size(w, h) + w - 1) / w;
    Frame f = new Frame(w, rows, Frame.DEPTH_UBYTE, 1, w);
    f.imageHeight = h;
    return f;
  }

  /** The grabbed picture itself when it is packed already, else a packed copy (reused by the next call). */
  Frame of(Frame grabbed) {
    int w = grabbed.imageWidth;
    int h = grabbed.imageHeight;
    if (!(grabbed.opaque instanceof AVFrame av) || isPacked(av, w, h)) {
      return grabbed;
    }
    if (packed == null || packed.imageWidth != w || packed.imageHeight != h) {
      packed = allocate(w, h);
    }
    int n = size(w, h);
    ByteBuffer dst = (ByteBuffer) packed.image[0];
    dst.clear();
    try (BytePointer out = new BytePointer(dst)) {
      int r = av_image_copy_to_buffer(out.capacity(n), n, av.data(), av.linesize(), AV_PIX_FMT_YUV420P, w, h, 1);
      if (r < 0) {
        throw new IllegalStateException("cannot copy a " + w + "x" + h + " picture (FFmpeg error " + r + ")");
      }
    }
    packed.timestamp = grabbed.timestamp;
    packed.keyFrame = grabbed.keyFrame;
    packed.pictType = grabbed.pictType;
    return packed;
  }

  /** Rows of exactly the width, planes back to back: what the filter reads. */
  static boolean isPacked(AVFrame av, int w, int h) {
    int cw = (w + 1) / 2;
    long base = av.data(0).address();
    return av.linesize(0) == w && av.linesize(1) == cw && av.linesize(2) == cw
        && av.data(1).address() - base == (long) w * h
        && av.data(2).address() - base == (long) w * h + (long) cw * ((h + 1) / 2);
  }
}
