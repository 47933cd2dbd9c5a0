package io.lecturehighlights.transforms.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A transcript with human topic boundaries in the Choi format used by topic-segmentation corpora: one sentence per
 * line, a line of ten '=' at each boundary (also at the start and the end).
 */
public record ReferenceSegmentation(String name, List<String> sentences, int[] boundaries) {
  static final String MARK = "==========";

  public static ReferenceSegmentation read(Path file) throws IOException {
    List<String> sentences = new ArrayList<>();
    List<Integer> opens = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith(MARK)) {
        int at = sentences.size();
        if (at > 0 && (opens.isEmpty() || opens.get(opens.size() - 1) != at)) {
          opens.add(at);
        }
      } else if (!line.isBlank()) {
        sentences.add(line.trim());
      }
    }
    // The closing mark is not a boundary between two segments.
    if (!opens.isEmpty() && opens.get(opens.size() - 1) == sentences.size()) {
      opens.remove(opens.size() - 1);
    }
    return new ReferenceSegmentation(file.getFileName().toString(), sentences,
        opens.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Every *.ref and *.dev file in a folder, by name. */
  public static List<Path> list(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(p -> {
        String f = p.getFileName().toString();
        return Files.isRegularFile(p) && (f.endsWith(".ref") || f.endsWith(".dev"));
      }).sorted().toList();
    }
  }
}
