package io.lecturehighlights.transforms.search;

import io.lecturehighlights.transforms.common.ApiKeys;
import io.lecturehighlights.transforms.common.StageException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Which embedding model the job and the folder's index embed with, and how to reach a cloud one. An immutable value
 * (it travels inside the embedding stage's DoFn); the embedder itself is made on the worker ({@link #create()}). The
 * API key is read from the environment variable {@link #apiKeyEnv()} where the embedder is made, never stored here
 * unless a test against a local server injects one.
 *
 * <p>Search reads the model back from what it searches ({@link #forRecorded}): the index's or the rows' recorded
 * name says which model embeds the query, whatever this config's model is; only how to reach the API comes from here.
 */
public record EmbeddingConfig(
    // minilm (in-process, the default) or gemini.
    String model,
    // The Gemini model and its output dimensionality, with model gemini.
    String geminiModel,
    int dimensions,
    // Null: the client's default endpoint (the Gemini API at generativelanguage.googleapis.com).
    @Nullable String baseUrl,
    String apiKeyEnv,
    // Null unless a test against a local server injects a literal key (withApiKey); never shown by toString.
    @Nullable String apiKey,
    double requestTimeoutSeconds,
    int maxRetries,
    long initialBackoffMillis,
    long maxBackoffMillis)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String MINILM = "minilm";
  public static final String GEMINI = "gemini";
  public static final List<String> MODELS = List.of(MINILM, GEMINI);
  /** The most dimensions the folder's Lucene 9 index takes in a vector field (its codec's limit). */
  public static final int MAX_DIMENSIONS = 1024;

  public static EmbeddingConfig defaults() {
    return new EmbeddingConfig(
        MINILM, // model
        "gemini-embedding-001", // geminiModel
        768, // dimensions: Google's recommended smaller size (3,072 is the model's full size; Lucene takes 1,024)
        null, // baseUrl
        "GEMINI_API_KEY", // apiKeyEnv
        null, // apiKey
        60, // requestTimeoutSeconds: a batch of 100 passages answers in seconds
        5, // maxRetries
        1000, // initialBackoffMillis
        60_000); // maxBackoffMillis
  }

  public EmbeddingConfig withModel(String model) {
    String m = model == null ? "" : model.trim().toLowerCase(Locale.ROOT);
    if (!MODELS.contains(m)) {
      throw new IllegalArgumentException("unknown embedding model '" + model + "' (expected minilm or gemini)");
    }
    return new EmbeddingConfig(m, geminiModel, dimensions, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds,
        maxRetries, initialBackoffMillis, maxBackoffMillis);
  }

  /** The Gemini model ({@code models/} in front is dropped: the client adds it). */
  public EmbeddingConfig withGeminiModel(String name) {
    String n = name == null ? "" : name.trim();
    n = n.startsWith("models/") ? n.substring("models/".length()) : n;
    if (n.isEmpty() || !n.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("Gemini embedding model must be a model name like gemini-embedding-001, "
          + "not '" + name + "'");
    }
    return new EmbeddingConfig(model, n, dimensions, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis);
  }

  public EmbeddingConfig withDimensions(int dims) {
    if (dims < 1 || dims > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("embedding dimensions must be between 1 and " + MAX_DIMENSIONS
          + " (the search index's limit), not " + dims);
    }
    return new EmbeddingConfig(model, geminiModel, dims, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds,
        maxRetries, initialBackoffMillis, maxBackoffMillis);
  }

  public EmbeddingConfig withBaseUrl(@Nullable String url) {
    return new EmbeddingConfig(model, geminiModel, dimensions, url == null || url.isBlank() ? null : url, apiKeyEnv,
        apiKey, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis);
  }

  public EmbeddingConfig withApiKeyEnv(String name) {
    return new EmbeddingConfig(model, geminiModel, dimensions, baseUrl, name, apiKey, requestTimeoutSeconds,
        maxRetries, initialBackoffMillis, maxBackoffMillis);
  }

  /**
   * For tests against a local server only: a literal key instead of the environment variable. The key then travels
   * with the config (in a job graph too), which a real key must never do.
   */
  public EmbeddingConfig withApiKey(@Nullable String key) {
    return new EmbeddingConfig(model, geminiModel, dimensions, baseUrl, apiKeyEnv, key, requestTimeoutSeconds,
        maxRetries, initialBackoffMillis, maxBackoffMillis);
  }

  public EmbeddingConfig withRequestTimeoutSeconds(double seconds) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("request timeout must be positive, got " + seconds);
    }
    return new EmbeddingConfig(model, geminiModel, dimensions, baseUrl, apiKeyEnv, apiKey, seconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis);
  }

  public EmbeddingConfig withRetries(int retries, long initialMillis, long maxMillis) {
    if (retries < 0 || initialMillis < 1 || maxMillis < initialMillis) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "retries need maxRetries >= 0 and 1 <= initial <= max backoff, got %d, %d ms, %d ms", retries,
          initialMillis, maxMillis));
    }
    return new EmbeddingConfig(model, geminiModel, dimensions, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds,
        retries, initialMillis, maxMillis);
  }

  /** The name the vectors of this config's model are recorded under (in chunks, rows and the index). */
  public String recordedName() {
    return GEMINI.equals(model) ? GeminiEmbedder.name(geminiModel, dimensions) : MiniLmEmbedder.NAME;
  }

  /**
   * The config that embeds as the recorded model did: the model (and, for Gemini, its model name and
   * dimensionality) from the name, the endpoint and key from this config.
   *
   * @throws IllegalArgumentException for a name no embedder here makes
   */
  public EmbeddingConfig forRecorded(String recorded) {
    if (MiniLmEmbedder.NAME.equals(recorded)) {
      return withModel(MINILM);
    }
    GeminiEmbedder.Recorded g = GeminiEmbedder.parse(recorded);
    if (g == null) {
      throw new IllegalArgumentException("unknown embedding model '" + recorded + "' (this version embeds with "
          + MiniLmEmbedder.NAME + " or " + GeminiEmbedder.PREFIX + "<model>@<dimensions>)");
    }
    return new EmbeddingConfig(GEMINI, g.model(), g.dimensions(), baseUrl, apiKeyEnv, apiKey,
        requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis);
  }

  /**
   * The embedder: the JVM's shared MiniLM, or a new Gemini client (close it when done: {@link #close}).
   *
   * @throws StageException {@code missing_api_key} for Gemini without a key
   */
  public ChunkEmbedder create() throws StageException {
    return GEMINI.equals(model) ? new GeminiEmbedder(this, Thread::sleep) : MiniLmEmbedder.shared();
  }

  /** Releases what {@link #create()} made (a cloud client's connections); the shared MiniLM stays. */
  public static void close(@Nullable ChunkEmbedder e) {
    if (e instanceof GeminiEmbedder g) {
      g.close();
    }
  }

  /** The key for the Gemini API: the injected one, else the environment variable; null when neither is set. */
  @Nullable String resolveApiKey() {
    return ApiKeys.resolve(apiKey, apiKeyEnv);
  }

  /** What the model is, for logs and messages (never the key). */
  public String describe() {
    return GEMINI.equals(model) ? String.format(Locale.ROOT, "%s (%d dimensions) via %s", geminiModel, dimensions,
        baseUrl == null ? "the Gemini API" : baseUrl) : MiniLmEmbedder.NAME + " (in-process)";
  }

  /** The record's own toString would show an injected key. */
  @Override
  public String toString() {
    return describe();
  }
}
