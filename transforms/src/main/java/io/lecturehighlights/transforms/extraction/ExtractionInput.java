package io.lecturehighlights.transforms.extraction;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.content.TextTerms;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The analysis results extraction works from, checked and tidied: every time finite and inside the lecture (up to
 * {@link #slackSeconds} past either end, which is clamped: recognisers and caption files round, and audio often
 * outlasts the duration the container declares, by 0.5 s on a one-hour lecture joined by stream copy), every range
 * with end >= start, every importance within 0..1; anything else is a {@link StageException} with reason
 * {@value #INVALID}. Topic segments are sorted and clipped so they do not overlap; sentences are built by
 * {@link SentenceUnits}; pauses come from the silence regions, else from gaps between words, else from gaps
 * between sentences. The speech that no cut may touch is the timed words, or the sentences themselves when the
 * transcript has no word times (captions): then a pause inside a caption is never cut, but no word is clipped
 * where the silence detector and the caption times disagree.
 */
final class ExtractionInput {
  static final String INVALID = "invalid_analysis";
  // Slack past the ends: at least a second, and half a percent of the lecture (drift grows with length).
  static final double MIN_SLACK_SECONDS = 1.0;
  static final double SLACK_FRACTION = 0.005;

  /** A topic segment, clipped so topics do not overlap, with the stems of its keywords. */
  record Topic(int index, double start, double end, String title, double importance, Set<String> keywordStems) {}

  final double duration;
  final List<SentenceUnits.Unit> units;
  final List<double[]> speech;
  final List<double[]> pauses;
  final List<Topic> topics;

  private ExtractionInput(double duration, List<SentenceUnits.Unit> units, List<double[]> speech,
      List<double[]> pauses, List<Topic> topics) {
    this.duration = duration;
    this.units = units;
    this.speech = speech;
    this.pauses = pauses;
    this.topics = topics;
  }

  static ExtractionInput of(ContentSegments content, Transcript transcript, List<TimeRange> silences,
      double duration) throws StageException {
    if (!Double.isFinite(duration) || duration <= 0) {
      throw new StageException(INVALID, "lecture duration must be a positive number of seconds, got " + duration);
    }
    if (transcript == null || content == null) {
      throw new StageException(INVALID, "no " + (transcript == null ? "transcript" : "content segments")
          + " to extract highlights from");
    }

    List<SentenceUnits.Segment> segments = new ArrayList<>();
    List<TranscriptSegment> ts = transcript.getSegments() == null ? List.of() : transcript.getSegments();
    for (int i = 0; i < ts.size(); i++) {
      TranscriptSegment s = ts.get(i);
      double[] r = range(s.getStart(), s.getEnd(), duration, "transcript segment " + i);
      segments.add(new SentenceUnits.Segment(r[0], r[1], s.getText() == null ? "" : s.getText().toString()));
    }
    List<SentenceUnits.Word> words = new ArrayList<>();
    List<double[]> wordRanges = new ArrayList<>();
    List<TranscriptWord> tw = transcript.getWords() == null ? List.of() : transcript.getWords();
    for (int i = 0; i < tw.size(); i++) {
      TranscriptWord w = tw.get(i);
      double[] r = range(w.getStart(), w.getEnd(), duration, "transcript word " + i);
      words.add(new SentenceUnits.Word(r[0], r[1], w.getWord() == null ? "" : w.getWord().toString()));
      wordRanges.add(r);
    }
    List<SentenceUnits.Unit> units = SentenceUnits.of(segments, words);

    List<double[]> pauses = new ArrayList<>();
    List<TimeRange> sil = silences == null ? List.of() : silences;
    for (int i = 0; i < sil.size(); i++) {
      pauses.add(range(sil.get(i).getStart(), sil.get(i).getEnd(), duration, "silence " + i));
    }
    List<double[]> sentenceSpans = new ArrayList<>();
    for (SentenceUnits.Unit u : units) {
      sentenceSpans.add(new double[] {u.start(), u.end()});
    }
    List<double[]> speech = wordRanges.isEmpty() ? sentenceSpans : wordRanges;
    if (pauses.isEmpty()) {
      // No silence regions (not analysed, or nothing found): the gaps in the speech are the pauses.
      pauses = gaps(speech, duration);
    }
    pauses = KeptIntervals.merge(pauses);

    return new ExtractionInput(duration, units, speech, pauses, topics(content, duration));
  }

  private static List<Topic> topics(ContentSegments content, double duration) throws StageException {
    List<ContentSegment> cs = content.getSegments() == null ? List.of() : content.getSegments();
    List<Topic> raw = new ArrayList<>();
    for (int i = 0; i < cs.size(); i++) {
      ContentSegment s = cs.get(i);
      double[] r = range(s.getStart(), s.getEnd(), duration, "topic segment " + i);
      double importance = s.getImportance();
      if (!(importance >= 0 && importance <= 1)) {
        throw new StageException(INVALID, "topic segment " + i + " has importance " + importance
            + ", expected a number within 0..1");
      }
      Set<String> stems = new LinkedHashSet<>();
      if (s.getKeywords() != null) {
        for (CharSequence k : s.getKeywords()) {
          for (String w : TextTerms.words(k.toString())) {
            stems.add(TextTerms.stem(w));
          }
        }
      }
      String title = s.getTitle() == null ? "" : s.getTitle().toString();
      raw.add(new Topic(i, r[0], r[1], title, importance, Collections.unmodifiableSet(stems)));
    }
    // Defensive: analysers should give sorted, disjoint segments; an overlap goes to the earlier one.
    raw.sort(Comparator.comparingDouble(Topic::start).thenComparingDouble(Topic::end)
        .thenComparingInt(Topic::index));
    List<Topic> out = new ArrayList<>();
    double previousEnd = 0;
    for (Topic t : raw) {
      double start = Math.max(t.start(), previousEnd);
      if (t.end() > start) {
        out.add(new Topic(t.index(), start, t.end(), t.title(), t.importance(), t.keywordStems()));
        previousEnd = t.end();
      }
    }
    return out;
  }

  /** Gaps between speech spans, and before the first and after the last. */
  private static List<double[]> gaps(List<double[]> spans, double duration) {
    List<double[]> sorted = KeptIntervals.merge(spans);
    List<double[]> out = new ArrayList<>();
    double cursor = 0;
    for (double[] s : sorted) {
      if (s[0] > cursor) {
        out.add(new double[] {cursor, s[0]});
      }
      cursor = Math.max(cursor, s[1]);
    }
    if (duration > cursor) {
      out.add(new double[] {cursor, duration});
    }
    return out;
  }

  /** How far past either end a time may lie and still be clamped rather than rejected. */
  static double slackSeconds(double duration) {
    return Math.max(MIN_SLACK_SECONDS, SLACK_FRACTION * duration);
  }

  private static double[] range(double start, double end, double duration, String what) throws StageException {
    double s = time(start, duration, what + " start");
    double e = time(end, duration, what + " end");
    if (end < start) {
      throw new StageException(INVALID, String.format(Locale.ROOT, "%s ends (%.3f s) before it starts (%.3f s)",
          what, end, start));
    }
    return new double[] {s, e};
  }

  private static double time(double t, double duration, String what) throws StageException {
    if (!Double.isFinite(t)) {
      throw new StageException(INVALID, what + " is " + t + ", not a time");
    }
    double slack = slackSeconds(duration);
    if (t < -slack || t > duration + slack) {
      throw new StageException(INVALID, String.format(Locale.ROOT,
          "%s at %.3f s is outside the lecture (0 to %.3f s)", what, t, duration));
    }
    return Math.min(Math.max(t, 0), duration);
  }
}
