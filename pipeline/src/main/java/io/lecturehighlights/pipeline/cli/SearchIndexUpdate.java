package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.search.OutputIndexer;
import io.lecturehighlights.transforms.search.SearchIndex;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The driver's last step of a successful batch ({@code lhx batch}, {@code demo}, {@code retry-failed}): the output
 * folder's search index takes in the batch's lectures ({@link OutputIndexer}), with the vectors the job stored in
 * the chunks dataset (only chunks without them are embedded here). Lucene runs here, after the job, not as a stage:
 * the job jar stays free of it and the job graph as it is. A failure here is reported but does not
 * fail the batch, whose results are written: {@code lhx search} answers from the index as it was.
 */
final class SearchIndexUpdate {
  private SearchIndexUpdate() {}

  /** @param model the batch's embedding model: the index is built with it (an index of another one is refused) */
  static void afterBatch(String output, EmbeddingConfig model, PrintStream out, PrintStream err) {
    if (!LocalMediaFile.isLocal(output)) {
      out.println("Search index: not updated: " + output + " is not a local folder (lhx search reads local output "
          + "folders only, for now)");
      return;
    }
    Path dir = Path.of(output.startsWith("file://") ? java.net.URI.create(output).getPath() : output);
    ChunkEmbedder embedder = null;
    try {
      embedder = model.create();
      SearchIndex.Update u = OutputIndexer.update(dir, embedder);
      out.printf(Locale.ROOT, "Search index: %d topic chunk%s from the %d lecture%s of this batch in %s (%d passages: "
              + "%d with the job's vectors, %d embedded in %.1f s; %.1f s in all%s); try: lhx search \"...\" "
              + "--output %s%n",
          u.documents(), u.documents() == 1 ? "" : "s", u.jobs(), u.jobs() == 1 ? "" : "s",
          dir.resolve(SearchIndex.FOLDER), u.passages(), u.storedPassages(), u.passages() - u.storedPassages(),
          u.embedMillis() / 1000.0, u.totalMillis() / 1000.0,
          u.notEmbedded() == 0 ? "" : "; " + u.notEmbedded() + " chunk" + (u.notEmbedded() == 1 ? "" : "s")
              + " the model could not embed, found by their words only (see the log)", dir);
    } catch (StageException e) {
      // A cloud model without its key: the index keeps the lectures it had.
      err.println("lhx: the search index in " + dir.resolve(SearchIndex.FOLDER) + " was not updated: " + e.getMessage()
          + " (the batch's results are written; lhx search answers from the index as it was)");
    } catch (Exception | LinkageError e) {
      err.println("lhx: the search index in " + dir.resolve(SearchIndex.FOLDER) + " was not updated: " + e
          + " (the batch's results are written; lhx search answers from the index as it was)");
    } finally {
      EmbeddingConfig.close(embedder);
    }
  }
}
