package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.content.ContentConfig;
import io.lecturehighlights.transforms.content.GeminiContentAnalyzer;
import org.junit.jupiter.api.Test;

/** The cost arithmetic at given prices and assumptions. */
class CloudCostEstimateTest {
  private static final double EPS = 1e-9;

  private static CloudCostEstimate estimate() {
    // 4,000 characters of fixed prompt: 1,000 tokens per request.
    return new CloudCostEstimate(0.006, ContentConfig.defaults(), CloudCostEstimate.Assumptions.defaults(), 4000);
  }

  @Test
  void windowsFollowTheAnalyzersPlan() {
    CloudCostEstimate c = estimate();
    assertEquals(1, c.windows(30 * 60));
    // 31 min in 30-min windows overlapping 3 min: 2; 60 min: ceil(57 / 27) = 3.
    assertEquals(2, c.windows(31 * 60));
    assertEquals(3, c.windows(60 * 60));
  }

  @Test
  void anHourLongLectureAtTheDefaultPrices() {
    CloudCostEstimate c = estimate();
    CloudCostEstimate.Tokens t = c.tokens(3600);
    // Input: 3 requests x (1000 + 80) + (60 + 2 x 3 overlap) min x (150 x 1.3 + 10 x 16 + 30 = 385) = 28,650,
    // plus slides: 3 windows of 22 min x 0.6 slides/min x 65 tokens = 3 x 858 = 2,574.
    assertEquals(3, t.requests());
    assertEquals(31_224, t.input());
    // Output: round(3600 / 70) = 51 segments x 110 + 3 x 3000 thinking = 14,610.
    assertEquals(14_610, t.output());
    CloudCostEstimate.Cost cloud = c.cloud(3600, false);
    assertEquals(60 * 0.006, cloud.whisperUsd(), EPS);
    assertEquals((31_224 * 0.30 + 14_610 * 2.50) / 1e6, cloud.geminiUsd(), EPS);
  }

  @Test
  void slideTextAddsTokensUpToThePromptsCapPerRequest() {
    CloudCostEstimate.Assumptions d = CloudCostEstimate.Assumptions.defaults();
    CloudCostEstimate.Assumptions none = new CloudCostEstimate.Assumptions(d.wordsPerMinute(), d.tokensPerWord(),
        d.wordsPerSentence(), d.stampTokens(), d.listTokensPerMinute(), d.headerTokens(), d.tokensPerSegment(),
        d.thinkingTokensPerRequest(), 0, d.tokensPerSlide(), d.maxSlideTokensPerRequest());
    CloudCostEstimate.Assumptions crowded = new CloudCostEstimate.Assumptions(d.wordsPerMinute(), d.tokensPerWord(),
        d.wordsPerSentence(), d.stampTokens(), d.listTokensPerMinute(), d.headerTokens(), d.tokensPerSegment(),
        d.thinkingTokensPerRequest(), 10, d.tokensPerSlide(), d.maxSlideTokensPerRequest());
    long without = new CloudCostEstimate(0.006, ContentConfig.defaults(), none, 4000).tokens(3600).input();
    long with = new CloudCostEstimate(0.006, ContentConfig.defaults(), d, 4000).tokens(3600).input();
    long many = new CloudCostEstimate(0.006, ContentConfig.defaults(), crowded, 4000).tokens(3600).input();
    assertEquals(28_650, without);
    assertEquals(2_574, with - without);
    // A slide every 6 s would be 8,580 tokens per 22-min window: the prompt lists at most its cap per request.
    long cap = Math.round(GeminiContentAnalyzer.maxSlideListChars() / 4.0);
    assertTrue(cap > 1000 && cap < 2000, "cap " + cap);
    assertEquals(cap, d.maxSlideTokensPerRequest(), 1e-9);
    assertEquals(3 * cap, many - without);
  }

  @Test
  void captionsAndOfflineEnginesCostNothing() {
    CloudCostEstimate c = estimate();
    assertEquals(0, c.cloud(600, true).whisperUsd(), EPS);
    assertTrue(c.cloud(600, true).geminiUsd() > 0);
    CloudCostEstimate.Cost offline = c.configured(600, false, "pocketsphinx", "offline");
    assertEquals(0, offline.total(), EPS);
    CloudCostEstimate.Cost cloud = c.configured(600, false, "whisper-api", "gemini");
    assertEquals(c.cloud(600, false).total(), cloud.total(), EPS);
    assertEquals(0.06, c.configured(600, false, "whisper-api", "offline").total(), EPS);
  }

  @Test
  void pricesComeFromTheContentConfig() {
    CloudCostEstimate c = new CloudCostEstimate(0.01, ContentConfig.defaults().withPrices(1, 10),
        CloudCostEstimate.Assumptions.defaults(), 0);
    CloudCostEstimate.Tokens t = c.tokens(120);
    assertEquals((t.input() * 1.0 + t.output() * 10.0) / 1e6, c.cloud(120, false).geminiUsd(), EPS);
    assertEquals(0.02, c.cloud(120, false).whisperUsd(), EPS);
  }

  @Test
  void theFixedPromptIsReadFromTheRealRequestBuilder() {
    int chars = CloudCostEstimate.fixedPromptChars(ContentConfig.defaults());
    // The system instruction alone is several hundred characters; the schema adds its field descriptions.
    assertTrue(chars > 1000 && chars < 20_000, "fixed prompt " + chars + " chars");
    // The segment bounds are written into the instruction: other bounds, another text of about the same size.
    int other = CloudCostEstimate.fixedPromptChars(ContentConfig.defaults().withSegmentSeconds(5, 1000));
    assertTrue(Math.abs(other - chars) <= 4, chars + " vs " + other);
  }
}
