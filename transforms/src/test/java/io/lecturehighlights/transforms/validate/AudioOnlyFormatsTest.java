package io.lecturehighlights.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.transforms.layout.LayoutAnalysis;
import io.lecturehighlights.transforms.layout.LayoutAnalyzer;
import io.lecturehighlights.transforms.layout.LayoutConfig;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.media.AudioLevels;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.GeneratedMedia;
import io.lecturehighlights.transforms.transcription.AudioExtractor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Audio-only lectures in the formats recorders and podcast feeds write (MP3, WAV, FLAC, Ogg Vorbis, Opus, ADTS AAC,
 * and MP3 with embedded cover art), made at test time from 6 s of real speech (JFK, ../shared/testmedia): each is
 * accepted with its true duration, its audio levels and the audio cut for transcription are the speech's, and its
 * layout is audio_only, like the .m4a audio-only lecture.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudioOnlyFormatsTest {
  private static final double SECONDS = 6.0;

  @TempDir Path dir;
  private Path speech;
  private double speechRmsDb;
  private LayoutAnalyzer layout;

  @BeforeAll
  void realSpeech(@TempDir Path ref) throws Exception {
    speech = Fixtures.sharedMedia().resolve("audio/jfk/jfk.wav");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(speech), "skipped: real speech not found at "
        + speech);
    // The reference: the same 6 s cut straight from the original WAV.
    Path wav = ref.resolve("reference.wav");
    AudioExtractor.extractWav(speech, 0, SECONDS, wav);
    speechRmsDb = rmsDb(wav);
    layout = new LayoutAnalyzer(LayoutConfig.defaults());
  }

  @AfterAll
  void close() {
    if (layout != null) {
      layout.close();
    }
  }

  private Path make(String name, String... codec) throws Exception {
    String[] args = new String[4 + codec.length];
    args[0] = "-i";
    args[1] = speech.toString();
    args[2] = "-t";
    args[3] = Double.toString(SECONDS);
    System.arraycopy(codec, 0, args, 4, codec.length);
    return GeneratedMedia.ffmpeg(dir.resolve(name), args);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
    "lecture.mp3  ; mp3  ; mp3       ; -c:a libmp3lame -b:a 48k",
    "lecture.wav  ; wav  ; pcm_s16le ; -c:a pcm_s16le",
    "lecture.flac ; flac ; flac      ; -c:a flac",
    // FFmpeg's own Vorbis encoder takes stereo only: the speech is copied to both channels at its own level.
    "lecture.ogg  ; ogg  ; vorbis    ; -af pan=stereo|c0=c0|c1=c0 -c:a vorbis -strict experimental",
    "lecture.opus ; ogg  ; opus      ; -c:a libopus -b:a 24k",
    "lecture.aac  ; aac  ; aac       ; -c:a aac -b:a 48k",
    "lecture.m4a  ; mov  ; aac       ; -c:a aac -b:a 48k",
  })
  void audioOnlyLectureIsAcceptedAndAnalysed(String name, String container, String codec, String options)
      throws Exception {
    Path file = make(name, options.trim().split(" "));
    checkAudioOnlyLecture(file, container, codec);
  }

  @Test
  void mp3WithCoverArtIsAnAudioOnlyLecture() throws Exception {
    // Podcast MP3s carry the show's artwork as an attached picture: a "video" stream that is not a video.
    Path cover = GeneratedMedia.ffmpeg(dir.resolve("cover.png"), "-f", "lavfi", "-i", "testsrc=size=160x160",
        "-frames:v", "1");
    Path file = GeneratedMedia.ffmpeg(dir.resolve("podcast.mp3"), "-i", speech.toString(), "-i", cover.toString(),
        "-t", Double.toString(SECONDS), "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-b:a", "48k",
        "-c:v", "png", "-disposition:v", "attached_pic", "-id3v2_version", "3",
        "-metadata:s:v", "title=Album cover");
    checkAudioOnlyLecture(file, "mp3", "mp3");
  }

  private void checkAudioOnlyLecture(Path file, String container, String codec) throws Exception {
    String name = file.getFileName().toString();
    MediaInfo m = new UploadValidator(ValidationConfig.defaults()).validate(UploadValidatorTest.event(file.toString()));
    assertTrue(m.getContainer().contains(container), name + ": " + m.getContainer());
    assertEquals(codec, m.getAudioCodec(), name);
    assertNull(m.getVideoCodec(), name + ": cover art is not video");
    assertNull(m.getWidth(), name);
    assertEquals(SECONDS, m.getDurationSeconds(), 0.1, name + " duration");

    // Silence detection reads the whole track, and finds speech in it.
    AudioLevels levels = AudioLevelReader.read(file, 0.01);
    assertEquals(SECONDS, levels.durationSeconds(), 0.1, name + " decoded length");
    float loudest = 0;
    for (int i = 0; i < levels.count(); i++) {
      loudest = Math.max(loudest, levels.energy(i));
    }
    assertTrue(10 * Math.log10(loudest) > -30, name + ": loudest hop " + 10 * Math.log10(loudest) + " dBFS");

    // Transcription's audio: the whole lecture as 16 kHz mono WAV, as loud as the original speech.
    Path wav = dir.resolve(name + ".16k.wav");
    long samples = AudioExtractor.extractWav(file, 0, 0, wav);
    assertEquals(SECONDS, samples / (double) AudioExtractor.SAMPLE_RATE, 0.1, name + " extracted length");
    assertEquals(SECONDS, AudioExtractor.wavSeconds(wav), 0.1, name + " wav header");
    double db = rmsDb(wav);
    assertEquals(speechRmsDb, db, 3.0, name + ": extracted " + db + " dBFS, original " + speechRmsDb + " dBFS");
    // A cut from the middle is sample exact.
    long cut = AudioExtractor.extractWav(file, 2.0, 4.0, dir.resolve(name + ".cut.wav"));
    assertEquals(2 * AudioExtractor.SAMPLE_RATE, cut, 0.02 * AudioExtractor.SAMPLE_RATE, name + " cut");

    LayoutAnalysis a = layout.analyze(file, true);
    assertEquals("audio_only", a.type, name);
    assertNull(a.splitRatio, name);
    assertNull(a.thumbnailJpeg, name);
    assertFalse(a.periods.isEmpty(), name);
  }

  @Test
  void audioFormatsAreAcceptedOnlyUnderAudioNames() {
    assertTrue(UploadValidator.supportedContainer("wav", "wav"));
    assertTrue(UploadValidator.supportedContainer("ogg", "opus"));
    assertTrue(UploadValidator.supportedContainer("mp3", "mp3"));
    assertTrue(UploadValidator.supportedContainer("mov,mp4,m4a,3gp,3g2,mj2", "m4a"));
    // A WAV named .mp4 is not the video container its name promises (testdata/malformed/audio-only-wav-named.mp4).
    assertFalse(UploadValidator.supportedContainer("wav", "mp4"));
    assertFalse(UploadValidator.supportedContainer("mp3", "mkv"));
    assertFalse(UploadValidator.supportedContainer("gif", "mp3"));
  }

  /** RMS level of a 16-bit PCM WAV written by {@link AudioExtractor}, in dBFS. */
  static double rmsDb(Path wav) throws IOException {
    byte[] b = Files.readAllBytes(wav);
    ByteBuffer buf = ByteBuffer.wrap(b, 44, b.length - 44).order(ByteOrder.LITTLE_ENDIAN);
    double sum = 0;
    long n = 0;
    while (buf.remaining() >= 2) {
      double s = buf.getShort() / 32768.0;
      sum += s * s;
      n++;
    }
    return 10 * Math.log10(sum / Math.max(1, n) + 1e-12);
  }
}
