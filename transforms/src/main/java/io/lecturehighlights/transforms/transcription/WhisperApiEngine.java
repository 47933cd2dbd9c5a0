package io.lecturehighlights.transforms.transcription;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.openai.models.audio.transcriptions.TranscriptionSegment;
import com.openai.models.audio.transcriptions.TranscriptionVerbose;
import com.openai.models.audio.transcriptions.TranscriptionWord;
import io.lecturehighlights.transforms.common.ApiKeys;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.StageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI's transcription endpoint ({@code POST /v1/audio/transcriptions}) through the official openai-java client,
 * or any OpenAI-compatible server at a configured base URL. Each chunk is encoded as 16 kHz mono MP3 (well under the
 * 25 MB upload limit) and sent with {@code response_format=verbose_json} and word and segment timestamps (models
 * that only answer text, OpenAI's gpt-4o transcription models, get {@code json}: one segment per chunk, no words).
 *
 * <p>The client's own retries are switched off ({@code maxRetries(0)}) so they do not stack with ours: 429, 5xx,
 * 408/409 and I/O errors (timeouts) are retried with exponential backoff and jitter, honouring {@code Retry-After};
 * other 4xx (401 bad key, 400 bad request) fail at once with the API's message. A per-JVM semaphore per base URL
 * bounds concurrent requests on a worker. The key is never logged and is masked out of any message.
 */
public final class WhisperApiEngine implements SpeechEngine {
  private static final Logger LOG = LoggerFactory.getLogger(WhisperApiEngine.class);
  private static final Map<String, Semaphore> PERMITS = new ConcurrentHashMap<>();

  /** Sleeps between attempts; replaced in tests to record the delays. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final TranscriptionConfig config;
  private final OpenAIClient client;
  private final String apiKey;
  private final ApiRetryPolicy policy;
  private final Semaphore permits;
  private final Sleeper sleeper;

  public WhisperApiEngine(TranscriptionConfig config) throws StageException {
    this(config, Thread::sleep);
  }

  WhisperApiEngine(TranscriptionConfig config, Sleeper sleeper) throws StageException {
    this.config = config;
    String key = config.resolveApiKey();
    if (key == null) {
      throw new StageException("missing_api_key",
          "no API key for the Whisper API: set the environment variable " + config.apiKeyEnv());
    }
    this.apiKey = key;
    this.client = OpenAIOkHttpClient.builder()
        .apiKey(key)
        .baseUrl(config.baseUrl())
        .maxRetries(0)
        .timeout(Duration.ofMillis(Math.round(config.requestTimeoutSeconds() * 1000)))
        .build();
    this.policy = new ApiRetryPolicy(config.maxRetries(), config.initialBackoffMillis(), config.maxBackoffMillis());
    this.permits = PERMITS.computeIfAbsent(config.baseUrl() + "#" + config.maxConcurrentRequests(),
        k -> new Semaphore(config.maxConcurrentRequests(), true));
    this.sleeper = sleeper;
  }

  @Override
  public String name() {
    return "whisper-api:" + config.model();
  }

  @Override
  public Result transcribe(Path wav, double durationSeconds) throws StageException {
    Path mp3 = null;
    try {
      mp3 = Files.createTempFile("lhx-chunk-", ".mp3");
      AudioExtractor.encodeMp3(wav, mp3, config.mp3BitrateKbps());
      long size = Files.size(mp3);
      if (size > config.uploadLimitBytes()) {
        throw new StageException("chunk_too_large", String.format(
            "encoded chunk is %d bytes, over the API's %d byte upload limit", size, config.uploadLimitBytes()));
      }
      return send(mp3, durationSeconds);
    } catch (IOException e) {
      throw new StageException("temp_storage_error", "cannot write temporary audio: " + e.getMessage(), true, e);
    } finally {
      if (mp3 != null) {
        try {
          Files.deleteIfExists(mp3);
        } catch (IOException ignored) {
          // a stray temp file is harmless
        }
      }
    }
  }

  private Result send(Path mp3, double durationSeconds) throws StageException {
    int requests = 0;
    for (int attempt = 0; ; attempt++) {
      long retryAfter = -1;
      StageException failure;
      try {
        requests++;
        TranscriptionCreateResponse r = request(mp3);
        if (r.isVerbose()) {
          return toResult(r.asVerbose(), requests, attempt);
        }
        if (!verbose() && r.isTranscription()) {
          // Text only (gpt-4o-transcribe and friends): one segment over the chunk, no word times.
          String text = r.asTranscription().text().trim();
          List<TranscriptSegment> segs = text.isEmpty() ? List.of()
              : List.of(new TranscriptSegment(0.0, durationSeconds, text));
          return new Result(segs, List.of(), config.language(), requests, attempt);
        }
        throw new OpenAIInvalidDataException("the server did not answer in verbose_json (no segments or words)");
      } catch (OpenAIServiceException e) {
        failure = fromService(e);
        retryAfter = ApiRetryPolicy.parseRetryAfter(e.headers().values("retry-after"),
            e.headers().values("retry-after-ms"));
      } catch (OpenAIIoException e) {
        failure = new StageException("api_unavailable", "request to " + config.baseUrl() + " failed: "
            + mask(String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage())), true, e);
      } catch (OpenAIInvalidDataException e) {
        throw new StageException("api_bad_response", "unexpected response from the transcription API: "
            + mask(e.getMessage()));
      } catch (IOException e) {
        throw new StageException("temp_storage_error", "cannot read the encoded chunk: " + e.getMessage(), true, e);
      }
      if (!failure.retryable() || attempt >= policy.maxRetries) {
        if (failure.retryable()) {
          throw new StageException(failure.reason(), failure.getMessage() + " (gave up after " + requests
              + " attempts)", true, failure);
        }
        throw failure;
      }
      long delay = policy.delayMillis(attempt + 1, retryAfter);
      LOG.warn("transcription request failed ({}), retry {} of {} in {} ms", failure.getMessage(), attempt + 1,
          policy.maxRetries, delay);
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw failure;
      }
    }
  }

  /**
   * Whether to ask for verbose_json. OpenAI's gpt-4o transcription models answer only json/text (no timestamps);
   * whisper-1 and OpenAI-compatible Whisper servers give segment and word times.
   */
  boolean verbose() {
    switch (config.responseFormat()) {
      case "verbose_json":
        return true;
      case "json":
        return false;
      default:
        return !config.model().startsWith("gpt-4o");
    }
  }

  private TranscriptionCreateResponse request(Path mp3) throws IOException {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a request slot", e);
    }
    try (InputStream in = Files.newInputStream(mp3)) {
      // A named file part with a type: the API infers the format from the file name's extension.
      TranscriptionCreateParams.Builder b = TranscriptionCreateParams.builder()
          .file(MultipartField.<InputStream>builder().value(in).filename("chunk.mp3").contentType("audio/mpeg")
              .build())
          .model(config.model());
      if (verbose()) {
        b.responseFormat(AudioResponseFormat.VERBOSE_JSON)
            .addTimestampGranularity(TranscriptionCreateParams.TimestampGranularity.WORD)
            .addTimestampGranularity(TranscriptionCreateParams.TimestampGranularity.SEGMENT);
      } else {
        b.responseFormat(AudioResponseFormat.JSON);
      }
      if (config.language() != null) {
        b.language(config.language());
      }
      return client.audio().transcriptions().create(b.build());
    } finally {
      permits.release();
    }
  }

  private Result toResult(TranscriptionVerbose v, int requests, int retries) {
    List<TranscriptSegment> segments = new ArrayList<>();
    for (TranscriptionSegment s : v.segments().orElse(List.of())) {
      String text = s.text().trim();
      if (!text.isEmpty()) {
        segments.add(new TranscriptSegment(s.start(), s.end(), text));
      }
    }
    List<TranscriptWord> words = new ArrayList<>();
    for (TranscriptionWord w : v.words().orElse(List.of())) {
      String word = w.word().trim();
      if (!word.isEmpty()) {
        words.add(new TranscriptWord(w.start(), w.end(), word, null));
      }
    }
    String language = v._language().asKnown().orElse(config.language());
    return new Result(segments, words, language, requests, retries);
  }

  private StageException fromService(OpenAIServiceException e) {
    int status = e.statusCode();
    String message = "transcription API answered " + status + ": " + mask(apiMessage(e));
    boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
    String reason;
    if (status == 401 || status == 403) {
      reason = "api_unauthorized";
    } else if (status == 429) {
      reason = "api_rate_limited";
    } else if (status >= 500) {
      reason = "api_server_error";
    } else if (retryable) {
      reason = "api_unavailable";
    } else {
      reason = "api_rejected";
    }
    return new StageException(reason, message, retryable, null);
  }

  /** The {@code error.message} of an OpenAI-style error body, else the exception's own text. */
  private static String apiMessage(OpenAIServiceException e) {
    try {
      JsonNode body = e.body().convert(JsonNode.class);
      if (body != null && body.path("error").path("message").isTextual()) {
        return body.path("error").path("message").asText();
      }
      if (body != null && body.path("message").isTextual()) {
        return body.path("message").asText();
      }
    } catch (RuntimeException ignored) {
      // not JSON: use the exception text
    }
    return String.valueOf(e.getMessage());
  }

  /** Removes the key (and any long prefix of it an error message may echo) from text we log or store. */
  String mask(@Nullable String text) {
    return ApiKeys.mask(text, apiKey);
  }

  @Override
  public void close() {
    client.close();
  }
}
