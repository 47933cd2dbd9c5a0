package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.media.MediaProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingBenchmarkTest {
  @Test
  void childrenCpuComesFromCutimeAndCstime() throws Exception {
    // A command name with spaces and parentheses must not shift the fields.
    String stat = "4242 (java (lhx) x) S 1 4242 4242 0 -1 4194560 100 200 0 0 350 120 1234 567 20 0 40 0 100 "
        + "5000000 3000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
    assertEquals(18.01, ScalingBenchmark.Child.childrenCpuSeconds(stat), 1e-9);
    // This process's own line parses (a JVM has waited for no child here, or a few).
    double own = ScalingBenchmark.Child.childrenCpuSeconds(Files.readString(Path.of("/proc/self/stat")));
    assertTrue(own >= 0, "children CPU " + own);
  }

  @Test
  void pinningGivesEachSlotOneCore() throws Exception {
    assertEquals(List.of(), ScalingBenchmark.pinning(2, false, 2));
    assertEquals(List.of("taskset", "-c", "0"), ScalingBenchmark.pinning(1, true, 2));
    assertEquals(List.of("taskset", "-c", "0-3"), ScalingBenchmark.pinning(4, true, 8));
    assertThrows(IllegalArgumentException.class, () -> ScalingBenchmark.pinning(3, true, 2));
    // The prefix really restricts a process: a pinned child sees one processor.
    Process p = new ProcessBuilder(concat(ScalingBenchmark.pinning(1, true, 2), "nproc")).start();
    assertEquals("1", new String(p.getInputStream().readAllBytes()).trim());
    assertEquals(0, p.waitFor());
  }

  private static List<String> concat(List<String> prefix, String... cmd) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(List.of(cmd));
    return all;
  }

  @Test
  void longLecturesAreBuiltOncePerFixtureAndLength(@TempDir Path dir) throws Exception {
    Path noisy = ScalingBenchmark.longLecture(Fixtures.lecture("lecture-noisy.mp4"), dir, 1);
    Path audio = ScalingBenchmark.longLecture(Fixtures.lecture("lecture-audio-only.m4a"), dir, 1);
    assertEquals("lecture-noisy-1min.mp4", noisy.getFileName().toString());
    assertEquals("lecture-audio-only-1min.m4a", audio.getFileName().toString());
    MediaProbe.Result n = MediaProbe.probe(noisy);
    assertEquals(60, n.durationSeconds, 0.5);
    assertEquals(960, n.width); // the fixture's own encoding, copied
    assertEquals(60, MediaProbe.probe(audio).durationSeconds, 0.5);
    long modified = Files.getLastModifiedTime(noisy).toMillis();
    assertEquals(noisy, ScalingBenchmark.longLecture(Fixtures.lecture("lecture-noisy.mp4"), dir, 1));
    assertEquals(modified, Files.getLastModifiedTime(noisy).toMillis(), "rebuilt instead of reused");
    try (var s = Files.list(dir)) {
      assertEquals(2, s.count(), "only the two lectures are left (no lists, no partial files)");
    }
  }
}
