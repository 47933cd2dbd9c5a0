package io.lecturehighlights.transforms.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.media.AudioStream;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.MultiTrackMedia;
import io.lecturehighlights.transforms.testing.MultiTrackMedia.Track;
import io.lecturehighlights.transforms.media.MediaProbe;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Choosing the lecturer's track among several: the decision on measured shares, the measure on synthetic energies,
 * and the whole chooser on real two-track recordings (stream 0 is the picture, 1 and 2 the audio tracks).
 */
class SpeechTrackChooserTest {
  @TempDir Path tmp;

  private static AudioStream track(int index, boolean isDefault) {
    AudioStream a = new AudioStream();
    a.index = index;
    a.codec = "aac";
    a.isDefault = isDefault;
    return a;
  }

  @Test
  void theOnlyTrackWithSpeechWinsOverTheDefault() {
    List<AudioStream> t = List.of(track(1, true), track(2, false));
    assertEquals(1, SpeechTrackChooser.pick(t, new double[] {0.0, 0.4}));
    assertEquals(0, SpeechTrackChooser.pick(t, new double[] {0.4, 0.01}));
  }

  @Test
  void amongTracksWithSpeechTheDefaultWinsElseTheMostSpeech() {
    assertEquals(1, SpeechTrackChooser.pick(List.of(track(1, false), track(2, true)), new double[] {0.6, 0.3}));
    assertEquals(1, SpeechTrackChooser.pick(List.of(track(1, false), track(2, false)), new double[] {0.3, 0.6}));
    assertEquals(0, SpeechTrackChooser.pick(List.of(track(1, true), track(2, true)), new double[] {0.6, 0.3}));
  }

  @Test
  void withoutSpeechAnywhereTheDefaultElseTheFirst() {
    assertEquals(1, SpeechTrackChooser.pick(List.of(track(1, false), track(2, true)), new double[] {0.0, 0.0}));
    assertEquals(0, SpeechTrackChooser.pick(List.of(track(1, false), track(2, false)),
        new double[] {Double.NaN, 0.01}));
  }

  @Test
  void steadyNoiseAndSilenceHaveNoSpeechButBurstsOverTheFloorDo() {
    Random r = new Random(3);
    float[] noise = new float[500];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (1e-3 * (1 + 0.1 * r.nextGaussian())); // -30 dBFS, loud but steady
    }
    assertEquals(0, SpeechTrackChooser.speechShare(noise), 0.01);
    assertEquals(0, SpeechTrackChooser.speechShare(new float[500]));
    float[] talk = noise.clone();
    for (int i = 0; i < talk.length; i += 4) {
      talk[i] = 0.05f; // syllables 17 dB over the room
    }
    assertEquals(0.25, SpeechTrackChooser.speechShare(talk), 0.01);
    float[] whisper = new float[500];
    for (int i = 0; i < whisper.length; i += 2) {
      whisper[i] = 1e-7f; // far over digital silence, but at -70 dBFS nobody is talking
    }
    assertEquals(0, SpeechTrackChooser.speechShare(whisper));
  }

  private static int choose(Path file) throws Exception {
    MediaProbe.Result r = MediaProbe.probe(file);
    return new SpeechTrackChooser().choose(file, r.audioStreams, r.durationSeconds).streamIndex;
  }

  @Test
  void roomNoiseOrSilenceOnTheFirstTrackAndTheLecturerOnTheSecond() throws Exception {
    Path noise = MultiTrackMedia.make(tmp, "noise-speech.mp4", Track.NOISE, Track.SPEECH, -1);
    MediaProbe.Result r = MediaProbe.probe(noise);
    assertEquals(2, r.audioStreams.size());
    assertEquals(1, r.audioStreamIndex, "FFmpeg's first audio track is the room's");
    SpeechTrackChooser.Choice c = new SpeechTrackChooser().choose(noise, r.audioStreams, r.durationSeconds);
    assertEquals(2, c.streamIndex, Arrays.toString(c.speechShare));
    assertTrue(c.speechShare[0] < SpeechTrackChooser.MIN_SPEECH_SHARE, Arrays.toString(c.speechShare));
    assertTrue(c.speechShare[1] > 0.3, Arrays.toString(c.speechShare));
    assertEquals(2, choose(MultiTrackMedia.make(tmp, "silence-speech.mkv", Track.SILENCE, Track.SPEECH, -1)));
  }

  @Test
  void theLecturerOnTheFirstTrackStaysChosen() throws Exception {
    assertEquals(1, choose(MultiTrackMedia.make(tmp, "speech-silence.mp4", Track.SPEECH, Track.SILENCE, -1)));
  }

  @Test
  void speechOnBothTracksTakesTheOneMarkedDefault() throws Exception {
    Path f = MultiTrackMedia.make(tmp, "speech-speech.mkv", Track.SPEECH, Track.SPEECH, 1);
    MediaProbe.Result r = MediaProbe.probe(f);
    assertFalse(r.audioStreams.get(0).isDefault);
    assertTrue(r.audioStreams.get(1).isDefault);
    assertEquals(2, choose(f));
  }

  @Test
  void shortWindowsSpreadOverTheFileFindTheSpeechToo() throws Exception {
    Path f = MultiTrackMedia.make(tmp, "noise-speech.mp4", Track.NOISE, Track.SPEECH, -1);
    MediaProbe.Result r = MediaProbe.probe(f);
    // 3 windows of 2 s over 11 s: the seeking path long lectures take.
    SpeechTrackChooser sampled = new SpeechTrackChooser(3, 2.0);
    float[] hops = sampled.measure(f, 2, r.durationSeconds);
    assertEquals(3 * 2.0 / SpeechTrackChooser.HOP_SECONDS, hops.length, 15);
    assertEquals(2, sampled.choose(f, r.audioStreams, r.durationSeconds).streamIndex);
  }

  @Test
  void aSingleTrackIsNotScanned() throws Exception {
    Path f = Fixtures.lecture("lecture-clean.mp4");
    MediaProbe.Result r = MediaProbe.probe(f);
    assertEquals(1, r.audioStreams.size());
    SpeechTrackChooser.Choice c = new SpeechTrackChooser().choose(f, r.audioStreams, r.durationSeconds);
    assertEquals(r.audioStreamIndex, c.streamIndex);
    assertTrue(Double.isNaN(c.speechShare[0]), "not measured");
  }

  private static double meanDb(AudioLevels l) {
    double sum = 0;
    for (int i = 0; i < l.count(); i++) {
      sum += l.energy(i);
    }
    return 10 * Math.log10(sum / l.count());
  }

  @Test
  void levelsAreReadFromTheTrackAskedFor() throws Exception {
    Path f = MultiTrackMedia.make(tmp, "noise-speech.mp4", Track.NOISE, Track.SPEECH, -1);
    double room = meanDb(AudioLevelReader.read(f, 0.02, 1));
    double lapel = meanDb(AudioLevelReader.read(f, 0.02, 2));
    assertEquals(-51, room, 3);
    assertTrue(lapel > -25, "speech track at " + lapel + " dBFS");
  }
}
