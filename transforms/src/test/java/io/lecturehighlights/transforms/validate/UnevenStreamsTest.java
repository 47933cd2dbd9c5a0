package io.lecturehighlights.transforms.validate;

import io.lecturehighlights.transforms.media.MediaProbe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.testing.GeneratedMedia;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recordings whose audio and video streams end at different times (the screen recording stopped before the
 * microphone, audio that starts late) are valid lectures as long as the longest stream's duration; only data that
 * is really missing makes a file {@code truncated_file}.
 */
class UnevenStreamsTest {
  private final UploadValidator validator = new UploadValidator(ValidationConfig.defaults());

  @TempDir Path dir;

  private static final String VIDEO = "testsrc=size=96x64:rate=10";
  private static final String[] H264 = {"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"};

  /** {@code videoSeconds} of test pattern and {@code audioSeconds} of tone, muxed with the given extra options. */
  private Path make(String name, double videoSeconds, double audioSeconds, String... extra) throws Exception {
    List<String> a = new ArrayList<>(List.of("-f", "lavfi", "-i", VIDEO + ":duration=" + videoSeconds,
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=" + audioSeconds));
    a.addAll(List.of(H264));
    a.addAll(List.of("-c:a", "aac", "-b:a", "24k"));
    a.addAll(List.of(extra));
    return GeneratedMedia.ffmpeg(dir.resolve(name), a.toArray(String[]::new));
  }

  private MediaInfo accept(Path file) throws StageException {
    return validator.validate(UploadValidatorTest.event(file.toString()));
  }

  private StageException reject(Path file) {
    return assertThrows(StageException.class, () -> accept(file));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // audio runs on 8 s after the screen recording stopped, moov at the end and at the front
    "audio-longer.mp4, 20, 28, 28.0, ''",
    "audio-longer-faststart.mp4, 20, 28, 28.0, -movflags +faststart",
    "audio-longer.mkv, 20, 28, 28.0, ''",
    // the reverse: the microphone stopped first
    "video-longer.mp4, 28, 20, 28.0, ''",
    "video-longer.mkv, 28, 20, 28.0, ''"
  })
  void streamsEndingAtDifferentTimesAreAcceptedWithTheLongestDuration(String name, double video, double audio,
      double duration, String extra) throws Exception {
    Path f = make(name, video, audio, extra.isBlank() ? new String[0] : extra.split(" "));
    MediaInfo m = accept(f);
    assertEquals(duration, m.getDurationSeconds(), 0.1, name);
    MediaProbe.Result r = MediaProbe.probe(f);
    assertEquals(video, r.videoEndSeconds, 0.1, "video end of " + name);
    assertEquals(audio, r.audioEndSeconds, 0.1, "audio end of " + name);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"audio-late.mp4", "audio-late.mkv", "audio-late.mov"})
  void audioStartingThreeSecondsLateIsAccepted(String name) throws Exception {
    // -itsoffset: the audio stream itself starts at 3 s (an edit list in MP4), the file's time line at 0. Its end
    // was measured from its own start (20 s) and compared with the file's 23 s: rejected as truncated_file.
    Path f = GeneratedMedia.ffmpeg(dir.resolve(name), "-f", "lavfi", "-i", VIDEO + ":duration=20", "-itsoffset", "3",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=20", H264[0], H264[1], H264[2], H264[3],
        H264[4], H264[5], "-c:a", "aac", "-b:a", "24k");
    MediaInfo m = accept(f);
    assertEquals(23.0, m.getDurationSeconds(), 0.1);
    MediaProbe.Result r = MediaProbe.probe(f);
    assertEquals(20.0, r.videoEndSeconds, 0.1);
    assertEquals(23.0, r.audioEndSeconds, 0.1);
  }

  @Test
  void audioDelayedWithSilenceIsAccepted() throws Exception {
    Path f = make("audio-adelay.mp4", 20, 20, "-af", "adelay=3000:all=1");
    assertEquals(23.0, accept(f).getDurationSeconds(), 0.1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"audio-runs-on.mp4", "audio-runs-on.mkv"})
  void audioRunningOnLongAfterAShortVideoIsAccepted(String name) throws Exception {
    // 5 s of video, 70 s of Opus in 2.5 ms packets: 28,000 audio packets after the video's end. Seeking with the
    // default (video) stream lands at most at its last key frame, and the old end scan gave up after 20,000
    // packets, ~50 s in: "truncated_file: the container declares 70.0 s but media data ends at 49.9 s".
    Path f = GeneratedMedia.ffmpeg(dir.resolve(name), "-f", "lavfi", "-i", VIDEO + ":duration=5",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=70", H264[0], H264[1], H264[2], H264[3],
        H264[4], H264[5], "-c:a", "libopus", "-b:a", "16k", "-frame_duration", "2.5");
    MediaInfo m = accept(f);
    assertEquals(70.0, m.getDurationSeconds(), 0.1);
    MediaProbe.Result r = MediaProbe.probe(f);
    assertEquals(5.0, r.videoEndSeconds, 0.1);
    assertEquals(70.0, r.audioEndSeconds, 0.1);
  }

  @Test
  void unevenStreamsThatAreReallyCutAreStillTruncated() throws Exception {
    // Faststart MP4: the index at the front still lists the lost samples, so it points past the end of the file.
    Path fast = GeneratedMedia.cut(make("uneven-fs.mp4", 20, 28, "-movflags", "+faststart"), 0.6,
        dir.resolve("uneven-fs-cut.mp4"));
    StageException e = reject(fast);
    assertEquals(RejectionReasons.TRUNCATED_FILE, e.reason());
    assertTrue(e.getMessage().contains("index points past the end of the file"), e.getMessage());
    assertTrue(MediaProbe.probe(fast).missingDataFromSeconds < 20, "the data is missing from mid-file");

    // Matroska declares only the whole file's duration: the data stops well before it.
    Path mkv = GeneratedMedia.cut(make("uneven.mkv", 20, 28), 0.6, dir.resolve("uneven-cut.mkv"));
    e = reject(mkv);
    assertEquals(RejectionReasons.TRUNCATED_FILE, e.reason());
    assertTrue(e.getMessage().matches(".*declares 28\\.\\d s but media data ends at 1\\d\\.\\d s.*"), e.getMessage());
  }
}
