package io.lecturehighlights.transforms.search;

import java.util.ArrayList;
import java.util.List;

/**
 * What of a chunk is embedded: a topic runs for minutes (hundreds of words), but a sentence model compresses at
 * most a paragraph well: past its 510 word pieces LangChain4j averages windows, and one vector for a whole topic
 * blurs the sentence a question paraphrases. So a chunk is embedded as overlapping windows of its transcript
 * ({@link #WORDS} words, a quarter shared with the next) plus one "header" passage of its topic title, key terms and
 * slide text; its semantic score is its best passage's.
 */
public final class Passages {
  /** Words per window: ~130 word pieces, inside the 128-256 MiniLM was trained on. */
  public static final int WORDS = 100;
  public static final int STRIDE = 75;

  private Passages() {}

  /** One passage to embed: its text and the word of the chunk's transcript it starts at (-1: the header). */
  public record Passage(String text, int firstWord) {}

  public static List<Passage> of(SearchDocument d) {
    List<Passage> out = new ArrayList<>();
    StringBuilder header = new StringBuilder(d.topicTitle());
    if (!d.keywords().isEmpty()) {
      header.append(header.length() > 0 ? ". " : "").append(String.join(", ", d.keywords()));
    }
    if (!d.slideText().isBlank()) {
      header.append(header.length() > 0 ? ". " : "").append(d.slideText().replaceAll("\\s+", " ").trim());
    }
    if (header.length() > 0) {
      out.add(new Passage(header.toString(), -1));
    }
    String[] words = d.text().isBlank() ? new String[0] : d.text().trim().split("\\s+");
    for (int from = 0; from < words.length; from += STRIDE) {
      int to = Math.min(words.length, from + WORDS);
      out.add(new Passage(String.join(" ", java.util.Arrays.asList(words).subList(from, to)), from));
      if (to == words.length) {
        break;
      }
    }
    return out;
  }
}
