package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.FakeGeminiServer;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.search.SearchOutputFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch embedded with Gemini ({@code --embedding-model gemini}): the driver's index takes the job's Gemini vectors
 * and embeds the rest with Gemini, and {@code lhx search} embeds the query with Gemini because the index says so,
 * against {@link FakeGeminiServer} through the real google-genai client.
 */
class GeminiSearchCommandTest {
  // A test cannot set an environment variable, and the key is only ever read from one: PATH is set everywhere.
  static final String KEY_ENV = "PATH";
  @TempDir static Path tmp;
  static Path out;
  static FakeGeminiServer server;
  static String printed;

  static EmbeddingConfig gemini() {
    return EmbeddingConfig.defaults().withModel("gemini").withDimensions(48).withBaseUrl(server.baseUrl())
        .withApiKeyEnv(KEY_ENV).withRetries(1, 5, 10);
  }

  @BeforeAll
  static void batchEmbeddedWithGemini() throws Exception {
    server = new FakeGeminiServer();
    server.requiredKey = System.getenv(KEY_ENV);
    SearchOutputFixture f = new SearchOutputFixture(tmp.resolve("out"))
        .job("chem-l01", true).job("phys-l01", true)
        .chunk("chem-l01", "Equilibria", "CHEM100", "Spring 2027", 0, 100, "Equilibrium", List.of("equilibrium"),
            "Le Chatelier's principle says a disturbed equilibrium shifts to counteract the change.", "")
        .chunk("phys-l01", "Mechanics", "PHYS101", "Fall 2026", 0, 125, "Second law", List.of("force"),
            "Force equals mass times acceleration: a heavier cart needs a bigger push.", "");
    // The job embedded chem-l01 (its stage's vectors are in the dataset); phys-l01's chunk it could not.
    ChunkEmbedder job = gemini().create();
    f.embedded("chem-l01", job, job.name());
    EmbeddingConfig.close(job);
    out = f.write();
    server.requests.clear();
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    SearchIndexUpdate.afterBatch(out.toString(), gemini(), new PrintStream(o, true), new PrintStream(e, true));
    assertEquals("", e.toString());
    printed = o.toString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theIndexKeepsTheJobsGeminiVectorsAndEmbedsOnlyTheRest() {
    assertTrue(printed.startsWith("Search index: 2 topic chunks from the 2 lectures of this batch"), printed);
    assertTrue(printed.contains("(4 passages: 2 with the job's vectors, 2 embedded in"), printed);
    // The driver asked only for phys-l01's chunk: one request for its header and its text.
    assertEquals(1, server.requests.stream().filter(r -> r.taskTypes().contains("RETRIEVAL_DOCUMENT")).count());
  }

  @Test
  void searchEmbedsTheQueryWithTheIndexsModel() throws Exception {
    int before = server.requestCount();
    String[] r = LhxRun.run("search", "why does a heavy trolley need a stronger shove", "--output", out.toString(),
        "--mode", "semantic", "--json", "--gemini-base-url", server.baseUrl(), "--gemini-api-key-env", KEY_ENV);
    assertEquals("0", r[0], r[2]);
    JsonNode root = Json.MAPPER.readTree(r[1]);
    assertEquals("gemini:gemini-embedding-001@48", root.path("embeddingModel").asText());
    assertEquals(before + 1, server.requestCount());
    FakeGeminiServer.Request q = server.requests.get(before);
    assertEquals(List.of("why does a heavy trolley need a stronger shove"), q.texts());
    assertEquals(List.of("RETRIEVAL_QUERY"), q.taskTypes());
    assertEquals("/v1beta/models/gemini-embedding-001:batchEmbedContents", q.path);
    assertEquals(2, root.path("results").size());
  }

  @Test
  void withoutTheKeyALexicalSearchAnswersAndAnotherSaysWhichVariableIsMissing() {
    String[] lexical = LhxRun.run("search", "Chatelier", "--output", out.toString(), "--mode", "lexical",
        "--gemini-api-key-env", "LHX_TEST_UNSET_GEMINI_KEY");
    assertEquals("0", lexical[0], lexical[2]);
    assertTrue(lexical[1].startsWith("1. Equilibria"), lexical[1]);
    String[] hybrid = LhxRun.run("search", "Chatelier", "--output", out.toString(),
        "--gemini-api-key-env", "LHX_TEST_UNSET_GEMINI_KEY");
    assertEquals("2", hybrid[0], hybrid[2]);
    assertTrue(hybrid[2].contains("LHX_TEST_UNSET_GEMINI_KEY") && hybrid[2].contains("--mode lexical"), hybrid[2]);
    assertFalse(hybrid[2].contains(System.getenv(KEY_ENV)), hybrid[2]);
    String[] badUrl = LhxRun.run("search", "Chatelier", "--output", out.toString(), "--gemini-base-url", "ftp://x");
    assertEquals("2", badUrl[0]);
    assertTrue(badUrl[2].contains("--gemini-base-url must be an http(s) URL"), badUrl[2]);
  }
}
