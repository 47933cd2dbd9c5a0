package io.lecturehighlights.transforms.transcription;

import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.StageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shifts each chunk's engine result from chunk time to lecture time, and joins the chunks of a lecture back into one
 * transcript in order. A missing or failed chunk fails the whole lecture: a transcript with a hole in it would
 * silently drop what was said.
 */
public final class TranscriptStitcher {
  private TranscriptStitcher() {}

  /** One chunk's outcome in lecture time, or its failure. */
  public static final class Part {
    public final int index;
    public final double start;
    public final double end;
    public final List<TranscriptSegment> segments;
    public final List<TranscriptWord> words;
    public final String failureReason;
    public final String failureMessage;

    public Part(int index, double start, double end, List<TranscriptSegment> segments, List<TranscriptWord> words,
        String failureReason, String failureMessage) {
      this.index = index;
      this.start = start;
      this.end = end;
      this.segments = segments;
      this.words = words;
      this.failureReason = failureReason;
      this.failureMessage = failureMessage;
    }
  }

  /** The joined transcript. */
  public static final class Stitched {
    public final List<TranscriptSegment> segments;
    public final List<TranscriptWord> words;

    Stitched(List<TranscriptSegment> segments, List<TranscriptWord> words) {
      this.segments = segments;
      this.words = words;
    }
  }

  /**
   * Moves chunk-relative times to lecture time ({@code + offset}), rounded to the millisecond and clamped to the
   * chunk's span so an engine's overshoot cannot reach into the next chunk.
   */
  public static List<TranscriptSegment> offsetSegments(List<TranscriptSegment> in, double offset, double chunkEnd) {
    List<TranscriptSegment> out = new ArrayList<>(in.size());
    for (TranscriptSegment s : in) {
      double a = clamp(offset + s.getStart(), offset, chunkEnd);
      double b = clamp(offset + s.getEnd(), a, chunkEnd);
      out.add(new TranscriptSegment(Json.seconds(a), Json.seconds(b), s.getText()));
    }
    return out;
  }

  public static List<TranscriptWord> offsetWords(List<TranscriptWord> in, double offset, double chunkEnd) {
    List<TranscriptWord> out = new ArrayList<>(in.size());
    for (TranscriptWord w : in) {
      double a = clamp(offset + w.getStart(), offset, chunkEnd);
      double b = clamp(offset + w.getEnd(), a, chunkEnd);
      out.add(new TranscriptWord(Json.seconds(a), Json.seconds(b), w.getWord(), w.getConfidence()));
    }
    return out;
  }

  private static double clamp(double v, double lo, double hi) {
    return hi > lo ? Math.max(lo, Math.min(hi, v)) : lo;
  }

  /** Joins parts (any order, duplicates of an index tolerated) of a lecture planned into {@code count} chunks. */
  public static Stitched stitch(List<Part> parts, int count) throws StageException {
    Map<Integer, Part> byIndex = new TreeMap<>();
    for (Part p : parts) {
      byIndex.putIfAbsent(p.index, p);
    }
    for (Part p : byIndex.values()) {
      if (p.failureReason != null) {
        throw new StageException(p.failureReason, String.format(Locale.ROOT,
            "chunk %d of %d (%.1f-%.1f s) failed: %s", p.index + 1, count, p.start, p.end, p.failureMessage));
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!byIndex.containsKey(i)) {
        missing.add(i + 1);
      }
    }
    if (!missing.isEmpty() || byIndex.size() != count) {
      throw new StageException("missing_chunk", "chunks " + missing + " of " + count
          + " never came back from transcription");
    }
    List<TranscriptSegment> segments = new ArrayList<>();
    List<TranscriptWord> words = new ArrayList<>();
    for (Part p : byIndex.values()) {
      List<TranscriptSegment> s = new ArrayList<>(p.segments);
      s.sort(Comparator.comparingDouble(TranscriptSegment::getStart));
      segments.addAll(s);
      List<TranscriptWord> w = new ArrayList<>(p.words);
      w.sort(Comparator.comparingDouble(TranscriptWord::getStart));
      words.addAll(w);
    }
    return new Stitched(segments, words);
  }
}
