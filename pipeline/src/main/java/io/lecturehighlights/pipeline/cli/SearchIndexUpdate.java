package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.search.OutputIndexer;
import io.lecturehighlights.transforms.search.SearchIndex;
import io.lecturehighlights.transforms.search.StreamIndexer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The driver's last step of a successful batch ({@code lhx batch}, {@code demo}, {@code retry-failed}), and its
 * companion while {@code lhx stream} runs ({@link #duringStream}): the output
 * folder's search index takes in the batch's lectures ({@link OutputIndexer}), with the vectors the job stored in
 * the chunks dataset (only chunks without them are embedded here). Lucene runs here, after the job, not as a stage:
 * the job jar stays free of it and the job graph as it is. A failure here is reported but does not
 * fail the batch, whose results are written: {@code lhx search} answers from the index as it was.
 */
final class SearchIndexUpdate {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private SearchIndexUpdate() {}

  /** @param model the batch's embedding model: the index is built with it (an index of another one is refused) */
  static void afterBatch(String output, EmbeddingConfig model, PrintStream out, PrintStream err) {
    if (!LocalMediaFile.isLocal(output)) {
      out.println("Search index: not updated: " + output + " is not a local folder (lhx search reads local output "
          + "folders only, for now)");
      return;
    }
    Path dir = localFolder(output);
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

  private static Path localFolder(String output) {
    return Path.of(output.startsWith("file://") ? java.net.URI.create(output).getPath() : output);
  }

  /**
   * While {@code lhx stream} runs: every {@code everySeconds} the output folder's search index takes in what the
   * stream flushed since ({@link StreamIndexer}), in the driver like a batch's update, and once more when the stream
   * has ended ({@link DuringStream#close}) for its last flush. Null for an {@code s3://} output, which the folder
   * index does not cover. An update that fails is reported and retried at the next tick: the stream goes on.
   */
  static @Nullable DuringStream duringStream(String output, EmbeddingConfig model, long everySeconds, PrintStream out,
      PrintStream err) {
    if (!LocalMediaFile.isLocal(output)) {
      out.println("Search index: not kept: " + output + " is not a local folder (lhx search reads local output "
          + "folders only, for now)");
      return null;
    }
    ChunkEmbedder embedder;
    try {
      embedder = model.create();
    } catch (StageException e) {
      // A cloud model without its key: the stream runs, its folder has no index kept (lhx search --database works).
      err.println("lhx: the search index of " + output + " is not kept while the stream runs: " + e.getMessage());
      return null;
    }
    return new DuringStream(new StreamIndexer(localFolder(output), embedder), embedder, everySeconds, out, err);
  }

  /** The stream's index updates on a daemon thread; {@link #close} stops them after a last one. */
  static final class DuringStream implements AutoCloseable {
    private final StreamIndexer indexer;
    private final ChunkEmbedder embedder;
    private final PrintStream out;
    private final PrintStream err;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lhx-search-index");
      t.setDaemon(true);
      return t;
    });

    private DuringStream(StreamIndexer indexer, ChunkEmbedder embedder, long everySeconds, PrintStream out,
        PrintStream err) {
      this.indexer = indexer;
      this.embedder = embedder;
      this.out = out;
      this.err = err;
      timer.scheduleWithFixedDelay(this::update, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    private void update() {
      try {
        SearchIndex.Update u = indexer.update();
        if (u.jobs() > 0) {
          out.printf(Locale.ROOT, "%s  Search index: %d lecture%s re-indexed (%d topic chunks, %d passages, %d with the "
                  + "job's vectors%s) in %.1f s%n", LocalTime.now().format(CLOCK), u.jobs(), u.jobs() == 1 ? "" : "s",
              u.documents(), u.passages(), u.storedPassages(),
              u.notEmbedded() == 0 ? "" : ", " + u.notEmbedded() + " not embedded: found by their words",
              u.totalMillis() / 1000.0);
        }
      } catch (Exception | LinkageError e) {
        err.println("lhx: the search index was not updated: " + e + " (tried again at the next flush)");
      }
    }

    /** Stops the timer and takes in the stream's last flush. */
    @Override
    public void close() {
      if (timer.isShutdown()) {
        return;
      }
      // Not shutdownNow: an interrupt could cut a Lucene commit short; a running update finishes, no new one starts.
      timer.shutdown();
      try {
        timer.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      update();
      EmbeddingConfig.close(embedder);
    }
  }
}
