package io.lecturehighlights.transforms.embeddings;

import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds each topic chunk's passages with the configured model ({@link EmbeddingConfig}: the in-process
 * {@link MiniLmEmbedder}, loaded once per worker JVM, or Gemini embeddings, a client per DoFn instance; both made in
 * {@code @Setup}) and passes the chunk on with its vectors and the model's name. A chunk's passages go in one request
 * to a cloud model. One ParDo with no shuffle: Flink chains it
 * into the vertex that makes the chunks, so the job graph gains no vertex. A chunk that cannot be embedded (the model
 * failed to load or to run) goes on without vectors, in band: it stays searchable by its words, the failure is
 * logged with the chunk's id and counted ({@link #CHUNKS_NOT_EMBEDDED}); the driver's index embeds it again later.
 */
public final class EmbedTranscriptChunks extends PTransform<PCollection<TopicChunk>, PCollection<TopicChunk>> {
  /** Counters (namespace {@link Stages#METRICS_NAMESPACE}) the batch reports its embedding cost from. */
  public static final String CHUNKS_EMBEDDED = "chunks_embedded";
  public static final String CHUNKS_NOT_EMBEDDED = "chunks_not_embedded";
  public static final String PASSAGES_EMBEDDED = "passages_embedded";
  public static final String EMBEDDING_MILLIS = "embedding_millis";

  private final EmbeddingConfig config;

  private EmbedTranscriptChunks(EmbeddingConfig config) {
    this.config = config;
  }

  /** The embedded default, MiniLM. */
  public static EmbedTranscriptChunks withSharedModel() {
    return with(EmbeddingConfig.defaults());
  }

  public static EmbedTranscriptChunks with(EmbeddingConfig config) {
    return new EmbedTranscriptChunks(config);
  }

  @Override
  public PCollection<TopicChunk> expand(PCollection<TopicChunk> chunks) {
    return chunks.apply("Embed passages", ParDo.of(new EmbedFn(config))).setCoder(chunks.getCoder());
  }

  static final class EmbedFn extends DoFn<TopicChunk, TopicChunk> {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedTranscriptChunks.class);
    private final Counter embedded = Metrics.counter(Stages.METRICS_NAMESPACE, CHUNKS_EMBEDDED);
    private final Counter notEmbedded = Metrics.counter(Stages.METRICS_NAMESPACE, CHUNKS_NOT_EMBEDDED);
    private final Counter passages = Metrics.counter(Stages.METRICS_NAMESPACE, PASSAGES_EMBEDDED);
    private final Counter millis = Metrics.counter(Stages.METRICS_NAMESPACE, EMBEDDING_MILLIS);
    private final EmbeddingConfig config;
    private transient ChunkEmbedder embedder;
    private transient String loadFailure;

    EmbedFn(EmbeddingConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      try {
        embedder = config.create();
      } catch (StageException e) {
        // A cloud model without its key: the message names the variable, never a key.
        loadFailure = e.getMessage();
        LOG.warn("The embedding model {} cannot be used; topic chunks go on without vectors: {}", config,
            loadFailure);
      } catch (RuntimeException | LinkageError e) {
        // ONNX Runtime's natives may not load on a worker: the chunks still go on, to be searched by their words.
        loadFailure = e.toString();
        LOG.warn("The embedding model could not be loaded; topic chunks go on without vectors: {}", loadFailure);
      }
    }

    @Teardown
    public void teardown() {
      EmbeddingConfig.close(embedder);
    }

    @ProcessElement
    public void process(@Element TopicChunk c, OutputReceiver<TopicChunk> out) {
      long t0 = System.nanoTime();
      ChunkEmbedding.Outcome o = ChunkEmbedding.embed(c, embedder, loadFailure);
      millis.inc((System.nanoTime() - t0) / 1_000_000);
      if (o.failure() == null) {
        embedded.inc();
        passages.inc(o.chunk().getPassages().size());
      } else {
        notEmbedded.inc();
        LOG.warn("Topic chunk {} is not embedded (searched by its words only): {}", c.getChunkId(), o.failure());
      }
      out.output(o.chunk());
    }
  }
}
