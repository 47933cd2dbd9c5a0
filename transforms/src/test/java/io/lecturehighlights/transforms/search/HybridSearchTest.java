package io.lecturehighlights.transforms.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ranking, filters and replacement over a real Lucene index with the real model. */
class HybridSearchTest {
  @TempDir static Path tmp;
  static Path index;
  static final ChunkEmbedder MODEL = MiniLmEmbedder.shared();

  static SearchDocument doc(String job, int i, String course, String semester, String title, String text) {
    return new SearchDocument(job + "#" + i, job, job + " title", course, semester, 120.0 * (i - 1), 120.0 * i,
        title, List.of(), text, "", null, 0, job + "/report.html");
  }

  static final List<SearchDocument> DOCS = List.of(
      doc("phys-l01", 1, "PHYS101", "Fall 2026", "Second law",
          "Newton's second law says that the net force on a body equals its mass times its acceleration. A cart that "
              + "is twice as heavy needs twice the force to reach the same acceleration."),
      doc("phys-l01", 2, "PHYS101", "Fall 2026", "Energy",
          "Kinetic energy and potential energy add up to the total mechanical energy, which is conserved when no "
              + "friction acts."),
      doc("chem-l01", 1, "CHEM100", "Spring 2027", "Equilibrium",
          "Le Chatelier's principle: when a system at chemical equilibrium is disturbed, the equilibrium shifts to "
              + "counteract the change in concentration, temperature or pressure."),
      doc("chem-l01", 2, "CHEM100", "Spring 2027", "Entropy",
          "Entropy measures how many microscopic arrangements match a macroscopic state; in an isolated system it "
              + "never decreases."),
      doc("phys-l02", 1, "PHYS101", "Spring 2027", "Oscillations",
          "A mass on a spring oscillates back and forth; the period of this simple harmonic motion depends on the "
              + "mass and the spring constant, not on the amplitude."));

  @BeforeAll
  static void build() throws IOException {
    index = tmp.resolve("out").resolve(SearchIndex.FOLDER);
    SearchIndex.Update u = SearchIndex.replaceJobs(index, SearchIndex.byJob(DOCS), MODEL);
    assertEquals(3, u.jobs());
    assertEquals(5, u.documents());
  }

  static List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(h -> h.document().id()).toList();
  }

  static List<SearchHit> search(Path dir, SearchQuery q) throws IOException {
    try (HybridSearch s = HybridSearch.open(dir, MODEL)) {
      return s.search(q);
    }
  }

  @Test
  void anExactTermFindsItsChunkFirstInEveryModeWithTheTermMarked() throws IOException {
    for (SearchMode mode : SearchMode.values()) {
      List<SearchHit> hits = search(index, SearchQuery.of("Le Chatelier principle", mode, 3));
      assertEquals("chem-l01#1", hits.get(0).document().id(), mode + ": " + ids(hits));
      if (mode != SearchMode.SEMANTIC) {
        assertEquals(1, hits.get(0).lexicalRank());
        assertTrue(hits.get(0).snippet().marked().contains("[[Chatelier's]] [[principle]]"),
            hits.get(0).snippet().marked());
      }
    }
  }

  @Test
  void aParaphraseWithoutSharedWordsIsFoundByMeaningOnly() throws IOException {
    String q = "how hard must you shove a bulky trolley to speed it up";
    List<SearchHit> lexical = search(index, SearchQuery.of(q, SearchMode.LEXICAL, 5));
    assertFalse(ids(lexical).contains("phys-l01#1"), ids(lexical).toString());
    List<SearchHit> semantic = search(index, SearchQuery.of(q, SearchMode.SEMANTIC, 5));
    assertEquals("phys-l01#1", semantic.get(0).document().id(), ids(semantic).toString());
    assertEquals(0, semantic.get(0).lexicalRank());
    assertEquals(1, semantic.get(0).semanticRank());
    // Fused with a lexical list of chance matches it still places near the top (RRF: 1/61 from meaning alone).
    List<SearchHit> hybrid = search(index, SearchQuery.of(q, SearchMode.HYBRID, 5));
    assertTrue(ids(hybrid).indexOf("phys-l01#1") >= 0 && ids(hybrid).indexOf("phys-l01#1") < 2, ids(hybrid).toString());
  }

  @Test
  void hybridRanksByFusedRanks() throws IOException {
    List<SearchHit> hits = search(index, SearchQuery.of("energy of a spring", SearchMode.HYBRID, 5));
    for (int i = 1; i < hits.size(); i++) {
      assertTrue(hits.get(i - 1).score() >= hits.get(i).score());
    }
    for (SearchHit h : hits) {
      double expected = (h.lexicalRank() > 0 ? 1.0 / (60 + h.lexicalRank()) : 0)
          + (h.semanticRank() > 0 ? 1.0 / (60 + h.semanticRank()) : 0);
      assertEquals(expected, h.score(), 1e-12, h.document().id());
    }
  }

  @Test
  void inHybridTheLexicalHalfNeedsHalfTheQueryTerms() throws IOException {
    String q = "spring oscillates entropy torque";
    try (HybridSearch s = HybridSearch.open(index, MODEL)) {
      assertEquals(Set.of("phys-l02#1", "chem-l01#2"), Set.copyOf(s.lexical(SearchQuery.of(q, SearchMode.LEXICAL, 10), 10)));
      assertEquals(List.of("phys-l02#1"), s.lexical(SearchQuery.of(q, SearchMode.HYBRID, 10), 10));
    }
    assertEquals(1, HybridSearch.minimumTerms(SearchMode.HYBRID, 1));
    assertEquals(2, HybridSearch.minimumTerms(SearchMode.HYBRID, 3));
    assertEquals(1, HybridSearch.minimumTerms(SearchMode.LEXICAL, 4));
  }

  @Test
  void filtersRestrictBeforeRankingAndIgnoreCase() throws IOException {
    String q = "energy equilibrium oscillation entropy force";
    List<SearchHit> phys = search(index, new SearchQuery(q, SearchMode.HYBRID, "phys101", null, null, 10));
    assertEquals(Set.of("phys-l01#1", "phys-l01#2", "phys-l02#1"), Set.copyOf(ids(phys)));
    List<SearchHit> spring = search(index, new SearchQuery(q, SearchMode.SEMANTIC, null, "SPRING 2027", null, 10));
    assertEquals(Set.of("chem-l01#1", "chem-l01#2", "phys-l02#1"), Set.copyOf(ids(spring)));
    List<SearchHit> both = search(index, new SearchQuery(q, SearchMode.LEXICAL, "PHYS101", "Spring 2027", null, 10));
    assertEquals(List.of("phys-l02#1"), ids(both));
    List<SearchHit> lecture = search(index, new SearchQuery(q, SearchMode.HYBRID, null, null, "chem-l01", 1));
    assertEquals(1, lecture.size());
    assertEquals("chem-l01", lecture.get(0).document().jobId());
    assertEquals(List.of(), search(index, new SearchQuery(q, SearchMode.HYBRID, "BIO200", null, null, 10)));
  }

  @Test
  void rerunningAJobReplacesItsDocumentsAndNeverDuplicates() throws IOException {
    Path dir = tmp.resolve("rerun");
    SearchIndex.replaceJobs(dir, SearchIndex.byJob(DOCS), MODEL);
    SearchIndex.replaceJobs(dir, SearchIndex.byJob(DOCS), MODEL);
    try (HybridSearch s = HybridSearch.open(dir, MODEL)) {
      assertEquals(5, s.size());
      List<SearchHit> all = s.search(SearchQuery.of("entropy", SearchMode.SEMANTIC, 50));
      assertEquals(5, all.size());
      assertEquals(5, all.stream().map(h -> h.document().id()).collect(Collectors.toSet()).size());
    }
    // A rerun of phys-l01 that now has one chunk with new text; chem-l01 failed this time (no chunks).
    SearchDocument again = doc("phys-l01", 1, "PHYS101", "Fall 2026", "Torque", "Torque is force times lever arm.");
    SearchIndex.replaceJobs(dir, Map.of("phys-l01", List.of(again), "chem-l01", List.of()), MODEL);
    try (HybridSearch s = HybridSearch.open(dir, MODEL)) {
      assertEquals(2, s.size());
      List<SearchHit> hits = s.search(SearchQuery.of("torque lever arm", SearchMode.HYBRID, 10));
      assertEquals(Set.of("phys-l01#1", "phys-l02#1"), Set.copyOf(ids(hits)));
      assertEquals("Torque", hits.get(0).document().topicTitle());
      assertEquals(List.of(), s.search(SearchQuery.of("Chatelier", SearchMode.LEXICAL, 10)));
    }
  }

  @Test
  void aBatchWhoseJobsHaveNoChunksLeavesAValidIndex() throws IOException {
    // An incremental batch of lectures that all failed or were skipped: every job has an empty list, into a new
    // index and then into one with documents (Lucene's own assertions are on in tests).
    Path fresh = tmp.resolve("only-empty");
    SearchIndex.Update u = SearchIndex.replaceJobs(fresh, Map.of("a", List.of(), "b", List.of()), MODEL);
    assertEquals(0, u.documents());
    try (HybridSearch s = HybridSearch.open(fresh, MODEL)) {
      assertEquals(0, s.size());
    }
    Path dir = tmp.resolve("then-empty");
    SearchIndex.replaceJobs(dir, SearchIndex.byJob(DOCS), MODEL);
    SearchIndex.replaceJobs(dir, Map.of("chem-l01", List.of(), "nobody", List.of()), MODEL);
    try (HybridSearch s = HybridSearch.open(dir, MODEL)) {
      assertEquals(3, s.size());
      assertEquals(List.of(), s.search(SearchQuery.of("Chatelier", SearchMode.LEXICAL, 10)));
    }
  }

  @Test
  void anIndexOfAnotherModelIsRefusedAndAMissingOneIsNamed() throws IOException {
    ChunkEmbedder other = new ChunkEmbedder() {
      @Override
      public String name() {
        return "another-model";
      }

      @Override
      public int dimensions() {
        return MODEL.dimensions();
      }

      @Override
      public float[][] embed(List<String> texts) {
        return MODEL.embed(texts);
      }
    };
    IOException e = assertThrows(IOException.class,
        () -> SearchIndex.replaceJobs(index, SearchIndex.byJob(DOCS.subList(0, 1)), other));
    assertTrue(e.getMessage().contains(MiniLmEmbedder.NAME), e.getMessage());
    assertThrows(HybridSearch.NoIndex.class, () -> HybridSearch.open(index, other));
    HybridSearch.NoIndex none = assertThrows(HybridSearch.NoIndex.class,
        () -> HybridSearch.open(tmp.resolve("nothing-here"), MODEL));
    assertTrue(none.getMessage().contains("nothing-here"), none.getMessage());
  }

  @Test
  void aResultLinksToTheReportAtItsStart() throws IOException {
    SearchHit h = search(index, SearchQuery.of("Entropy", SearchMode.LEXICAL, 1)).get(0);
    assertEquals("chem-l01/report.html#t=120", h.document().reportAt());
    assertEquals(120.0, h.document().start());
    assertEquals("chem-l01 title", h.document().lectureTitle());
    assertEquals("CHEM100", h.document().course());
  }
}
