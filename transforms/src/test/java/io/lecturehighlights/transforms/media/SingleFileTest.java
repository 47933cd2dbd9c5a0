package io.lecturehighlights.transforms.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.ingest.ContentFingerprint;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleFileTest {
  @Test
  void namesWithPatternCharactersMatchExactlyThemselves(@TempDir Path dir) throws Exception {
    // Files a pattern reading of the name would confuse with it: "[1]" as a class matches "1".
    Path bracketed = Files.writeString(dir.resolve("lecture [1].mp4"), "bracketed");
    Files.writeString(dir.resolve("lecture 1.mp4"), "the one a pattern finds");
    Path star = Files.writeString(dir.resolve("week*2 {a,b}?.mp4"), "star and braces");
    Files.writeString(dir.resolve("weekX2 {a,b}Y.mp4"), "same length, other name");

    MatchResult.Metadata m = SingleFile.metadata(bracketed.toString());
    assertEquals(bracketed.toString(), m.resourceId().toString());
    assertEquals("bracketed".length(), m.sizeBytes());
    MatchResult.Metadata s = SingleFile.metadata(star.toString());
    assertEquals("star and braces".length(), s.sizeBytes());

    assertThrows(FileNotFoundException.class, () -> SingleFile.metadata(dir.resolve("lecture [2].mp4").toString()));
    // The fingerprint reads the file the name says, not the one a pattern would find.
    assertEquals(ContentFingerprint.of(SingleFile.metadata(bracketed.toString()).resourceId().toString()),
        ContentFingerprint.of(bracketed.toString()));
  }

  @Test
  void plainNamesUseAnOrdinaryLookup(@TempDir Path dir) throws Exception {
    Path plain = Files.writeString(dir.resolve("lecture clean.mp4"), "x");
    assertEquals(1, SingleFile.metadata(plain.toString()).sizeBytes());
    assertFalse(SingleFile.hasSpecial("s3://bucket/fall-2026/lecture clean.mp4"));
    assertTrue(SingleFile.hasSpecial("s3://bucket/fall-2026/lecture [1].mp4"));
  }

  @Test
  void onlyThePathPartIsRewritten() {
    assertEquals("s3://b/k/lecture ?1?.mp4", SingleFile.literalPattern("s3://b/k/lecture [1].mp4"));
    assertEquals("/tmp/a?b??c?.mp4", SingleFile.literalPattern("/tmp/a*b{}c?.mp4"));
  }
}
