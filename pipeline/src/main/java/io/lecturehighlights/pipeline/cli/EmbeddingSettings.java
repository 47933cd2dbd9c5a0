package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.search.EmbeddingConfig;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/**
 * How {@code lhx search} and {@code lhx serve} reach the Gemini API when the lectures were embedded with Gemini. The
 * model itself is not an option here: it is the one the index or the rows were built with (a query embedded by
 * another model could not be compared with them). Named as the job's options that set the same things.
 */
final class EmbeddingSettings {
  @Option(names = "--gemini-base-url", paramLabel = "URL", description = "Base URL of the Gemini API, for lectures "
      + "embedded with Gemini (default: Google's). For a proxy or a local test server.")
  String baseUrl;

  @Option(names = "--gemini-api-key-env", paramLabel = "VAR", defaultValue = "GEMINI_API_KEY",
      description = "Environment variable holding the Gemini API key, for lectures embedded with Gemini "
          + "(default: ${DEFAULT-VALUE}).")
  String apiKeyEnv = "GEMINI_API_KEY";

  /** The settings; IllegalArgumentException with a message for people for an unusable one. */
  EmbeddingConfig config() {
    if (baseUrl != null) {
      try {
        URI u = new URI(baseUrl);
        boolean http = "http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme());
        if (u.getHost() == null || !http) {
          throw new IllegalArgumentException("--gemini-base-url must be an http(s) URL, not " + baseUrl);
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("--gemini-base-url must be an http(s) URL, not " + baseUrl);
      }
    }
    if (apiKeyEnv == null || apiKeyEnv.isBlank()) {
      throw new IllegalArgumentException("--gemini-api-key-env needs the name of an environment variable");
    }
    return EmbeddingConfig.defaults().withBaseUrl(baseUrl).withApiKeyEnv(apiKeyEnv.trim());
  }
}
