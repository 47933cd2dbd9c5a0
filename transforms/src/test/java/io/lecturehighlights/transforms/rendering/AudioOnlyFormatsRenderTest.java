package io.lecturehighlights.transforms.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.GeneratedMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A clip rendered from an audio-only lecture in an audio format (MP3 with embedded cover art, Opus in Ogg) is an
 * audiogram with the lecture's speech, like a clip of the .m4a audio-only lecture: the cover art is not a picture
 * to show.
 */
class AudioOnlyFormatsRenderTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"podcast.mp3", "lecture.opus"})
  void audioOnlyFormatBecomesAnAudiogramWithItsSpeech(String name) throws Exception {
    Path speech = Fixtures.sharedMedia().resolve("audio/jfk/jfk.wav");
    Assumptions.assumeTrue(Files.isRegularFile(speech), "skipped: real speech not found at " + speech);
    Path source;
    if (name.endsWith(".mp3")) {
      // A bright test pattern as cover art: the clip must not show it.
      Path cover = GeneratedMedia.ffmpeg(dir.resolve("cover.png"), "-f", "lavfi", "-i", "testsrc=size=160x160",
          "-frames:v", "1");
      source = GeneratedMedia.ffmpeg(dir.resolve(name), "-i", speech.toString(), "-i", cover.toString(), "-t", "6",
          "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-b:a", "48k", "-c:v", "png",
          "-disposition:v", "attached_pic", "-id3v2_version", "3");
    } else {
      source = GeneratedMedia.ffmpeg(dir.resolve(name), "-i", speech.toString(), "-t", "6", "-c:a", "libopus",
          "-b:a", "24k");
    }
    Transcript transcript = Transcript.newBuilder().setJobId("jfk").setEngine("truth")
        .setSegments(List.of(new TranscriptSegment(0.3, 5.9, "And so my fellow Americans, ask not what your country"
            + " can do for you")))
        .build();
    Clip clip = new ClipRenderer(RenderConfig.defaults()).render("jfk", source, RenderFixtures.kept(1.0, 4.0),
        null, transcript, dir.resolve("out"), 1);

    assertEquals("vertical", clip.getLayout());
    assertEquals(720, clip.getWidth());
    assertEquals(1280, clip.getHeight());
    assertEquals(3.0, clip.getDurationSeconds(), 0.1);
    List<SubtitleCues.Cue> cues = WebVtt.read(Path.of(clip.getSubtitlesUri()));
    assertFalse(cues.isEmpty());
    double shown = (cues.get(0).start() + cues.get(0).end()) / 2;
    DecodedClip d = DecodedClip.decode(Path.of(clip.getVideoUri()), shown);
    assertEquals(3.0, d.videoSeconds(), 1 / d.fps + 1e-9);
    assertEquals(3.0, d.audioSeconds(), 0.05, "audio length");
    double rms = 0;
    for (float s : d.audio) {
      rms += s * s;
    }
    double db = 20 * Math.log10(Math.sqrt(rms / Math.max(1, d.audio.length)));
    assertTrue(db > -35, String.format(Locale.ROOT, "the speech is in the clip: %.1f dBFS", db));

    // An audiogram: the plan for a source without video, and a dark plain frame with the subtitles in their band.
    RenderLayout plan = RenderLayout.plan(null, 0, 0, false, RenderConfig.defaults());
    assertEquals(RenderLayout.AUDIOGRAM, plan.kind);
    int[] frame = d.luma.get(shown);
    assertTrue(mean(frame, d.width, 0, plan.subtitleTop - 10) < 40, "plain dark background, not the cover art");
    assertEquals(0, bright(frame, d.width, 0, plan.subtitleTop - 10), "nothing bright above the subtitles");
    assertTrue(bright(frame, d.width, plan.subtitleTop, plan.subtitleBottom) > 1000, "subtitles are drawn");
  }

  private static int bright(int[] a, int width, int y0, int y1) {
    int n = 0;
    for (int i = y0 * width; i < y1 * width; i++) {
      if (a[i] > 220) {
        n++;
      }
    }
    return n;
  }

  private static double mean(int[] a, int width, int y0, int y1) {
    long s = 0;
    for (int i = y0 * width; i < y1 * width; i++) {
      s += a[i];
    }
    return s / (double) ((y1 - y0) * width);
  }
}
