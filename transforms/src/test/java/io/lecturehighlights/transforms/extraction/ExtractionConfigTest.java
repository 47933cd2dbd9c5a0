package io.lecturehighlights.transforms.extraction;

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
    assertEquals(5, d.maxClips);
    assertEquals(300, d.maxTotalSeconds);
    assertEquals(20, d.minClipSeconds);
    assertEquals(120, d.maxClipSeconds);
    assertEquals(0.75, d.cutSilencesLongerThan);
    assertEquals(0.2, d.marginSeconds);
    assertEquals(0.0, d.minImportance);
    ExtractionConfig c = d.withClipSeconds(5, 12).withMaxClips(3).withMarginSeconds(0.1);
    assertEquals(5, c.minClipSeconds);
    assertEquals(12, c.maxClipSeconds);
    assertEquals(3, c.maxClips);
    assertEquals(0.1, c.marginSeconds);
    assertEquals(20, d.minClipSeconds, "withX copies");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(c.describe(), ((ExtractionConfig) in.readObject()).describe());
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
    ExtractionConfig direct = ExtractionConfig.defaults();
    direct.maxClipSeconds = 10;
    assertThrows(IllegalArgumentException.class, direct::checked);
  }
}
