package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration reference lists every job option with the default the job really has. */
class ConfigurationDocTest {
  @Test
  void everyJobOptionIsDocumentedWithItsDefault() throws IOException {
    // Tests run in pipeline/; the docs are at the repository root.
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "configuration.md"));
    for (JobOptions.Declared d : JobOptions.DECLARED) {
      String row = lines.stream().filter(l -> l.startsWith("| `" + d.name() + "`")
          || l.startsWith("| `" + d.name() + " ")).findFirst().orElse(null);
      assertTrue(row != null, d.name() + " is missing from docs/configuration.md");
      if (d.defaultText() != null && !d.defaultText().isEmpty()) {
        // Cells are split at unescaped pipes ("vertical\\|original" is one cell).
        String defaultCell = row.split("(?<!\\\\)\\|")[2];
        assertTrue(defaultCell.contains(d.defaultText()),
            d.name() + ": docs say '" + defaultCell.trim() + "', the job's default is " + d.defaultText());
      }
    }
  }
}
