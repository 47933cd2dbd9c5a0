package io.lecturehighlights.transforms.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lecturehighlights.transforms.rendering.SubtitleCues.Cue;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebVttTest {
  @TempDir Path dir;

  @Test
  void writesAndReadsBackCues() throws Exception {
    List<Cue> cues = List.of(new Cue(0.5, 1.25, List.of("Forces <always> come", "in pairs & more")),
        new Cue(3725.004, 3726.5, List.of("an hour --> later")));
    Path f = dir.resolve("c.vtt");
    WebVtt.write(cues, f);
    String text = Files.readString(f);
    assertEquals("WEBVTT\n\n1\n00:00:00.500 --> 00:00:01.250\nForces &lt;always&gt; come\nin pairs &amp; more\n\n"
        + "2\n01:02:05.004 --> 01:02:06.500\nan hour -&gt; later\n", text);
    List<Cue> back = WebVtt.read(f);
    assertEquals(2, back.size());
    assertEquals(cues.get(0), back.get(0));
    assertEquals(List.of("an hour -> later"), back.get(1).lines());
    assertEquals(3725.004, back.get(1).start(), 1e-9);
  }

  @Test
  void readsAnotherToolsFile() throws Exception {
    // The clean fixture's captions, written by the fixture generator.
    List<Cue> cues = WebVtt.read(Fixtures.lecture("lecture-clean.vtt"));
    assertEquals(Fixtures.truth("lecture-clean.mp4").get("sentences").size(), cues.size());
    assertEquals(1.5, cues.get(0).start(), 0.001);
  }

  @Test
  void rejectsFilesWithoutHeader() throws Exception {
    Path f = dir.resolve("x.vtt");
    Files.writeString(f, "1\n00:00:01.000 --> 00:00:02.000\nhi\n");
    assertThrows(IOException.class, () -> WebVtt.read(f));
  }
}
