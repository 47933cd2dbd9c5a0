package io.lecturehighlights.transforms.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.rendering.SubtitleCues.Cue;
import io.lecturehighlights.transforms.rendering.SubtitleCues.Style;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitleCuesTest {
  private static final Style STYLE = new Style(32, 2, 0.7, 0.6);

  /** Words one after another, each {@code len} long with {@code gap} between, from {@code t0}. */
  private static List<TranscriptWord> words(double t0, double len, double gap, String text) {
    List<TranscriptWord> out = new ArrayList<>();
    double t = t0;
    for (String w : text.split(" ")) {
      out.add(new TranscriptWord(t, t + len, w, null));
      t += len + gap;
    }
    return out;
  }

  private static Transcript transcript(List<TranscriptSegment> segments, List<TranscriptWord> words) {
    return Transcript.newBuilder().setJobId("t").setEngine("test").setSegments(segments).setWords(words).build();
  }

  private static ClipTimeline timeline(double... bounds) throws Exception {
    return ClipTimeline.of(RenderFixtures.kept(bounds), 0);
  }

  @Test
  void wordsAreMappedToClipTimeAndRemovedPartsDropped() throws Exception {
    List<TranscriptWord> w = new ArrayList<>(words(0.5, 0.3, 0.1, "Hello there."));
    w.addAll(words(3.0, 0.3, 0.1, "Removed words."));
    w.addAll(words(5.5, 0.3, 0.1, "Kept again."));
    List<Cue> cues = SubtitleCues.build(transcript(List.of(), w), timeline(0, 2, 5, 7), STYLE);
    assertEquals(2, cues.size(), cues.toString());
    assertEquals("Hello there.", cues.get(0).text());
    assertEquals(0.5, cues.get(0).start(), 1e-9);
    assertEquals(1.2, cues.get(0).end(), 1e-9);
    assertEquals("Kept again.", cues.get(1).text());
    // 5.5 s in the source is 0.5 s into the second interval, which starts at 2 s in the clip.
    assertEquals(2.5, cues.get(1).start(), 1e-9);
    assertEquals(3.2, cues.get(1).end(), 1e-9);
  }

  @Test
  void cuesBreakAtSentenceEndsPausesAndCuts() throws Exception {
    List<TranscriptWord> w = new ArrayList<>(words(0.0, 0.2, 0.05, "One sentence. Another"));
    w.addAll(words(1.5, 0.2, 0.05, "after a pause"));
    w.addAll(words(3.0, 0.2, 0.05, "across the cut here"));
    List<Cue> cues = SubtitleCues.build(transcript(List.of(), w), timeline(0, 3.3, 3.5, 6.0), STYLE);
    List<String> texts = cues.stream().map(Cue::text).toList();
    // "the" (3.25-3.45 s) lies mostly in the removed part.
    assertEquals(List.of("One sentence.", "Another", "after a pause", "across", "cut here"), texts);
    // "cut" starts the second interval, at clip time 3.3.
    assertEquals(3.3, cues.get(4).start(), 1e-9);
  }

  @Test
  void longSentencesBecomeEvenCuesOfAtMostTwoShortLines() throws Exception {
    String text = "The third law says every action has an equal and opposite reaction and that is why rockets fly.";
    List<Cue> cues = SubtitleCues.build(transcript(List.of(), words(0, 0.25, 0.05, text)), timeline(0, 60), STYLE);
    assertTrue(cues.size() >= 2, cues.toString());
    StringBuilder all = new StringBuilder();
    int shortest = Integer.MAX_VALUE;
    int longest = 0;
    for (Cue c : cues) {
      assertTrue(c.lines().size() <= 2, c.toString());
      c.lines().forEach(l -> assertTrue(l.length() <= 32, l));
      all.append(all.length() == 0 ? "" : " ").append(String.join(" ", c.lines()));
      shortest = Math.min(shortest, c.text().length());
      longest = Math.max(longest, c.text().length());
    }
    assertEquals(text, all.toString(), "every word once, in order");
    assertTrue(shortest > longest / 2, "cues of even length: " + cues);
    for (Cue c : cues) {
      if (c.lines().size() == 2) {
        int a = c.lines().get(0).length();
        int b = c.lines().get(1).length();
        assertTrue(Math.abs(a - b) < 12, "balanced lines: " + c.lines());
      }
    }
  }

  @Test
  void shortCuesStayUpLongEnoughButNeverOverlap() throws Exception {
    List<TranscriptWord> w = List.of(new TranscriptWord(1.0, 1.2, "Yes.", null),
        new TranscriptWord(3.0, 3.2, "No.", null), new TranscriptWord(3.4, 3.6, "Maybe.", null));
    List<Cue> cues = SubtitleCues.build(transcript(List.of(), w), timeline(0, 10), STYLE);
    assertEquals(3, cues.size());
    assertEquals(1.7, cues.get(0).end(), 1e-9, "extended to the minimum display time");
    assertEquals(3.4, cues.get(1).end(), 1e-9, "cut short where the next cue starts");
    assertEquals(4.1, cues.get(2).end(), 1e-9);
  }

  @Test
  void cueEndsAtTheClipEnd() throws Exception {
    List<Cue> cues = SubtitleCues.build(transcript(List.of(), List.of(new TranscriptWord(1.7, 1.9, "Bye.", null))),
        timeline(0, 2.0), STYLE);
    assertEquals(2.0, cues.get(0).end(), 1e-9);
  }

  @Test
  void segmentsWithoutWordsAreSpreadOverTheirTime() throws Exception {
    Transcript t = transcript(List.of(new TranscriptSegment(2.0, 4.0, "Welcome back everyone."),
        new TranscriptSegment(5.0, 6.0, "Hi.")), List.of());
    List<Cue> cues = SubtitleCues.build(t, timeline(0, 10), STYLE);
    assertEquals(2, cues.size());
    assertEquals(2.0, cues.get(0).start(), 1e-9);
    assertEquals(4.0, cues.get(0).end(), 1e-9);
    assertEquals(5.0, cues.get(1).start(), 1e-9);
    // Partly kept: "Welcome" (2.0-2.6) is dropped from [2.7, 10]; "back" is kept.
    List<Cue> partial = SubtitleCues.build(t, timeline(2.7, 10), STYLE);
    assertEquals("back everyone.", partial.get(0).text());
  }

  @Test
  void wordsWithoutPunctuationBreakAtSegmentEnds() throws Exception {
    List<TranscriptWord> w = new ArrayList<>(words(0.0, 0.2, 0.02, "so this is the end"));
    w.addAll(words(1.15, 0.2, 0.02, "and a new start"));
    Transcript t = transcript(List.of(new TranscriptSegment(0.0, 1.1, "so this is the end"),
        new TranscriptSegment(1.15, 2.0, "and a new start")), w);
    List<Cue> cues = SubtitleCues.build(t, timeline(0, 10), STYLE);
    assertEquals(List.of("so this is the end", "and a new start"), cues.stream().map(Cue::text).toList());
  }

  @Test
  void wordCutByAnIntervalEdgeIsKeptWhenMostlyInside() throws Exception {
    List<TranscriptWord> w = List.of(new TranscriptWord(0.9, 1.3, "mostly", null),
        new TranscriptWord(1.4, 1.6, "in.", null), new TranscriptWord(2.8, 3.2, "half", null));
    List<Cue> cues = SubtitleCues.build(transcript(List.of(), w), timeline(1.0, 2.95), STYLE);
    assertEquals("mostly in.", cues.get(0).text());
    assertEquals(0.0, cues.get(0).start(), 1e-9, "trimmed to the interval start");
    assertTrue(cues.stream().noneMatch(c -> c.text().contains("half")), "only 0.15 of 0.4 s inside: " + cues);
  }

  @Test
  void noTranscriptNoCues() throws Exception {
    assertTrue(SubtitleCues.build(null, timeline(0, 5), STYLE).isEmpty());
    assertTrue(SubtitleCues.build(transcript(List.of(), List.of()), timeline(0, 5), STYLE).isEmpty());
  }

  @Test
  void sentenceEndsSeePastClosingQuotes() {
    assertTrue(SubtitleCues.endsSentence("done.\""));
    assertTrue(SubtitleCues.endsSentence("really?"));
    assertTrue(!SubtitleCues.endsSentence("e.g"));
  }
}
