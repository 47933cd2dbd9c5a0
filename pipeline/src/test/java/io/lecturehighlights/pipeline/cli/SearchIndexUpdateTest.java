package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.search.SearchIndex;
import io.lecturehighlights.transforms.search.SearchOutputFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch's last step: the output folder's search index takes in the batch's lectures, or says why not. */
class SearchIndexUpdateTest {
  @TempDir Path tmp;

  private static String[] afterBatch(String output) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SearchIndexUpdate.afterBatch(output, EmbeddingConfig.defaults(), new PrintStream(out, true),
        new PrintStream(err, true));
    return new String[] {out.toString(), err.toString()};
  }

  @Test
  void aLocalOutputIsIndexedAndSaysHowMuch() throws Exception {
    Path out = new SearchOutputFixture(tmp.resolve("out")).job("a", true).job("b", false)
        .chunk("a", "A", "C1", "S1", 0, 60, "T1", List.of(), "First topic text.", "")
        .chunk("a", "A", "C1", "S1", 60, 120, "T2", List.of(), "Second topic text.", "").write();
    String[] r = afterBatch(out.toString());
    assertTrue(r[0].startsWith("Search index: 2 topic chunks from the 2 lectures of this batch in "
        + out.resolve(SearchIndex.FOLDER)), r[0]);
    assertEquals("", r[1]);
    assertTrue(SearchIndex.exists(out.resolve(SearchIndex.FOLDER)));
  }

  @Test
  void anS3OutputIsSkippedWithALine() {
    String[] r = afterBatch("s3://bucket/results");
    assertTrue(r[0].startsWith("Search index: not updated: s3://bucket/results is not a local folder"), r[0]);
    assertEquals("", r[1]);
  }

  @Test
  void aFailureIsReportedAndDoesNotThrow() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("broken"));
    // The index's place is taken by a file: the update cannot happen, the batch's results stand.
    Files.writeString(out.resolve(SearchIndex.FOLDER), "not a folder");
    String[] r = afterBatch(out.toString());
    assertFalse(r[0].contains("Search index:"), r[0]);
    assertTrue(r[1].startsWith("lhx: the search index in " + out.resolve(SearchIndex.FOLDER) + " was not updated"), r[1]);
  }
}
