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

  /** One unit-length vector per text, in order. Thread-safe. */
  float[][] embed(List<String> texts);

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
