package io.lecturehighlights.transforms.rendering;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.media.AudioLevels;
import io.lecturehighlights.transforms.testing.MultiTrackMedia;
import io.lecturehighlights.transforms.testing.MultiTrackMedia.Track;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clip of a two-track recording carries the sound of the track chosen at validation. */
class ClipAudioTrackTest {
  @TempDir Path tmp;

  private static double meanDb(Path clip) throws Exception {
    AudioLevels l = AudioLevelReader.read(clip, 0.02);
    double sum = 0;
    for (int i = 0; i < l.count(); i++) {
      sum += l.energy(i);
    }
    return 10 * Math.log10(sum / l.count() + 1e-12);
  }

  @Test
  void theClipsSoundComesFromTheChosenTrack() throws Exception {
    Path source = MultiTrackMedia.make(tmp, "room-lapel.mp4", Track.SILENCE, Track.SPEECH, -1);
    // Stream 1, not the default: JavaCV's own pick is the first audio stream without a disposition.
    Clip first = new ClipRenderer(RenderConfig.defaults()).audioStream(1).render("tracks", source,
        RenderFixtures.kept(new double[] {2.0, 5.0}), null, null, tmp.resolve("first"), 1);
    Clip chosen = new ClipRenderer(RenderConfig.defaults()).audioStream(2).render("tracks", source,
        RenderFixtures.kept(new double[] {2.0, 5.0}), null, null, tmp.resolve("chosen"), 1);
    double silent = meanDb(Path.of(first.getVideoUri()));
    double speech = meanDb(Path.of(chosen.getVideoUri()));
    assertTrue(silent < -80, "first track " + silent + " dBFS");
    assertTrue(speech > -30, "chosen track " + speech + " dBFS");
  }
}
