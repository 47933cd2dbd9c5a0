package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.FakeGeminiServer;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.search.OutputIndexer;
import io.lecturehighlights.transforms.search.SearchMode;
import io.lecturehighlights.transforms.search.SearchOutputFixture;
import io.lecturehighlights.transforms.search.SearchQuery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /api/search over an index built with Gemini: the query goes to Gemini, and without the key a clear 503. */
class SearchServiceGeminiTest {
  @Test
  void theIndexsModelEmbedsTheQueryAndNoKeyIs503ButLexicalAnswers(@TempDir Path tmp) throws Exception {
    try (FakeGeminiServer server = new FakeGeminiServer()) {
      EmbeddingConfig settings = EmbeddingConfig.defaults().withBaseUrl(server.baseUrl()).withApiKey("test-key")
          .withRetries(0, 5, 5);
      Path out = new SearchOutputFixture(tmp.resolve("out")).job("chem-l01", true)
          .chunk("chem-l01", "Equilibria", "CHEM100", "Spring 2027", 0, 100, "Entropy", List.of("entropy"),
              "Entropy counts the microscopic arrangements of an isolated system.", "")
          .write();
      ChunkEmbedder gemini = settings.withModel("gemini").withDimensions(32).create();
      OutputIndexer.update(out, gemini);
      EmbeddingConfig.close(gemini);
      int indexed = server.requestCount();
      try (SearchService s = new SearchService(out, settings)) {
        ObjectNode r = s.search(SearchService.query("microscopic arrangements", null, null, null, null, "semantic"));
        assertEquals("chem-l01", r.path("results").get(0).path("jobId").asText());
      }
      assertEquals(List.of("RETRIEVAL_QUERY"), server.requests.get(indexed).taskTypes());
      try (SearchService s = new SearchService(out, settings.withApiKey(null).withApiKeyEnv("LHX_TEST_UNSET_KEY"))) {
        ApiError e = assertThrows(ApiError.class,
            () -> s.search(SearchQuery.of("entropy", SearchMode.HYBRID, 5)));
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("LHX_TEST_UNSET_KEY"), e.getMessage());
        assertEquals(1, s.search(SearchService.query("entropy", null, null, null, null, "lexical"))
            .path("results").size());
      }
    }
  }
}
