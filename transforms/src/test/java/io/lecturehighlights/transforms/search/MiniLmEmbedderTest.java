package io.lecturehighlights.transforms.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The real in-process model: unit vectors, meaning over wording, and one instance shared by threads. */
class MiniLmEmbedderTest {
  private static final ChunkEmbedder MODEL = MiniLmEmbedder.shared();

  @Test
  void twoPhrasingsOfOneIdeaAreCloserThanAnUnrelatedSentence() {
    float[][] v = MODEL.embed(List.of(
        "Bayes' rule updates the probability of a hypothesis after seeing new evidence.",
        "How do you revise how likely something is once you observe more data?",
        "The cafeteria closes early on Fridays during the summer."));
    double paraphrase = ChunkEmbedder.cosine(v[0], v[1]);
    double unrelated = ChunkEmbedder.cosine(v[0], v[2]);
    assertTrue(paraphrase > unrelated + 0.15, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
  }

  @Test
  void vectorsHaveUnitLengthAndTheModelsDimensions() {
    float[][] v = MODEL.embed(List.of("Momentum is conserved in an isolated system.", "", "  "));
    assertEquals(3, v.length);
    for (float[] x : v) {
      assertEquals(MODEL.dimensions(), x.length);
      assertEquals(1.0, ChunkEmbedder.cosine(x, x), 1e-4);
    }
    assertEquals(0, MODEL.embed(List.of()).length);
  }

  @Test
  void oneSharedInstanceGivesTheSameVectorsFromSeveralThreads() throws Exception {
    assertSame(MODEL, MiniLmEmbedder.shared());
    String text = "The wave equation relates the second derivatives in time and in space.";
    float[] alone = MODEL.embed(List.of(text))[0];
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<float[][]>> all = pool.invokeAll(List.of(
          () -> MODEL.embed(List.of(text, "noise one")), () -> MODEL.embed(List.of("noise two", text)),
          () -> MODEL.embed(List.of(text))));
      assertArrayEquals(alone, all.get(0).get()[0], 1e-5f);
      assertArrayEquals(alone, all.get(1).get()[1], 1e-5f);
      assertArrayEquals(alone, all.get(2).get()[0], 1e-5f);
    } finally {
      pool.shutdownNow();
    }
  }
}
