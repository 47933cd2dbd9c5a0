package io.lecturehighlights.transforms.search;

import io.lecturehighlights.schemas.PassageVector;
import io.lecturehighlights.schemas.TopicChunk;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A chunk's passages as the job embedded them ({@code TopicChunk.passages}): the word each starts at and its
 * unit-length vector, with the model that made them. An index takes them instead of embedding the chunk again, but
 * only from the model it is built with: vectors of two models are not comparable.
 *
 * @param model the embedding model
 * @param firstWords per passage, the word of the transcript it starts at (-1: the header passage)
 * @param vectors per passage, its vector
 */
public record PassageVectors(String model, int[] firstWords, float[][] vectors) {
  /** A chunk's vectors, or null when the job did not embed it. */
  public static @Nullable PassageVectors of(TopicChunk c) {
    if (c.getEmbeddingModel() == null || c.getPassages().isEmpty()) {
      return null;
    }
    List<PassageVector> ps = c.getPassages();
    int[] first = new int[ps.size()];
    float[][] vectors = new float[ps.size()][];
    for (int i = 0; i < first.length; i++) {
      first[i] = ps.get(i).getFirstWord();
      List<Float> v = ps.get(i).getVector();
      vectors[i] = new float[v.size()];
      for (int k = 0; k < vectors[i].length; k++) {
        vectors[i][k] = v.get(k);
      }
    }
    return new PassageVectors(c.getEmbeddingModel(), first, vectors);
  }

  /**
   * Embeds a chunk's passages ({@link Passages}) with a model, in the dataset's form.
   *
   * @throws RuntimeException whatever the model throws
   */
  public static List<PassageVector> embed(TopicChunk c, ChunkEmbedder embedder) {
    List<Passages.Passage> ps = Passages.of(ChunkDocuments.of(c));
    float[][] vectors = embedder.embed(ps.stream().map(Passages.Passage::text).toList());
    if (vectors.length != ps.size()) {
      throw new IllegalStateException(embedder.name() + " returned " + vectors.length + " vectors for " + ps.size()
          + " passages");
    }
    List<PassageVector> out = new ArrayList<>(ps.size());
    for (int i = 0; i < vectors.length; i++) {
      List<Float> v = new ArrayList<>(vectors[i].length);
      for (float x : vectors[i]) {
        v.add(x);
      }
      out.add(PassageVector.newBuilder().setFirstWord(ps.get(i).firstWord()).setVector(v).build());
    }
    return out;
  }
}
