package io.lecturehighlights.transforms.content;

import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.Part;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.GeminiApi;
import io.lecturehighlights.transforms.common.Retry;
import io.lecturehighlights.transforms.common.StageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic segments from Google's Gemini API ({@code POST /v1beta/models/{model}:generateContent}) through the official
 * google-genai client, with the answer constrained by a response schema and never used unvalidated
 * ({@link GeminiAnswerValidator}).
 *
 * <p>Retries, timeouts and the key's masking are {@link GeminiApi}'s, shared with the Gemini embeddings:
 * {@link Retry} (exponential backoff with jitter) is the only retry layer: 408, 429, 5xx, timeouts and connection
 * failures are retried, waiting at least the {@code retryDelay} a 429's {@code RetryInfo} detail asks for (the client
 * does not expose the Retry-After header, but it keeps the error details in the message). 400/401/403/404 fail at
 * once with a specific reason. Exhausted retries are {@code gemini_unavailable} (retryable: the job may be tried
 * again later). An answer that is not JSON,
 * empty, blocked, cut off or beyond repair is asked for again with a note saying what was wrong, up to
 * {@link ContentConfig#maxAnswerAttempts} times, then {@code invalid_model_answer}.
 *
 * <p>Transcripts longer than {@link ContentConfig#windowMinutes} go in overlapping windows
 * ({@link TranscriptWindows}), one request each, merged and re-validated. Requests, retries, tokens (thinking
 * tokens count as output: they are billed as output) and the estimated cost go into the result. The API key is
 * read from the environment on construction, never logged, and masked out of error messages.
 */
public final class GeminiContentAnalyzer implements ContentAnalyzer {
  public static final String NAME = "gemini";
  private static final Logger LOG = LoggerFactory.getLogger(GeminiContentAnalyzer.class);

  /** What one analysis cost. */
  private static final class Usage {
    int requests;
    long promptTokens;
    long outputTokens;
    @Nullable String modelVersion;
  }

  private final ContentConfig config;
  private final GeminiApi api;
  private final GenerateContentConfig generation;
  private final GeminiAnswerValidator validator;

  /** Characters of the fixed part of every request (instruction and answer schema), for cost estimates. */
  public static int fixedPromptChars(ContentConfig config) {
    return GeminiPrompt.fixedPromptChars(config);
  }

  /**
   * Characters the slide list of one request takes at most (its heading and {@value GeminiPrompt#SLIDES_MAX_CHARS}
   * characters of slide lines), for cost estimates that cannot see the slides.
   */
  public static int maxSlideListChars() {
    return GeminiPrompt.SLIDES_MAX_CHARS + GeminiPrompt.SLIDES_HEADING.length() + 2;
  }

  /**
   * Input tokens the requests for one lecture would carry, estimated from the real request builder at
   * {@value GeminiPrompt#CHARS_PER_TOKEN} characters per token: per transcript window, the instruction, the schema
   * and the user message with its transcript lines and, when the request has them, its slides (bounded, see
   * {@link GeminiPrompt}). First attempts only: retries and re-asks are not counted.
   */
  public static long estimatePromptTokens(ContentConfig config, ContentRequest request) {
    if (request == null || request.transcript() == null) {
      return 0;
    }
    List<TranscriptSegment> sentences = sentences(request.transcript());
    if (sentences.isEmpty()) {
      return 0;
    }
    double duration = duration(request, request.transcript(), sentences);
    List<TranscriptWindows.Window> windows = TranscriptWindows.plan(sentences, duration, config.windowMinutes() * 60,
        config.windowOverlapMinutes() * 60);
    long chars = 0;
    for (TranscriptWindows.Window w : windows) {
      chars += GeminiPrompt.fixedPromptChars(config)
          + GeminiPrompt.userPrompt(request, w, windows.size(), duration, null).length();
    }
    return Math.round(chars / GeminiPrompt.CHARS_PER_TOKEN);
  }

  public GeminiContentAnalyzer(ContentConfig config) throws StageException {
    this(config, Thread::sleep);
  }

  GeminiContentAnalyzer(ContentConfig config, GeminiApi.Sleeper sleeper) throws StageException {
    this.config = config;
    String key = config.resolveApiKey();
    if (key == null) {
      throw new StageException("missing_api_key",
          "no API key for the Gemini API: set the environment variable " + config.apiKeyEnv());
    }
    this.api = new GeminiApi(key, new GeminiApi.Settings(config.baseUrl(), config.apiKeyEnv(),
        config.requestTimeoutSeconds(), config.maxRetries(), config.initialBackoffMillis(), config.maxBackoffMillis()),
        sleeper);
    this.generation = GenerateContentConfig.builder()
        .systemInstruction(Content.fromParts(Part.fromText(GeminiPrompt.systemInstruction(config))))
        .responseMimeType("application/json")
        .responseSchema(GeminiPrompt.responseSchema())
        .temperature((float) config.temperature())
        .build();
    this.validator = new GeminiAnswerValidator(config.minSegmentSeconds(), config.maxSegmentSeconds());
  }

  @Override
  public ContentSegments analyze(ContentRequest request) throws StageException {
    long t0 = System.nanoTime();
    if (request == null || request.transcript() == null) {
      throw new StageException("invalid_content_request", "content analysis needs a transcript");
    }
    Transcript transcript = request.transcript();
    List<TranscriptSegment> sentences = sentences(transcript);
    double duration = duration(request, transcript, sentences);
    Usage usage = new Usage();
    List<ContentSegment> segments = new ArrayList<>();
    List<TranscriptWindows.Window> windows = List.of();
    if (!sentences.isEmpty()) {
      windows = TranscriptWindows.plan(sentences, duration, config.windowMinutes() * 60,
          config.windowOverlapMinutes() * 60);
      List<List<ContentSegment>> answers = new ArrayList<>();
      for (TranscriptWindows.Window w : windows) {
        answers.add(analyzeWindow(request, w, windows.size(), duration, usage));
      }
      if (windows.size() == 1) {
        segments = answers.get(0);
      } else {
        try {
          GeminiAnswerValidator.Result merged = validator.repair(TranscriptWindows.merge(windows, answers), 0,
              duration, sentences);
          if (!merged.repairs.isEmpty()) {
            LOG.info("job {}: merging {} windows: {}", transcript.getJobId(), windows.size(), merged.repairs);
          }
          segments = merged.segments;
        } catch (GeminiAnswerValidator.UnusableAnswerException e) {
          throw new StageException("invalid_model_answer",
              "the merged answers of " + windows.size() + " windows are unusable: " + e.getMessage());
        }
      }
    }
    return ContentSegments.newBuilder()
        .setJobId(transcript.getJobId())
        .setAnalyzer(NAME)
        .setSegments(segments)
        .setProcessingMillis((System.nanoTime() - t0) / 1_000_000)
        .setRequests(usage.requests)
        .setRetries(Math.max(0, usage.requests - windows.size()))
        .setPromptTokens(usage.promptTokens)
        .setOutputTokens(usage.outputTokens)
        .setEstimatedCostUsd(config.costUsd(usage.promptTokens, usage.outputTokens))
        .setModel(usage.modelVersion != null ? usage.modelVersion : config.model())
        .build();
  }

  /** One window: ask, validate, and ask again with a corrective note while the answer is unusable. */
  private List<ContentSegment> analyzeWindow(ContentRequest request, TranscriptWindows.Window window, int windows,
      double duration, Usage usage) throws StageException {
    String correction = null;
    for (int attempt = 1; ; attempt++) {
      String prompt = GeminiPrompt.userPrompt(request, window, windows, duration, correction);
      GenerateContentResponse response = call(prompt, usage);
      try {
        GeminiAnswerValidator.Result r = validator.validate(answerText(response), window.from(), window.to(),
            window.sentences());
        if (!r.repairs.isEmpty()) {
          LOG.info("job {} window {}: repaired the model's answer: {}", request.transcript().getJobId(),
              window.index(), r.repairs);
        }
        return r.segments;
      } catch (GeminiAnswerValidator.UnusableAnswerException e) {
        if (attempt >= config.maxAnswerAttempts()) {
          throw new StageException("invalid_model_answer", String.format(Locale.ROOT,
              "%s gave no usable segmentation for %.1f-%.1f s in %d attempts; last: %s", config.model(),
              window.from(), window.to(), attempt, e.getMessage()));
        }
        LOG.warn("job {} window {}: unusable answer ({}), asking again ({} of {})",
            request.transcript().getJobId(), window.index(), e.getMessage(), attempt + 1, config.maxAnswerAttempts());
        correction = e.getMessage();
      }
    }
  }

  /** The answer's text, or why there is none worth validating. */
  private static String answerText(GenerateContentResponse response)
      throws GeminiAnswerValidator.UnusableAnswerException {
    if (response.promptFeedback().flatMap(f -> f.blockReason()).isPresent()) {
      throw new GeminiAnswerValidator.UnusableAnswerException(
          "the request was blocked (" + response.promptFeedback().get().blockReason().get() + ")");
    }
    if (response.candidates().map(List::isEmpty).orElse(true)) {
      throw new GeminiAnswerValidator.UnusableAnswerException("the answer had no candidates");
    }
    FinishReason finish = response.finishReason();
    FinishReason.Known known = finish.knownEnum();
    if (known == FinishReason.Known.MAX_TOKENS) {
      throw new GeminiAnswerValidator.UnusableAnswerException(
          "the answer was cut off at the output token limit; keep summaries and reasons short");
    }
    if (known != FinishReason.Known.STOP && known != FinishReason.Known.FINISH_REASON_UNSPECIFIED) {
      throw new GeminiAnswerValidator.UnusableAnswerException("the answer was blocked (finishReason " + finish + ")");
    }
    String text = response.text();
    if (text == null || text.isBlank()) {
      throw new GeminiAnswerValidator.UnusableAnswerException("the answer was empty");
    }
    return text;
  }

  /** One generateContent call through the shared client's retries ({@link GeminiApi}). */
  private GenerateContentResponse call(String prompt, Usage usage) throws StageException {
    Retry.Outcome<GenerateContentResponse> o =
        api.call(config.model(), c -> c.models.generateContent(config.model(), prompt, generation));
    usage.requests += o.attempts;
    GenerateContentResponse r = o.value;
    r.usageMetadata().ifPresent(u -> count(u, usage));
    r.modelVersion().ifPresent(v -> usage.modelVersion = v);
    return r;
  }

  private static void count(GenerateContentResponseUsageMetadata u, Usage usage) {
    usage.promptTokens += u.promptTokenCount().orElse(0);
    usage.outputTokens += u.candidatesTokenCount().orElse(0) + u.thoughtsTokenCount().orElse(0);
  }

  private static List<TranscriptSegment> sentences(Transcript transcript) {
    List<TranscriptSegment> out = new ArrayList<>();
    if (transcript.getSegments() != null) {
      for (TranscriptSegment s : transcript.getSegments()) {
        if (s.getText() != null && !s.getText().isBlank() && Double.isFinite(s.getStart())
            && Double.isFinite(s.getEnd()) && s.getStart() >= 0 && s.getEnd() >= s.getStart()) {
          out.add(s);
        }
      }
    }
    out.sort(Comparator.comparingDouble(TranscriptSegment::getStart));
    return out;
  }

  /** The request's duration, else the audio's, and never less than the last sentence's end. */
  private static double duration(ContentRequest request, Transcript transcript, List<TranscriptSegment> sentences) {
    double d = request.durationSeconds() > 0 ? request.durationSeconds() : transcript.getAudioSeconds();
    for (TranscriptSegment s : sentences) {
      d = Math.max(d, s.getEnd());
    }
    return d;
  }

  /** Removes the key (and any long prefix of it an error message may echo) from text we log or store. */
  String mask(@Nullable String text) {
    return api.mask(text);
  }

  /** The wait a RetryInfo detail asks for, in ms; 0 when there is none. */
  static long retryDelayMillis(@Nullable String message) {
    return GeminiApi.retryDelayMillis(message);
  }

  @Override
  public void close() {
    api.close();
  }
}
