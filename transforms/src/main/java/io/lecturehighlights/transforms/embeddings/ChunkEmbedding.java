package io.lecturehighlights.transforms.embeddings;

import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.PassageVectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A chunk with its passages' vectors, or, when they cannot be made, the chunk as it was: a chunk without vectors is
 * still searched by its words (the lexical half), so a model failure must not cost the lecture its results.
 */
public final class ChunkEmbedding {
  private ChunkEmbedding() {}

  /** The outcome: the chunk to pass on, and why it has no vectors (null when it has them). */
  public record Outcome(TopicChunk chunk, @Nullable String failure) {}

  /** @param embedder the model, or null when it could not be loaded ({@code loadFailure} says why) */
  public static Outcome embed(TopicChunk c, @Nullable ChunkEmbedder embedder, @Nullable String loadFailure) {
    if (embedder == null) {
      return new Outcome(c, "the embedding model could not be loaded: " + loadFailure);
    }
    try {
      return new Outcome(TopicChunk.newBuilder(c).setPassages(PassageVectors.embed(c, embedder))
          .setEmbeddingModel(embedder.name()).build(), null);
    } catch (RuntimeException e) {
      // A cloud model's failure says what went wrong (status, reason, masked); anything else is shown as it is.
      return new Outcome(c, embedder.name() + " failed: "
          + (e instanceof ChunkEmbedder.EmbeddingException ? e.getMessage() : e.toString()));
    }
  }
}
