package io.lecturehighlights.transforms.extraction;

import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.content.TextTerms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Chooses a lecture's highlight clips and the source intervals each keeps. Plain, single-threaded and
 * deterministic: the same input always gives an equal {@link Highlights}.
 *
 * <h2>Units and cut points</h2>
 * Clips are made of whole sentences ({@link SentenceUnits}): a clip starts at a sentence's start and ends at a
 * sentence's end. Its edges sit {@code marginSeconds} outside that speech, or halfway into the pause when the pause
 * to the neighbouring sentence is shorter than two margins, clamped to the lecture; an edge that would fall inside a
 * timed word moves out of it, so no word is ever clipped. Inside a clip, pauses longer than
 * {@code cutSilencesLongerThan} are removed except {@code marginSeconds} on each side, and never closer than that
 * to speech ({@link KeptIntervals}); the pauses are the silence regions when there are any, else the gaps between
 * timed words, else the gaps between sentences; the speech is the timed words, else the sentences (so without word
 * times a pause inside a sentence is never cut). A clip's length is the time it keeps.
 *
 * <h2>Candidates</h2>
 * Every topic segment with importance >= {@code minImportance} proposes one clip: the sentences whose midpoints lie
 * in it (those not already in a chosen clip; if a chosen clip splits them, the longest remaining run).
 * <ul>
 *   <li>Too long (over {@code maxClipSeconds}, or over what is left of {@code maxTotalSeconds}): whole sentences are
 *       dropped at the edges, one at a time. The edge sentence with fewer of the segment's keywords goes first; on a
 *       tie, the one further from the segment's centre; on a tie, the later one. So the keyword-bearing core stays.
 *   <li>Too short (under {@code minClipSeconds}): the neighbouring sentence with the shorter pause to the clip is
 *       added (it reads as the same passage; on a tie the following one), one at a time, never taking a sentence of
 *       a chosen clip and never going past {@code maxClipSeconds}. This is how a short topic merges with the edge of
 *       the topic next to it. A segment that cannot reach the minimum this way (lecture edges or chosen clips on
 *       both sides) is skipped.
 * </ul>
 *
 * <h2>Score and choice</h2>
 * {@code score = importance * (1 - 0.25 * dropped - 0.25 * borrowed)}, where {@code dropped} is the share of the
 * segment's own speech left out of the clip (trimming, or sentences taken by a chosen clip) and {@code borrowed}
 * the share of the clip's speech that comes from outside the segment (extension). No bonuses. Clips are chosen
 * greedily by score, ties to the earlier clip start, then the earlier segment, until {@code maxClips} are chosen or
 * less than {@code minClipSeconds} of {@code maxTotalSeconds} is left. Choosing a clip can change the others (they
 * may lose sentences to it, or have less budget): a candidate built before the last choice is rebuilt and queued
 * again with its new score before it can win. The output lists the clips in time order, indexed from 1; each has
 * the segment's title and runs from its first kept interval's start to its last one's end.
 *
 * <h2>Edge cases</h2>
 * <ul>
 *   <li>No sentences, no topic segments or {@code maxClips == 0}: no highlights (not an error).
 *   <li>A lecture whose whole speech keeps less than {@code minClipSeconds}: one clip of all its sentences when they
 *       hold at least {@value #SHORT_LECTURE_MIN_SPEECH_SECONDS} s of speech (the best-scoring topic's title), else
 *       none.
 *   <li>Unsorted or overlapping topic segments are sorted and clipped (an overlap goes to the earlier segment).
 *   <li>NaN or infinite times, times more than 0.5 s outside the lecture, ranges that end before they start,
 *       importance outside 0..1, a non-positive duration: {@link StageException} with reason
 *       {@code invalid_analysis}.
 * </ul>
 */
public final class HighlightSelector {
  /** Below this much speech a short lecture gives no clip at all. */
  public static final double SHORT_LECTURE_MIN_SPEECH_SECONDS = 10.0;
  /** Weight of the share of a segment's speech dropped from its clip. */
  public static final double DROPPED_PENALTY = 0.25;
  /** Weight of the share of a clip's speech borrowed from outside its segment. */
  public static final double BORROWED_PENALTY = 0.25;

  /** Distances closer than this are equal. */
  private static final double TIE_SECONDS = 1e-6;

  private final ExtractionInput in;
  private final ExtractionConfig config;
  private final KeptIntervals cutter;
  private final List<SentenceUnits.Unit> units;
  private final int n;
  private final double[] clipStart; // where a clip whose first sentence is i starts
  private final double[] clipEnd; // where a clip whose last sentence is i ends
  private final int[] topicOf; // topic list position of each sentence, -1 if none
  private final List<Set<String>> stemsOf;

  private HighlightSelector(ExtractionInput in, ExtractionConfig config) {
    this.in = in;
    this.config = config;
    this.units = in.units;
    this.n = units.size();
    this.cutter = new KeptIntervals(in.pauses, in.speech, config.cutSilencesLongerThan(), config.marginSeconds());
    this.clipStart = new double[n];
    this.clipEnd = new double[n];
    double margin = config.marginSeconds();
    for (int i = 0; i < n; i++) {
      SentenceUnits.Unit u = units.get(i);
      double before = i > 0 ? cutter.outOfWordsBackward((units.get(i - 1).end() + u.start()) / 2) : 0;
      double after = i + 1 < n ? cutter.outOfWordsBackward((u.end() + units.get(i + 1).start()) / 2) : in.duration;
      clipStart[i] = startEdge(Math.max(u.start() - margin, before), u.start());
      clipEnd[i] = endEdge(Math.min(u.end() + margin, after), u.end());
    }
    this.topicOf = new int[n];
    this.stemsOf = new ArrayList<>(n);
    int t = 0;
    for (int i = 0; i < n; i++) {
      SentenceUnits.Unit u = units.get(i);
      double mid = (u.start() + u.end()) / 2;
      while (t < in.topics.size() && mid >= in.topics.get(t).end() && t + 1 < in.topics.size()) {
        t++;
      }
      ExtractionInput.Topic topic = t < in.topics.size() ? in.topics.get(t) : null;
      topicOf[i] = topic != null && mid >= topic.start() && mid <= topic.end() ? t : -1;
      Set<String> stems = new HashSet<>();
      for (String w : TextTerms.words(u.text())) {
        stems.add(TextTerms.stem(w));
      }
      stemsOf.add(stems);
    }
  }

  /**
   * A clip start at x for speech starting at s, moved out of any word: past a word that ends before s (it belongs
   * to the sentence before), else back to the start of the word. Never crosses the cut point between the sentences,
   * which lies outside every word.
   */
  private double startEdge(double x, double s) {
    double y = x;
    double[] w;
    while ((w = cutter.wordAround(y)) != null && w[1] <= s) {
      y = w[1];
    }
    return w == null ? y : cutter.outOfWordsBackward(x);
  }

  /** A clip end at x for speech ending at e, moved out of any word; the mirror of {@link #startEdge}. */
  private double endEdge(double x, double e) {
    double y = x;
    double[] w;
    while ((w = cutter.wordAround(y)) != null && w[0] >= e) {
      y = w[0];
    }
    return w == null ? y : cutter.outOfWordsForward(x);
  }

  /**
   * The lecture's highlights.
   *
   * @param silences silence regions of the audio (may be empty)
   * @param duration the lecture's length in seconds
   * @throws StageException {@code invalid_analysis} when a time is not a number or lies outside the lecture
   */
  public static Highlights select(String jobId, ContentSegments content, Transcript transcript,
      List<TimeRange> silences, double duration, ExtractionConfig config) throws StageException {
    ExtractionInput in = ExtractionInput.of(content, transcript, silences, duration);
    return new HighlightSelector(in, config).run(jobId);
  }

  /** One proposed clip: sentences first..last for topic (position in the topic list). */
  private static final class Candidate {
    final int topic;
    final int first;
    final int last;
    final List<double[]> keep;
    final double seconds;
    final double score;
    final int builtAt; // number of clips chosen when it was built

    Candidate(int topic, int first, int last, List<double[]> keep, double score, int builtAt) {
      this.topic = topic;
      this.first = first;
      this.last = last;
      this.keep = keep;
      this.seconds = KeptIntervals.seconds(keep);
      this.score = score;
      this.builtAt = builtAt;
    }

    double start() {
      return keep.get(0)[0];
    }
  }

  private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble((Candidate c) -> -c.score)
      .thenComparingDouble(Candidate::start).thenComparingInt(c -> c.topic);

  private Highlights run(String jobId) {
    List<Candidate> chosen = new ArrayList<>();
    if (n > 0 && !in.topics.isEmpty() && config.maxClips() > 0) {
      choose(chosen);
    }
    chosen.sort(Comparator.comparingDouble(Candidate::start));
    List<Highlight> out = new ArrayList<>();
    for (Candidate c : chosen) {
      List<TimeRange> keep = new ArrayList<>();
      for (double[] k : c.keep) {
        keep.add(new TimeRange(k[0], k[1]));
      }
      out.add(Highlight.newBuilder()
          .setIndex(out.size() + 1)
          .setTitle(in.topics.get(c.topic).title())
          .setStart(c.keep.get(0)[0])
          .setEnd(c.keep.get(c.keep.size() - 1)[1])
          .setKeep(keep)
          .setScore(c.score)
          .build());
    }
    return Highlights.newBuilder().setJobId(jobId).setHighlights(out).build();
  }

  private void choose(List<Candidate> chosen) {
    double minKeep = config.minClipSeconds();
    double wholeLecture = keptSeconds(0, n - 1);
    if (wholeLecture < minKeep) {
      double speech = 0;
      for (SentenceUnits.Unit u : units) {
        speech += u.seconds();
      }
      if (speech < SHORT_LECTURE_MIN_SPEECH_SECONDS || wholeLecture <= 0) {
        return;
      }
      // Short lecture: every candidate then grows to the whole speech, so the best one is the single clip.
      minKeep = wholeLecture;
    }
    boolean[] taken = new boolean[n];
    double budget = config.maxTotalSeconds();
    PriorityQueue<Candidate> queue = new PriorityQueue<>(BEST_FIRST);
    for (int t = 0; t < in.topics.size(); t++) {
      if (in.topics.get(t).importance() >= config.minImportance()) {
        Candidate c = build(t, taken, minKeep, Math.min(config.maxClipSeconds(), budget), 0);
        if (c != null) {
          queue.add(c);
        }
      }
    }
    while (!queue.isEmpty() && chosen.size() < config.maxClips() && budget >= minKeep) {
      Candidate c = queue.poll();
      if (c.builtAt != chosen.size()) {
        Candidate rebuilt = build(c.topic, taken, minKeep, Math.min(config.maxClipSeconds(), budget), chosen.size());
        if (rebuilt != null) {
          queue.add(rebuilt);
        }
        continue;
      }
      chosen.add(c);
      budget -= c.seconds;
      for (int i = c.first; i <= c.last; i++) {
        taken[i] = true;
      }
    }
  }

  /** The clip topic t proposes given the sentences already taken, or null if none fits [minKeep, maxKeep]. */
  private Candidate build(int t, boolean[] taken, double minKeep, double maxKeep, int builtAt) {
    if (maxKeep < minKeep) {
      return null;
    }
    // The topic's own free sentences: the longest run of them (by speech), earliest on a tie.
    int first = -1;
    int last = -1;
    double bestSpeech = -1;
    double ownSpeech = 0;
    for (int i = 0; i < n; i++) {
      if (topicOf[i] != t) {
        continue;
      }
      ownSpeech += units.get(i).seconds();
      if (taken[i] || (i > 0 && topicOf[i - 1] == t && !taken[i - 1])) {
        continue;
      }
      int j = i;
      double speech = 0;
      while (j < n && topicOf[j] == t && !taken[j]) {
        speech += units.get(j).seconds();
        j++;
      }
      if (speech > bestSpeech) {
        bestSpeech = speech;
        first = i;
        last = j - 1;
      }
    }
    if (first < 0) {
      return null;
    }
    ExtractionInput.Topic topic = in.topics.get(t);
    double centre = (units.get(first).start() + units.get(last).end()) / 2;
    double kept = keptSeconds(first, last);
    while (kept > maxKeep && first < last) {
      boolean dropFirst = dropFirst(topic, first, last, centre);
      // Spans to try, as (first, last) pairs: the preferred drop, then the other edge.
      int[] order = dropFirst
          ? new int[] {first + 1, last, first, last - 1}
          : new int[] {first, last - 1, first + 1, last};
      boolean dropped = false;
      for (int k = 0; k < 4 && !dropped; k += 2) {
        double s = keptSeconds(order[k], order[k + 1]);
        // Dropping must not undershoot the minimum (only a sentence longer than max - min could make it).
        if (s >= minKeep) {
          first = order[k];
          last = order[k + 1];
          kept = s;
          dropped = true;
        }
      }
      if (!dropped) {
        return null;
      }
    }
    while (kept < minKeep) {
      boolean canBefore = first > 0 && !taken[first - 1];
      boolean canAfter = last + 1 < n && !taken[last + 1];
      double gapBefore = canBefore ? units.get(first).start() - units.get(first - 1).end() : Double.POSITIVE_INFINITY;
      double gapAfter = canAfter ? units.get(last + 1).start() - units.get(last).end() : Double.POSITIVE_INFINITY;
      boolean afterFirst = gapAfter <= gapBefore;
      boolean grown = false;
      for (int k = 0; k < 2 && !grown; k++) {
        boolean after = (k == 0) == afterFirst;
        if (after ? !canAfter : !canBefore) {
          continue;
        }
        int f = after ? first : first - 1;
        int l = after ? last + 1 : last;
        double s = keptSeconds(f, l);
        if (s <= maxKeep) {
          first = f;
          last = l;
          kept = s;
          grown = true;
        }
      }
      if (!grown) {
        return null;
      }
    }
    if (kept > maxKeep || kept <= 0) {
      return null;
    }
    List<double[]> keep = cutter.keep(clipStart[first], clipEnd[last]);
    double clipOwn = 0;
    double clipAll = 0;
    for (int i = first; i <= last; i++) {
      clipAll += units.get(i).seconds();
      if (topicOf[i] == t) {
        clipOwn += units.get(i).seconds();
      }
    }
    double droppedShare = ownSpeech > 0 ? clamp01(1 - clipOwn / ownSpeech) : 0;
    double borrowedShare = clipAll > 0 ? clamp01(1 - clipOwn / clipAll) : 0;
    double score = topic.importance() * (1 - DROPPED_PENALTY * droppedShare - BORROWED_PENALTY * borrowedShare);
    return new Candidate(t, first, last, keep, score, builtAt);
  }

  /** Which edge sentence goes when trimming: fewer keywords, else further from the centre, else the later one. */
  private boolean dropFirst(ExtractionInput.Topic topic, int first, int last, double centre) {
    int hitsFirst = hits(topic, first);
    int hitsLast = hits(topic, last);
    if (hitsFirst != hitsLast) {
      return hitsFirst < hitsLast;
    }
    double distFirst = centre - mid(first);
    double distLast = mid(last) - centre;
    // Symmetric edges must tie whatever the rounding, or the choice would depend on the absolute times.
    return distFirst > distLast + TIE_SECONDS;
  }

  private int hits(ExtractionInput.Topic topic, int i) {
    int h = 0;
    for (String s : topic.keywordStems()) {
      if (stemsOf.get(i).contains(s)) {
        h++;
      }
    }
    return h;
  }

  private double mid(int i) {
    return (units.get(i).start() + units.get(i).end()) / 2;
  }

  private double keptSeconds(int first, int last) {
    return KeptIntervals.seconds(cutter.keep(clipStart[first], clipEnd[last]));
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
