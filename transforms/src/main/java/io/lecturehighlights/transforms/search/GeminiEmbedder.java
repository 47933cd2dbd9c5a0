package io.lecturehighlights.transforms.search;

import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import io.lecturehighlights.transforms.common.GeminiApi;
import io.lecturehighlights.transforms.common.StageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A cloud {@link ChunkEmbedder}: Gemini embeddings (e.g. {@code gemini-embedding-001}) through the google-genai
 * client, which sends the Gemini API's {@code POST /v1beta/models/{model}:batchEmbedContents}, up to
 * {@value #MAX_BATCH} texts a request. Retries, timeouts and the key's masking are the shared rules of
 * {@link GeminiApi}. Passages are embedded as {@code RETRIEVAL_DOCUMENT} and queries as {@code RETRIEVAL_QUERY}
 * (the model places a question near the passage that answers it, not near other questions). The vectors are
 * normalised here: the API returns unit vectors only at its full 3,072 dimensions. The name recorded with the
 * vectors holds the model and the dimensionality ({@code gemini:gemini-embedding-001@768}): vectors of two
 * dimensionalities are of two models as far as search is concerned.
 */
public final class GeminiEmbedder implements ChunkEmbedder, AutoCloseable {
  /** What the recorded names of this embedder start with. */
  public static final String PREFIX = "gemini:";
  /** Texts per batchEmbedContents request: the API's limit. */
  static final int MAX_BATCH = 100;
  private static final Pattern NAME = Pattern.compile("^gemini:([^@\\s]+)@(\\d+)$");

  private final String model;
  private final int dimensions;
  private final GeminiApi api;
  private final EmbedContentConfig documents;
  private final EmbedContentConfig queries;

  /**
   * @throws StageException {@code missing_api_key} when neither an injected key nor the environment variable gives
   *     one
   */
  GeminiEmbedder(EmbeddingConfig config, GeminiApi.Sleeper sleeper) throws StageException {
    String key = config.resolveApiKey();
    if (key == null) {
      throw new StageException("missing_api_key",
          "no API key for the Gemini API: set the environment variable " + config.apiKeyEnv());
    }
    this.model = config.geminiModel();
    this.dimensions = config.dimensions();
    this.api = new GeminiApi(key, new GeminiApi.Settings(config.baseUrl(), config.apiKeyEnv(),
        config.requestTimeoutSeconds(), config.maxRetries(), config.initialBackoffMillis(),
        config.maxBackoffMillis()), sleeper);
    this.documents = EmbedContentConfig.builder().taskType("RETRIEVAL_DOCUMENT").outputDimensionality(dimensions)
        .build();
    this.queries = EmbedContentConfig.builder().taskType("RETRIEVAL_QUERY").outputDimensionality(dimensions).build();
  }

  /** The recorded name of a model at a dimensionality. */
  public static String name(String model, int dimensions) {
    return PREFIX + model + "@" + dimensions;
  }

  /** A model at a dimensionality, as a recorded name gives them. */
  record Recorded(String model, int dimensions) {}

  /** The model and dimensionality of a recorded name, or null when it is not one of this embedder's. */
  static @Nullable Recorded parse(@Nullable String name) {
    Matcher m = NAME.matcher(name == null ? "" : name);
    return m.matches() ? new Recorded(m.group(1), Integer.parseInt(m.group(2))) : null;
  }

  @Override
  public String name() {
    return name(model, dimensions);
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public float[][] embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int from = 0; from < texts.size(); from += MAX_BATCH) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + MAX_BATCH));
      float[][] vectors = request(batch, documents);
      System.arraycopy(vectors, 0, out, from, vectors.length);
    }
    return out;
  }

  @Override
  public float[] embedQuery(String text) {
    return request(List.of(text), queries)[0];
  }

  private float[][] request(List<String> texts, EmbedContentConfig config) {
    List<String> sent = new ArrayList<>(texts.size());
    for (String t : texts) {
      // The API refuses empty content; a blank passage gets the vector of a neutral token (as MiniLM's does).
      sent.add(t == null || t.isBlank() ? "." : t);
    }
    EmbedContentResponse r;
    try {
      r = api.call(model, c -> c.models.embedContent(model, sent, config)).value;
    } catch (StageException e) {
      throw new EmbeddingException(e.reason(), e.getMessage(), e);
    }
    List<ContentEmbedding> embeddings = r.embeddings().orElse(List.of());
    if (embeddings.size() != texts.size()) {
      throw new EmbeddingException("gemini_bad_response", "the Gemini API returned " + embeddings.size()
          + " embeddings for " + texts.size() + " texts", null);
    }
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) {
      List<Float> values = embeddings.get(i).values().orElse(List.of());
      if (values.size() != dimensions) {
        throw new EmbeddingException("gemini_bad_response", String.format(Locale.ROOT,
            "the Gemini API returned a vector of %d dimensions, not %d (does %s support outputDimensionality?)",
            values.size(), dimensions, model), null);
      }
      float[] v = new float[dimensions];
      for (int k = 0; k < dimensions; k++) {
        v[k] = values.get(k);
      }
      vectors[i] = ChunkEmbedder.normalize(v);
    }
    return vectors;
  }

  @Override
  public void close() {
    api.close();
  }
}
