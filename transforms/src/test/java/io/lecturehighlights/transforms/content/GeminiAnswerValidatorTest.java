package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiAnswerValidatorTest {
  private final GeminiAnswerValidator validator = new GeminiAnswerValidator(20, 120);

  /** Sentences of 5 s (4.8 s of speech) from 0 to {@code seconds}. */
  private static List<TranscriptSegment> sentences(double seconds) {
    List<TranscriptSegment> out = new ArrayList<>();
    for (double t = 0; t + 5 <= seconds + 1e-9; t += 5) {
      out.add(new TranscriptSegment(t, t + 4.8, "sentence at " + t));
    }
    return out;
  }

  /** An answer of segments given as (start, end, importance) triples. */
  private static String answer(double... triples) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode segs = root.putArray("segments");
    for (int i = 0; i + 2 < triples.length; i += 3) {
      ObjectNode o = segs.addObject();
      o.put("start", triples[i]).put("end", triples[i + 1]).put("title", "Topic " + i / 3)
          .put("summary", "Summary " + i / 3).put("importance", triples[i + 2]).put("reason", "because");
      o.putArray("keywords").add("k" + i / 3);
    }
    return root.toString();
  }

  private static void assertRules(List<ContentSegment> segs, double from, double to) {
    assertEquals(from, segs.get(0).getStart(), 1e-9);
    assertEquals(to, segs.get(segs.size() - 1).getEnd(), 1e-9);
    for (int i = 0; i < segs.size(); i++) {
      ContentSegment s = segs.get(i);
      double d = s.getEnd() - s.getStart();
      assertTrue(d >= 18 && d <= 122, "length " + d + " of " + s);
      assertTrue(s.getImportance() >= 0 && s.getImportance() <= 1);
      if (i > 0) {
        assertEquals(segs.get(i - 1).getEnd(), s.getStart(), 1e-9, segs.toString());
      }
    }
  }

  @Test
  void validAnswerPassesUnchanged() throws Exception {
    GeminiAnswerValidator.Result r = validator.validate(answer(0, 60, 0.2, 60, 150, 0.9, 150, 180, 0.5), 0, 180,
        sentences(180));
    assertTrue(r.repairs.isEmpty(), r.repairs.toString());
    assertEquals(3, r.segments.size());
    assertEquals(60, r.segments.get(1).getStart(), 1e-9);
    assertEquals(150, r.segments.get(1).getEnd(), 1e-9);
    assertEquals("Topic 1", r.segments.get(1).getTitle());
    assertEquals(List.of("k1"), r.segments.get(1).getKeywords());
    assertEquals(0.9, r.segments.get(1).getImportance(), 1e-9);
    assertEquals("because", r.segments.get(1).getReason());
  }

  @Test
  void unusableAnswersSayWhy() {
    List<TranscriptSegment> s = sentences(120);
    assertTrue(assertThrows(GeminiAnswerValidator.UnusableAnswerException.class,
        () -> validator.validate("Here are your segments: intro, then laws.", 0, 120, s)).getMessage()
        .contains("not valid JSON"));
    assertTrue(assertThrows(GeminiAnswerValidator.UnusableAnswerException.class,
        () -> validator.validate("{\"segments\":[]}", 0, 120, s)).getMessage().contains("no segments"));
    assertTrue(assertThrows(GeminiAnswerValidator.UnusableAnswerException.class,
        () -> validator.validate("{\"topics\":[]}", 0, 120, s)).getMessage().contains("no \"segments\" array"));
    assertThrows(GeminiAnswerValidator.UnusableAnswerException.class, () -> validator.validate("  ", 0, 120, s));
    // Truncated JSON (an answer cut off at the token limit).
    assertThrows(GeminiAnswerValidator.UnusableAnswerException.class,
        () -> validator.validate(answer(0, 60, 0.5, 60, 120, 0.5).substring(0, 70), 0, 120, s));
  }

  @Test
  void answerCoveringTooLittleSpeechIsUnusableNotStretched() {
    // One 30 s segment for a 10-minute span: stretching it would invent nine minutes of "topic".
    GeminiAnswerValidator.UnusableAnswerException e = assertThrows(
        GeminiAnswerValidator.UnusableAnswerException.class,
        () -> validator.validate(answer(100, 130, 0.5), 0, 600, sentences(600)));
    assertTrue(e.getMessage().contains("covered only 5%"), e.getMessage());
  }

  @Test
  void mostlyBrokenItemsAreUnusableAFewAreDropped() throws Exception {
    String mostlyBroken = "{\"segments\":[{\"start\":\"soon\",\"end\":60,\"title\":\"a\",\"importance\":0.5},"
        + "{\"start\":60,\"title\":\"b\",\"importance\":0.5},"
        + "{\"start\":0,\"end\":120,\"title\":\"c\",\"importance\":0.5}]}";
    assertTrue(assertThrows(GeminiAnswerValidator.UnusableAnswerException.class,
        () -> validator.validate(mostlyBroken, 0, 120, sentences(120))).getMessage().contains("2 of 3"));

    String oneBroken = "{\"segments\":[{\"start\":0,\"end\":60,\"title\":\"a\",\"importance\":0.5},"
        + "{\"start\":60,\"end\":90,\"title\":\"b\"},"
        + "{\"start\":90,\"end\":120,\"title\":\"c\",\"importance\":0.5}]}";
    GeminiAnswerValidator.Result r = validator.validate(oneBroken, 0, 120, sentences(120));
    assertEquals(2, r.segments.size());
    assertRules(r.segments, 0, 120);
    assertTrue(r.repairs.stream().anyMatch(x -> x.contains("no numeric importance")), r.repairs.toString());
  }

  @Test
  void fencesBareArraysStringNumbersAndMissingTitlesAreRepaired() throws Exception {
    String text = "```json\n[{\"start\":\"0\",\"end\":\"45.5\",\"title\":\"\",\"summary\":\"Newton's first law"
        + " explains inertia in everyday life.\",\"keywords\":[\"inertia\",\"inertia\",\" \"],\"importance\":0.4},"
        + "{\"start\":45.5,\"end\":90,\"title\":\"Second law\",\"importance\":0.7}]\n```";
    GeminiAnswerValidator.Result r = validator.validate(text, 0, 90, sentences(90));
    assertEquals(2, r.segments.size());
    assertEquals("Newton's first law explains inertia in everyday life", r.segments.get(0).getTitle());
    assertEquals(List.of("inertia"), r.segments.get(0).getKeywords());
    assertEquals(45.5, r.segments.get(0).getEnd(), 1e-9);
    assertEquals(3, r.repairs.size(), r.repairs.toString());
  }

  @Test
  void outOfRangeTimesAndImportanceAreClamped() throws Exception {
    GeminiAnswerValidator.Result r = validator.validate(
        answer(-5, 60, 1.7, 60, 130, -0.2, 200, 260, 0.5), 0, 120, sentences(120));
    // The third segment lies wholly after the span: dropped.
    assertEquals(2, r.segments.size());
    assertRules(r.segments, 0, 120);
    assertEquals(1.0, r.segments.get(0).getImportance(), 1e-9);
    assertEquals(0.0, r.segments.get(1).getImportance(), 1e-9);
    assertTrue(r.repairs.stream().anyMatch(x -> x.startsWith("dropped [200.0-260.0]")), r.repairs.toString());
  }

  @Test
  void unsortedAndOverlappingSegmentsAreSortedAndCutAtASentenceStart() throws Exception {
    // Second and first swapped; they overlap from 50 to 71: the cut goes to the sentence start nearest 60.5.
    GeminiAnswerValidator.Result r = validator.validate(answer(50, 120, 0.6, 0, 71, 0.3), 0, 120, sentences(120));
    assertEquals(2, r.segments.size());
    assertEquals("Topic 1", r.segments.get(0).getTitle());
    assertEquals(60, r.segments.get(0).getEnd(), 1e-9);
    assertEquals(60, r.segments.get(1).getStart(), 1e-9);
    assertTrue(r.repairs.contains("sorted the segments by start time"), r.repairs.toString());
  }

  @Test
  void segmentInsideAnotherIsFoldedIntoIt() throws Exception {
    GeminiAnswerValidator.Result r = validator.validate(answer(0, 90, 0.4, 30, 60, 0.9, 90, 120, 0.2), 0, 120,
        sentences(120));
    assertEquals(2, r.segments.size());
    assertEquals(90, r.segments.get(0).getEnd(), 1e-9);
    // The folded-in segment was the more important one: its title, importance and reason win.
    assertEquals("Topic 1", r.segments.get(0).getTitle());
    assertEquals(0.9, r.segments.get(0).getImportance(), 1e-9);
    assertEquals(List.of("k0", "k1"), r.segments.get(0).getKeywords());
  }

  @Test
  void gapsAreClosedAtASentenceStartAndEndsStretched() throws Exception {
    // Gaps 0-3, 50-71 and 118-130.
    GeminiAnswerValidator.Result r = validator.validate(answer(3, 50, 0.5, 71, 118, 0.5), 0, 130, sentences(130));
    assertRules(r.segments, 0, 130);
    assertEquals(60, r.segments.get(0).getEnd(), 1e-9, "the sentence start nearest the gap's middle (60.5)");
  }

  @Test
  void tooShortSegmentMergesIntoItsShorterNeighbour() throws Exception {
    GeminiAnswerValidator.Result r = validator.validate(answer(0, 80, 0.3, 80, 90, 0.8, 90, 120, 0.4), 0, 120,
        sentences(120));
    assertEquals(2, r.segments.size());
    assertRules(r.segments, 0, 120);
    assertEquals(80, r.segments.get(1).getStart(), 1e-9, "merged into the 30 s neighbour, not the 80 s one");
    assertEquals(0.8, r.segments.get(1).getImportance(), 1e-9);
  }

  @Test
  void tooLongSegmentIsSplitIntoEqualPartsAtSentenceStarts() throws Exception {
    // 300 s: three parts of about 100 s; sentences start every 5 s, so cuts land on 100 and 200... of 2.5 s offset.
    List<TranscriptSegment> s = new ArrayList<>();
    for (double t = 2.5; t < 300; t += 5) {
      s.add(new TranscriptSegment(t, t + 4.5, "x"));
    }
    GeminiAnswerValidator.Result r = validator.validate(answer(0, 300, 0.7), 0, 300, s);
    assertEquals(3, r.segments.size());
    assertRules(r.segments, 0, 300);
    assertEquals("Topic 0 (part 1 of 3)", r.segments.get(0).getTitle());
    assertEquals("Topic 0 (part 3 of 3)", r.segments.get(2).getTitle());
    for (ContentSegment p : r.segments.subList(1, 3)) {
      assertEquals(2.5, p.getStart() % 5, 1e-9, "starts at a sentence start: " + p);
      assertEquals(0.7, p.getImportance(), 1e-9);
    }
  }

  @Test
  void spanShorterThanTheMinimumGivesOneSegment() throws Exception {
    GeminiAnswerValidator.Result r = validator.validate(answer(0, 6, 0.5, 6, 12, 0.6), 0, 12, sentences(12));
    assertEquals(1, r.segments.size());
    assertEquals(0, r.segments.get(0).getStart(), 1e-9);
    assertEquals(12, r.segments.get(0).getEnd(), 1e-9);
  }

  @Test
  void repairOfMergedSegmentsRestoresTheRules() throws Exception {
    // What a window merge can leave: an overlap at 100-110 and a gap at 230-250.
    List<ContentSegment> merged = List.of(
        seg(0, 110, 0.5), seg(100, 230, 0.6), seg(250, 300, 0.7));
    GeminiAnswerValidator.Result r = validator.repair(merged, 0, 300, sentences(300));
    assertRules(r.segments, 0, 300);
    assertFalse(r.repairs.isEmpty());
  }

  private static ContentSegment seg(double start, double end, double importance) {
    return ContentSegment.newBuilder().setStart(start).setEnd(end).setTitle("t" + start).setSummary(null)
        .setKeywords(new ArrayList<>()).setImportance(importance).setReason(null).build();
  }
}
