package io.lecturehighlights.transforms.search;

import java.util.List;

/**
 * Turns texts into sentence embeddings for the semantic half of search. Vectors have unit length, so a dot product
 * is their cosine and the index can store them for {@code DOT_PRODUCT} similarity. The index records
 * {@link #name()}: vectors of two models never mix in one index (a model change rebuilds it).
 */
public interface ChunkEmbedder {
  /** The model, as recorded in the index (e.g. {@code all-minilm-l6-v2-q}). */
  String name();

  int dimensions();

  /**
   * One unit-length vector per text (a passage to be searched), in order. Thread-safe.
   *
   * @throws RuntimeException when the model fails (a cloud model: {@link EmbeddingException}, its message masked)
   */
  float[][] embed(List<String> texts);

  /**
   * A search query's unit-length vector. A model trained for retrieval embeds questions and passages differently
   * (Gemini's task types RETRIEVAL_QUERY and RETRIEVAL_DOCUMENT); one that is not embeds the query as a passage.
   */
  default float[] embedQuery(String text) {
    return embed(List.of(text))[0];
  }

  /** A model that could not embed: its reason code (e.g. {@code gemini_rate_limited}) and a message for people. */
  final class EmbeddingException extends RuntimeException {
    private final String reason;

    public EmbeddingException(String reason, String message, Throwable cause) {
      super(message, cause);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** The cosine of two unit vectors. */
  static double cosine(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Scales a vector to unit length in place (a zero vector stays zero). */
  static float[] normalize(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    if (n > 0) {
      float inv = (float) (1 / Math.sqrt(n));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }
}
