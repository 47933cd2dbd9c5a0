package io.lecturehighlights.transforms.content;

import io.lecturehighlights.transforms.common.StageException;

/** Builds the analyzer a {@link ContentConfig} names. */
public final class ContentAnalyzers {
  private ContentAnalyzers() {}

  /** The offline analyzer, or the Gemini one (which fails here with {@code missing_api_key} when no key is set). */
  public static ContentAnalyzer create(ContentConfig config) throws StageException {
    switch (config.analyzer()) {
      case ContentConfig.OFFLINE:
        return new OfflineContentAnalyzer();
      case ContentConfig.GEMINI:
        return new GeminiContentAnalyzer(config);
      default:
        throw new StageException("unknown_content_analyzer", "unknown content analyzer '" + config.analyzer()
            + "' (expected " + ContentConfig.OFFLINE + " or " + ContentConfig.GEMINI + ")");
    }
  }
}
