package io.lecturehighlights.transforms.transcription;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import io.lecturehighlights.transforms.media.AudioStream;
import io.lecturehighlights.transforms.media.FfmpegLog;
import io.lecturehighlights.transforms.common.StageException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Cuts a time range of a lecture's audio into what recognisers want: 16 kHz mono 16-bit PCM WAV, streamed to disk
 * (a decoded frame at a time, so memory does not grow with the lecture), and optionally re-encoded as compact MP3
 * for upload (16 kHz mono at 32 kbps is ~240 KB per minute).
 */
public final class AudioExtractor {
  public static final int SAMPLE_RATE = 16000;

  private AudioExtractor() {}

  /** Writes [start, end) of the media's audio (end <= 0: to the end) as WAV; returns the samples written. */
  public static long extractWav(Path media, double start, double end, Path wav) throws StageException {
    return extractWav(media, start, end, wav, -1);
  }

  /**
   * As {@link #extractWav(Path, double, double, Path)}, from the audio stream with the given container index (the
   * track chosen at validation: JavaCV's {@code setAudioStream} takes the container index); negative: JavaCV's own
   * pick, which is the first audio stream whose disposition is exactly 0, so in an MP4 with two tracks the one
   * <em>not</em> marked default.
   */
  public static long extractWav(Path media, double start, double end, Path wav, int audioStream)
      throws StageException {
    FfmpegLog.install();
    long written = 0;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(media.toFile());
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(wav), 1 << 16)) {
      if (audioStream >= 0) {
        g.setAudioStream(audioStream);
      }
      g.setSampleRate(SAMPLE_RATE);
      g.setAudioChannels(1);
      g.setSampleFormat(AV_SAMPLE_FMT_S16);
      try {
        g.start();
      } catch (FrameGrabber.Exception e) {
        throw new StageException("audio_open_failed", "cannot open media: " + e.getMessage());
      }
      if (!g.hasAudio() || g.getAudioChannels() <= 0) {
        throw new StageException("no_audio_stream", "no audio stream to transcribe");
      }
      out.write(new byte[44]); // header, filled in once the length is known
      long startTime = g.getFormatContext().start_time();
      double origin = startTime == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE ? 0 : startTime / 1e6;
      long first = Math.round(start * SAMPLE_RATE);
      long last = end > 0 ? Math.round(end * SAMPLE_RATE) : Long.MAX_VALUE;
      if (start > 1.0) {
        // Seek a little early and align on the frames' own timestamps below, so the cut is sample exact.
        g.setTimestamp(Math.round((start - 1.0) * 1e6));
      }
      byte[] buf = new byte[8192];
      Frame f;
      long next = -1; // absolute sample index of the next sample we would write
      while ((f = g.grabSamples()) != null) {
        if (f.samples == null || f.samples.length == 0) {
          continue;
        }
        ShortBuffer sb = (ShortBuffer) f.samples[0];
        int n = sb.remaining();
        // Frame times count from the container's clock; lecture times from the file's start.
        long frameFirst = next < 0 ? Math.round((f.timestamp / 1e6 - origin) * SAMPLE_RATE) : next;
        if (next < 0 && start <= 1.0) {
          frameFirst = Math.max(0, frameFirst);
        }
        next = frameFirst + n;
        long from = Math.max(first, frameFirst);
        long to = Math.min(last, frameFirst + n);
        if (to <= from) {
          if (frameFirst >= last) {
            break;
          }
          continue;
        }
        // Audio that starts after the picture (or has a gap): silence keeps every sample at its lecture time.
        for (long gap = from - (first + written); gap > 0; ) {
          int k = (int) Math.min(gap, buf.length / 2);
          java.util.Arrays.fill(buf, 0, 2 * k, (byte) 0);
          out.write(buf, 0, 2 * k);
          written += k;
          gap -= k;
        }
        int i0 = (int) (from - frameFirst);
        int count = (int) (to - from);
        if (buf.length < count * 2) {
          buf = new byte[count * 2];
        }
        for (int i = 0; i < count; i++) {
          short s = sb.get(sb.position() + i0 + i);
          buf[2 * i] = (byte) s;
          buf[2 * i + 1] = (byte) (s >> 8);
        }
        out.write(buf, 0, count * 2);
        written += count;
        if (to >= last) {
          break;
        }
      }
      g.stop();
    } catch (FrameGrabber.Exception e) {
      throw new StageException("audio_decode_error", "cannot decode the audio: " + e.getMessage());
    } catch (IOException e) {
      throw new StageException("temp_storage_error", "cannot write temporary audio: " + e.getMessage(), true, e);
    }
    writeHeader(wav, written);
    return written;
  }

  /** Patches a canonical 44-byte PCM WAV header for {@code samples} mono 16-bit samples at 16 kHz. */
  static void writeHeader(Path wav, long samples) throws StageException {
    long data = samples * 2;
    if (data > 0xFFFFFFFFL - 36) {
      throw new StageException("audio_too_long", "a chunk over 37 hours cannot be written as WAV");
    }
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + data));
    h.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
    h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) data);
    try (RandomAccessFile raf = new RandomAccessFile(wav.toFile(), "rw")) {
      raf.seek(0);
      raf.write(h.array());
    } catch (IOException e) {
      throw new StageException("temp_storage_error", "cannot write temporary audio: " + e.getMessage(), true, e);
    }
  }

  /** Seconds of audio in a WAV written by {@link #extractWav}. */
  public static double wavSeconds(Path wav) throws IOException {
    return Math.max(0, Files.size(wav) - 44) / 2.0 / SAMPLE_RATE;
  }

  /** Re-encodes a 16 kHz mono WAV from {@link #extractWav} as MP3 (libmp3lame) at the given bitrate. */
  public static void encodeMp3(Path wav, Path mp3, int kbps) throws StageException {
    FfmpegLog.install();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(wav), 1 << 16);
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(mp3.toFile(), 1)) {
      r.setFormat("mp3");
      r.setAudioCodec(AV_CODEC_ID_MP3);
      r.setSampleRate(SAMPLE_RATE);
      r.setAudioChannels(1);
      r.setAudioBitrate(kbps * 1000);
      r.start();
      in.skipNBytes(44);
      byte[] bytes = new byte[2 * 4608];
      short[] samples = new short[bytes.length / 2];
      int n;
      while ((n = in.readNBytes(bytes, 0, bytes.length)) > 0) {
        int count = n / 2;
        for (int i = 0; i < count; i++) {
          samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
        }
        r.recordSamples(SAMPLE_RATE, 1, ShortBuffer.wrap(samples, 0, count));
      }
      r.stop();
    } catch (FrameRecorder.Exception e) {
      throw new StageException("audio_encode_error", "cannot encode MP3 for upload: " + e.getMessage());
    } catch (IOException e) {
      throw new StageException("temp_storage_error", "cannot read temporary audio: " + e.getMessage(), true, e);
    }
  }
}
