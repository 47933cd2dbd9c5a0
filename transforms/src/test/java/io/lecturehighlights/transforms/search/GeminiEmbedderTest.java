package io.lecturehighlights.transforms.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.common.FakeGeminiServer;
import io.lecturehighlights.transforms.common.StageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gemini embeddings through the real google-genai client against {@link FakeGeminiServer}, which speaks the Gemini
 * API's batchEmbedContents wire format; and search over an index of those vectors.
 */
class GeminiEmbedderTest {
  static final String KEY = "AIzaSyTEST-embedding-key-0123456789";
  static final int DIMS = 64;
  private FakeGeminiServer server;
  private final List<Long> serverDelays = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new FakeGeminiServer();
    server.requiredKey = KEY;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  EmbeddingConfig config() {
    return EmbeddingConfig.defaults().withModel("gemini").withDimensions(DIMS).withBaseUrl(server.baseUrl())
        .withApiKey(KEY).withRetries(3, 5, 50).withRequestTimeoutSeconds(10);
  }

  GeminiEmbedder embedder(EmbeddingConfig c) throws StageException {
    return new GeminiEmbedder(c, serverDelays::add);
  }

  static float[] unit(float[] v) {
    return ChunkEmbedder.normalize(v.clone());
  }

  @Test
  void passagesGoInBatchesOfAHundredAsDocumentsAndComeBackInOrderAsUnitVectors() throws StageException {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      texts.add("passage " + i + " about topic" + i);
    }
    texts.set(7, "  ");
    try (GeminiEmbedder e = embedder(config())) {
      float[][] v = e.embed(texts);
      assertEquals("gemini:gemini-embedding-001@64", e.name());
      assertEquals(150, v.length);
      for (int i = 0; i < v.length; i++) {
        assertEquals(DIMS, v[i].length);
        String sent = i == 7 ? "." : texts.get(i);
        // In order: each vector is its own text's (the server's vectors are not unit length at 64 dimensions).
        assertArrayEquals(unit(FakeGeminiServer.wordVector(sent, DIMS)), v[i], 1e-6f, "text " + i);
        assertEquals(1.0, Math.sqrt(ChunkEmbedder.cosine(v[i], v[i])), 1e-5);
      }
    }
    assertEquals(2, server.requestCount());
    FakeGeminiServer.Request first = server.requests.get(0);
    assertEquals("/v1beta/models/gemini-embedding-001:batchEmbedContents", first.path);
    assertEquals(KEY, first.apiKey);
    assertEquals(100, first.texts().size());
    assertEquals(50, server.requests.get(1).texts().size());
    assertEquals(texts.get(100), server.requests.get(1).texts().get(0));
    assertEquals("RETRIEVAL_DOCUMENT", first.taskTypes().get(0));
    assertEquals(DIMS, first.embedRequests().get(0).path("outputDimensionality").asInt());
  }

  @Test
  void aQueryIsEmbeddedAsARetrievalQuery() throws StageException {
    try (GeminiEmbedder e = embedder(config())) {
      float[] q = e.embedQuery("where is entropy explained");
      assertArrayEquals(unit(FakeGeminiServer.wordVector("where is entropy explained", DIMS)), q, 1e-6f);
    }
    assertEquals(List.of("RETRIEVAL_QUERY"), server.requests.get(0).taskTypes());
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriedThenSucceed() throws StageException {
    server.enqueue(FakeGeminiServer.Reply.rateLimited("0.03s"),
        FakeGeminiServer.Reply.error(503, "UNAVAILABLE", "The model is overloaded."));
    try (GeminiEmbedder e = embedder(config())) {
      float[][] v = e.embed(List.of("kinetic energy", "potential energy"));
      assertArrayEquals(unit(FakeGeminiServer.wordVector("potential energy", DIMS)), v[1], 1e-6f);
    }
    assertEquals(3, server.requestCount());
    // The 429's RetryInfo asked for 30 ms before the next attempt.
    assertEquals(List.of(30L), serverDelays);
  }

  @Test
  void aBadRequestFailsAtOnceWithItsReason() throws StageException {
    server.enqueue(FakeGeminiServer.Reply.error(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
    try (GeminiEmbedder e = embedder(config())) {
      ChunkEmbedder.EmbeddingException x = assertThrows(ChunkEmbedder.EmbeddingException.class,
          () -> e.embed(List.of("entropy")));
      assertEquals("gemini_bad_request", x.reason());
      assertTrue(x.getMessage().contains("400"), x.getMessage());
    }
    assertEquals(1, server.requestCount());
  }

  @Test
  void retriesEndWithUnavailableAndTheKeyNeverShows() throws StageException {
    // A server (or proxy) that echoes the key back in its errors.
    for (int i = 0; i < 4; i++) {
      server.enqueue(FakeGeminiServer.Reply.error(500, "INTERNAL", "internal error for key=" + KEY));
    }
    try (GeminiEmbedder e = embedder(config())) {
      ChunkEmbedder.EmbeddingException x = assertThrows(ChunkEmbedder.EmbeddingException.class,
          () -> e.embed(List.of("entropy")));
      assertEquals("gemini_unavailable", x.reason());
      assertFalse(x.getMessage().contains(KEY), x.getMessage());
      assertFalse(x.getMessage().contains(KEY.substring(0, KEY.length() - 4)), x.getMessage());
      assertTrue(x.getMessage().contains("key=***"), x.getMessage());
    }
    assertEquals(4, server.requestCount());
  }

  @Test
  void aWrongKeyIsAnAuthenticationFailureAndAMissingOneIsSaidBeforeAnyRequest() throws StageException {
    try (GeminiEmbedder e = embedder(config().withApiKey("wrong-key-1234567890"))) {
      ChunkEmbedder.EmbeddingException x = assertThrows(ChunkEmbedder.EmbeddingException.class,
          () -> e.embed(List.of("entropy")));
      assertEquals("gemini_auth_failed", x.reason());
      assertTrue(x.getMessage().contains("GEMINI_API_KEY"), x.getMessage());
    }
    StageException missing = assertThrows(StageException.class,
        () -> config().withApiKey(null).withApiKeyEnv("LHX_TEST_UNSET_GEMINI_KEY").create());
    assertEquals("missing_api_key", missing.reason());
    assertTrue(missing.getMessage().contains("LHX_TEST_UNSET_GEMINI_KEY"));
    assertEquals(1, server.requestCount());
  }

  @Test
  void recordedNamesGiveBackTheModelThatMadeThem() {
    EmbeddingConfig gemini = EmbeddingConfig.defaults().withModel("gemini").withGeminiModel("models/text-embedding-004")
        .withDimensions(256);
    assertEquals("gemini:text-embedding-004@256", gemini.recordedName());
    EmbeddingConfig back = EmbeddingConfig.defaults().forRecorded("gemini:text-embedding-004@256");
    assertEquals(EmbeddingConfig.GEMINI, back.model());
    assertEquals("text-embedding-004", back.geminiModel());
    assertEquals(256, back.dimensions());
    assertEquals(MiniLmEmbedder.NAME, gemini.forRecorded(MiniLmEmbedder.NAME).recordedName());
    assertThrows(IllegalArgumentException.class, () -> gemini.forRecorded("openai:text-embedding-3-small"));
    assertThrows(IllegalArgumentException.class, () -> gemini.withDimensions(3072));
    assertThrows(IllegalArgumentException.class, () -> gemini.withModel("openai"));
    assertFalse(EmbeddingConfig.defaults().withApiKey(KEY).toString().contains(KEY));
  }

  @Test
  void anIndexOfGeminiVectorsIsSearchedWithGeminiWhateverThisProcessIsConfiguredWith(@TempDir Path tmp)
      throws Exception {
    Path index = tmp.resolve(SearchIndex.FOLDER);
    try (GeminiEmbedder e = embedder(config())) {
      SearchIndex.replaceJobs(index, SearchIndex.byJob(HybridSearchTest.DOCS), e);
    }
    int indexing = server.requestCount();
    assertEquals(HybridSearchTest.DOCS.size(), indexing);
    // Configured for the embedded model: the index's recorded model decides, only the endpoint and key come from here.
    EmbeddingConfig settings = config().withModel("minilm");
    try (HybridSearch s = HybridSearch.open(index, settings)) {
      assertEquals("gemini:gemini-embedding-001@64", s.model());
      List<SearchHit> hits = s.search(new SearchQuery("isolated system microscopic arrangements", SearchMode.SEMANTIC,
          null, null, null, 3));
      assertEquals("chem-l01#2", hits.get(0).document().id());
      // A lexical search asks the model nothing.
      s.search(new SearchQuery("entropy", SearchMode.LEXICAL, null, null, null, 3));
    }
    assertEquals(indexing + 1, server.requestCount());
    FakeGeminiServer.Request query = server.requests.get(indexing);
    assertEquals(List.of("isolated system microscopic arrangements"), query.texts());
    assertEquals(List.of("RETRIEVAL_QUERY"), query.taskTypes());
  }

  @Test
  void whenTheModelFailsSearchSaysSoAndTheIndexKeepsTheChunkForItsWords(@TempDir Path tmp) throws Exception {
    Path index = tmp.resolve(SearchIndex.FOLDER);
    server.enqueue(FakeGeminiServer.Reply.error(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
    SearchIndex.Update u;
    try (GeminiEmbedder e = embedder(config())) {
      u = SearchIndex.replaceJobs(index, Map.of("chem-l01", HybridSearchTest.DOCS.subList(2, 4)), e);
    }
    assertEquals(2, u.documents());
    assertEquals(1, u.notEmbedded());
    try (HybridSearch s = HybridSearch.open(index, config().withApiKey(null).withApiKeyEnv("LHX_TEST_UNSET_KEY"))) {
      // Both chunks, the one without vectors too, are found by their words, without a key.
      assertEquals(2, s.search(new SearchQuery("equilibrium entropy", SearchMode.LEXICAL, null, null, null, 5))
          .size());
      HybridSearch.QueryNotEmbedded x = assertThrows(HybridSearch.QueryNotEmbedded.class,
          () -> s.search(new SearchQuery("entropy", SearchMode.HYBRID, null, null, null, 5)));
      assertTrue(x.getMessage().contains("LHX_TEST_UNSET_KEY"), x.getMessage());
    }
  }
}
