package io.lecturehighlights.transforms.rendering;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A media file decoded completely, the way a player sees it: how many video frames and audio samples it really has,
 * the audio (mixed to mono), and the luma of the frames nearest to the requested times.
 */
final class DecodedClip {
  int width;
  int height;
  double fps;
  int videoFrames;
  int sampleRate;
  float[] audio = new float[0];
  int audioSamples;
  final Map<Double, int[]> luma = new HashMap<>();
  String videoCodec;
  String audioCodec;

  double videoSeconds() {
    return videoFrames / fps;
  }

  double audioSeconds() {
    return audioSamples / (double) sampleRate;
  }

  /** Decodes every frame; keeps the luma plane of the frame shown at each of {@code times} (seconds). */
  static DecodedClip decode(Path file, double... times) throws FrameGrabber.Exception {
    DecodedClip d = new DecodedClip();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setPixelFormat(AV_PIX_FMT_GRAY8);
      g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
      g.start();
      d.width = g.getImageWidth();
      d.height = g.getImageHeight();
      d.fps = g.getFrameRate();
      d.sampleRate = g.getSampleRate();
      d.videoCodec = g.getVideoCodecName();
      d.audioCodec = g.getAudioCodecName();
      int channels = Math.max(1, g.getAudioChannels());
      List<float[]> chunks = new ArrayList<>();
      Frame f;
      while ((f = g.grabFrame(true, true, true, false)) != null) {
        if (f.image != null) {
          for (double want : times) {
            if (Math.round(want * d.fps) == d.videoFrames) {
              d.luma.put(want, plane(f));
            }
          }
          d.videoFrames++;
        } else if (f.samples != null) {
          FloatBuffer b = (FloatBuffer) f.samples[0];
          int n = b.remaining() / channels;
          float[] mono = new float[n];
          for (int i = 0; i < n; i++) {
            float s = 0;
            for (int c = 0; c < channels; c++) {
              s += b.get(b.position() + i * channels + c);
            }
            mono[i] = s / channels;
          }
          chunks.add(mono);
          d.audioSamples += n;
        }
      }
      d.audio = new float[d.audioSamples];
      int p = 0;
      for (float[] c : chunks) {
        System.arraycopy(c, 0, d.audio, p, c.length);
        p += c.length;
      }
    }
    return d;
  }

  /** The luma of the source frame shown at a time (seeking like a player), as width x height values. */
  static int[] sourceLuma(Path file, double seconds) throws FrameGrabber.Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setPixelFormat(AV_PIX_FMT_GRAY8);
      g.start();
      g.setVideoTimestamp(Math.round(seconds * 1e6));
      Frame f = g.grabImage();
      return plane(f);
    }
  }

  static int[] plane(Frame f) {
    ByteBuffer b = (ByteBuffer) f.image[0];
    int w = f.imageWidth;
    int h = f.imageHeight;
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = b.get(y * f.imageStride + x) & 0xff;
      }
    }
    return out;
  }
}
