package io.lecturehighlights.transforms.content;

import java.io.Serializable;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How lectures are analysed for content. Immutable and Serializable (it travels inside the DoFns); every
 * {@code with...} returns a copy. The API key is never stored here unless a test injects one: by default it is read
 * from the environment variable named by {@link #apiKeyEnv} on the worker, so it never enters the job graph or a log.
 */
public final class ContentConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String OFFLINE = "offline";
  public static final String GEMINI = "gemini";
  /** Every analyzer name content analysis knows. */
  public static final java.util.List<String> ANALYZERS = java.util.List.of(OFFLINE, GEMINI);

  public String analyzer = OFFLINE;

  // Gemini API.
  public String model = "gemini-2.5-flash";
  /** Null: the client's default endpoint (the Gemini API at generativelanguage.googleapis.com). */
  public @Nullable String baseUrl;
  public String apiKeyEnv = "GEMINI_API_KEY";
  @Nullable String apiKey;
  public double requestTimeoutSeconds = 120;
  public int maxRetries = 5;
  public long initialBackoffMillis = 1000;
  public long maxBackoffMillis = 60_000;
  /** Answers that fail validation beyond repair are asked for again, with a note, up to this many times in all. */
  public int maxAnswerAttempts = 3;
  public double temperature = 0.2;

  // Long lectures: transcripts longer than windowMinutes go in overlapping windows.
  public double windowMinutes = 30;
  public double windowOverlapMinutes = 3;

  // Segment rules given to the model and enforced on its answer.
  public double minSegmentSeconds = 20;
  public double maxSegmentSeconds = 120;

  /**
   * USD per million tokens for the cost estimate: Gemini 2.5 Flash's published paid-tier prices (standard, not batch;
   * ai.google.dev/gemini-api/docs/pricing, 2025): $0.30 input (text), $2.50 output, thinking tokens billed as output.
   * Set both when using another model.
   */
  public double inputPricePerMillionTokens = 0.30;
  public double outputPricePerMillionTokens = 2.50;

  public static ContentConfig defaults() {
    return new ContentConfig();
  }

  private ContentConfig copy() {
    ContentConfig c = new ContentConfig();
    c.analyzer = analyzer;
    c.model = model;
    c.baseUrl = baseUrl;
    c.apiKeyEnv = apiKeyEnv;
    c.apiKey = apiKey;
    c.requestTimeoutSeconds = requestTimeoutSeconds;
    c.maxRetries = maxRetries;
    c.initialBackoffMillis = initialBackoffMillis;
    c.maxBackoffMillis = maxBackoffMillis;
    c.maxAnswerAttempts = maxAnswerAttempts;
    c.temperature = temperature;
    c.windowMinutes = windowMinutes;
    c.windowOverlapMinutes = windowOverlapMinutes;
    c.minSegmentSeconds = minSegmentSeconds;
    c.maxSegmentSeconds = maxSegmentSeconds;
    c.inputPricePerMillionTokens = inputPricePerMillionTokens;
    c.outputPricePerMillionTokens = outputPricePerMillionTokens;
    return c;
  }

  public ContentConfig withAnalyzer(String analyzer) {
    String a = analyzer.toLowerCase(Locale.ROOT);
    if (!a.equals(OFFLINE) && !a.equals(GEMINI)) {
      throw new IllegalArgumentException(
          "unknown content analyzer '" + analyzer + "' (expected " + OFFLINE + " or " + GEMINI + ")");
    }
    ContentConfig c = copy();
    c.analyzer = a;
    return c;
  }

  public ContentConfig withModel(String model) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be empty");
    }
    ContentConfig c = copy();
    c.model = model.trim();
    return c;
  }

  public ContentConfig withBaseUrl(@Nullable String baseUrl) {
    ContentConfig c = copy();
    c.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl;
    return c;
  }

  public ContentConfig withApiKeyEnv(String name) {
    ContentConfig c = copy();
    c.apiKeyEnv = name;
    return c;
  }

  /** For tests against a local server only: a literal key instead of the environment variable. */
  ContentConfig withApiKey(@Nullable String key) {
    ContentConfig c = copy();
    c.apiKey = key;
    return c;
  }

  public ContentConfig withRequestTimeoutSeconds(double seconds) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("request timeout must be positive, got " + seconds);
    }
    ContentConfig c = copy();
    c.requestTimeoutSeconds = seconds;
    return c;
  }

  public ContentConfig withRetries(int maxRetries, long initialBackoffMillis, long maxBackoffMillis) {
    if (maxRetries < 0 || initialBackoffMillis < 1 || maxBackoffMillis < initialBackoffMillis) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "retries need maxRetries >= 0 and 1 <= initial <= max backoff, got %d, %d ms, %d ms",
          maxRetries, initialBackoffMillis, maxBackoffMillis));
    }
    ContentConfig c = copy();
    c.maxRetries = maxRetries;
    c.initialBackoffMillis = initialBackoffMillis;
    c.maxBackoffMillis = maxBackoffMillis;
    return c;
  }

  public ContentConfig withMaxAnswerAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("max answer attempts must be >= 1, got " + attempts);
    }
    ContentConfig c = copy();
    c.maxAnswerAttempts = attempts;
    return c;
  }

  public ContentConfig withTemperature(double temperature) {
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], got " + temperature);
    }
    ContentConfig c = copy();
    c.temperature = temperature;
    return c;
  }

  public ContentConfig withWindow(double windowMinutes, double overlapMinutes) {
    if (!(windowMinutes >= 1) || !(overlapMinutes >= 0) || overlapMinutes * 2 >= windowMinutes) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "windows need length >= 1 min and overlap < half the length, got %.2f min and %.2f min",
          windowMinutes, overlapMinutes));
    }
    ContentConfig c = copy();
    c.windowMinutes = windowMinutes;
    c.windowOverlapMinutes = overlapMinutes;
    return c;
  }

  public ContentConfig withSegmentSeconds(double min, double max) {
    if (!(min > 0) || !(max >= 2 * min)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "segment lengths need 0 < min and max >= 2 x min (so a too-long one can be split), got %.1f s and %.1f s",
          min, max));
    }
    ContentConfig c = copy();
    c.minSegmentSeconds = min;
    c.maxSegmentSeconds = max;
    return c;
  }

  public ContentConfig withPrices(double inputPerMillionTokens, double outputPerMillionTokens) {
    if (!(inputPerMillionTokens >= 0) || !(outputPerMillionTokens >= 0)) {
      throw new IllegalArgumentException("prices must not be negative");
    }
    ContentConfig c = copy();
    c.inputPricePerMillionTokens = inputPerMillionTokens;
    c.outputPricePerMillionTokens = outputPerMillionTokens;
    return c;
  }

  /** The key for the Gemini API: the injected one, else the environment variable; null when neither is set. */
  @Nullable String resolveApiKey() {
    if (apiKey != null) {
      return apiKey.isBlank() ? null : apiKey;
    }
    String v = System.getenv(apiKeyEnv);
    return v == null || v.isBlank() ? null : v;
  }

  /** Estimated USD for the given token counts at the configured prices. */
  public double costUsd(long promptTokens, long outputTokens) {
    return (promptTokens * inputPricePerMillionTokens + outputTokens * outputPricePerMillionTokens) / 1_000_000.0;
  }

  /** What the analyzer was, for logs and the job record (never the key). */
  public String describe() {
    if (GEMINI.equals(analyzer)) {
      return String.format(Locale.ROOT, "gemini model=%s baseUrl=%s window=%.0f/%.0f min segments=%.0f-%.0f s",
          model, baseUrl == null ? "default" : baseUrl, windowMinutes, windowOverlapMinutes, minSegmentSeconds,
          maxSegmentSeconds);
    }
    return analyzer;
  }

  @Override
  public String toString() {
    return describe();
  }
}
