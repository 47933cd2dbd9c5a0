package io.lecturehighlights.transforms.extraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.transforms.content.OfflineContentAnalyzer;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.silence.SilenceConfig;
import io.lecturehighlights.transforms.silence.SilenceDetector;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Extraction on the generated lectures' exact ground truth: sentences as the transcript, the truth silences, one
 * topic per slide. The truth says exactly where speech is, so every cut can be checked against it.
 */
class HighlightSelectorTruthTest {
  private static final double MS = 1e-3;
  private static final double EPS = 1e-9;

  /** The default 20-120 s clips, and short clips so that these 30-40 s lectures give several. */
  private static final List<ExtractionConfig> CONFIGS = List.of(
      ExtractionConfig.defaults(),
      ExtractionConfig.defaults().withClipSeconds(5, 12).withMaxClips(3).withMaxTotalSeconds(30),
      ExtractionConfig.defaults().withClipSeconds(4, 9).withMarginSeconds(0.1).withCutSilencesLongerThan(0.5));

  @ParameterizedTest
  @ValueSource(strings = {"lecture-clean.mp4", "lecture-noisy.mp4", "lecture-letterboxed.mp4"})
  void clipsAreCutOnlyBetweenSentencesAndLongSilencesLoseAllButTheMargins(String file) throws Exception {
    TruthLecture lecture = TruthLecture.load(file);
    ContentSegments topics = lecture.topics(0.55, 0.9, 0.4, 0.75);
    for (ExtractionConfig config : CONFIGS) {
      for (boolean words : new boolean[] {false, true}) {
        Transcript transcript = lecture.transcript(words);
        Highlights h = HighlightSelector.select("job", topics, transcript, lecture.silenceRanges(),
            lecture.duration, config);
        String where = file + " " + config + " words=" + words + ": " + h;
        assertFalse(h.getHighlights().isEmpty(), where);
        assertWellFormed(h, lecture, config, where);
        assertEquals(h, HighlightSelector.select("job", topics, transcript, lecture.silenceRanges(),
            lecture.duration, config), "deterministic: " + where);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lecture-clean.mp4", "lecture-letterboxed.mp4"})
  void silencesWordGapsAndSentenceGapsGiveTheSameCutsWhereTheyAgree(String file) throws Exception {
    // In these two fixtures the truth silences are exactly the gaps between sentences of 0.5 s or more, so
    // cutting by silences, by gaps between (evenly spread) words, or by gaps between sentences must agree.
    TruthLecture lecture = TruthLecture.load(file);
    ContentSegments topics = lecture.topics(0.3, 0.8, 0.6);
    for (ExtractionConfig config : CONFIGS) {
      Highlights bySilence = HighlightSelector.select("job", topics, lecture.transcript(false),
          lecture.silenceRanges(), lecture.duration, config);
      Highlights byWordGaps = HighlightSelector.select("job", topics, lecture.transcript(true), List.of(),
          lecture.duration, config);
      Highlights bySentenceGaps = HighlightSelector.select("job", topics, lecture.transcript(false), List.of(),
          lecture.duration, config);
      assertEquals(bySilence, byWordGaps, config.toString());
      assertEquals(bySilence, bySentenceGaps, config.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lecture-clean.mp4", "lecture-noisy.mp4", "lecture-letterboxed.mp4"})
  void segmentsHoldingTwoSentencesAreSplitAtTheWordTimes(String file) throws Exception {
    // A recogniser that returns two sentences per utterance, with word times: the units are still sentences, so
    // the clips are the same as with one segment per sentence.
    TruthLecture lecture = TruthLecture.load(file);
    ContentSegments topics = lecture.topics(0.55, 0.9, 0.4, 0.75);
    for (ExtractionConfig config : CONFIGS) {
      Highlights single = HighlightSelector.select("job", topics, lecture.transcript(true),
          lecture.silenceRanges(), lecture.duration, config);
      Highlights paired = HighlightSelector.select("job", topics, lecture.pairedTranscript(),
          lecture.silenceRanges(), lecture.duration, config);
      assertEquals(strip(single), strip(paired), config.toString());
      assertWellFormed(paired, lecture, config, config + ": " + paired);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lecture-clean.mp4", "lecture-noisy.mp4", "lecture-letterboxed.mp4"})
  void theMostImportantSlideLeadsAndTheDefaultBudgetGivesOneClip(String file) throws Exception {
    TruthLecture lecture = TruthLecture.load(file);
    // 30-40 s lectures keep 25-34 s in all: room for exactly one 20 s clip.
    Highlights h = HighlightSelector.select("job", lecture.topics(0.2, 0.9, 0.3, 0.4), lecture.transcript(false),
        lecture.silenceRanges(), lecture.duration, ExtractionConfig.defaults());
    assertEquals(1, h.getHighlights().size(), h.toString());
    Highlight c = h.getHighlights().get(0);
    assertEquals(lecture.slideTitles.get(1), c.getTitle());
    // The second slide's sentences are all in the clip.
    for (int i = 0; i < lecture.sentences.size(); i++) {
      double[] s = lecture.sentences.get(i);
      double mid = (s[0] + s[1]) / 2;
      if (mid >= lecture.slides.get(1)[0] && mid < lecture.slides.get(1)[1]) {
        assertTrue(s[0] >= c.getStart() && s[1] <= c.getEnd(), "sentence " + i + " in " + c);
      }
    }
    // Borrowed sentences cost a little: below the importance, but not by more than the penalty's weight.
    assertTrue(c.getScore() < 0.9 && c.getScore() >= 0.9 * (1 - HighlightSelector.BORROWED_PENALTY), c.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lecture-clean.mp4", "lecture-noisy.mp4", "lecture-letterboxed.mp4"})
  void withTheProjectsOwnSilenceDetectionAndContentAnalysis(String file) throws Exception {
    // The real upstream stages instead of the truth: silences detected in the fixture's audio track, topics from
    // the offline content analyzer over the sentences and the slide changes. Cuts must still fall between
    // sentences and the long pauses must still go (to within the detector's error).
    TruthLecture lecture = TruthLecture.load(file);
    SilenceConfig sc = SilenceConfig.defaults();
    List<TimeRange> detected = new ArrayList<>();
    for (SilenceDetector.Region r : new SilenceDetector(sc)
        .detect(AudioLevelReader.read(Fixtures.lecture(file), sc.hopSeconds())).silences) {
      detected.add(new TimeRange(r.start, r.end));
    }
    assertTrue(detected.size() >= 4, detected.toString());
    List<Double> slideChanges = new ArrayList<>();
    for (JsonNode c : Fixtures.truth(file).get("slideChanges")) {
      slideChanges.add(c.asDouble());
    }
    Transcript transcript = lecture.transcript(false);
    ContentSegments content = new OfflineContentAnalyzer().analyze(transcript, slideChanges, detected);
    List<String> titles = content.getSegments().stream().map(ContentSegment::getTitle).toList();
    for (ExtractionConfig config : CONFIGS) {
      for (boolean words : new boolean[] {false, true}) {
        Highlights h = HighlightSelector.select("job", content, lecture.transcript(words), detected,
            lecture.duration, config);
        String where = file + " " + config + " words=" + words + ": " + h + " from " + content;
        assertFalse(h.getHighlights().isEmpty(), where);
        assertWellFormed(h, lecture, config, titles, 0.1, where);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aLectureShorterThanTheMinimumGivesOneClipOfAllItsSpeech() throws Exception {
    // 15 s, 10.6 s of speech in four sentences: under the 20 s minimum, over the 10 s floor.
    TruthLecture lecture = TruthLecture.load("lecture-audio-only.m4a");
    Highlights h = HighlightSelector.select("job", lecture.wholeTopic("Short talk", 0.7),
        lecture.transcript(false), lecture.silenceRanges(), lecture.duration, ExtractionConfig.defaults());
    assertEquals(1, h.getHighlights().size(), h.toString());
    Highlight c = h.getHighlights().get(0);
    double m = ExtractionConfig.defaults().marginSeconds();
    assertEquals(lecture.sentences.get(0)[0] - m, c.getStart(), MS);
    assertEquals(lecture.sentences.get(lecture.sentences.size() - 1)[1] + m, c.getEnd(), MS);
    assertEquals("Short talk", c.getTitle());
    assertEquals(0.7, c.getScore(), EPS);
    // The 1.5 s pause after the second sentence is cut down to its margins.
    assertEquals(2, c.getKeep().size(), c.toString());
    assertEquals(lecture.sentences.get(1)[1] + m, c.getKeep().get(0).getEnd(), MS);
    assertEquals(lecture.sentences.get(2)[0] - m, c.getKeep().get(1).getStart(), MS);

    // Without its last two sentences it has under 10 s of speech: no clip.
    Transcript shorter = lecture.transcript(false);
    shorter = Transcript.newBuilder(shorter).setSegments(shorter.getSegments().subList(0, 2)).build();
    Highlights none = HighlightSelector.select("job", lecture.wholeTopic("Short talk", 0.7), shorter,
        lecture.silenceRanges(), lecture.duration, ExtractionConfig.defaults());
    assertTrue(none.getHighlights().isEmpty(), none.toString());
  }

  /** The same clips, ignoring the score (units are equal, so only rounding could differ). */
  private static List<List<TimeRange>> strip(Highlights h) {
    return h.getHighlights().stream().map(Highlight::getKeep).toList();
  }

  static void assertWellFormed(Highlights h, TruthLecture lecture, ExtractionConfig config, String where) {
    assertWellFormed(h, lecture, config, lecture.slideTitles, 0, where);
  }

  /**
   * @param titles the topic titles clips may carry
   * @param detectorError 0 when the silences given were the truth's; else how far a detected silence's ends may be
   *     from the truth's, and the long-silence check only asks that the truth silence is cut to within that
   */
  static void assertWellFormed(Highlights h, TruthLecture lecture, ExtractionConfig config, List<String> titles,
      double detectorError, String where) {
    List<Highlight> clips = h.getHighlights();
    assertTrue(clips.size() <= config.maxClips(), where);
    double total = 0;
    double previousEnd = Double.NEGATIVE_INFINITY;
    double m = config.marginSeconds();
    for (int c = 0; c < clips.size(); c++) {
      Highlight clip = clips.get(c);
      String at = "clip " + (c + 1) + " of " + where;
      assertEquals(c + 1, clip.getIndex(), at);
      assertTrue(clip.getStart() >= previousEnd, "time order, no overlap: " + at);
      assertTrue(titles.contains(clip.getTitle()), at);
      assertTrue(clip.getScore() >= 0 && clip.getScore() <= 1, at);
      List<TimeRange> keep = clip.getKeep();
      assertEquals(keep.get(0).getStart(), clip.getStart(), at);
      assertEquals(keep.get(keep.size() - 1).getEnd(), clip.getEnd(), at);
      double kept = 0;
      for (int k = 0; k < keep.size(); k++) {
        TimeRange r = keep.get(k);
        assertTrue(r.getEnd() - r.getStart() >= KeptIntervals.MIN_FRAGMENT_SECONDS, "no sub-frame piece: " + at);
        assertTrue(r.getStart() >= 0 && r.getEnd() <= lecture.duration, at);
        if (k > 0) {
          assertTrue(r.getStart() > keep.get(k - 1).getEnd(), "sorted, disjoint: " + at);
        }
        kept += r.getEnd() - r.getStart();
        // No boundary inside a sentence: every cut falls in a pause, so no word is clipped.
        for (double t : new double[] {r.getStart(), r.getEnd()}) {
          for (double[] s : lecture.sentences) {
            assertFalse(t > s[0] + EPS && t < s[1] - EPS, () -> "boundary " + t + " inside sentence " + s[0] + "-"
                + s[1] + ": " + at);
          }
        }
      }
      assertTrue(kept >= config.minClipSeconds() - EPS && kept <= config.maxClipSeconds() + EPS, kept + " s: " + at);
      total += kept;
      previousEnd = clip.getEnd();

      // Starts at a sentence start, less the margin (or half the pause before it); ends likewise after one.
      assertTrue(matchesEdge(clip.getStart(), lecture, m, true), "start " + clip.getStart() + ": " + at);
      assertTrue(matchesEdge(clip.getEnd(), lecture, m, false), "end " + clip.getEnd() + ": " + at);

      // Long silences inside the clip lose all but the margins; shorter pauses stay whole.
      for (double[] silence : lecture.silences) {
        // A silence that overlaps a sentence (the noisy fixture's quiet sentence tails) is cut only after it.
        double[] s = outsideSentences(silence, lecture.sentences);
        if (s[0] < clip.getStart() || s[1] > clip.getEnd()) {
          continue;
        }
        if (detectorError > 0) {
          if (s[1] - s[0] > config.cutSilencesLongerThan() + 2 * detectorError) {
            double removed = (s[1] - s[0]) - keptWithin(keep, s[0], s[1]);
            assertTrue(removed >= s[1] - s[0] - 2 * m - 2 * detectorError,
                "silence " + s[0] + "-" + s[1] + " only " + removed + " s cut: " + at);
          }
        } else if (s[1] - s[0] > config.cutSilencesLongerThan()) {
          assertTrue(covered(keep, s[0], s[0] + m - MS) && covered(keep, s[1] - m + MS, s[1]),
              "margins kept around " + s[0] + "-" + s[1] + ": " + at);
          assertTrue(uncovered(keep, s[0] + m + MS, s[1] - m - MS), "silence " + s[0] + "-" + s[1] + " cut: " + at);
        } else {
          assertTrue(covered(keep, s[0], s[1]), "short pause " + s[0] + "-" + s[1] + " kept: " + at);
        }
      }
      // All speech between the clip's ends is kept.
      for (double[] s : lecture.sentences) {
        if (s[0] >= clip.getStart() && s[1] <= clip.getEnd()) {
          assertTrue(covered(keep, s[0], s[1]), "sentence " + s[0] + " kept: " + at);
        }
      }
    }
    assertTrue(total <= config.maxTotalSeconds() + EPS, "total " + total + ": " + where);
  }

  private static double[] outsideSentences(double[] silence, List<double[]> sentences) {
    double a = silence[0];
    double b = silence[1];
    for (double[] s : sentences) {
      if (s[0] < a && s[1] > a) {
        a = s[1];
      }
      if (s[0] < b && s[1] > b) {
        b = s[0];
      }
    }
    return new double[] {a, Math.max(a, b)};
  }

  private static boolean matchesEdge(double t, TruthLecture lecture, double m, boolean start) {
    List<double[]> s = lecture.sentences;
    for (int i = 0; i < s.size(); i++) {
      double expected;
      if (start) {
        double before = i > 0 ? (s.get(i - 1)[1] + s.get(i)[0]) / 2 : 0;
        expected = Math.max(s.get(i)[0] - m, before);
      } else {
        double after = i + 1 < s.size() ? (s.get(i)[1] + s.get(i + 1)[0]) / 2 : lecture.duration;
        expected = Math.min(s.get(i)[1] + m, after);
      }
      if (Math.abs(t - expected) <= MS) {
        return true;
      }
    }
    return false;
  }

  private static double keptWithin(List<TimeRange> keep, double a, double b) {
    double s = 0;
    for (TimeRange r : keep) {
      s += Math.max(0, Math.min(b, r.getEnd()) - Math.max(a, r.getStart()));
    }
    return s;
  }

  private static boolean covered(List<TimeRange> keep, double a, double b) {
    for (TimeRange r : keep) {
      if (r.getStart() <= a + EPS && r.getEnd() >= b - EPS) {
        return true;
      }
    }
    return false;
  }

  private static boolean uncovered(List<TimeRange> keep, double a, double b) {
    for (TimeRange r : keep) {
      if (r.getStart() < b && r.getEnd() > a) {
        return false;
      }
    }
    return true;
  }
}
