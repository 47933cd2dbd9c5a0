package io.lecturehighlights.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.silence.SilenceConfig;
import io.lecturehighlights.transforms.silence.SilenceDetector;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real lecture recordings from ../shared/testmedia (see its MANIFEST.md): accepted, probed right, analysed sanely. */
class RealRecordingsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "video/opencast-eth-lecture/av.mov, 10.4, 640, 480",
    "video/opencast-eth-lecture/segment_0.mp4, 11.1, 640, 480",
    "video/opencast-eth-lecture/ingest_av.mov, 15.0, 640, 480",
    "video/matterhorn-sidebyside/CAMERA.mp4, 5.0, 960, 720",
    "video/matterhorn-sidebyside/SCREEN.mp4, 5.1, 1200, 900"
  })
  void realLectureVideosPassValidationWithTheirDocumentedShape(String file, double duration, int w, int h)
      throws Exception {
    Path media = Fixtures.sharedMedia().resolve(file);
    MediaInfo m = new UploadValidator(ValidationConfig.defaults()).validate(UploadValidatorTest.event(media.toString()));
    assertEquals(duration, m.getDurationSeconds(), 0.1);
    assertEquals(w, m.getWidth());
    assertEquals(h, m.getHeight());
    assertEquals("aac", m.getAudioCodec());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"video/opencast-eth-lecture/av.mov", "video/opencast-eth-lecture/ingest_av.mov"})
  void realLectureSpeechIsMostlySpeech(String file) throws Exception {
    // MANIFEST.md: speech throughout. Pauses between phrases may be found, but most of the time is speech.
    SilenceDetector.Analysis a = new SilenceDetector(SilenceConfig.defaults())
        .detect(AudioLevelReader.read(Fixtures.sharedMedia().resolve(file), 0.01));
    assertTrue(a.speechRatio > 0.5, "speech ratio " + a.speechRatio + " silences " + a.silences);
    assertTrue(a.speechLevelDb - a.noiseFloorDb > 15, "floor " + a.noiseFloorDb + " speech " + a.speechLevelDb);
  }
}
