package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.validate.RejectionReasons;
import io.lecturehighlights.transforms.validate.UploadValidator;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote probe reads the head and tail through Beam's FileSystems (here on local files, the same channel code
 * as s3://) and must reach the verdict and duration of validating the whole file.
 */
class HeadTailProbeTest {
  @TempDir Path tmp;

  private static UploadEvent event(Path file) {
    return UploadEvent.newBuilder().setJobId("probe").setVideoUri(file.toString())
        .setMetadata(LectureMetadata.newBuilder().build()).setSource("test").setReceivedAtMillis(0).build();
  }

  @Test
  void headAndTailGiveTheWholeFilesDuration() throws Exception {
    Path clean = Fixtures.lecture("lecture-clean.mp4").toAbsolutePath();
    MediaInfo whole = new UploadValidator(ValidationConfig.defaults()).validate(event(clean));
    HeadTailProbe probe = new HeadTailProbe(ValidationConfig.defaults(), 32 * 1024, tmp);
    MediaInfo partial = probe.validate(event(clean));
    assertEquals(whole.getDurationSeconds(), partial.getDurationSeconds(), 1e-9);
    assertEquals(Files.size(clean), partial.getSizeBytes());
    assertEquals(Fixtures.truth("lecture-clean.mp4").path("durationSeconds").asDouble(),
        partial.getDurationSeconds(), 0.05);
    assertTrue(probe.bytesRead() < Files.size(clean) / 4, "read " + probe.bytesRead() + " bytes");
    try (var left = Files.list(tmp)) {
      assertEquals(0, left.count(), "the sparse copy is deleted");
    }
  }

  @Test
  void moovAtTheEndIsFoundInTheTail() throws Exception {
    // The same lecture remuxed without faststart: the index (moov) after the media data.
    Path clean = Fixtures.lecture("lecture-clean.mp4").toAbsolutePath();
    Path late = tmp.resolve("moov-at-end.mp4");
    String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    Process p = new ProcessBuilder(ffmpeg, "-v", "error", "-y", "-i", clean.toString(), "-c", "copy", late.toString())
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));
    byte[] head = new byte[64];
    try (var in = Files.newInputStream(late)) {
      in.readNBytes(head, 0, head.length);
    }
    assertTrue(!new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).contains("moov"),
        "moov is not at the start");
    Path probeDir = Files.createDirectory(tmp.resolve("probe"));
    HeadTailProbe probe = new HeadTailProbe(ValidationConfig.defaults(), 64 * 1024, probeDir);
    MediaInfo partial = probe.validate(event(late));
    MediaInfo whole = new UploadValidator(ValidationConfig.defaults()).validate(event(late));
    assertEquals(whole.getDurationSeconds(), partial.getDurationSeconds(), 1e-9);
    assertTrue(probe.bytesRead() < Files.size(late) / 2, "read " + probe.bytesRead() + " bytes");
  }

  @Test
  void rejectionsMatchTheValidateStage() {
    HeadTailProbe probe = new HeadTailProbe(ValidationConfig.defaults(), 8 * 1024, tmp);
    StageException truncated = assertThrows(StageException.class,
        () -> probe.validate(event(Fixtures.malformed("truncated-faststart.mp4").toAbsolutePath())));
    assertEquals(RejectionReasons.TRUNCATED_FILE, truncated.reason());
    StageException noAudio = assertThrows(StageException.class,
        () -> probe.validate(event(Fixtures.malformed("no-audio.mp4").toAbsolutePath())));
    assertEquals(RejectionReasons.NO_AUDIO_STREAM, noAudio.reason());
    StageException missing = assertThrows(StageException.class,
        () -> probe.validate(event(tmp.resolve("gone.mp4"))));
    assertEquals(RejectionReasons.MISSING_FILE, missing.reason());
    long before = probe.bytesRead();
    StageException gif = assertThrows(StageException.class,
        () -> probe.validate(event(Fixtures.malformed("slides.gif").toAbsolutePath())));
    assertEquals(RejectionReasons.UNSUPPORTED_EXTENSION, gif.reason());
    assertEquals(before, probe.bytesRead(), "an unsupported name is rejected without reading");
    // Too long for a 10-second limit: the duration comes from the header.
    HeadTailProbe strict = new HeadTailProbe(new ValidationConfig(10, 8L << 30), 32 * 1024, tmp);
    StageException tooLong = assertThrows(StageException.class,
        () -> strict.validate(event(Fixtures.lecture("lecture-clean.mp4").toAbsolutePath())));
    assertEquals(RejectionReasons.DURATION_TOO_LONG, tooLong.reason());
  }
}
