package io.lecturehighlights.transforms.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioExtractorTest {
  @TempDir Path tmp;

  static short[] samples(Path wav) throws Exception {
    byte[] b = Files.readAllBytes(wav);
    short[] s = new short[(b.length - 44) / 2];
    ByteBuffer.wrap(b, 44, b.length - 44).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }

  @Test
  void wholeTrackIsSixteenKilohertzMonoPcmWithAValidHeader() throws Exception {
    Path wav = tmp.resolve("all.wav");
    long n = AudioExtractor.extractWav(Fixtures.lecture("lecture-clean.mp4"), 0, 0, wav);
    double truth = Fixtures.truth("lecture-clean.mp4").get("durationSeconds").asDouble();
    assertEquals(truth, n / 16000.0, 0.05);
    ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(wav), 0, 44).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("RIFF", new String(Files.readAllBytes(wav), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(36 + 2 * n, h.getInt(4) & 0xFFFFFFFFL);
    assertEquals(1, h.getShort(22)); // mono
    assertEquals(16000, h.getInt(24));
    assertEquals(16, h.getShort(34));
    assertEquals(2 * n, h.getInt(40) & 0xFFFFFFFFL);
  }

  @Test
  void aSeekedRangeIsSampleAlignedWithTheWholeTrack() throws Exception {
    Path all = tmp.resolve("all.wav");
    Path part = tmp.resolve("part.wav");
    AudioExtractor.extractWav(Fixtures.lecture("lecture-clean.mp4"), 0, 0, all);
    long n = AudioExtractor.extractWav(Fixtures.lecture("lecture-clean.mp4"), 12.5, 20.0, part);
    assertEquals(7.5 * 16000, n, 2);
    short[] a = samples(all);
    short[] p = samples(part);
    // Find the lag that best aligns the part with the whole around 12.5 s: it must be (almost) zero.
    int base = (int) (12.5 * 16000);
    int bestLag = 0;
    double best = Double.MAX_VALUE;
    for (int lag = -800; lag <= 800; lag++) {
      double err = 0;
      for (int i = 0; i < 32000; i += 4) {
        double d = p[i] - a[base + lag + i];
        err += d * d;
      }
      if (err < best) {
        best = err;
        bestLag = lag;
      }
    }
    assertTrue(Math.abs(bestLag) <= 16, "misaligned by " + bestLag + " samples");
  }

  /** A file that already is 16 kHz mono PCM comes out sample for sample (header chunks such as LIST skipped). */
  @Test
  void sixteenKilohertzWavDecodesBitExact() throws Exception {
    Path original = Fixtures.sharedMedia().resolve("audio/jfk/jfk.wav");
    byte[] b = Files.readAllBytes(original);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    short[] expected = null;
    while (pos + 8 <= b.length) {
      String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
      int size = bb.getInt(pos + 4);
      if (id.equals("data")) {
        expected = new short[size / 2];
        ByteBuffer.wrap(b, pos + 8, size).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(expected);
        break;
      }
      pos += 8 + size + (size & 1);
    }
    Path wav = tmp.resolve("jfk.wav");
    AudioExtractor.extractWav(original, 0, 0, wav);
    assertTrue(expected != null && expected.length > 100_000);
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, samples(wav));
  }

  @Test
  void mp3ForUploadIsCompact() throws Exception {
    Path wav = tmp.resolve("a.wav");
    Path mp3 = tmp.resolve("a.mp3");
    AudioExtractor.extractWav(Fixtures.lecture("lecture-clean.mp4"), 0, 0, wav);
    AudioExtractor.encodeMp3(wav, mp3, 32);
    long size = Files.size(mp3);
    double seconds = AudioExtractor.wavSeconds(wav);
    // 32 kbps = 4000 bytes/s (+ container overhead); ~240 KB per minute.
    assertTrue(size > seconds * 3500 && size < seconds * 4600, size + " bytes for " + seconds + " s");
    byte[] head = Files.readAllBytes(mp3);
    boolean id3 = head[0] == 'I' && head[1] == 'D' && head[2] == '3';
    boolean sync = (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0;
    assertTrue(id3 || sync, "not an MP3 stream");
  }

  @Test
  void brokenMediaFailsClearly() {
    StageException e = assertThrows(StageException.class,
        () -> AudioExtractor.extractWav(Fixtures.malformed("notes-named-as-video.mp4"), 0, 0, tmp.resolve("x.wav")));
    assertEquals("audio_open_failed", e.reason());
  }

  private static double rmsDb(short[] s) {
    double sum = 0;
    for (short v : s) {
      sum += (v / 32768.0) * (v / 32768.0);
    }
    return 10 * Math.log10(sum / Math.max(1, s.length));
  }

  @Test
  void theChosenTrackIsExtractedNotTheFirst() throws Exception {
    Path f = io.lecturehighlights.transforms.testing.MultiTrackMedia.make(tmp, "silence-speech.mp4",
        io.lecturehighlights.transforms.testing.MultiTrackMedia.Track.SILENCE,
        io.lecturehighlights.transforms.testing.MultiTrackMedia.Track.SPEECH, -1);
    Path first = tmp.resolve("first.wav");
    Path chosen = tmp.resolve("chosen.wav");
    AudioExtractor.extractWav(f, 2, 6, first, 1);
    long n = AudioExtractor.extractWav(f, 2, 6, chosen, 2);
    assertEquals(4 * 16000, n, 160);
    assertTrue(rmsDb(samples(first)) < -80, "silent track " + rmsDb(samples(first)));
    assertTrue(rmsDb(samples(chosen)) > -30, "speech track " + rmsDb(samples(chosen)));
    StageException e = assertThrows(StageException.class, () -> AudioExtractor.extractWav(f, 0, 1, first, 0));
    assertEquals("no_audio_stream", e.reason(), "stream 0 is the picture");
  }

  /**
   * A beep at 1.6 s of the lecture lands at 1.6 s of the WAV whatever clock the container keeps: a transport stream
   * starts at 1.4 s, and audio may start a second after the picture (the gap is silence, not skipped).
   */
  @Test
  void samplesKeepTheirLectureTimeWhateverTheContainerClock() throws Exception {
    String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    for (String name : new String[] {"late.mp4", "late.ts"}) {
      Path f = tmp.resolve(name);
      Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
          "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=4", "-itsoffset", "1.0",
          "-f", "lavfi", "-i", "sine=f=1000:r=48000:d=3,volume='4*between(t,0.6,0.72)':eval=frame",
          "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", f.toString()).inheritIO().start();
      assertEquals(0, p.waitFor());
      for (double from : new double[] {0, 1.2}) {
        Path wav = tmp.resolve(name + from + ".wav");
        AudioExtractor.extractWav(f, from, 0, wav);
        short[] s = samples(wav);
        int onset = 0;
        while (onset < s.length && Math.abs(s[onset]) < 8000) {
          onset++;
        }
        assertEquals(1.6 - from, onset / 16000.0, 0.02, name + " from " + from + " s");
      }
    }
  }
}
