package io.lecturehighlights.transforms.extraction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The units clips are cut from: sentences with times. A clip starts at a unit's start and ends at a unit's end, so
 * cuts never fall mid-sentence.
 *
 * <p>Each transcript segment is one unit, unless it holds several sentences and its words have times: then it is
 * split at sentence-ending punctuation (. ? !) at the times of the words around the split. The words are matched to
 * the sentences by count when the segment's text and its word list have the same number of tokens (recognisers
 * that strip punctuation from words), else by the punctuation on the words themselves; without either, or without
 * words (caption transcripts), the segment stays one unit.
 *
 * <p>Units come out sorted and non-overlapping: where the recogniser's segments overlap (chunk stitching), a unit's
 * end is clipped to the next unit's start. Units of zero length are dropped: there is nothing in them to cut.
 */
public final class SentenceUnits {
  /** A sentence with its time span in the source. */
  public record Unit(double start, double end, String text) {
    public double seconds() {
      return end - start;
    }
  }

  /** A timed word; times in seconds. */
  public record Word(double start, double end, String text) {
    double mid() {
      return (start + end) / 2;
    }
  }

  /** A transcript segment, already checked for valid times. */
  public record Segment(double start, double end, String text) {}

  /** Words further than this from every segment belong to none (they still protect their time from cuts). */
  static final double WORD_ASSIGN_SLACK_SECONDS = 0.5;

  private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?…][\"'”’)\\]]?)\\s+(?=\\S)");
  private static final Pattern ENDS_SENTENCE = Pattern.compile(".*[.!?…][\"'”’)\\]]?$");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private SentenceUnits() {}

  /** Units of a transcript; segments and words in any order, blank segments ignored. */
  public static List<Unit> of(List<Segment> segments, List<Word> words) {
    List<Segment> segs = new ArrayList<>();
    for (Segment s : segments) {
      if (s.text() != null && !s.text().isBlank()) {
        segs.add(s);
      }
    }
    segs.sort(Comparator.comparingDouble(Segment::start).thenComparingDouble(Segment::end));
    List<Word> sortedWords = new ArrayList<>(words);
    sortedWords.sort(Comparator.comparingDouble(Word::start).thenComparingDouble(Word::end));

    List<List<Word>> wordsOf = new ArrayList<>();
    for (int i = 0; i < segs.size(); i++) {
      wordsOf.add(new ArrayList<>());
    }
    for (Word w : sortedWords) {
      int i = owner(segs, w.mid());
      if (i >= 0) {
        wordsOf.get(i).add(w);
      }
    }

    List<Unit> units = new ArrayList<>();
    for (int i = 0; i < segs.size(); i++) {
      units.addAll(split(segs.get(i), wordsOf.get(i)));
    }
    units.sort(Comparator.comparingDouble(Unit::start).thenComparingDouble(Unit::end));
    List<Unit> out = new ArrayList<>(units.size());
    for (int i = 0; i < units.size(); i++) {
      Unit u = units.get(i);
      double end = i + 1 < units.size() ? Math.min(u.end(), units.get(i + 1).start()) : u.end();
      if (end > u.start()) {
        out.add(new Unit(u.start(), end, u.text()));
      }
    }
    return out;
  }

  /** The segment a word belongs to: the one holding its midpoint, else the nearest within the slack; -1 if none. */
  private static int owner(List<Segment> segs, double mid) {
    int lo = 0;
    int hi = segs.size() - 1;
    int last = -1; // last segment starting at or before mid
    while (lo <= hi) {
      int m = (lo + hi) >>> 1;
      if (segs.get(m).start() <= mid) {
        last = m;
        lo = m + 1;
      } else {
        hi = m - 1;
      }
    }
    // Overlapping segments (chunk stitching overlaps only neighbours): the latest of the last few that holds it.
    for (int i = last; i >= 0 && i >= last - 3; i--) {
      if (segs.get(i).end() >= mid) {
        return i;
      }
    }
    double before = last >= 0 ? mid - segs.get(last).end() : Double.POSITIVE_INFINITY;
    double after = last + 1 < segs.size() ? segs.get(last + 1).start() - mid : Double.POSITIVE_INFINITY;
    if (Math.min(before, after) > WORD_ASSIGN_SLACK_SECONDS) {
      return -1;
    }
    return before <= after ? last : last + 1;
  }

  /** Sentences of a text: breaks after . ? ! (optionally followed by a closing quote or bracket) and a space. */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String s : SENTENCE_BREAK.split(text.trim())) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static List<Unit> split(Segment seg, List<Word> words) {
    double start = words.isEmpty() ? seg.start() : Math.min(seg.start(), words.get(0).start());
    double end = seg.end();
    for (Word w : words) {
      end = Math.max(end, w.end());
    }
    List<String> sentences = sentences(seg.text());
    if (sentences.size() < 2 || words.size() < 2) {
      return List.of(new Unit(start, end, seg.text().trim()));
    }
    // Word index after which each sentence ends, and the sentence texts.
    List<Integer> lastWord = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    int tokens = 0;
    for (String s : sentences) {
      tokens += WHITESPACE.split(s).length;
    }
    if (tokens == words.size()) {
      int at = -1;
      for (String s : sentences) {
        at += WHITESPACE.split(s).length;
        lastWord.add(at);
        texts.add(s);
      }
    } else {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < words.size(); i++) {
        String w = words.get(i).text() == null ? "" : words.get(i).text().trim();
        if (!w.isEmpty()) {
          text.append(text.length() == 0 ? "" : " ").append(w);
        }
        if (i == words.size() - 1 || ENDS_SENTENCE.matcher(w).matches()) {
          lastWord.add(i);
          texts.add(text.toString());
          text.setLength(0);
        }
      }
    }
    if (lastWord.size() < 2) {
      return List.of(new Unit(start, end, seg.text().trim()));
    }
    List<Unit> out = new ArrayList<>();
    int first = 0;
    for (int k = 0; k < lastWord.size(); k++) {
      int last = lastWord.get(k);
      double us = k == 0 ? start : words.get(first).start();
      double ue = k == lastWord.size() - 1 ? end : words.get(last).end();
      out.add(new Unit(us, ue, texts.get(k)));
      first = last + 1;
    }
    return out;
  }
}
