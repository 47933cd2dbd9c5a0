package io.lecturehighlights.transforms.content;

import static io.lecturehighlights.transforms.common.ConfigValues.assertWitherChangesOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ContentConfigTest {

  @Test
  void defaultsAreOfflineWithGeminiSettingsReady() {
    ContentConfig c = ContentConfig.defaults();
    assertEquals(ContentConfig.OFFLINE, c.analyzer());
    assertEquals("gemini-2.5-flash", c.model());
    assertNull(c.baseUrl());
    assertEquals("GEMINI_API_KEY", c.apiKeyEnv());
    assertEquals(120, c.requestTimeoutSeconds());
    assertEquals(5, c.maxRetries());
    assertEquals(30, c.windowMinutes());
    assertEquals(3, c.windowOverlapMinutes());
    assertEquals(20, c.minSegmentSeconds());
    assertEquals(120, c.maxSegmentSeconds());
    assertEquals(0.2, c.temperature());
  }

  @Test
  void withCopiesLeaveTheOriginalAlone() {
    ContentConfig base = ContentConfig.defaults();
    ContentConfig g = base.withAnalyzer("GEMINI").withModel("gemini-2.5-pro").withWindow(20, 2)
        .withRetries(2, 10, 100).withApiKey("k");
    assertEquals(ContentConfig.GEMINI, g.analyzer());
    assertEquals("gemini-2.5-pro", g.model());
    assertEquals(20, g.windowMinutes());
    assertEquals(2, g.maxRetries());
    assertEquals("k", g.resolveApiKey());
    assertEquals(ContentConfig.OFFLINE, base.analyzer());
    assertEquals(30, base.windowMinutes());
    assertFalse(g.describe().contains("k,"));
    assertTrue(g.describe().startsWith("gemini model=gemini-2.5-pro"), g.describe());
  }

  @Test
  void badSettingsAreRejected() {
    ContentConfig c = ContentConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> c.withAnalyzer("gpt"));
    assertThrows(IllegalArgumentException.class, () -> c.withWindow(10, 5));
    assertThrows(IllegalArgumentException.class, () -> c.withSegmentSeconds(30, 50));
    assertThrows(IllegalArgumentException.class, () -> c.withRetries(-1, 10, 100));
    assertThrows(IllegalArgumentException.class, () -> c.withMaxAnswerAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> c.withRequestTimeoutSeconds(0));
  }

  @Test
  void costUsesPricesPerMillionTokens() {
    ContentConfig c = ContentConfig.defaults();
    assertEquals(0.30 + 2.50, c.costUsd(1_000_000, 1_000_000), 1e-12);
    assertEquals(0.001 * 2 + 0.0003, c.withPrices(0.3, 2).costUsd(1000, 1000), 1e-12);
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ContentConfig c = ContentConfig.defaults().withAnalyzer("gemini").withBaseUrl("http://localhost:1");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      ContentConfig back = (ContentConfig) in.readObject();
      assertEquals(c.describe(), back.describe());
      assertEquals(c, back);
    }
  }

  @Test
  void eachWitherChangesOnlyItsOwnValuesAndLeavesTheOriginal() {
    ContentConfig d = ContentConfig.defaults();
    assertEquals(ContentConfig.GEMINI,
        assertWitherChangesOnly(d, c -> c.withAnalyzer("gemini"), "analyzer").analyzer());
    assertEquals("gemini-2.5-pro", assertWitherChangesOnly(d, c -> c.withModel(" gemini-2.5-pro "), "model").model());
    assertEquals("http://localhost:1",
        assertWitherChangesOnly(d, c -> c.withBaseUrl("http://localhost:1"), "baseUrl").baseUrl());
    assertEquals("MY_KEY", assertWitherChangesOnly(d, c -> c.withApiKeyEnv("MY_KEY"), "apiKeyEnv").apiKeyEnv());
    assertEquals("k", assertWitherChangesOnly(d, c -> c.withApiKey("k"), "apiKey").apiKey());
    assertEquals(30, assertWitherChangesOnly(d, c -> c.withRequestTimeoutSeconds(30), "requestTimeoutSeconds")
        .requestTimeoutSeconds());
    ContentConfig r = assertWitherChangesOnly(d, c -> c.withRetries(2, 10, 100),
        "maxRetries", "initialBackoffMillis", "maxBackoffMillis");
    assertEquals(2, r.maxRetries());
    assertEquals(10, r.initialBackoffMillis());
    assertEquals(100, r.maxBackoffMillis());
    assertEquals(1,
        assertWitherChangesOnly(d, c -> c.withMaxAnswerAttempts(1), "maxAnswerAttempts").maxAnswerAttempts());
    assertEquals(0.7, assertWitherChangesOnly(d, c -> c.withTemperature(0.7), "temperature").temperature());
    ContentConfig w = assertWitherChangesOnly(d, c -> c.withWindow(20, 2), "windowMinutes", "windowOverlapMinutes");
    assertEquals(20, w.windowMinutes());
    assertEquals(2, w.windowOverlapMinutes());
    assertEquals(45, assertWitherChangesOnly(d, c -> c.withWindowMinutes(45), "windowMinutes").windowMinutes());
    ContentConfig s = assertWitherChangesOnly(d, c -> c.withSegmentSeconds(10, 60),
        "minSegmentSeconds", "maxSegmentSeconds");
    assertEquals(10, s.minSegmentSeconds());
    assertEquals(60, s.maxSegmentSeconds());
    ContentConfig p = assertWitherChangesOnly(d, c -> c.withPrices(1, 4),
        "inputPricePerMillionTokens", "outputPricePerMillionTokens");
    assertEquals(1, p.inputPricePerMillionTokens());
    assertEquals(4, p.outputPricePerMillionTokens());
  }

  @Test
  void anInjectedKeyIsNeverShown() {
    assertFalse(ContentConfig.defaults().withApiKey("sk-secret-123").toString().contains("sk-secret"));
  }
}
