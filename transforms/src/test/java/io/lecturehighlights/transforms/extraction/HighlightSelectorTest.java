package io.lecturehighlights.transforms.extraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.StageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The selection rules on synthetic lectures whose every time is known. */
class HighlightSelectorTest {
  private static final double EPS = 1e-9;
  private static final ExtractionConfig DEFAULTS = ExtractionConfig.defaults();

  /** Four topics of six 5 s sentences (0.3 s pauses), 2 s between topics: each keeps 31.9 s. */
  private static SyntheticTalk fourTopics(double a, double b, double c, double d) {
    return new SyntheticTalk().pause(1.0)
        .topic("A", a, 6, 5.0, 0.3, 2.0)
        .topic("B", b, 6, 5.0, 0.3, 2.0)
        .topic("C", c, 6, 5.0, 0.3, 2.0)
        .topic("D", d, 6, 5.0, 0.3, 2.0);
  }

  private static Highlights select(SyntheticTalk talk, ExtractionConfig config) throws StageException {
    return HighlightSelector.select("job", talk.content(), talk.transcript(true), talk.silences, talk.duration(),
        config);
  }

  private static List<String> titles(Highlights h) {
    return h.getHighlights().stream().map(Highlight::getTitle).toList();
  }

  private static double kept(Highlight h) {
    return h.getKeep().stream().mapToDouble(r -> r.getEnd() - r.getStart()).sum();
  }

  @Test
  void greedyByScoreUnderMaxClipsThenInTimeOrder() throws Exception {
    SyntheticTalk talk = fourTopics(0.3, 0.9, 0.5, 0.7);
    Highlights h = select(talk, DEFAULTS.withMaxClips(2));
    assertEquals(List.of("B", "D"), titles(h));
    assertEquals(1, h.getHighlights().get(0).getIndex());
    assertEquals(2, h.getHighlights().get(1).getIndex());
    // Whole topics, nothing trimmed or borrowed: the score is the importance.
    assertEquals(0.9, h.getHighlights().get(0).getScore(), EPS);
    assertEquals(0.7, h.getHighlights().get(1).getScore(), EPS);
    Highlight b = h.getHighlights().get(0);
    assertEquals(talk.sentence(6)[0] - 0.2, b.getStart(), EPS);
    assertEquals(talk.sentence(11)[1] + 0.2, b.getEnd(), EPS);
    assertEquals(1, b.getKeep().size(), "0.3 s pauses are not cut");
    assertEquals(31.9, kept(b), 1e-6);

    assertEquals(List.of("A", "B", "C", "D"), titles(select(talk, DEFAULTS)));
  }

  @Test
  void equalScoresGoToTheEarlierClip() throws Exception {
    SyntheticTalk talk = fourTopics(0.6, 0.6, 0.6, 0.6);
    assertEquals(List.of("A"), titles(select(talk, DEFAULTS.withMaxClips(1))));
    assertEquals(List.of("A", "B"), titles(select(talk, DEFAULTS.withMaxClips(2))));
    SyntheticTalk later = fourTopics(0.5, 0.5, 0.6, 0.6);
    assertEquals(List.of("C"), titles(select(later, DEFAULTS.withMaxClips(1))));
  }

  @Test
  void maxTotalSecondsStopsTheChoiceOrTrimsTheLastClipToTheBudget() throws Exception {
    SyntheticTalk talk = fourTopics(0.9, 0.7, 0.5, 0.3);
    Highlights two = select(talk, DEFAULTS.withMaxTotalSeconds(70));
    assertEquals(List.of("A", "B"), titles(two));
    assertEquals(63.8, kept(two.getHighlights().get(0)) + kept(two.getHighlights().get(1)), 1e-6);

    // 55 s: A keeps 31.9, B must fit the 23.1 s left: it loses its two outer sentences (one per side).
    Highlights trimmed = select(talk, DEFAULTS.withMaxTotalSeconds(55));
    assertEquals(List.of("A", "B"), titles(trimmed));
    Highlight b = trimmed.getHighlights().get(1);
    double total = kept(trimmed.getHighlights().get(0)) + kept(b);
    assertTrue(total <= 55 + EPS && kept(b) >= 20 - EPS, total + " " + b);
    assertEquals(talk.sentence(7)[0] - 0.15, b.getStart(), EPS);
    assertEquals(talk.sentence(10)[1] + 0.15, b.getEnd(), EPS);
    assertEquals(0.7 * (1 - HighlightSelector.DROPPED_PENALTY * 2.0 / 6), b.getScore(), EPS);

    // Less than one minimum clip of budget: nothing.
    assertTrue(select(talk, DEFAULTS.withMaxTotalSeconds(19)).getHighlights().isEmpty());
  }

  /** One 30-sentence topic (159 s kept), sentence 2 the only one naming the keyword when there is one. */
  private static SyntheticTalk longTopic(String... keywords) {
    SyntheticTalk talk = new SyntheticTalk().pause(1.0);
    double start = talk.t;
    for (int i = 0; i < 30; i++) {
      talk.say(5.0, i == 2 ? "Entropy never decreases in an isolated system." : "Sentence " + i + " explains more.");
      if (i < 29) {
        talk.pause(0.3);
      }
    }
    talk.addTopic("Second law", 0.8, start, talk.t, keywords);
    return talk.pause(1.0);
  }

  @Test
  void aLongTopicIsTrimmedAtTheEdgesKeepingItsKeywordSentences() throws Exception {
    // 22 sentences fit in 120 s (116.6 s). Without keywords the centre stays: sentences 4..25.
    Highlight centre = select(longTopic(), DEFAULTS).getHighlights().get(0);
    SyntheticTalk talk = longTopic();
    assertEquals(talk.sentence(4)[0] - 0.15, centre.getStart(), EPS);
    assertEquals(talk.sentence(25)[1] + 0.15, centre.getEnd(), EPS);
    assertTrue(kept(centre) <= 120 + EPS && kept(centre) >= 110, centre.toString());
    assertEquals(0.8 * (1 - HighlightSelector.DROPPED_PENALTY * 8.0 / 30), centre.getScore(), EPS);

    // With "entropy" as a keyword, sentence 2 is kept: trimming then takes the far edge instead (2..23).
    Highlight keyed = select(longTopic("entropies"), DEFAULTS).getHighlights().get(0);
    assertEquals(talk.sentence(2)[0] - 0.15, keyed.getStart(), EPS);
    assertEquals(talk.sentence(23)[1] + 0.15, keyed.getEnd(), EPS);
  }

  @Test
  void aShortTopicGrowsIntoTheNeighbourWithTheShorterPause() throws Exception {
    // A | 2 s | B (two 4 s sentences) | 0.5 s | C: B reads on into C, not back into A.
    SyntheticTalk talk = new SyntheticTalk().pause(1.0)
        .topic("A", 0.2, 6, 5.0, 0.3, 2.0)
        .topic("B", 0.9, 2, 4.0, 0.3, 0.5)
        .topic("C", 0.2, 6, 5.0, 0.3, 1.0);
    Highlights h = select(talk, DEFAULTS.withMaxClips(1));
    assertEquals(List.of("B"), titles(h));
    Highlight b = h.getHighlights().get(0);
    assertEquals(talk.sentence(6)[0] - 0.2, b.getStart(), EPS);
    // B (8.3 s) + C's first sentences until 20 s: three of them (ends 0.15 s into the 0.3 s pause after).
    assertEquals(talk.sentence(10)[1] + 0.15, b.getEnd(), EPS);
    assertTrue(kept(b) >= 20 && kept(b) < 26, b.toString());
    assertEquals(0.9 * (1 - HighlightSelector.BORROWED_PENALTY * 15.0 / 23), b.getScore(), EPS);
  }

  @Test
  void growingNeverTakesSentencesOfAChosenClip() throws Exception {
    // A (eight sentences) | 0.5 s | B (two 4 s sentences) at the end of the lecture.
    SyntheticTalk talk = new SyntheticTalk().pause(1.0)
        .topic("A", 0.9, 8, 5.0, 0.3, 0.5)
        .topic("B", 0.8, 2, 4.0, 0.3, 1.0);
    // A first: B has nowhere left to grow and is skipped.
    assertEquals(List.of("A"), titles(select(talk, DEFAULTS)));

    // B first: it grows back into A's last sentences; A keeps the rest, which still makes a clip.
    talk.topics.set(0, ContentSegment.newBuilder(talk.topics.get(0)).setImportance(0.5).build());
    Highlights h = select(talk, DEFAULTS);
    assertEquals(List.of("A", "B"), titles(h));
    Highlight a = h.getHighlights().get(0);
    Highlight b = h.getHighlights().get(1);
    // B took A's last three sentences; the clips meet halfway through the 0.3 s pause before them, never overlap.
    assertEquals(talk.sentence(5)[0] - 0.15, b.getStart(), EPS);
    assertEquals(talk.sentence(4)[1] + 0.15, a.getEnd(), EPS);
    assertTrue(a.getEnd() <= b.getStart(), h.toString());
    assertEquals(talk.sentence(0)[0] - 0.2, a.getStart(), EPS);
    assertEquals(talk.sentence(9)[1] + 0.2, b.getEnd(), EPS);
    assertTrue(kept(a) >= 20 && kept(b) >= 20, h.toString());
    assertTrue(a.getScore() < 0.5 && b.getScore() < 0.8, "A lost sentences, B borrowed them: " + h);
  }

  @Test
  void topicsBelowMinImportanceNeverBecomeClips() throws Exception {
    SyntheticTalk talk = fourTopics(0.9, 0.05, 0.3, 0.09);
    assertEquals(List.of("A", "C"), titles(select(talk, DEFAULTS.withMinImportance(0.1))));
  }

  @Test
  void withoutSilenceRegionsLongGapsBetweenWordsAreCut() throws Exception {
    // One 8 s utterance with a 2 s gap between its 2nd and 3rd words and a 0.5 s gap between its 3rd and 4th,
    // inside a topic of 5 s sentences. No silence regions: the word gaps are the pauses.
    SyntheticTalk talk = new SyntheticTalk().pause(1.0);
    double start = talk.t;
    talk.say(5.0, "Opening sentence about waves.").pause(0.3);
    double u = talk.t;
    talk.segments.add(new TranscriptSegment(u, u + 8.0, "alpha beta gamma delta"));
    talk.words.add(new TranscriptWord(u, u + 1.0, "alpha", null));
    talk.words.add(new TranscriptWord(u + 1.0, u + 2.5, "beta", null));
    talk.words.add(new TranscriptWord(u + 4.5, u + 6.0, "gamma", null));
    talk.words.add(new TranscriptWord(u + 6.5, u + 8.0, "delta", null));
    talk.t = u + 8.0;
    for (int i = 0; i < 3; i++) {
      talk.pause(0.3).say(5.0, "Closing sentence " + i + ".");
    }
    talk.addTopic("Waves", 0.6, start, talk.t).pause(1.0);

    Highlights h = HighlightSelector.select("job", talk.content(), talk.transcript(true), List.of(),
        talk.duration(), DEFAULTS);
    assertEquals(1, h.getHighlights().size(), h.toString());
    List<TimeRange> keep = h.getHighlights().get(0).getKeep();
    assertEquals(2, keep.size(), h.toString());
    assertEquals(u + 2.5 + 0.2, keep.get(0).getEnd(), EPS);
    assertEquals(u + 4.5 - 0.2, keep.get(1).getStart(), EPS);
    assertEquals(start - 0.2, keep.get(0).getStart(), EPS);
    assertEquals(talk.sentence(4)[1] + 0.2, keep.get(1).getEnd(), EPS);
  }

  @Test
  void nothingToChooseFromIsNoHighlightsNotAnError() throws Exception {
    SyntheticTalk talk = fourTopics(0.5, 0.5, 0.5, 0.5);
    Transcript empty = Transcript.newBuilder(talk.transcript(false)).setSegments(new ArrayList<>()).build();
    assertTrue(HighlightSelector.select("job", talk.content(), empty, talk.silences, talk.duration(), DEFAULTS)
        .getHighlights().isEmpty());
    Transcript blank = Transcript.newBuilder(talk.transcript(false))
        .setSegments(List.of(new TranscriptSegment(2.0, 40.0, "  "))).build();
    assertTrue(HighlightSelector.select("job", talk.content(), blank, talk.silences, talk.duration(), DEFAULTS)
        .getHighlights().isEmpty());
    ContentSegments noTopics = ContentSegments.newBuilder(talk.content()).setSegments(new ArrayList<>()).build();
    assertTrue(HighlightSelector.select("job", noTopics, talk.transcript(true), talk.silences, talk.duration(),
        DEFAULTS).getHighlights().isEmpty());
    assertTrue(select(talk, DEFAULTS.withMaxClips(0)).getHighlights().isEmpty());
    assertEquals("job", select(talk, DEFAULTS.withMaxClips(0)).getJobId());
  }

  @Test
  void unsortedAndOverlappingTopicsAreSortedAndClipped() throws Exception {
    SyntheticTalk talk = fourTopics(0.3, 0.9, 0.5, 0.7);
    Highlights expected = select(talk, DEFAULTS);
    List<ContentSegment> shuffled = new ArrayList<>(talk.topics);
    Collections.reverse(shuffled);
    // B also claims the last 3 s of A: the overlap goes to A, which starts first.
    ContentSegment b = talk.topics.get(1);
    shuffled.set(2, ContentSegment.newBuilder(b).setStart(b.getStart() - 3.0).build());
    ContentSegments messy = ContentSegments.newBuilder(talk.content()).setSegments(shuffled).build();
    assertEquals(expected, HighlightSelector.select("job", messy, talk.transcript(true), talk.silences,
        talk.duration(), DEFAULTS));
  }

  @Test
  void timesThatAreNotNumbersOrOutsideTheLectureAreInvalidAnalysis() throws Exception {
    SyntheticTalk talk = fourTopics(0.3, 0.9, 0.5, 0.7);
    double d = talk.duration();
    List<Consumer<SyntheticTalk>> breakers = List.of(
        x -> x.segments.set(3, new TranscriptSegment(Double.NaN, 20.0, "broken")),
        x -> x.segments.set(3, new TranscriptSegment(20.0, Double.POSITIVE_INFINITY, "broken")),
        x -> x.segments.set(3, new TranscriptSegment(-3.0, 2.0, "before the start")),
        x -> x.segments.set(3, new TranscriptSegment(d - 1, d + 2.5, "after the end")),
        x -> x.segments.set(3, new TranscriptSegment(21.0, 20.0, "backwards")),
        x -> x.words.set(5, new TranscriptWord(Double.NaN, 3.0, "nan", null)),
        x -> x.silences.add(new TimeRange(10.0, Double.NaN)),
        x -> x.silences.add(new TimeRange(d, d + 5)),
        x -> x.topics.set(1, ContentSegment.newBuilder(x.topics.get(1)).setEnd(Double.NaN).build()),
        x -> x.topics.set(1, ContentSegment.newBuilder(x.topics.get(1)).setImportance(1.5).build()),
        x -> x.topics.set(1, ContentSegment.newBuilder(x.topics.get(1)).setImportance(Double.NaN).build()));
    for (int i = 0; i < breakers.size(); i++) {
      SyntheticTalk broken = fourTopics(0.3, 0.9, 0.5, 0.7);
      breakers.get(i).accept(broken);
      StageException e = assertThrows(StageException.class, () -> select(broken, DEFAULTS), "case " + i);
      assertEquals("invalid_analysis", e.reason(), "case " + i);
      assertFalse(e.getMessage().isBlank());
    }
    for (double bad : new double[] {Double.NaN, 0, -5, Double.POSITIVE_INFINITY}) {
      StageException e = assertThrows(StageException.class, () -> HighlightSelector.select("job", talk.content(),
          talk.transcript(true), talk.silences, bad, DEFAULTS));
      assertEquals("invalid_analysis", e.reason());
    }
    // Within a second past the end (rounding in recognisers and caption files, audio outlasting the declared
    // duration): clamped, not rejected.
    SyntheticTalk rounded = fourTopics(0.3, 0.9, 0.5, 0.7);
    rounded.silences.add(new TimeRange(d - 0.5, d + 0.9));
    assertEquals(4, select(rounded, DEFAULTS).getHighlights().size());
    assertEquals(1.0, ExtractionInput.slackSeconds(d), 1e-9, "a short talk gets the minimum slack");
    // Measured: a one-hour lecture looped by stream copy declares 3600.103 s, its audio (and a silence) ends at 3600.610 s.
    assertEquals(18.0, ExtractionInput.slackSeconds(3600), 1e-9);
  }

  @Test
  void randomLecturesNeverClipAWordAndKeepEveryLimit() throws Exception {
    // Messy input: uneven sentences and pauses, pauses inside sentences, silence regions that are a little off
    // (they overlap words), topics of any length. The invariants hold for every configuration.
    List<ExtractionConfig> configs = List.of(DEFAULTS, DEFAULTS.withClipSeconds(5, 15).withMaxClips(8),
        DEFAULTS.withClipSeconds(10, 30).withMaxTotalSeconds(60).withMarginSeconds(0.05),
        DEFAULTS.withCutSilencesLongerThan(0.3).withMarginSeconds(0.0).withClipSeconds(8, 25));
    for (long seed = 1; seed <= 40; seed++) {
      Random rnd = new Random(seed);
      SyntheticTalk talk = randomTalk(rnd);
      for (ExtractionConfig config : configs) {
        for (boolean silences : new boolean[] {true, false}) {
          List<TimeRange> sil = silences ? talk.silences : List.of();
          Highlights h = HighlightSelector.select("job", talk.content(), talk.transcript(true), sil,
              talk.duration(), config);
          String where = "seed " + seed + " " + config + " silences=" + silences + ": " + h;
          assertEquals(h, HighlightSelector.select("job", talk.content(), talk.transcript(true), sil,
              talk.duration(), config), "deterministic: " + where);
          assertInvariants(h, talk, config, where);
        }
      }
    }
  }

  private static SyntheticTalk randomTalk(Random rnd) {
    SyntheticTalk talk = new SyntheticTalk().pause(0.2 + rnd.nextDouble());
    int sentences = 20 + rnd.nextInt(60);
    List<Double> starts = new ArrayList<>();
    for (int i = 0; i < sentences; i++) {
      starts.add(talk.t);
      double s = talk.t;
      int words = 2 + rnd.nextInt(12);
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < words; w++) {
        double len = 0.1 + rnd.nextDouble() * 0.5;
        // Now and then a long pause inside the sentence (no silence region: the detector missed it).
        double gap = rnd.nextDouble() < 0.1 ? 0.5 + rnd.nextDouble() * 2 : rnd.nextDouble() * 0.1;
        talk.words.add(new TranscriptWord(talk.t, talk.t + len, "w" + w, null));
        text.append("w").append(w).append(' ');
        talk.t += len + (w + 1 < words ? gap : 0);
      }
      talk.segments.add(new TranscriptSegment(s, talk.t, text.toString().trim() + "."));
      double pause = rnd.nextDouble() < 0.3 ? 0.8 + rnd.nextDouble() * 3 : 0.05 + rnd.nextDouble() * 0.6;
      // The detector's region is off by up to 0.15 s either way at each end.
      double a = talk.t + (rnd.nextDouble() - 0.5) * 0.3;
      double b = talk.t + pause + (rnd.nextDouble() - 0.5) * 0.3;
      if (b > a) {
        talk.silences.add(new TimeRange(Math.max(0, a), b));
      }
      talk.t += pause;
    }
    int i = 0;
    while (i < sentences) {
      int len = 1 + rnd.nextInt(15);
      int j = Math.min(sentences, i + len);
      talk.addTopic("T" + i, Math.round(rnd.nextDouble() * 10) / 10.0, starts.get(i),
          talk.segments.get(j - 1).getEnd());
      i = j;
    }
    return talk;
  }

  private static void assertInvariants(Highlights h, SyntheticTalk talk, ExtractionConfig config, String where) {
    List<Highlight> clips = h.getHighlights();
    assertTrue(clips.size() <= config.maxClips(), where);
    double total = 0;
    double previousEnd = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < clips.size(); c++) {
      Highlight clip = clips.get(c);
      assertEquals(c + 1, clip.getIndex(), where);
      assertTrue(clip.getStart() >= previousEnd, "time order, no overlap: " + where);
      previousEnd = clip.getEnd();
      double kept = kept(clip);
      assertTrue(kept >= config.minClipSeconds() - EPS && kept <= config.maxClipSeconds() + EPS, kept + ": " + where);
      total += kept;
      List<TimeRange> keep = clip.getKeep();
      for (int k = 0; k < keep.size(); k++) {
        TimeRange r = keep.get(k);
        assertTrue(r.getEnd() - r.getStart() >= KeptIntervals.MIN_FRAGMENT_SECONDS - EPS, where);
        assertTrue(k == 0 || r.getStart() > keep.get(k - 1).getEnd(), where);
        assertTrue(r.getStart() >= 0 && r.getEnd() <= talk.duration(), where);
        for (double t : new double[] {r.getStart(), r.getEnd()}) {
          for (TranscriptWord w : talk.words) {
            assertFalse(t > w.getStart() + EPS && t < w.getEnd() - EPS,
                () -> "boundary " + t + " inside word " + w + ": " + where);
          }
        }
      }
      // Every word between the clip's ends is kept whole.
      for (TranscriptWord w : talk.words) {
        if (w.getStart() >= clip.getStart() && w.getEnd() <= clip.getEnd()) {
          boolean inside = keep.stream().anyMatch(r -> r.getStart() <= w.getStart() && r.getEnd() >= w.getEnd());
          assertTrue(inside, () -> "word " + w + " cut: " + where);
        }
      }
      // Starts at a sentence start (less up to the margin), ends at a sentence end (plus up to the margin).
      boolean startsAtSentence = false;
      boolean endsAtSentence = false;
      for (TranscriptSegment s : talk.segments) {
        double before = clip.getStart() - s.getStart();
        double after = s.getEnd() - clip.getEnd();
        startsAtSentence |= before <= EPS && before >= -config.marginSeconds() - EPS;
        endsAtSentence |= after <= EPS && after >= -config.marginSeconds() - EPS;
      }
      assertTrue(startsAtSentence && endsAtSentence, "clip " + clip + " edges: " + where);
    }
    assertTrue(total <= config.maxTotalSeconds() + 1e-6, where);
  }
}
