package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.content.ContentConfig;
import io.lecturehighlights.transforms.content.GeminiContentAnalyzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the cloud services would charge for a batch: OpenAI's Whisper per audio minute and Gemini per token, at
 * configurable prices. Offline engines (pocketsphinx, captions, the offline content analyzer) cost nothing.
 *
 * <p>Whisper bills the audio sent: the lecture's whole length (the pipeline transcribes every chunk of it), unless
 * the upload carries captions, which the pipeline always uses instead.
 *
 * <p>Gemini tokens are estimated, as no transcript exists before the run. One request per transcript window (the
 * pipeline cuts lectures longer than the window into overlapping windows, so overlaps are sent twice). Per request:
 * the fixed part (system instruction and response schema, measured from the real request builder at the configured
 * segment bounds, at {@value #CHARS_PER_TOKEN} characters per token, Google's rule of thumb for English) plus the
 * lecture header; per minute of lecture: speech at {@link Assumptions#wordsPerMinute} words per minute times
 * {@link Assumptions#tokensPerWord}, plus the "[start-end] " stamp of each transcript line (one sentence of
 * {@link Assumptions#wordsPerSentence} words; Gemini's tokenizer splits digits) and the listed pauses and slide
 * changes; and the slides' OCR text the prompt lists ({@link Assumptions#slidesPerMinute} slides of
 * {@link Assumptions#tokensPerSlide} tokens, at most the prompt's own cap per request). The dry run runs neither
 * layout detection nor OCR, so it cannot tell which lectures show slides: every lecture is counted as showing them
 * (an upper bound for camera-only and audio-only lectures, which have none). Output: one JSON segment of about {@link Assumptions#tokensPerSegment} tokens per average segment length
 * (the middle of the configured bounds), plus thinking tokens, which Gemini 2.5 bills as output.
 */
final class CloudCostEstimate {
  static final double CHARS_PER_TOKEN = 4.0;
  /** OpenAI's published price for whisper-1 (openai.com/api/pricing): $0.006 per audio minute. */
  static final String WHISPER_USD_PER_MINUTE = "0.006";

  /**
   * Token-count assumptions. Lecture speech runs at 120-160 words per minute (150 taken); English averages about
   * 1.3 tokens per word; a stamp like "[1234.5-1240.2] " is about 16 tokens with digits split; the pauses over 1.5 s
   * and slide changes the prompt lists add about 30 tokens per minute; the lecture header about 80 tokens per request;
   * a segment answer (title, one-to-two-sentence summary, 3-6 keywords, reason, numbers and keys) about 110 tokens;
   * dynamic thinking about 3,000 tokens per request (no thinking budget is set). Slides: a new slide every 100 s or
   * so (0.6 a minute), each listed as "[start-end] title | text" in about 65 tokens (a 40-character title and 200
   * characters of text; the prompt cuts the text at 300), and never more per request than the prompt's slide-list cap
   * ({@link GeminiContentAnalyzer#maxSlideListChars}, at {@value #CHARS_PER_TOKEN} characters per token).
   */
  record Assumptions(double wordsPerMinute, double tokensPerWord, double wordsPerSentence, double stampTokens,
      double listTokensPerMinute, double headerTokens, double tokensPerSegment, double thinkingTokensPerRequest,
      double slidesPerMinute, double tokensPerSlide, double maxSlideTokensPerRequest) {
    static Assumptions defaults() {
      return new Assumptions(150, 1.3, 15, 16, 30, 80, 110, 3000, 0.6, 65,
          Math.round(GeminiContentAnalyzer.maxSlideListChars() / CHARS_PER_TOKEN));
    }

    /** The slide list of one request covering this many minutes. */
    double slideTokens(double minutes) {
      return Math.min(minutes * slidesPerMinute * tokensPerSlide, maxSlideTokensPerRequest);
    }

    double inputTokensPerMinute() {
      return wordsPerMinute * tokensPerWord + wordsPerMinute / wordsPerSentence * stampTokens + listTokensPerMinute;
    }
  }

  /** The Gemini figures of one lecture. */
  record Tokens(int requests, long input, long output) {}

  /** One lecture's cloud cost: transcription and content analysis. */
  record Cost(double whisperUsd, double geminiUsd, Tokens tokens) {
    double total() {
      return whisperUsd + geminiUsd;
    }
  }

  private final double whisperUsdPerMinute;
  private final ContentConfig content;
  private final Assumptions assumptions;
  private final long fixedPromptTokens;

  /**
   * @param content window and segment bounds as the job uses them, and the Gemini prices
   * @param fixedPromptChars characters of the system instruction and response schema, see {@link #fixedPromptChars}
   */
  CloudCostEstimate(double whisperUsdPerMinute, ContentConfig content, Assumptions assumptions, int fixedPromptChars) {
    if (!(whisperUsdPerMinute >= 0)) {
      throw new IllegalArgumentException("the Whisper price must not be negative");
    }
    this.whisperUsdPerMinute = whisperUsdPerMinute;
    this.content = content;
    this.assumptions = assumptions;
    this.fixedPromptTokens = Math.round(fixedPromptChars / CHARS_PER_TOKEN);
  }

  /** Transcript windows of a lecture, as the Gemini analyzer plans them (TranscriptWindows). */
  int windows(double durationSeconds) {
    double w = content.windowMinutes() * 60;
    double o = content.windowOverlapMinutes() * 60;
    if (durationSeconds <= w + 1e-6) {
      return 1;
    }
    return (int) Math.ceil((durationSeconds - o) / (w - o) - 1e-6);
  }

  Tokens tokens(double durationSeconds) {
    int n = windows(durationSeconds);
    double minutesSent = (durationSeconds + (n - 1) * content.windowOverlapMinutes() * 60) / 60;
    // Windows are of equal length, each with its own capped slide list.
    long input = Math.round(n * (fixedPromptTokens + assumptions.headerTokens())
        + minutesSent * assumptions.inputTokensPerMinute() + n * assumptions.slideTokens(minutesSent / n));
    double meanSegment = (content.minSegmentSeconds() + content.maxSegmentSeconds()) / 2;
    long segments = Math.max(1, Math.round(durationSeconds / meanSegment));
    long output = Math.round(segments * assumptions.tokensPerSegment() + n * assumptions.thinkingTokensPerRequest());
    return new Tokens(n, input, output);
  }

  /** @param captioned the upload carries captions (the pipeline uses them, no speech engine runs) */
  Cost cloud(double durationSeconds, boolean captioned) {
    double whisper = captioned ? 0 : durationSeconds / 60 * whisperUsdPerMinute;
    Tokens t = tokens(durationSeconds);
    return new Cost(whisper, content.costUsd(t.input(), t.output()), t);
  }

  /** The same lecture with the configured engines: only whisper-api and gemini cost money. */
  Cost configured(double durationSeconds, boolean captioned, String transcriptionEngine, String contentAnalyzer) {
    Cost cloud = cloud(durationSeconds, captioned);
    boolean whisper = "whisper-api".equalsIgnoreCase(transcriptionEngine);
    boolean gemini = ContentConfig.GEMINI.equalsIgnoreCase(contentAnalyzer);
    return new Cost(whisper ? cloud.whisperUsd() : 0, gemini ? cloud.geminiUsd() : 0, cloud.tokens());
  }

  /** The assumptions in words, for the listing. */
  List<String> explain() {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "Whisper: $%.4f per audio minute; lectures with captions use them ($0).",
        whisperUsdPerMinute));
    out.add(String.format(Locale.ROOT, "Gemini (%s): $%.2f / $%.2f per million input / output tokens; per request "
        + "%d tokens of instruction and schema + %.0f of lecture header, then %.0f input tokens per lecture minute "
        + "(%.0f words/min x %.1f tokens/word + line stamps + pauses and slide changes).", content.model(),
        content.inputPricePerMillionTokens(), content.outputPricePerMillionTokens(), fixedPromptTokens,
        assumptions.headerTokens(), assumptions.inputTokensPerMinute(), assumptions.wordsPerMinute(),
        assumptions.tokensPerWord()));
    out.add(String.format(Locale.ROOT, "Gemini slide text: %.1f slides per minute x %.0f tokens (title and OCR text),"
        + " at most %.0f tokens per request; the dry run reads no slides, so every lecture is counted as showing"
        + " them.", assumptions.slidesPerMinute(), assumptions.tokensPerSlide(),
        assumptions.maxSlideTokensPerRequest()));
    out.add(String.format(Locale.ROOT, "Gemini output: %.0f tokens per %.0f-s segment + %.0f thinking tokens per "
        + "request; one request per %.0f-min window (%.0f min overlap); retries not counted.",
        assumptions.tokensPerSegment(), (content.minSegmentSeconds() + content.maxSegmentSeconds()) / 2,
        assumptions.thinkingTokensPerRequest(), content.windowMinutes(), content.windowOverlapMinutes()));
    return out;
  }

  /** Characters of the fixed part of every Gemini request, from the analyzer's own request builder. */
  static int fixedPromptChars(ContentConfig content) {
    return GeminiContentAnalyzer.fixedPromptChars(content);
  }
}
