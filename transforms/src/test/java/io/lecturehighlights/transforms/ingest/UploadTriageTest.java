package io.lecturehighlights.transforms.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.UploadEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadTriageTest {
  private static UploadEvent event(String jobId, String uri, String version) {
    return UploadEvent.newBuilder().setJobId(jobId).setVideoUri(uri).setObjectVersion(version)
        .setMetadata(io.lecturehighlights.schemas.LectureMetadata.newBuilder().build()).setSource("test")
        .setReceivedAtMillis(0).build();
  }

  @Test
  void aReuploadIsANewUploadARepeatIsNot() {
    assertEquals(UploadTriage.identity(event("j", "/a.mp4", null)), UploadTriage.identity(event("j", "/b.mp4", null)));
    assertNotEquals(UploadTriage.identity(event("j", "/a.mp4", "v1")), UploadTriage.identity(event("j", "/a.mp4", "v2")));
    assertNotEquals(UploadTriage.identity(event("j", "/a.mp4", null)), UploadTriage.identity(event("k", "/a.mp4", null)));
  }

  @Test
  void unchangedNeedsTheSameJobAndContent(@TempDir Path dir) throws Exception {
    Path f = Files.write(dir.resolve("lecture.mp4"), new byte[4096]);
    String fp = UploadTriage.fingerprint(event("j", f.toString(), null));
    assertNotNull(fp);
    assertTrue(UploadTriage.unchanged("j", fp, Map.of("j", fp)));
    assertFalse(UploadTriage.unchanged("k", fp, Map.of("j", fp)));
    Files.write(f, new byte[4097]);
    assertFalse(UploadTriage.unchanged("j", UploadTriage.fingerprint(event("j", f.toString(), null)), Map.of("j", fp)));
    // Unreadable or unsafe locations have no fingerprint, so they are never skipped: validation says what is wrong.
    assertNull(UploadTriage.fingerprint(event("j", dir.resolve("missing.mp4").toString(), null)));
    assertFalse(UploadTriage.unchanged("j", null, Map.of("j", fp)));
  }
}
