package io.lecturehighlights.transforms.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Checks a model's segmentation answer against the rules the prompt states and repairs what can be repaired
 * deterministically; an answer that cannot be repaired is {@link UnusableAnswerException} (the caller asks again).
 *
 * <p>Rules: segments lie inside the analysed span, in order, without overlap or gaps, each lasting between the
 * minimum and maximum length (with {@link #TOLERANCE_SECONDS} slack), importance in [0, 1], non-empty titles.
 * Repairs, in this order: swapped start/end, times clamped into the span, importance clamped, sorting, overlaps cut
 * at a sentence boundary in the overlap (a segment inside another is folded into it), gaps closed at a sentence
 * boundary (the first and last segment stretched to the span's ends), too-short segments merged into their
 * shorter neighbour, too-long ones split into equal parts at the sentence boundaries nearest the cut points.
 * Unusable: not JSON, no segments, more than half the items broken (no times, no importance, no title nor text to
 * make one), or segments that cover less than half of the speech in the span (closing such gaps would invent
 * topics the model never named).
 */
public final class GeminiAnswerValidator {
  /** Slack on the segment-length rules: model times are rounded and sentence boundaries rarely fall exactly. */
  public static final double TOLERANCE_SECONDS = 2.0;
  /** Below this share of the span's speech covered by the answer, it is asked for again rather than stretched. */
  static final double MIN_SPEECH_COVERAGE = 0.5;
  private static final double EPS = 1e-6;
  private static final int MAX_KEYWORDS = 8;
  private static final int TITLE_WORDS = 8;

  /** The answer cannot be used; the message says why (it goes back to the model as a corrective note). */
  public static final class UnusableAnswerException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnusableAnswerException(String message) {
      super(message);
    }
  }

  /** Valid segments and what had to be repaired to get them (empty when the answer was valid as given). */
  public static final class Result {
    public final List<ContentSegment> segments;
    public final List<String> repairs;

    Result(List<ContentSegment> segments, List<String> repairs) {
      this.segments = List.copyOf(segments);
      this.repairs = List.copyOf(repairs);
    }
  }

  /** A segment being repaired. */
  private static final class Draft {
    double start;
    double end;
    String title;
    @Nullable String summary;
    List<String> keywords;
    double importance;
    @Nullable String reason;

    Draft(double start, double end, String title, @Nullable String summary, List<String> keywords,
        double importance, @Nullable String reason) {
      this.start = start;
      this.end = end;
      this.title = title;
      this.summary = summary;
      this.keywords = keywords;
      this.importance = importance;
      this.reason = reason;
    }

    Draft copy() {
      return new Draft(start, end, title, summary, new ArrayList<>(keywords), importance, reason);
    }

    double length() {
      return end - start;
    }

    /** Takes in a neighbour: the span of both, the text of the more important one, the keywords of both. */
    void absorb(Draft other) {
      start = Math.min(start, other.start);
      end = Math.max(end, other.end);
      if (other.importance > importance) {
        title = other.title;
        summary = other.summary;
        reason = other.reason;
        importance = other.importance;
      }
      Set<String> k = new LinkedHashSet<>(keywords);
      k.addAll(other.keywords);
      keywords = new ArrayList<>(k).subList(0, Math.min(MAX_KEYWORDS, k.size()));
    }

    ContentSegment build() {
      return ContentSegment.newBuilder().setStart(start).setEnd(end).setTitle(title).setSummary(summary)
          .setKeywords(new ArrayList<>(keywords)).setImportance(importance).setReason(reason).build();
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "[%.1f-%.1f] '%s'", start, end, title);
    }
  }

  private final double minSeconds;
  private final double maxSeconds;

  public GeminiAnswerValidator(double minSegmentSeconds, double maxSegmentSeconds) {
    if (!(minSegmentSeconds > 0) || !(maxSegmentSeconds >= 2 * minSegmentSeconds)) {
      throw new IllegalArgumentException("need 0 < min and max >= 2 x min, got " + minSegmentSeconds + " and "
          + maxSegmentSeconds);
    }
    this.minSeconds = minSegmentSeconds;
    this.maxSeconds = maxSegmentSeconds;
  }

  /**
   * Parses the model's text answer ({@code {"segments":[...]}}) and repairs it for the span [from, to].
   *
   * @param sentences the transcript's sentences (any order); those inside the span give the cut points and the
   *     speech the answer must cover
   */
  public Result validate(@Nullable String answer, double from, double to, List<TranscriptSegment> sentences)
      throws UnusableAnswerException {
    List<String> repairs = new ArrayList<>();
    List<Draft> drafts = parse(answer, repairs);
    return repair(drafts, from, to, sentences, repairs);
  }

  /** Re-validates segments already in hand (the merge of several windows' answers) for the span [from, to]. */
  public Result repair(List<ContentSegment> segments, double from, double to, List<TranscriptSegment> sentences)
      throws UnusableAnswerException {
    List<Draft> drafts = new ArrayList<>();
    for (ContentSegment s : segments) {
      drafts.add(new Draft(s.getStart(), s.getEnd(), s.getTitle(), s.getSummary(), new ArrayList<>(s.getKeywords()),
          s.getImportance(), s.getReason()));
    }
    return repair(drafts, from, to, sentences, new ArrayList<>());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Parsing

  private static List<Draft> parse(@Nullable String answer, List<String> repairs) throws UnusableAnswerException {
    if (answer == null || answer.isBlank()) {
      throw new UnusableAnswerException("the answer was empty");
    }
    String text = answer.strip();
    if (text.startsWith("```")) {
      // A Markdown code fence around the JSON: drop the fence lines.
      int firstNewline = text.indexOf('\n');
      int lastFence = text.lastIndexOf("```");
      if (firstNewline > 0 && lastFence > firstNewline) {
        text = text.substring(firstNewline + 1, lastFence).strip();
        repairs.add("removed a Markdown code fence around the JSON");
      }
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UnusableAnswerException("the answer was not valid JSON (" + firstLine(e.getOriginalMessage())
          + "); it must be a single JSON object {\"segments\": [...]}");
    }
    JsonNode items;
    if (root != null && root.isArray()) {
      items = root;
      repairs.add("took a bare JSON array as the segments");
    } else if (root != null && root.isObject() && root.path("segments").isArray()) {
      items = root.get("segments");
    } else {
      throw new UnusableAnswerException("the answer had no \"segments\" array");
    }
    if (items.isEmpty()) {
      throw new UnusableAnswerException("the answer had no segments");
    }
    List<Draft> drafts = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    int i = 0;
    for (JsonNode item : items) {
      String problem = problemWith(item);
      if (problem != null) {
        broken.add("segment " + i + " " + problem);
      } else {
        drafts.add(toDraft(item, i, repairs));
      }
      i++;
    }
    if (broken.size() * 2 > items.size()) {
      throw new UnusableAnswerException(broken.size() + " of " + items.size() + " segments were unusable: "
          + String.join("; ", broken.subList(0, Math.min(3, broken.size()))));
    }
    for (String b : broken) {
      repairs.add("dropped " + b);
    }
    return drafts;
  }

  private static @Nullable String problemWith(JsonNode item) {
    if (!item.isObject()) {
      return "is not an object";
    }
    if (number(item.get("start")) == null || number(item.get("end")) == null) {
      return "has no numeric start and end";
    }
    if (number(item.get("importance")) == null) {
      return "has no numeric importance";
    }
    if (text(item.get("title")) == null && text(item.get("summary")) == null && keywords(item).isEmpty()) {
      return "has no title";
    }
    return null;
  }

  private static Draft toDraft(JsonNode item, int index, List<String> repairs) {
    String title = text(item.get("title"));
    String summary = text(item.get("summary"));
    List<String> keywords = keywords(item);
    if (title == null) {
      // A title from the segment's own words: the summary's opening words, else its keywords.
      title = summary != null ? firstWords(summary, TITLE_WORDS) : String.join(", ", keywords);
      repairs.add("segment " + index + " had no title; took '" + title + "'");
    }
    return new Draft(number(item.get("start")), number(item.get("end")), title, summary, keywords,
        number(item.get("importance")), text(item.get("reason")));
  }

  private static @Nullable Double number(@Nullable JsonNode n) {
    double v;
    if (n == null) {
      return null;
    } else if (n.isNumber()) {
      v = n.asDouble();
    } else if (n.isTextual()) {
      try {
        v = Double.parseDouble(n.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return Double.isFinite(v) ? v : null;
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      return null;
    }
    return n.asText().strip().replaceAll("\\s+", " ");
  }

  private static List<String> keywords(JsonNode item) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode k = item.get("keywords");
    if (k != null && k.isArray()) {
      for (JsonNode w : k) {
        String t = text(w);
        if (t != null && out.size() < MAX_KEYWORDS) {
          out.add(t);
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static String firstWords(String s, int n) {
    String[] words = s.split("\\s+");
    String t = String.join(" ", java.util.Arrays.copyOf(words, Math.min(n, words.length)));
    return t.replaceAll("[.,;:!?]+$", "");
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unparseable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Repair

  private Result repair(List<Draft> input, double from, double to, List<TranscriptSegment> sentences,
      List<String> repairs) throws UnusableAnswerException {
    if (!(to > from)) {
      throw new IllegalArgumentException("empty span " + from + " - " + to);
    }
    List<TranscriptSegment> speech = new ArrayList<>();
    for (TranscriptSegment s : sentences) {
      if (s.getEnd() > from && s.getStart() < to && s.getEnd() >= s.getStart()) {
        speech.add(s);
      }
    }
    speech.sort(Comparator.comparingDouble(TranscriptSegment::getStart));
    double[] cuts = sentenceStarts(speech, from, to);

    List<Draft> drafts = new ArrayList<>();
    for (Draft d0 : input) {
      Draft d = d0.copy();
      if (d.end < d.start) {
        double t = d.start;
        d.start = d.end;
        d.end = t;
        repairs.add("swapped start and end of " + d);
      }
      if (d.start < from - EPS || d.end > to + EPS) {
        String before = d.toString();
        d.start = clamp(d.start, from, to);
        d.end = clamp(d.end, from, to);
        if (d.end - d.start < EPS) {
          repairs.add("dropped " + before + ", outside " + span(from, to));
          continue;
        }
        repairs.add("clamped " + before + " into " + span(from, to));
      }
      if (d.end - d.start < EPS) {
        repairs.add("dropped the empty segment " + d);
        continue;
      }
      if (d.importance < 0 || d.importance > 1) {
        repairs.add(String.format(Locale.ROOT, "clamped importance %.3f of %s into [0, 1]", d.importance, d));
        d.importance = clamp(d.importance, 0, 1);
      }
      drafts.add(d);
    }
    if (drafts.isEmpty()) {
      throw new UnusableAnswerException("no segment lay inside " + span(from, to));
    }

    List<Draft> sorted = new ArrayList<>(drafts);
    sorted.sort(Comparator.comparingDouble((Draft d) -> d.start).thenComparingDouble(d -> d.end));
    if (!sorted.equals(drafts)) {
      repairs.add("sorted the segments by start time");
    }

    // Overlaps: cut at a sentence boundary inside the overlap; a segment inside the previous one is folded into it.
    List<Draft> out = new ArrayList<>();
    for (Draft d : sorted) {
      Draft prev = out.isEmpty() ? null : out.get(out.size() - 1);
      if (prev != null && d.start < prev.end - EPS) {
        if (d.end <= prev.end + EPS) {
          repairs.add("folded " + d + " into " + prev + ", which contains it");
          prev.absorb(d);
          continue;
        }
        if (d.start <= prev.start + EPS) {
          repairs.add("folded " + prev + " into " + d + ", which contains it");
          d.absorb(prev);
          out.set(out.size() - 1, d);
          continue;
        }
        String was = prev + " and " + d;
        double cut = snap(cuts, (d.start + prev.end) / 2, d.start, prev.end);
        prev.end = cut;
        d.start = cut;
        repairs.add("cut the overlap of " + was + " at " + fmt(cut));
      }
      out.add(d);
    }

    double coverage = speechCoverage(out, speech, from, to);
    if (coverage < MIN_SPEECH_COVERAGE) {
      throw new UnusableAnswerException(String.format(Locale.ROOT,
          "the segments covered only %.0f%% of the speech in %s; they must cover it from start to end",
          coverage * 100, span(from, to)));
    }

    // Gaps: segments tile the span.
    if (out.get(0).start > from + EPS) {
      if (out.get(0).start - from > TOLERANCE_SECONDS) {
        repairs.add("stretched " + out.get(0) + " back to the start " + fmt(from));
      }
      out.get(0).start = from;
    }
    Draft last = out.get(out.size() - 1);
    if (last.end < to - EPS) {
      if (to - last.end > TOLERANCE_SECONDS) {
        repairs.add("stretched " + last + " to the end " + fmt(to));
      }
      last.end = to;
    }
    for (int i = 1; i < out.size(); i++) {
      Draft prev = out.get(i - 1);
      Draft d = out.get(i);
      if (d.start > prev.end + EPS) {
        double cut = snap(cuts, (prev.end + d.start) / 2, prev.end, d.start);
        if (d.start - prev.end > TOLERANCE_SECONDS) {
          repairs.add(String.format(Locale.ROOT, "closed the gap %s between %s and %s at %s",
              span(prev.end, d.start), prev, d, fmt(cut)));
        }
        prev.end = cut;
        d.start = cut;
      }
    }

    // Too short: fold the shortest into its shorter neighbour until none is left (or one segment remains).
    while (out.size() > 1) {
      int shortest = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).length() < minSeconds - TOLERANCE_SECONDS
            && (shortest < 0 || out.get(i).length() < out.get(shortest).length())) {
          shortest = i;
        }
      }
      if (shortest < 0) {
        break;
      }
      int neighbour;
      if (shortest == 0) {
        neighbour = 1;
      } else if (shortest == out.size() - 1) {
        neighbour = shortest - 1;
      } else {
        neighbour = out.get(shortest - 1).length() <= out.get(shortest + 1).length() ? shortest - 1 : shortest + 1;
      }
      Draft s = out.get(shortest);
      Draft n = out.get(neighbour);
      repairs.add(String.format(Locale.ROOT, "merged the %.1f s segment %s into %s", s.length(), s, n));
      n.absorb(s);
      out.remove(shortest);
    }

    // Too long: equal parts, each cut moved to the nearest sentence boundary that keeps every part in range.
    List<Draft> sized = new ArrayList<>();
    for (Draft d : out) {
      if (d.length() <= maxSeconds + TOLERANCE_SECONDS) {
        sized.add(d);
        continue;
      }
      int parts = (int) Math.ceil(d.length() / maxSeconds);
      double part = d.length() / parts;
      double slack = Math.max(0, Math.min(part - minSeconds, maxSeconds - part) / 2);
      double at = d.start;
      for (int j = 1; j <= parts; j++) {
        double target = d.start + j * part;
        double cut = j == parts ? d.end : snap(cuts, target, target - slack, target + slack);
        Draft p = d.copy();
        p.start = at;
        p.end = cut;
        p.title = d.title + " (part " + j + " of " + parts + ")";
        sized.add(p);
        at = cut;
      }
      repairs.add(String.format(Locale.ROOT, "split the %.1f s segment %s into %d parts", d.length(), d, parts));
    }

    check(sized, from, to);
    List<ContentSegment> segments = new ArrayList<>();
    for (Draft d : sized) {
      segments.add(d.build());
    }
    return new Result(segments, repairs);
  }

  /** The last line of defence: whatever the repairs did, the rules hold or the answer is not used. */
  private void check(List<Draft> segments, double from, double to) throws UnusableAnswerException {
    double previousEnd = from;
    boolean single = segments.size() == 1;
    for (Draft d : segments) {
      String problem = null;
      if (d.start < previousEnd - EPS || d.end > to + EPS || d.end <= d.start) {
        problem = "is out of order, overlapping or outside " + span(from, to);
      } else if (!single && (d.length() < minSeconds - TOLERANCE_SECONDS
          || d.length() > maxSeconds + TOLERANCE_SECONDS)) {
        problem = String.format(Locale.ROOT, "lasts %.1f s, outside %.0f-%.0f s", d.length(), minSeconds,
            maxSeconds);
      } else if (single && d.length() > maxSeconds + TOLERANCE_SECONDS) {
        problem = String.format(Locale.ROOT, "lasts %.1f s, over %.0f s", d.length(), maxSeconds);
      } else if (!(d.importance >= 0 && d.importance <= 1)) {
        problem = "has importance outside [0, 1]";
      } else if (d.title == null || d.title.isBlank()) {
        problem = "has no title";
      }
      if (problem != null) {
        throw new UnusableAnswerException("segment " + d + " " + problem);
      }
      previousEnd = d.end;
    }
  }

  /** Sentence starts strictly inside the span: the places a segment may begin. */
  private static double[] sentenceStarts(List<TranscriptSegment> speech, double from, double to) {
    return speech.stream().mapToDouble(TranscriptSegment::getStart).filter(t -> t > from + EPS && t < to - EPS)
        .sorted().distinct().toArray();
  }

  /** The cut nearest {@code target} within [lo, hi], or {@code target} itself when no sentence starts there. */
  private static double snap(double[] cuts, double target, double lo, double hi) {
    double best = target;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (double c : cuts) {
      if (c >= lo - EPS && c <= hi + EPS && Math.abs(c - target) < bestDistance) {
        best = c;
        bestDistance = Math.abs(c - target);
      }
    }
    return best;
  }

  /** Share of the speech time inside [from, to] that the segments cover (1 when there is no speech). */
  private static double speechCoverage(List<Draft> segments, List<TranscriptSegment> speech, double from,
      double to) {
    double total = 0;
    double covered = 0;
    for (TranscriptSegment s : speech) {
      double a = Math.max(from, s.getStart());
      double b = Math.min(to, s.getEnd());
      if (b <= a) {
        continue;
      }
      total += b - a;
      for (Draft d : segments) {
        covered += Math.max(0, Math.min(b, d.end) - Math.max(a, d.start));
      }
    }
    return total <= 0 ? 1 : Math.min(1, covered / total);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static String fmt(double t) {
    return String.format(Locale.ROOT, "%.1f s", t);
  }

  private static String span(double from, double to) {
    return String.format(Locale.ROOT, "%.1f-%.1f s", from, to);
  }
}
