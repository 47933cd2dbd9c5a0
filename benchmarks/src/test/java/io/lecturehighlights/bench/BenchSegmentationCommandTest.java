package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lhx bench segmentation} on a folder of small transcripts with planted boundaries. */
class BenchSegmentationCommandTest {
  private static final String[][] TOPICS = {
    {"pendulum", "oscillation", "period", "amplitude", "frequency", "spring"},
    {"photosynthesis", "chlorophyll", "leaf", "sunlight", "glucose", "plant"},
    {"recursion", "function", "stack", "compiler", "variable", "pointer"},
  };

  private static String[] run(String... args) {
    return LhxRun.run(args);
  }

  private static void write(Path file, int sentencesPerTopic) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String[] topic : TOPICS) {
      lines.add("==========");
      for (int i = 0; i < sentencesPerTopic; i++) {
        lines.add("The " + topic[i % 6] + " and the " + topic[(i + 2) % 6] + " with a " + topic[(i + 3) % 6] + " .");
      }
    }
    lines.add("==========");
    Files.write(file, lines);
  }

  @Test
  void benchSegmentationHasHelp() {
    String[] r = run("bench", "segmentation", "--help");
    assertEquals("0", r[0]);
    assertTrue(r[1].contains("--dir") && r[1].contains("--skip-timing"), r[1]);
    assertTrue(run("bench", "--help")[1].contains("segmentation"));
  }

  @Test
  void scoresEveryTranscriptAndEndsWithTheMean(@TempDir Path dir) throws Exception {
    write(dir.resolve("A01.ref"), 40);
    write(dir.resolve("A02.dev"), 40);
    Files.writeString(dir.resolve("notes.txt"), "not a transcript");
    String[] r = run("bench", "segmentation", "--dir", dir.toString(), "--minutes", "5");
    assertEquals("0", r[0], r[1]);
    String out = r[1];
    assertTrue(out.contains("| A01.ref | 120 | 0.000 | 0.000 | 3 | 3 |"), out);
    assertTrue(out.contains("| A02.dev | 120 | 0.000 | 0.000 | 3 | 3 |"), out);
    assertTrue(out.contains("dev files only (1, the tuning set): Pk=0.000"), out);
    assertTrue(out.matches("(?s).*5-minute transcript \\(\\d+ sentences, \\d+ slide changes\\): offline content "
        + "analysis \\d+ ms.*"), out);
    String[] lines = out.strip().split("\\R");
    assertTrue(lines[lines.length - 1].matches("mean Pk=\\d\\.\\d{3} WindowDiff=\\d\\.\\d{3}"), lines[lines.length - 1]);
    assertEquals("mean Pk=0.000 WindowDiff=0.000", lines[lines.length - 1]);
  }

  @Test
  void emptyFolderIsUnusableInput(@TempDir Path dir) {
    assertEquals("2", run("bench", "segmentation", "--dir", dir.toString())[0]);
    assertEquals("2", run("bench", "segmentation", "--dir", dir.resolve("absent").toString())[0]);
  }
}
