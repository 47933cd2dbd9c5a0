package io.lecturehighlights.transforms.transcription;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How lectures are transcribed. An immutable value (it travels inside the DoFns); every {@code with...} returns a
 * new config. The API key itself is never stored here unless a test injects one: by default it is read from the
 * environment variable named by {@link #apiKeyEnv()} on the worker, so it never enters the job graph or a log.
 */
public record TranscriptionConfig(
    String engine,
    // Whisper API (and OpenAI-compatible servers).
    String model,
    String baseUrl,
    String apiKeyEnv,
    // auto (verbose_json, except json for gpt-4o* models, which give no timestamps), verbose_json or json.
    String responseFormat,
    // Null unless a test against a local server injects a literal key (withApiKey); never shown by toString.
    @Nullable String apiKey,
    @Nullable String language,
    int maxConcurrentRequests,
    double requestTimeoutSeconds,
    int maxRetries,
    long initialBackoffMillis,
    long maxBackoffMillis,
    int mp3BitrateKbps,
    long uploadLimitBytes,
    // Chunking.
    double chunkSeconds,
    // How far before each nominal cut the planner looks for the quietest point (30 s, or half a short chunk).
    double chunkSearchSeconds,
    // pocketsphinx (Debian's pocketsphinx + pocketsphinx-en-us).
    String pocketsphinxBinary,
    String pocketsphinxHmm,
    String pocketsphinxLm,
    String pocketsphinxDict,
    // Extra pocketsphinx_continuous flags, space separated (empty: the CLI's defaults). -maxhmmpf 3000 trades a
    // little accuracy for ~1.5x speed (measured in lhx bench transcription).
    String pocketsphinxArgs,
    // The recogniser is killed after this many times the chunk's length (plus a minute).
    double engineTimeoutFactor)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String POCKETSPHINX = "pocketsphinx";
  public static final String WHISPER_API = "whisper-api";
  public static final String CAPTIONS_ONLY = "captions-only";
  /** Every engine name the transcription stage knows. */
  public static final List<String> ENGINES = List.of(POCKETSPHINX, WHISPER_API, CAPTIONS_ONLY);

  /** The OpenAI API's upload limit per request (25 MB). */
  public static final long OPENAI_UPLOAD_LIMIT_BYTES = 25L * 1000 * 1000;

  /**
   * 120 s chunks: enough chunks (30 an hour) that hash-partitioned chunks keep every worker busy to the end; 300 s
   * left one of two slots idle for minutes at the end of a 60-minute lecture (lhx bench e2e).
   */
  public static TranscriptionConfig defaults() {
    return new TranscriptionConfig(
        POCKETSPHINX, // engine
        "whisper-1", // model
        "https://api.openai.com/v1", // baseUrl
        "OPENAI_API_KEY", // apiKeyEnv
        "auto", // responseFormat
        null, // apiKey
        "en", // language
        4, // maxConcurrentRequests
        600, // requestTimeoutSeconds
        5, // maxRetries
        1000, // initialBackoffMillis
        60_000, // maxBackoffMillis
        32, // mp3BitrateKbps
        OPENAI_UPLOAD_LIMIT_BYTES, // uploadLimitBytes
        120, // chunkSeconds
        30, // chunkSearchSeconds
        "pocketsphinx_continuous", // pocketsphinxBinary
        "/usr/share/pocketsphinx/model/en-us/en-us", // pocketsphinxHmm
        "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin", // pocketsphinxLm
        "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict", // pocketsphinxDict
        "", // pocketsphinxArgs
        4); // engineTimeoutFactor
  }

  public TranscriptionConfig withEngine(String engine) {
    String e = engine.toLowerCase(Locale.ROOT);
    if (!ENGINES.contains(e)) {
      throw new IllegalArgumentException("unknown transcription engine '" + engine + "' (expected "
          + POCKETSPHINX + ", " + WHISPER_API + " or " + CAPTIONS_ONLY + ")");
    }
    return new TranscriptionConfig(e, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm,
        pocketsphinxLm, pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withModel(String model) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm,
        pocketsphinxLm, pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withResponseFormat(String format) {
    if (!format.equals("auto") && !format.equals("verbose_json") && !format.equals("json")) {
      throw new IllegalArgumentException("response format must be auto, verbose_json or json, got " + format);
    }
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, format, apiKey, language, maxConcurrentRequests,
        requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis, mp3BitrateKbps, uploadLimitBytes,
        chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm, pocketsphinxLm, pocketsphinxDict,
        pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withBaseUrl(String baseUrl) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm,
        pocketsphinxLm, pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withApiKeyEnv(String name) {
    return new TranscriptionConfig(engine, model, baseUrl, name, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm,
        pocketsphinxLm, pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  /** For tests against a local server only: a literal key instead of the environment variable. */
  public TranscriptionConfig withApiKey(String key) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, key, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm,
        pocketsphinxLm, pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withLanguage(@Nullable String language) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey,
        language == null || language.isBlank() ? null : language, maxConcurrentRequests, requestTimeoutSeconds,
        maxRetries, initialBackoffMillis, maxBackoffMillis, mp3BitrateKbps, uploadLimitBytes, chunkSeconds,
        chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm, pocketsphinxLm, pocketsphinxDict, pocketsphinxArgs,
        engineTimeoutFactor);
  }

  /** Also the cut search window: 30 s, or half a short chunk. */
  public TranscriptionConfig withChunkSeconds(double seconds) {
    if (seconds < 5) {
      throw new IllegalArgumentException("chunk length must be at least 5 s, got " + seconds);
    }
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, seconds, Math.min(30, seconds / 2), pocketsphinxBinary, pocketsphinxHmm,
        pocketsphinxLm, pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withMaxConcurrentRequests(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("max concurrent requests must be >= 1, got " + n);
    }
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language, n,
        requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis, mp3BitrateKbps, uploadLimitBytes,
        chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm, pocketsphinxLm, pocketsphinxDict,
        pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withRequestTimeoutSeconds(double seconds) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, seconds, maxRetries, initialBackoffMillis, maxBackoffMillis, mp3BitrateKbps,
        uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm, pocketsphinxLm,
        pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withRetries(int maxRetries, long initialBackoffMillis, long maxBackoffMillis) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm,
        pocketsphinxLm, pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withMp3BitrateKbps(int kbps) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis, kbps,
        uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm, pocketsphinxLm,
        pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withUploadLimitBytes(long bytes) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, bytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm, pocketsphinxLm,
        pocketsphinxDict, pocketsphinxArgs, engineTimeoutFactor);
  }

  public TranscriptionConfig withPocketsphinx(String binary, String hmm, String lm, String dict) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, chunkSeconds, chunkSearchSeconds, binary, hmm, lm, dict, pocketsphinxArgs,
        engineTimeoutFactor);
  }

  public TranscriptionConfig withPocketsphinxArgs(String args) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm,
        pocketsphinxLm, pocketsphinxDict, args == null ? "" : args.trim(), engineTimeoutFactor);
  }

  public TranscriptionConfig withEngineTimeoutFactor(double factor) {
    return new TranscriptionConfig(engine, model, baseUrl, apiKeyEnv, responseFormat, apiKey, language,
        maxConcurrentRequests, requestTimeoutSeconds, maxRetries, initialBackoffMillis, maxBackoffMillis,
        mp3BitrateKbps, uploadLimitBytes, chunkSeconds, chunkSearchSeconds, pocketsphinxBinary, pocketsphinxHmm,
        pocketsphinxLm, pocketsphinxDict, pocketsphinxArgs, factor);
  }

  /** The key for the Whisper API: the injected one, else the environment variable; null when neither is set. */
  @Nullable String resolveApiKey() {
    if (apiKey != null) {
      return apiKey;
    }
    String v = System.getenv(apiKeyEnv);
    return v == null || v.isBlank() ? null : v;
  }

  /** Chunks must stay under the upload limit once encoded (MP3 at the configured bitrate, 10 % headroom). */
  public double effectiveChunkSeconds() {
    if (!WHISPER_API.equals(engine)) {
      return chunkSeconds;
    }
    double bytesPerSecond = mp3BitrateKbps * 1000 / 8.0;
    return Math.min(chunkSeconds, 0.9 * uploadLimitBytes / bytesPerSecond);
  }

  /** What the engine was, for logs and the job record (never the key). */
  public String describe() {
    switch (engine) {
      case WHISPER_API:
        return String.format(Locale.ROOT, "whisper-api model=%s baseUrl=%s language=%s chunk=%.0fs concurrency=%d",
            model, baseUrl, language, effectiveChunkSeconds(), maxConcurrentRequests);
      case POCKETSPHINX:
        return String.format(Locale.ROOT, "pocketsphinx lm=%s%s chunk=%.0fs", pocketsphinxLm,
            pocketsphinxArgs.isEmpty() ? "" : " args=" + pocketsphinxArgs, chunkSeconds);
      default:
        return engine;
    }
  }

  /** The record's own toString would show an injected key. */
  @Override
  public String toString() {
    return describe();
  }
}
