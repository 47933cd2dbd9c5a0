package io.lecturehighlights.transforms.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream's output folder into its search index, flush after flush, with a lecture's pieces in any order. */
class StreamIndexerTest {
  @TempDir Path out;
  private static final ChunkEmbedder MODEL = MiniLmEmbedder.shared();

  /** Every document of the index by id, with its clip link (or "-"). */
  private Map<String, String> indexed() throws IOException {
    try (HybridSearch s = HybridSearch.open(out.resolve(SearchIndex.FOLDER), MODEL)) {
      return s.search(SearchQuery.of("energy force wave light inertia", SearchMode.SEMANTIC, 50)).stream()
          .map(SearchHit::document)
          .collect(Collectors.toMap(d -> d.id() + " " + d.topicTitle(), d -> d.clip() == null ? "-" : d.clip()));
    }
  }

  @Test
  void lecturesFollowTheirFlushesAndRereadNothing() throws IOException {
    SearchOutputFixture f = new SearchOutputFixture(out);
    StreamIndexer indexer = new StreamIndexer(out, MODEL);
    assertEquals(0, indexer.update().jobs(), "an empty folder has nothing to index");

    // Flush 1: content analysis is done for two lectures; nothing rendered, no job record yet.
    f.chunk("l01", "Mechanics", "PHYS101", "Fall", 0, 100, "Forces", List.of(), "Force equals mass times acceleration.", "")
        .chunk("l01", "Mechanics", "PHYS101", "Fall", 100, 200, "Energy", List.of(), "Energy is conserved.", "")
        .chunk("l02", "Waves", "PHYS101", "Fall", 0, 50, "Waves", List.of(), "A wave carries energy.", "")
        .pane(1);
    SearchIndex.Update u = indexer.update();
    assertEquals(2, u.jobs());
    assertEquals(Map.of("l01#1 Forces", "-", "l01#2 Energy", "-", "l02#1 Waves", "-"), indexed());

    // Flush 2: l01's clip and its completed record; a lecture that failed in validation (no chunks ever).
    f.clip("l01", 1, 120, 180).job("l01", true).job("broken", false).pane(2);
    u = indexer.update();
    assertEquals(2, u.jobs(), "only the lectures the new files mention are re-indexed");
    assertEquals(Map.of("l01#1 Forces", "-", "l01#2 Energy", "l01/clips/clip-01.mp4", "l02#1 Waves", "-"),
        indexed());

    // Flush 3: l02 failed in rendering: its documents go, as a failed lecture's do in a batch.
    f.job("l02", false).pane(3);
    indexer.update();
    assertEquals(Map.of("l01#1 Forces", "-", "l01#2 Energy", "l01/clips/clip-01.mp4"), indexed());

    // l01 processed twice more before the next update (panes 9 and 10: pane order, not string order, is time).
    f.chunk("l01", "Mechanics", "PHYS101", "Fall", 0, 200, "Older rerun", List.of(), "Light bends.", "").pane(9);
    f.chunk("l01", "Mechanics", "PHYS101", "Fall", 0, 200, "Inertia", List.of(), "Inertia keeps motion.", "")
        .job("l01", true).pane(10);
    indexer.update();
    assertEquals(Map.of("l01#1 Inertia", "l01/clips/clip-01.mp4"), indexed(),
        "the newest attempt's chunks replace the earlier ones, with the clip it still has");

    // Nothing new: nothing read or written, also for a new indexer over the same folder (lhx stream restarted).
    Path state = out.resolve(SearchIndex.FOLDER).resolve(StreamIndexer.STATE);
    assertTrue(Files.isRegularFile(state));
    long written = Files.getLastModifiedTime(state).toMillis();
    assertEquals(0, indexer.update().jobs());
    assertEquals(0, new StreamIndexer(out, MODEL).update().jobs());
    assertEquals(written, Files.getLastModifiedTime(state).toMillis());
  }

  @Test
  void theVectorsTheJobStoredAreTaken() throws IOException {
    new SearchOutputFixture(out)
        .chunk("l01", "Mechanics", null, null, 0, 100, "Forces", List.of(), "Force equals mass times acceleration.", "")
        .embedded("l01", MODEL, MODEL.name()).job("l01", true).pane(0);
    SearchIndex.Update u = new StreamIndexer(out, MODEL).update();
    assertEquals(1, u.documents());
    assertEquals(u.passages(), u.storedPassages());
    assertEquals(0, u.embedMillis());
  }

  @Test
  void panesSortByTheirNumber() {
    assertTrue(StreamIndexer.byPane("part-GlobalWindow-pane-9-00000-of-00001.avro",
        "part-GlobalWindow-pane-10-00000-of-00001.avro") < 0);
    assertTrue(StreamIndexer.byPane("part-GlobalWindow-pane-3-last-00000-of-00001.avro",
        "part-GlobalWindow-pane-2-00000-of-00001.avro") > 0);
  }
}
