package io.lecturehighlights.transforms.common;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Google's Gemini API through the official google-genai client, set up the same way for every caller (content
 * analysis, embeddings), so the rules for a paid API are written once.
 *
 * <p>Retries: the client's own retry interceptor is set to one attempt, so {@link Retry} (exponential backoff with
 * jitter) is the only retry layer: 408, 429, 5xx, timeouts and connection failures are retried, waiting at least the
 * {@code retryDelay} a 429's {@code RetryInfo} detail asks for (the client does not expose the Retry-After header,
 * but it keeps the error details in the message). 400/401/403/404 fail at once with a specific reason. Exhausted
 * retries are {@code gemini_unavailable} (retryable: the work may be tried again later). Timeouts: the client has
 * none by default, so one is always set (per request; our retries come on top). The key is given by the caller
 * (read from the environment on the worker, never stored in the job graph), sent only as {@code x-goog-api-key},
 * never logged, and masked out of every message.
 */
public final class GeminiApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GeminiApi.class);
  /** google.rpc.RetryInfo in a 429's error details, e.g. {@code "retryDelay": "37s"}. */
  private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

  /** Sleeps for a server-requested delay; replaced in tests to record it. */
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** One request to the API, as the client makes it; its exceptions are classified by {@link #call}. */
  @FunctionalInterface
  public interface Request<T> {
    T send(Client client);
  }

  /**
   * How to reach the API and how hard to try.
   *
   * @param baseUrl null: Google's endpoint (generativelanguage.googleapis.com)
   * @param apiKeyEnv the environment variable that held the key, named in authentication errors
   */
  public record Settings(@Nullable String baseUrl, String apiKeyEnv, double requestTimeoutSeconds, int maxRetries,
      long initialBackoffMillis, long maxBackoffMillis) {}

  private final String apiKey;
  private final Settings settings;
  private final Client client;
  private final Sleeper sleeper;

  public GeminiApi(String apiKey, Settings settings) {
    this(apiKey, settings, Thread::sleep);
  }

  public GeminiApi(String apiKey, Settings settings, Sleeper sleeper) {
    this.apiKey = apiKey;
    this.settings = settings;
    this.sleeper = sleeper;
    HttpOptions.Builder http = HttpOptions.builder()
        .timeout((int) Math.min(Integer.MAX_VALUE, Math.round(settings.requestTimeoutSeconds() * 1000)))
        // Our Retry is the only retry layer (the client's default is 5 attempts on 408/429/5xx, up to 60 s apart).
        // One attempt is not enough: the client's interceptor (1.70.0) still sleeps its backoff (0-2 s) after the
        // last failed attempt when the status is in its retry list, so that list is emptied too.
        .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
    if (settings.baseUrl() != null) {
      http.baseUrl(settings.baseUrl());
    }
    // vertexAI(false) explicitly: GOOGLE_GENAI_USE_VERTEXAI in a worker's environment would switch to Vertex.
    this.client = Client.builder().apiKey(apiKey).vertexAI(false).httpOptions(http.build()).build();
  }

  /**
   * Sends a request through {@link Retry}; the value and how many attempts it took.
   *
   * @param model the model the request names, for a 404's message
   * @throws StageException the first permanent failure, or {@code gemini_unavailable} once retries are exhausted
   */
  public <T> Retry.Outcome<T> call(String model, Request<T> request) throws StageException {
    Retry retry = new Retry(settings.maxRetries(), Duration.millis(settings.initialBackoffMillis()),
        Duration.millis(settings.maxBackoffMillis()));
    try {
      return retry.call(() -> attempt(model, request));
    } catch (Retry.Exhausted e) {
      if (!e.last.retryable()) {
        throw e.last;
      }
      throw new StageException("gemini_unavailable", "the Gemini API still failed after " + e.attempts
          + " attempts: " + e.last.getMessage(), true, e.last);
    }
  }

  private <T> T attempt(String model, Request<T> request) throws StageException {
    try {
      return request.send(client);
    } catch (ApiException e) {
      StageException failure = fromApi(model, e);
      long delay = retryDelayMillis(e.message());
      if (failure.retryable() && delay > 0) {
        // The server said how long to wait; our backoff comes on top of it.
        try {
          sleeper.sleep(Math.min(delay, settings.maxBackoffMillis()));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StageException(failure.reason(), failure.getMessage(), false, e);
        }
      }
      LOG.warn("Gemini request failed: {}", failure.getMessage());
      throw failure;
    } catch (GenAiIOException e) {
      boolean timeout = isTimeout(e);
      String message = timeout
          ? String.format(Locale.ROOT, "the Gemini API did not answer within %.0f s",
              settings.requestTimeoutSeconds())
          : "request to the Gemini API failed: " + mask(rootMessage(e));
      LOG.warn(message);
      throw new StageException(timeout ? "gemini_timeout" : "gemini_connection_failed", message, true, e);
    } catch (RuntimeException e) {
      // The client could not read a 2xx answer (not the documented response JSON): a broken proxy or server.
      String message = "unreadable response from the Gemini API: " + mask(rootMessage(e));
      LOG.warn(message);
      throw new StageException("gemini_bad_response", message, true, e);
    }
  }

  private StageException fromApi(String model, ApiException e) {
    int code = e.code();
    String message = "Gemini API answered " + code + " " + e.status() + ": " + mask(e.message());
    if (code == 401 || code == 403 || (code == 400 && mentionsApiKey(e.message()))) {
      // The Gemini API answers a wrong key with 400 INVALID_ARGUMENT "API key not valid".
      return new StageException("gemini_auth_failed", message + " (check " + settings.apiKeyEnv() + ")");
    }
    if (code == 404) {
      return new StageException("gemini_model_not_found", "model '" + model + "' not found: " + message);
    }
    if (code == 429) {
      return new StageException("gemini_rate_limited", message, true, e);
    }
    if (code == 408) {
      return new StageException("gemini_timeout", message, true, e);
    }
    if (code >= 500) {
      return new StageException("gemini_server_error", message, true, e);
    }
    return new StageException("gemini_bad_request", message);
  }

  private static boolean mentionsApiKey(@Nullable String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    return m.contains("api key") || m.contains("api_key_invalid");
  }

  /** The wait a RetryInfo detail asks for, in ms; 0 when there is none. */
  public static long retryDelayMillis(@Nullable String message) {
    if (message == null) {
      return 0;
    }
    Matcher m = RETRY_DELAY.matcher(message);
    return m.find() ? Math.round(Double.parseDouble(m.group(1)) * 1000) : 0;
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
  }

  /** Removes the key (and any long prefix of it an error message may echo) from text we log or store. */
  public String mask(@Nullable String text) {
    return ApiKeys.mask(text, apiKey);
  }

  @Override
  public void close() {
    client.close();
  }
}
