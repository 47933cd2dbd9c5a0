package io.lecturehighlights.transforms.rendering;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Hands decoded-and-filtered pictures and cut audio from the decoding thread to the encoding thread, so that decoding
 * plus filtering and encoding run side by side, as in the ffmpeg CLI (where each stage has its own thread). Pictures
 * travel in a small pool of reused 4:2:0 buffers, so memory stays a few frames whatever the clip's length. Only the
 * consuming thread touches the recorder.
 */
final class EncodeQueue {
  /** What the encoding thread does with each picture before it is encoded (the thumbnail). */
  @FunctionalInterface
  interface PictureHook {
    void picture(Frame frame, long index) throws IOException;
  }

  private static final Object END = new Object();
  private static final int POOL = 8;

  private record Audio(float[] samples, int count) {}

  private final BlockingQueue<Object> items = new ArrayBlockingQueue<>(64);
  private final BlockingQueue<Frame> free = new ArrayBlockingQueue<>(POOL);
  private final int width;
  private final int height;
  private final int rate;
  private final int channels;
  private int allocated;
  private volatile boolean cancelled;
  private volatile Throwable failure;

  EncodeQueue(int width, int height, int rate, int channels) {
    this.width = width;
    this.height = height;
    this.rate = rate;
    this.channels = channels;
  }

  /** Producer: queues a copy of a filtered picture (contiguous YUV 4:2:0 of the output size). */
  void picture(Frame filtered) {
    Frame buf = free.poll();
    if (buf == null && allocated < POOL) {
      allocated++;
      buf = ClipRenderer.solidFrame(width, height, "black");
    }
    while (buf == null) {
      checkCancelled();
      try {
        buf = free.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted");
      }
    }
    ByteBuffer src = ((ByteBuffer) filtered.image[0]).duplicate();
    ByteBuffer dst = (ByteBuffer) buf.image[0];
    int n = width * height * 3 / 2;
    src.limit(n).position(0);
    dst.limit(n).position(0);
    dst.put(src);
    dst.position(0);
    put(buf);
  }

  /** Producer: queues a copy of interleaved samples. */
  void audio(float[] samples, int count) {
    float[] copy = new float[count * channels];
    System.arraycopy(samples, 0, copy, 0, copy.length);
    put(new Audio(copy, count));
  }

  /** Producer: no more items; {@code error} (or null) is rethrown on the encoding side. */
  void end(Throwable error) {
    failure = error;
    // Never blocks for good: the consumer drains until it sees END, or has cancelled.
    while (!cancelled) {
      try {
        if (items.offer(END, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Consumer: encodes every item until the producer ends; rethrows the producer's failure. */
  void drain(FFmpegFrameRecorder recorder, PictureHook hook) throws Exception {
    long pictures = 0;
    try {
      while (true) {
        Object item = items.take();
        if (item == END) {
          break;
        }
        if (item instanceof Frame f) {
          hook.picture(f, pictures++);
          recorder.record(f, AV_PIX_FMT_YUV420P);
          free.offer(f);
        } else {
          Audio a = (Audio) item;
          recorder.recordSamples(rate, channels, FloatBuffer.wrap(a.samples(), 0, a.count() * channels));
        }
      }
    } catch (Exception | Error e) {
      cancel();
      throw e;
    }
    Throwable t = failure;
    if (t instanceof Exception e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  /** Stops a producer blocked on a full queue. */
  void cancel() {
    cancelled = true;
    items.clear();
  }

  private void put(Object item) {
    try {
      while (!items.offer(item, 100, TimeUnit.MILLISECONDS)) {
        checkCancelled();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }

  private void checkCancelled() {
    if (cancelled) {
      throw new CancellationException("the encoder stopped");
    }
  }
}
