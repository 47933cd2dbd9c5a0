package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportanceScorerTest {
  private static final List<String> CHATTER = List.of(
      "Okay , can everybody hear me in the back ?",
      "Let me just find the light switch here .",
      "The weather today is pretty nice , isn't it .",
      "All right , let's get going then .");
  private static final List<String> TEACHING = List.of(
      "Momentum is defined as mass times velocity .",
      "Remember this , it will be on the exam .",
      "Why is momentum conserved in a collision ?",
      "Because no external force acts on the two carts , so the total momentum stays the same .",
      "We call this the conservation of momentum , and it is important .");
  private static final List<String> PLAIN_PHYSICS = List.of(
      "The cart rolls along the track at a steady speed .",
      "It hits the second cart and the two move together .",
      "The track is level and the carts are light .");

  @Test
  void definitionsAndEmphasisOutrankChatter() {
    List<List<String>> segs = List.of(CHATTER, TEACHING, PLAIN_PHYSICS);
    SegmentTerms terms = new SegmentTerms(segs, null, 0);
    List<ImportanceScorer.Score> s = new ImportanceScorer().score(segs, terms);
    for (ImportanceScorer.Score x : s) {
      assertTrue(x.importance() >= 0 && x.importance() <= 1, x.toString());
    }
    assertTrue(s.get(1).importance() > s.get(0).importance(), s.toString());
    assertTrue(s.get(1).importance() > s.get(2).importance(), s.toString());
    assertTrue(s.get(1).importance() > 0.7, s.toString());
    String reason = s.get(1).reason();
    assertTrue(reason.contains("\"is defined as\"") && reason.contains("\"we call\""), reason);
    assertTrue(reason.contains("\"remember\"") && reason.contains("\"on the exam\""), reason);
    assertTrue(reason.contains("question answered"), reason);
    assertTrue(reason.contains("momentum"), reason);
  }

  @Test
  void courseBackgroundDiscountsTermsEveryLectureUses() {
    List<List<String>> segs = List.of(TEACHING, PLAIN_PHYSICS);
    SegmentTerms alone = new SegmentTerms(segs, null, 0);
    SegmentTerms course = new SegmentTerms(segs, java.util.Map.of("momentum", 20), 20);
    assertTrue(course.weights.get(0).getOrDefault("momentum", 0.0) < alone.weights.get(0).get("momentum"));
  }

  @Test
  void titleSummaryAndKeywordsComeFromTheText() {
    List<List<String>> segs = List.of(CHATTER, TEACHING, PLAIN_PHYSICS);
    SegmentTerms terms = new SegmentTerms(segs, null, 0);
    ExtractiveSummarizer x = new ExtractiveSummarizer();
    assertEquals("momentum", x.keywords(terms, 1, 5).get(0));
    String summary = x.summary(terms, 1, TEACHING);
    assertTrue(summary.toLowerCase().contains("momentum"), summary);
    String title = x.title(terms, 1, TEACHING, summary);
    assertTrue(title.toLowerCase().contains("momentum"), title);
    assertTrue(title.split(" ").length <= 8, title);
  }
}
