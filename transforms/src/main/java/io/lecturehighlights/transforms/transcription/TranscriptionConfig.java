package io.lecturehighlights.transforms.transcription;

import java.io.Serializable;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How lectures are transcribed. Immutable and Serializable (it travels inside the DoFns); every {@code with...}
 * returns a copy. The API key itself is never stored here unless a test injects one: by default it is read from
 * the environment variable named by {@link #apiKeyEnv} on the worker, so it never enters the job graph or a log.
 */
public final class TranscriptionConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String POCKETSPHINX = "pocketsphinx";
  public static final String WHISPER_API = "whisper-api";
  public static final String CAPTIONS_ONLY = "captions-only";
  /** Every engine name the transcription stage knows. */
  public static final java.util.List<String> ENGINES = java.util.List.of(POCKETSPHINX, WHISPER_API, CAPTIONS_ONLY);

  /** The OpenAI API's upload limit per request (25 MB). */
  public static final long OPENAI_UPLOAD_LIMIT_BYTES = 25L * 1000 * 1000;

  public String engine = POCKETSPHINX;

  // Whisper API (and OpenAI-compatible servers).
  public String model = "whisper-1";
  public String baseUrl = "https://api.openai.com/v1";
  public String apiKeyEnv = "OPENAI_API_KEY";
  /** auto (verbose_json, except json for gpt-4o* models, which give no timestamps), verbose_json or json. */
  public String responseFormat = "auto";
  @Nullable String apiKey;
  public @Nullable String language = "en";
  public int maxConcurrentRequests = 4;
  public double requestTimeoutSeconds = 600;
  public int maxRetries = 5;
  public long initialBackoffMillis = 1000;
  public long maxBackoffMillis = 60_000;
  public int mp3BitrateKbps = 32;
  public long uploadLimitBytes = OPENAI_UPLOAD_LIMIT_BYTES;

  // Chunking.
  // 120 s: enough chunks (30 an hour) that hash-partitioned chunks keep every worker busy to the end; 300 s left
  // one of two slots idle for minutes at the end of a 60-minute lecture (lhx bench e2e).
  public double chunkSeconds = 120;
  /** How far before each nominal cut the planner looks for the quietest point (30 s, or half a short chunk). */
  public double chunkSearchSeconds = 30;

  // pocketsphinx (Debian's pocketsphinx + pocketsphinx-en-us).
  public String pocketsphinxBinary = "pocketsphinx_continuous";
  public String pocketsphinxHmm = "/usr/share/pocketsphinx/model/en-us/en-us";
  public String pocketsphinxLm = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin";
  public String pocketsphinxDict = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";
  /**
   * Extra pocketsphinx_continuous flags, space separated (empty: the CLI's defaults). {@code -maxhmmpf 3000} trades
   * a little accuracy for ~1.5x speed (measured in {@code lhx bench transcription}).
   */
  public String pocketsphinxArgs = "";
  /** The recogniser is killed after this many times the chunk's length (plus a minute). */
  public double engineTimeoutFactor = 4;

  public static TranscriptionConfig defaults() {
    return new TranscriptionConfig();
  }

  private TranscriptionConfig copy() {
    TranscriptionConfig c = new TranscriptionConfig();
    c.engine = engine;
    c.model = model;
    c.baseUrl = baseUrl;
    c.apiKeyEnv = apiKeyEnv;
    c.responseFormat = responseFormat;
    c.apiKey = apiKey;
    c.language = language;
    c.maxConcurrentRequests = maxConcurrentRequests;
    c.requestTimeoutSeconds = requestTimeoutSeconds;
    c.maxRetries = maxRetries;
    c.initialBackoffMillis = initialBackoffMillis;
    c.maxBackoffMillis = maxBackoffMillis;
    c.mp3BitrateKbps = mp3BitrateKbps;
    c.uploadLimitBytes = uploadLimitBytes;
    c.chunkSeconds = chunkSeconds;
    c.chunkSearchSeconds = chunkSearchSeconds;
    c.pocketsphinxBinary = pocketsphinxBinary;
    c.pocketsphinxHmm = pocketsphinxHmm;
    c.pocketsphinxLm = pocketsphinxLm;
    c.pocketsphinxDict = pocketsphinxDict;
    c.pocketsphinxArgs = pocketsphinxArgs;
    c.engineTimeoutFactor = engineTimeoutFactor;
    return c;
  }

  public TranscriptionConfig withEngine(String engine) {
    String e = engine.toLowerCase(Locale.ROOT);
    if (!e.equals(POCKETSPHINX) && !e.equals(WHISPER_API) && !e.equals(CAPTIONS_ONLY)) {
      throw new IllegalArgumentException("unknown transcription engine '" + engine + "' (expected "
          + POCKETSPHINX + ", " + WHISPER_API + " or " + CAPTIONS_ONLY + ")");
    }
    TranscriptionConfig c = copy();
    c.engine = e;
    return c;
  }

  public TranscriptionConfig withModel(String model) {
    TranscriptionConfig c = copy();
    c.model = model;
    return c;
  }

  public TranscriptionConfig withResponseFormat(String format) {
    if (!format.equals("auto") && !format.equals("verbose_json") && !format.equals("json")) {
      throw new IllegalArgumentException("response format must be auto, verbose_json or json, got " + format);
    }
    TranscriptionConfig c = copy();
    c.responseFormat = format;
    return c;
  }

  public TranscriptionConfig withBaseUrl(String baseUrl) {
    TranscriptionConfig c = copy();
    c.baseUrl = baseUrl;
    return c;
  }

  public TranscriptionConfig withApiKeyEnv(String name) {
    TranscriptionConfig c = copy();
    c.apiKeyEnv = name;
    return c;
  }

  /** For tests against a local server only: a literal key instead of the environment variable. */
  public TranscriptionConfig withApiKey(String key) {
    TranscriptionConfig c = copy();
    c.apiKey = key;
    return c;
  }

  public TranscriptionConfig withLanguage(@Nullable String language) {
    TranscriptionConfig c = copy();
    c.language = language == null || language.isBlank() ? null : language;
    return c;
  }

  public TranscriptionConfig withChunkSeconds(double seconds) {
    if (seconds < 5) {
      throw new IllegalArgumentException("chunk length must be at least 5 s, got " + seconds);
    }
    TranscriptionConfig c = copy();
    c.chunkSeconds = seconds;
    c.chunkSearchSeconds = Math.min(30, seconds / 2);
    return c;
  }

  public TranscriptionConfig withMaxConcurrentRequests(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("max concurrent requests must be >= 1, got " + n);
    }
    TranscriptionConfig c = copy();
    c.maxConcurrentRequests = n;
    return c;
  }

  public TranscriptionConfig withRequestTimeoutSeconds(double seconds) {
    TranscriptionConfig c = copy();
    c.requestTimeoutSeconds = seconds;
    return c;
  }

  public TranscriptionConfig withRetries(int maxRetries, long initialBackoffMillis, long maxBackoffMillis) {
    TranscriptionConfig c = copy();
    c.maxRetries = maxRetries;
    c.initialBackoffMillis = initialBackoffMillis;
    c.maxBackoffMillis = maxBackoffMillis;
    return c;
  }

  public TranscriptionConfig withPocketsphinx(String binary, String hmm, String lm, String dict) {
    TranscriptionConfig c = copy();
    c.pocketsphinxBinary = binary;
    c.pocketsphinxHmm = hmm;
    c.pocketsphinxLm = lm;
    c.pocketsphinxDict = dict;
    return c;
  }

  public TranscriptionConfig withPocketsphinxArgs(String args) {
    TranscriptionConfig c = copy();
    c.pocketsphinxArgs = args == null ? "" : args.trim();
    return c;
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

  @Override
  public String toString() {
    return describe();
  }
}
