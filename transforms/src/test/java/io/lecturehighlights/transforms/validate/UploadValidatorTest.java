package io.lecturehighlights.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadValidatorTest {
  private final UploadValidator validator = new UploadValidator(ValidationConfig.defaults());

  static UploadEvent event(String uri) {
    return UploadEvent.newBuilder()
        .setJobId("job-1")
        .setVideoUri(uri)
        .setMetadata(LectureMetadata.newBuilder().build())
        .setSource("test")
        .setReceivedAtMillis(0)
        .build();
  }

  private String reject(UploadValidator v, String uri) {
    StageException e = assertThrows(StageException.class, () -> v.validate(event(uri)));
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    return e.reason() + ": " + e.getMessage();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "empty.mp4, empty_file",
    "notes-named-as-video.mp4, not_a_video",
    "truncated-moov-missing.mp4, corrupt_container",
    "truncated-faststart.mp4, truncated_file",
    "no-audio.mp4, no_audio_stream",
    "audio-only-wav-named.mp4, unsupported_container",
    "slides.gif, unsupported_extension"
  })
  void malformedFixturesAreRejectedWithTheirReason(String file, String reason) {
    String got = reject(validator, Fixtures.malformed(file).toString());
    assertTrue(got.startsWith(reason + ": "), got);
  }

  @Test
  void goodLectureIsProbed() throws Exception {
    MediaInfo m = validator.validate(event(Fixtures.lecture("lecture-clean.mp4").toString()));
    double truth = Fixtures.truth("lecture-clean.mp4").get("durationSeconds").asDouble();
    assertEquals(truth, m.getDurationSeconds(), 0.1);
    assertEquals("h264", m.getVideoCodec());
    assertEquals("aac", m.getAudioCodec());
    assertEquals(1280, m.getWidth());
    assertEquals(720, m.getHeight());
    assertEquals(25.0, m.getFrameRate(), 0.01);
    assertEquals(Files.size(Fixtures.lecture("lecture-clean.mp4")), m.getSizeBytes());
    assertTrue(m.getContainer().contains("mp4"));
  }

  @Test
  void audioOnlyLectureIsValidWithoutVideo() throws Exception {
    MediaInfo m = validator.validate(event(Fixtures.lecture("lecture-audio-only.m4a").toString()));
    assertNull(m.getVideoCodec());
    assertNull(m.getWidth());
    assertEquals("aac", m.getAudioCodec());
  }

  @Test
  void missingFile() {
    String got = reject(validator, Fixtures.testdata().resolve("lectures/nope.mp4").toString());
    assertTrue(got.startsWith("missing_file: file not found"), got);
  }

  @Test
  void directoryIsNotAFile(@TempDir Path dir) throws Exception {
    Path d = Files.createDirectory(dir.resolve("folder.mp4"));
    assertTrue(reject(validator, d.toString()).startsWith("not_a_file"));
  }

  @Test
  void unsafeNames() {
    assertTrue(reject(validator, "/data/../etc/passwd.mp4").startsWith("unsafe_name: location uses path traversal"));
    assertTrue(reject(validator, "s3://bucket/a/../../b.mp4").startsWith("unsafe_name"));
    String ctl = reject(validator, "/data/lecture\u0007.mp4");
    assertTrue(ctl.startsWith("unsafe_name: location contains control character U+0007"), ctl);
    assertTrue(reject(validator, "/data/line\nbreak.mp4").startsWith("unsafe_name"));
  }

  @Test
  void unsafeNameIsCheckedBeforeTheFileIsTouched(@TempDir Path dir) throws Exception {
    // Even an existing, valid video is refused when its name carries a control character.
    Path weird = dir.resolve("lecture\u0001.mp4");
    Files.copy(Fixtures.lecture("lecture-clean.mp4"), weird);
    assertTrue(reject(validator, weird.toString()).startsWith("unsafe_name"));
  }

  @Test
  void invalidJobId() {
    UploadEvent e = UploadEvent.newBuilder(event(Fixtures.lecture("lecture-clean.mp4").toString()))
        .setJobId("../../x").build();
    StageException ex = assertThrows(StageException.class, () -> validator.validate(e));
    assertEquals("invalid_job_id", ex.reason());
  }

  @Test
  void unsupportedOrMissingExtension() {
    assertTrue(reject(validator, "/data/notes.txt").startsWith("unsupported_extension: extension '.txt'"));
    assertTrue(reject(validator, "/data/lecture").startsWith("unsupported_extension: file has no extension"));
  }

  @Test
  void limitsAreConfigurable() {
    UploadValidator shortLimit = new UploadValidator(new ValidationConfig(10.0, 8L << 30));
    String got = reject(shortLimit, Fixtures.lecture("lecture-clean.mp4").toString());
    assertTrue(got.startsWith("duration_too_long: duration 0:00:4"), got);
    UploadValidator sizeLimit = new UploadValidator(new ValidationConfig(3600, 1000));
    assertTrue(reject(sizeLimit, Fixtures.lecture("lecture-clean.mp4").toString()).startsWith("file_too_large"));
  }

  @Test
  void textDetection() {
    byte[] text = "hello, lecture notes\n".getBytes();
    assertTrue(UploadValidator.looksLikeText(text, text.length));
    byte[] bin = {0, 0, 0, 0x18, 'f', 't', 'y', 'p'};
    assertTrue(!UploadValidator.looksLikeText(bin, bin.length));
    assertEquals("MP4/QuickTime", UploadValidator.knownContainerSignature(bin, 12));
  }
}
