package io.lecturehighlights.transforms.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default {@link ChunkEmbedder}: LangChain4j's quantized all-MiniLM-L6-v2 (384 dimensions), whose ONNX
 * model and tokenizer ship inside its jar and run in-process on ONNX Runtime, with no network and no key. Loading
 * the model takes hundreds of milliseconds and ~100 MB, so there is one per JVM ({@link #shared()}). It is safe to
 * use from several threads at once: an ONNX Runtime session accepts concurrent runs, and LangChain4j's own
 * {@code embedAll} spreads a batch over a pool of threads (one per core) against that one session. A text longer
 * than the model's 510 word pieces is embedded in windows whose vectors are averaged; the index therefore embeds
 * short passages ({@link Passages}), where a sentence model is at its best.
 */
public final class MiniLmEmbedder implements ChunkEmbedder {
  public static final String NAME = "all-minilm-l6-v2-q";
  private static final int DIMENSIONS = 384;

  private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

  private MiniLmEmbedder() {}

  private static final class Holder {
    static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder();
  }

  /** The JVM's one instance, loaded on first use. */
  public static MiniLmEmbedder shared() {
    return Holder.INSTANCE;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public float[][] embed(List<String> texts) {
    if (texts.isEmpty()) {
      return new float[0][];
    }
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      // The model refuses blank text; a blank passage gets the vector of a neutral token.
      segments.add(TextSegment.from(t == null || t.isBlank() ? "." : t));
    }
    List<Embedding> out = model.embedAll(segments).content();
    float[][] vectors = new float[out.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = ChunkEmbedder.normalize(out.get(i).vector().clone());
    }
    return vectors;
  }
}
