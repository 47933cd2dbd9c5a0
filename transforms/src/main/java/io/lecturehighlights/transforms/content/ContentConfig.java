package io.lecturehighlights.transforms.content;

import io.lecturehighlights.transforms.common.ApiKeys;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How lectures are analysed for content. An immutable value (it travels inside the DoFns); every {@code with...}
 * returns a new config. The API key is never stored here unless a test injects one: by default it is read from the
 * environment variable named by {@link #apiKeyEnv()} on the worker, so it never enters the job graph or a log.
 */
public record ContentConfig(
    String analyzer,
    // Gemini API.
    String model,
    // Null: the client's default endpoint (the Gemini API at generativelanguage.googleapis.com).
    @Nullable String baseUrl,
    String apiKeyEnv,
    // Null unless a test against a local server injects a literal key (withApiKey); never shown by toString.
    @Nullable String apiKey,
    double requestTimeoutSeconds,
    int maxRetries,
    long initialBackoffMillis,
    long maxBackoffMillis,
    // Answers that fail validation beyond repair are asked for again, with a note, up to this many times in all.
    int maxAnswerAttempts,
    double temperature,
    // Long lectures: transcripts longer than windowMinutes go in overlapping windows.
    double windowMinutes,
    double windowOverlapMinutes,
    // Segment rules given to the model and enforced on its answer.
    double minSegmentSeconds,
    double maxSegmentSeconds,
    // USD per million tokens for the cost estimate (see defaults()); set both when using another model.
    double inputPricePerMillionTokens,
    double outputPricePerMillionTokens)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String OFFLINE = "offline";
  public static final String GEMINI = "gemini";
  /** Every analyzer name content analysis knows. */
  public static final List<String> ANALYZERS = List.of(OFFLINE, GEMINI);

  /**
   * The prices are Gemini 2.5 Flash's published paid-tier ones (standard, not batch;
   * ai.google.dev/gemini-api/docs/pricing, 2025): $0.30 input (text), $2.50 output, thinking tokens billed as output.
   */
  public static ContentConfig defaults() {
    return new ContentConfig(
        OFFLINE, // analyzer
        "gemini-2.5-flash", // model
        null, // baseUrl
        "GEMINI_API_KEY", // apiKeyEnv
        null, // apiKey
        120, // requestTimeoutSeconds
        5, // maxRetries
        1000, // initialBackoffMillis
        60_000, // maxBackoffMillis
        3, // maxAnswerAttempts
        0.2, // temperature
        30, // windowMinutes
        3, // windowOverlapMinutes
        20, // minSegmentSeconds
        120, // maxSegmentSeconds
        0.30, // inputPricePerMillionTokens
        2.50); // outputPricePerMillionTokens
  }

  public ContentConfig withAnalyzer(String analyzer) {
    String a = analyzer.toLowerCase(Locale.ROOT);
    if (!ANALYZERS.contains(a)) {
      throw new IllegalArgumentException(
          "unknown content analyzer '" + analyzer + "' (expected " + OFFLINE + " or " + GEMINI + ")");
    }
    return new ContentConfig(a, model, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, windowOverlapMinutes,
        minSegmentSeconds, maxSegmentSeconds, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  public ContentConfig withModel(String model) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be empty");
    }
    return new ContentConfig(analyzer, model.trim(), baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, windowOverlapMinutes,
        minSegmentSeconds, maxSegmentSeconds, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  public ContentConfig withBaseUrl(@Nullable String baseUrl) {
    return new ContentConfig(analyzer, model, baseUrl == null || baseUrl.isBlank() ? null : baseUrl, apiKeyEnv, apiKey,
        requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature,
        windowMinutes, windowOverlapMinutes, minSegmentSeconds, maxSegmentSeconds, inputPricePerMillionTokens,
        outputPricePerMillionTokens);
  }

  public ContentConfig withApiKeyEnv(String name) {
    return new ContentConfig(analyzer, model, baseUrl, name, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, windowOverlapMinutes,
        minSegmentSeconds, maxSegmentSeconds, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  /** For tests against a local server only: a literal key instead of the environment variable. */
  ContentConfig withApiKey(@Nullable String key) {
    return new ContentConfig(analyzer, model, baseUrl, apiKeyEnv, key, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, windowOverlapMinutes,
        minSegmentSeconds, maxSegmentSeconds, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  public ContentConfig withRequestTimeoutSeconds(double seconds) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("request timeout must be positive, got " + seconds);
    }
    return new ContentConfig(analyzer, model, baseUrl, apiKeyEnv, apiKey, seconds, maxRetries, initialBackoffMillis,
        maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, windowOverlapMinutes, minSegmentSeconds,
        maxSegmentSeconds, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  public ContentConfig withRetries(int maxRetries, long initialBackoffMillis, long maxBackoffMillis) {
    if (maxRetries < 0 || initialBackoffMillis < 1 || maxBackoffMillis < initialBackoffMillis) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "retries need maxRetries >= 0 and 1 <= initial <= max backoff, got %d, %d ms, %d ms",
          maxRetries, initialBackoffMillis, maxBackoffMillis));
    }
    return new ContentConfig(analyzer, model, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, windowOverlapMinutes,
        minSegmentSeconds, maxSegmentSeconds, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  public ContentConfig withMaxAnswerAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("max answer attempts must be >= 1, got " + attempts);
    }
    return new ContentConfig(analyzer, model, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, attempts, temperature, windowMinutes, windowOverlapMinutes,
        minSegmentSeconds, maxSegmentSeconds, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  public ContentConfig withTemperature(double temperature) {
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], got " + temperature);
    }
    return new ContentConfig(analyzer, model, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, windowOverlapMinutes,
        minSegmentSeconds, maxSegmentSeconds, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  public ContentConfig withWindow(double windowMinutes, double overlapMinutes) {
    if (!(windowMinutes >= 1) || !(overlapMinutes >= 0) || overlapMinutes * 2 >= windowMinutes) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "windows need length >= 1 min and overlap < half the length, got %.2f min and %.2f min",
          windowMinutes, overlapMinutes));
    }
    return new ContentConfig(analyzer, model, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, overlapMinutes,
        minSegmentSeconds, maxSegmentSeconds, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  /** The window length alone, keeping the overlap. */
  public ContentConfig withWindowMinutes(double windowMinutes) {
    return withWindow(windowMinutes, windowOverlapMinutes);
  }

  public ContentConfig withSegmentSeconds(double min, double max) {
    if (!(min > 0) || !(max >= 2 * min)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "segment lengths need 0 < min and max >= 2 x min (so a too-long one can be split), got %.1f s and %.1f s",
          min, max));
    }
    return new ContentConfig(analyzer, model, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, windowOverlapMinutes,
        min, max, inputPricePerMillionTokens, outputPricePerMillionTokens);
  }

  public ContentConfig withPrices(double inputPerMillionTokens, double outputPerMillionTokens) {
    if (!(inputPerMillionTokens >= 0) || !(outputPerMillionTokens >= 0)) {
      throw new IllegalArgumentException("prices must not be negative");
    }
    return new ContentConfig(analyzer, model, baseUrl, apiKeyEnv, apiKey, requestTimeoutSeconds, maxRetries,
        initialBackoffMillis, maxBackoffMillis, maxAnswerAttempts, temperature, windowMinutes, windowOverlapMinutes,
        minSegmentSeconds, maxSegmentSeconds, inputPerMillionTokens, outputPerMillionTokens);
  }

  /** The key for the Gemini API: the injected one, else the environment variable; null when neither is set. */
  @Nullable String resolveApiKey() {
    return ApiKeys.resolve(apiKey, apiKeyEnv);
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

  /** The record's own toString would show an injected key. */
  @Override
  public String toString() {
    return describe();
  }
}
