package io.lecturehighlights.transforms.extraction;

import static io.lecturehighlights.transforms.common.ConfigValues.assertWitherChangesOnly;
import static io.lecturehighlights.transforms.common.ConfigValues.assertWitherChangesOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ExtractionConfigTest {
  @Test
  void defaultsAndCopies() throws Exception {
    ExtractionConfig d = ExtractionConfig.defaults();
    assertEquals(5, d.maxClips());
    assertEquals(300, d.maxTotalSeconds());
    assertEquals(20, d.minClipSeconds());
    assertEquals(120, d.maxClipSeconds());
    assertEquals(0.75, d.cutSilencesLongerThan());
    assertEquals(0.2, d.marginSeconds());
    assertEquals(0.0, d.minImportance());
    ExtractionConfig c = d.withClipSeconds(5, 12).withMaxClips(3).withMarginSeconds(0.1);
    assertEquals(5, c.minClipSeconds());
    assertEquals(12, c.maxClipSeconds());
    assertEquals(3, c.maxClips());
    assertEquals(0.1, c.marginSeconds());
    assertEquals(20, d.minClipSeconds(), "withX copies");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(c, in.readObject());
    }
  }

  @Test
  void settingsThatCannotWorkAreRejected() {
    ExtractionConfig d = ExtractionConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withMaxClips(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withClipSeconds(30, 20));
    assertThrows(IllegalArgumentException.class, () -> d.withMinClipSeconds(0));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxClipSeconds(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> d.withCutSilencesLongerThan(0));
    assertThrows(IllegalArgumentException.class, () -> d.withMarginSeconds(-0.1));
    assertThrows(IllegalArgumentException.class, () -> d.withMinImportance(1.5));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxTotalSeconds(-1));
    // The constructor checks too, so no config that cannot work exists at all.
    assertThrows(IllegalArgumentException.class, () -> new ExtractionConfig(5, 300, 20, 10, 0.75, 0.2, 0));
  }

  @Test
  void eachWitherChangesOnlyItsOwnValuesAndLeavesTheOriginal() {
    ExtractionConfig d = ExtractionConfig.defaults();
    assertEquals(3, assertWitherChangesOnly(d, c -> c.withMaxClips(3), "maxClips").maxClips());
    assertEquals(100,
        assertWitherChangesOnly(d, c -> c.withMaxTotalSeconds(100), "maxTotalSeconds").maxTotalSeconds());
    ExtractionConfig both =
        assertWitherChangesOnly(d, c -> c.withClipSeconds(5, 12), "minClipSeconds", "maxClipSeconds");
    assertEquals(5, both.minClipSeconds());
    assertEquals(12, both.maxClipSeconds());
    assertEquals(10, assertWitherChangesOnly(d, c -> c.withMinClipSeconds(10), "minClipSeconds").minClipSeconds());
    assertEquals(90, assertWitherChangesOnly(d, c -> c.withMaxClipSeconds(90), "maxClipSeconds").maxClipSeconds());
    assertEquals(1.5, assertWitherChangesOnly(d, c -> c.withCutSilencesLongerThan(1.5), "cutSilencesLongerThan")
        .cutSilencesLongerThan());
    assertEquals(0.1, assertWitherChangesOnly(d, c -> c.withMarginSeconds(0.1), "marginSeconds").marginSeconds());
    assertEquals(0.4,
        assertWitherChangesOnly(d, c -> c.withMinImportance(0.4), "minImportance").minImportance());
  }
}
