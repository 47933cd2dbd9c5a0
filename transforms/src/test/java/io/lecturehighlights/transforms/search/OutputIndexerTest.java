package io.lecturehighlights.transforms.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output folder's datasets into its search index, batch after batch. */
class OutputIndexerTest {
  @TempDir Path out;
  private static final ChunkEmbedder MODEL = MiniLmEmbedder.shared();

  private SearchOutputFixture firstBatch() {
    return new SearchOutputFixture(out)
        .job("phys-l01", true).job("phys-l02", true).job("broken", false)
        .chunk("phys-l01", "Mechanics 1", "PHYS101", "Fall 2026", 0, 100, "Forces", List.of("force", "mass"),
            "Force equals mass times acceleration.", "Newton's laws")
        .chunk("phys-l01", "Mechanics 1", "PHYS101", "Fall 2026", 100, 200, "Energy", List.of("energy"),
            "Energy is conserved.", "")
        .chunk("phys-l02", null, null, null, 0, 50, "Waves", List.of(), "A wave carries energy.", "")
        // Clip 1 covers 90-110 (10 s of chunk 2 from 10 s into the clip); clip 2 covers 130-190 (60 s).
        .clip("phys-l01", 1, 20, 30, 90, 110)
        .clip("phys-l01", 2, 130, 190);
  }

  @Test
  void chunksBecomeDocumentsWithTheirCoveringClipAndReport() throws IOException {
    Map<String, List<SearchDocument>> docs = OutputIndexer.documents(firstBatch().write());
    assertEquals(List.of("phys-l01", "phys-l02", "broken"), List.copyOf(docs.keySet()));
    assertEquals(List.of(), docs.get("broken"));
    SearchDocument forces = docs.get("phys-l01").get(0);
    assertEquals("Mechanics 1", forces.lectureTitle());
    assertEquals("PHYS101", forces.course());
    assertEquals("Newton's laws", forces.slideText());
    // 0-100 overlaps clip 1 by 10 s (20-30) and 10 s (90-100): clip 1, from its start.
    assertEquals("phys-l01/clips/clip-01.mp4", forces.clip());
    assertEquals(0.0, forces.clipOffset(), 1e-9);
    SearchDocument energy = docs.get("phys-l01").get(1);
    // 100-200: clip 1 holds 10 s (100-110), clip 2 60 s: clip 2, from its start.
    assertEquals("phys-l01/clips/clip-02.mp4", energy.clip());
    assertEquals("phys-l01/report.html#t=100", energy.reportAt());
    SearchDocument waves = docs.get("phys-l02").get(0);
    assertNull(waves.clip());
    assertEquals("phys-l02", waves.lectureTitle());
    assertNull(waves.course());
  }

  @Test
  void aResultLinksTheFirstFormatOfItsClipNotOnePerFormat() throws IOException {
    // --clip-formats square,vertical: clip-01.mp4 is the square one; the vertical one has the same moments.
    new SearchOutputFixture(out).job("j", true)
        .chunk("j", "T", null, null, 0, 100, "Topic", List.of(), "text", "")
        .clip("j", 1, "vertical", false, 20, 60)
        .clip("j", 1, "square", true, 20, 60).write();
    assertEquals("j/clips/clip-01.mp4", OutputIndexer.documents(out).get("j").get(0).clip());
    assertTrue(ChunkDocuments.isFirstFormat("/o/j/clips/clip-01.mp4", "square"));
    assertFalse(ChunkDocuments.isFirstFormat("/o/j/clips/clip-01-vertical.mp4", "vertical"));
    assertTrue(ChunkDocuments.isFirstFormat("s3://b/o/j/clips/clip-01.mp4", null));
  }

  @Test
  void theClipOffsetIsWhereTheChunkBeginsInsideTheClip() throws IOException {
    new SearchOutputFixture(out).job("j", true)
        .chunk("j", "T", null, null, 95, 140, "Topic", List.of(), "text", "")
        .clip("j", 1, 20, 30, 90, 110).write();
    SearchDocument d = OutputIndexer.documents(out).get("j").get(0);
    // Clip time: 10 s of 20-30, then 90 -> 10 s; 95 is 15 s in.
    assertEquals(15.0, d.clipOffset(), 1e-9);
  }

  @Test
  void aLaterBatchReplacesItsJobsAndKeepsTheOthers() throws IOException {
    SearchIndex.Update first = OutputIndexer.update(firstBatch().write(), MODEL);
    assertEquals(3, first.jobs());
    assertEquals(3, first.documents());
    // The next batch into the folder reprocesses phys-l01 (now one chunk) and processes phys-l03; phys-l02 is not in it.
    new SearchOutputFixture(out).job("phys-l01", true).job("phys-l03", true)
        .chunk("phys-l01", "Mechanics 1", "PHYS101", "Fall 2026", 0, 200, "Newton", List.of(), "Inertia.", "")
        .chunk("phys-l03", "Optics", "PHYS101", "Fall 2026", 0, 60, "Lenses", List.of(), "A lens bends light.", "")
        .write();
    OutputIndexer.update(out, MODEL);
    OutputIndexer.update(out, MODEL);
    try (HybridSearch s = HybridSearch.open(out.resolve(SearchIndex.FOLDER), MODEL)) {
      assertEquals(3, s.size());
      List<String> ids = s.search(SearchQuery.of("energy light inertia", SearchMode.SEMANTIC, 10)).stream()
          .map(h -> h.document().id()).sorted().toList();
      assertEquals(List.of("phys-l01#1", "phys-l02#1", "phys-l03#1"), ids);
    }
  }

  @Test
  void vectorsTheJobStoredAreTakenWhenTheModelMatchesAndTheRestIsEmbedded() throws IOException {
    firstBatch().embedded("phys-l01", MODEL, MODEL.name()).embedded("phys-l02", MODEL, "another-model").write();
    SearchIndex.Update u = OutputIndexer.update(out, MODEL);
    assertEquals(3, u.documents());
    // phys-l01's two chunks: a header and one window each, as stored; phys-l02's (another model's) embedded again.
    assertEquals(4, u.storedPassages());
    assertEquals(6, u.passages());
    try (HybridSearch s = HybridSearch.open(out.resolve(SearchIndex.FOLDER), MODEL)) {
      List<SearchHit> hits = s.search(SearchQuery.of("mass times acceleration", SearchMode.SEMANTIC, 3));
      assertEquals("phys-l01#1", hits.get(0).document().id());
      assertEquals(1, hits.get(0).semanticRank());
    }
  }
}
