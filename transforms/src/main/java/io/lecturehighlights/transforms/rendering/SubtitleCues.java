package io.lecturehighlights.transforms.rendering;

import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Subtitle cues of a clip, in clip time: the transcript's words that fall inside the kept intervals, grouped into cues
 * of at most a few short lines. A cue ends at a sentence end, at a pause, at a cut, or when its lines are full; it is
 * shown from its first word's start to its last word's end, at least {@code minSeconds} unless the next cue starts
 * sooner (cues never overlap).
 */
public final class SubtitleCues {
  /** One cue: when it shows, in clip seconds, and its lines. */
  public record Cue(double start, double end, List<String> lines) {
    public String text() {
      return String.join("\n", lines);
    }
  }

  /** How cues are cut. */
  public record Style(int maxCharsPerLine, int maxLines, double minSeconds, double pauseSeconds) {
    public static Style of(RenderConfig config) {
      return new Style(config.maxCharsPerLine(), config.maxLines(), config.minCueSeconds(), config.cuePauseSeconds());
    }
  }

  /** A word in clip time; {@code breakAfter} marks a sentence end, a pause or a cut right after it. */
  record ClipWord(double start, double end, String text, boolean breakAfter) {}

  private SubtitleCues() {}

  public static List<Cue> build(Transcript transcript, ClipTimeline timeline, Style style) {
    List<SourceWord> words = sourceWords(transcript);
    List<ClipWord> kept = toClipTime(words, timeline, style.pauseSeconds());
    return group(kept, style, timeline.duration());
  }

  /** A transcript word in source time; {@code sentenceEnd} when a sentence or segment ends with it. */
  record SourceWord(double start, double end, String text, boolean sentenceEnd) {}

  /**
   * The transcript's words, or, when it has none (captions, engines without word times), each segment's words spread
   * over the segment in proportion to their length.
   */
  static List<SourceWord> sourceWords(Transcript t) {
    List<SourceWord> out = new ArrayList<>();
    if (t == null) {
      return out;
    }
    List<TranscriptSegment> segments = new ArrayList<>(t.getSegments());
    segments.sort((a, b) -> Double.compare(a.getStart(), b.getStart()));
    List<TranscriptWord> words = new ArrayList<>(t.getWords());
    words.removeIf(w -> w.getWord() == null || w.getWord().isBlank() || !(w.getEnd() >= w.getStart()));
    if (!words.isEmpty()) {
      words.sort((a, b) -> Double.compare(a.getStart(), b.getStart()));
      double[] segEnds = segments.stream().mapToDouble(TranscriptSegment::getEnd).sorted().toArray();
      for (int i = 0; i < words.size(); i++) {
        TranscriptWord w = words.get(i);
        double nextStart = i + 1 < words.size() ? words.get(i + 1).getStart() : Double.POSITIVE_INFINITY;
        // Engines give words without punctuation: a segment boundary between this word and the next is a sentence end.
        boolean end = endsSentence(w.getWord()) || i + 1 == words.size()
            || boundaryBetween(segEnds, w.getStart(), nextStart);
        out.add(new SourceWord(w.getStart(), w.getEnd(), w.getWord().strip(), end));
      }
      return out;
    }
    for (TranscriptSegment s : segments) {
      String[] tokens = s.getText() == null ? new String[0] : s.getText().strip().split("\\s+");
      tokens = Arrays.stream(tokens).filter(x -> !x.isEmpty()).toArray(String[]::new);
      if (tokens.length == 0 || !(s.getEnd() > s.getStart())) {
        continue;
      }
      double total = 0;
      for (String tok : tokens) {
        total += tok.length() + 1;
      }
      double t0 = s.getStart();
      double span = s.getEnd() - s.getStart();
      double acc = 0;
      for (int k = 0; k < tokens.length; k++) {
        double ws = t0 + span * acc / total;
        acc += tokens[k].length() + 1;
        // The share of the trailing space is the gap before the next word.
        double we = t0 + span * (acc - (k + 1 < tokens.length ? 1 : 0)) / total;
        out.add(new SourceWord(ws, we, tokens[k], k + 1 == tokens.length || endsSentence(tokens[k])));
      }
    }
    return out;
  }

  static boolean endsSentence(String word) {
    String w = word.strip();
    while (!w.isEmpty() && "\"')]\u201d\u2019".indexOf(w.charAt(w.length() - 1)) >= 0) {
      w = w.substring(0, w.length() - 1);
    }
    return !w.isEmpty() && ".?!\u2026".indexOf(w.charAt(w.length() - 1)) >= 0;
  }

  private static boolean boundaryBetween(double[] sortedEnds, double wordStart, double nextStart) {
    int i = Arrays.binarySearch(sortedEnds, wordStart);
    int k = i >= 0 ? i : -i - 1;
    // A segment end e with wordStart < e <= nextStart (+ a little for rounding of the two time lists).
    while (k < sortedEnds.length && sortedEnds[k] <= wordStart) {
      k++;
    }
    return k < sortedEnds.length && sortedEnds[k] <= nextStart + 0.05;
  }

  /**
   * Words inside the kept intervals, mapped to clip time. A word cut by an interval edge is kept when most of it is
   * inside, and trimmed to the edge.
   */
  static List<ClipWord> toClipTime(List<SourceWord> words, ClipTimeline tl, double pauseSeconds) {
    List<ClipWord> out = new ArrayList<>();
    int[] interval = new int[words.size()];
    List<Integer> keptIdx = new ArrayList<>();
    for (int j = 0; j < words.size(); j++) {
      SourceWord w = words.get(j);
      interval[j] = -1;
      double len = Math.max(1e-6, w.end() - w.start());
      for (int i = 0; i < tl.size(); i++) {
        double overlap = Math.min(w.end(), tl.sourceEnd(i)) - Math.max(w.start(), tl.sourceStart(i));
        if (overlap >= 0.5 * len && overlap >= 0) {
          interval[j] = i;
          break;
        }
      }
      if (interval[j] >= 0) {
        keptIdx.add(j);
      }
    }
    for (int n = 0; n < keptIdx.size(); n++) {
      int j = keptIdx.get(n);
      SourceWord w = words.get(j);
      int i = interval[j];
      double cs = tl.toClip(i, w.start());
      double ce = tl.toClip(i, w.end());
      boolean brk = w.sentenceEnd() || n + 1 == keptIdx.size();
      if (!brk) {
        int jn = keptIdx.get(n + 1);
        // A cut (the next kept word is in another interval, or words between were removed) or a long pause.
        brk = interval[jn] != i || jn != j + 1 || words.get(jn).start() - w.end() >= pauseSeconds;
      }
      out.add(new ClipWord(cs, ce, w.text(), brk));
    }
    return out;
  }

  static List<Cue> group(List<ClipWord> words, Style style, double clipDuration) {
    List<List<ClipWord>> groups = new ArrayList<>();
    List<ClipWord> phrase = new ArrayList<>();
    for (ClipWord w : words) {
      phrase.add(w);
      if (w.breakAfter()) {
        groups.addAll(split(phrase, style));
        phrase = new ArrayList<>();
      }
    }
    if (!phrase.isEmpty()) {
      groups.addAll(split(phrase, style));
    }
    List<Cue> cues = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      List<ClipWord> ws = groups.get(g);
      double start = ws.get(0).start();
      double end = Math.max(ws.get(ws.size() - 1).end(), start + style.minSeconds());
      if (g + 1 < groups.size()) {
        end = Math.min(end, groups.get(g + 1).get(0).start());
      }
      end = Math.min(end, clipDuration);
      if (end - start < 0.04) {
        // Nothing left to show (a word squeezed against the next cue or the clip end): fold it into the next cue.
        if (g + 1 < groups.size()) {
          List<ClipWord> merged = new ArrayList<>(ws);
          merged.addAll(groups.get(g + 1));
          if (wrap(texts(merged), style.maxCharsPerLine()).size() <= style.maxLines()) {
            groups.set(g + 1, merged);
          }
        }
        continue;
      }
      cues.add(new Cue(round3(start), round3(end), balance(texts(ws), style.maxCharsPerLine())));
    }
    return cues;
  }

  /**
   * A phrase (words between two breaks) in as few cues as fit, of even length: a 70-character sentence becomes two
   * cues of ~35 characters, not a full cue and a lone word.
   */
  static List<List<ClipWord>> split(List<ClipWord> phrase, Style style) {
    List<List<ClipWord>> greedy = pack(phrase, style, Integer.MAX_VALUE);
    int k = greedy.size();
    if (k <= 1) {
      return greedy;
    }
    int total = String.join(" ", texts(phrase)).length();
    for (int budget = (total + k - 1) / k; ; budget++) {
      List<List<ClipWord>> p = pack(phrase, style, budget);
      if (p.size() <= k) {
        return p;
      }
    }
  }

  /** Fills cues in order, each up to its line limits and {@code budget} characters (a first word always fits). */
  private static List<List<ClipWord>> pack(List<ClipWord> words, Style style, int budget) {
    List<List<ClipWord>> out = new ArrayList<>();
    List<ClipWord> cur = new ArrayList<>();
    for (ClipWord w : words) {
      if (!cur.isEmpty()) {
        List<ClipWord> trial = new ArrayList<>(cur);
        trial.add(w);
        List<String> t = texts(trial);
        if (wrap(t, style.maxCharsPerLine()).size() > style.maxLines() || String.join(" ", t).length() > budget) {
          out.add(cur);
          cur = new ArrayList<>();
        }
      }
      cur.add(w);
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  private static List<String> texts(List<ClipWord> ws) {
    List<String> t = new ArrayList<>(ws.size());
    for (ClipWord w : ws) {
      t.add(w.text());
    }
    return t;
  }

  /** Greedy line filling; a word longer than a line gets a line of its own. */
  static List<String> wrap(List<String> words, int maxChars) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String w : words) {
      if (line.length() > 0 && line.length() + 1 + w.length() > maxChars) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(w);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * The same number of lines as greedy wrapping, but with the break where the longest line is shortest, so a cue does
   * not show a full line over a single dangling word.
   */
  static List<String> balance(List<String> words, int maxChars) {
    List<String> greedy = wrap(words, maxChars);
    if (greedy.size() != 2) {
      return greedy;
    }
    int best = -1;
    int bestLen = Integer.MAX_VALUE;
    for (int k = 1; k < words.size(); k++) {
      int a = String.join(" ", words.subList(0, k)).length();
      int b = String.join(" ", words.subList(k, words.size())).length();
      int longest = Math.max(a, b);
      if ((a <= maxChars || k == 1) && (b <= maxChars || k == words.size() - 1) && longest < bestLen) {
        best = k;
        bestLen = longest;
      }
    }
    if (best < 0) {
      return greedy;
    }
    return List.of(String.join(" ", words.subList(0, best)), String.join(" ", words.subList(best, words.size())));
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
