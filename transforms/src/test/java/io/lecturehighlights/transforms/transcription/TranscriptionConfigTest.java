package io.lecturehighlights.transforms.transcription;

import static io.lecturehighlights.transforms.common.ConfigValues.assertWitherChangesOnly;
import static io.lecturehighlights.transforms.common.ConfigValues.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.common.StageException;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class TranscriptionConfigTest {

  @Test
  void whisperChunksStayUnderTheUploadLimit() {
    TranscriptionConfig c = TranscriptionConfig.defaults().withEngine("whisper-api").withChunkSeconds(20_000);
    // 32 kbps = 4000 B/s; 25 MB with 10 % headroom = 5625 s.
    assertEquals(5625, c.effectiveChunkSeconds(), 1e-6);
    assertEquals(120, TranscriptionConfig.defaults().withEngine("whisper-api").effectiveChunkSeconds(), 1e-9);
    assertEquals(20_000, TranscriptionConfig.defaults().withChunkSeconds(20_000).effectiveChunkSeconds(), 1e-9);
  }

  @Test
  void searchWindowIsHalfAShortChunkAndAtMostThirtySeconds() {
    assertEquals(4, TranscriptionConfig.defaults().withChunkSeconds(8).chunkSearchSeconds(), 1e-9);
    assertEquals(30, TranscriptionConfig.defaults().withChunkSeconds(600).chunkSearchSeconds(), 1e-9);
  }

  @Test
  void rejectsUnknownEnginesAndBadValues() {
    assertThrows(IllegalArgumentException.class, () -> TranscriptionConfig.defaults().withEngine("vosk"));
    assertThrows(IllegalArgumentException.class, () -> TranscriptionConfig.defaults().withChunkSeconds(1));
    assertThrows(IllegalArgumentException.class, () -> TranscriptionConfig.defaults().withMaxConcurrentRequests(0));
    assertEquals("whisper-api", TranscriptionConfig.defaults().withEngine("Whisper-API").engine());
  }

  @Test
  void withersCopyAndNeverShowTheKey() throws Exception {
    TranscriptionConfig base = TranscriptionConfig.defaults();
    TranscriptionConfig c = base.withEngine("whisper-api").withApiKey("sk-secret-123").withModel("gpt-4o-transcribe")
        .withLanguage("");
    assertEquals("pocketsphinx", base.engine());
    assertEquals("whisper-1", base.model());
    assertEquals("gpt-4o-transcribe", c.model());
    assertEquals(null, c.language());
    assertFalse(c.toString().contains("sk-secret"), c.toString());
    assertTrue(c.describe().contains("gpt-4o-transcribe"));
    // Serializable: it travels inside the DoFns.
    new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(c);
  }

  @Test
  void eachWitherChangesOnlyItsOwnValuesAndLeavesTheOriginal() {
    TranscriptionConfig d = TranscriptionConfig.defaults();
    assertEquals("whisper-api", assertWitherChangesOnly(d, c -> c.withEngine("whisper-api"), "engine").engine());
    assertEquals("m", assertWitherChangesOnly(d, c -> c.withModel("m"), "model").model());
    assertEquals("json",
        assertWitherChangesOnly(d, c -> c.withResponseFormat("json"), "responseFormat").responseFormat());
    assertEquals("http://localhost:1",
        assertWitherChangesOnly(d, c -> c.withBaseUrl("http://localhost:1"), "baseUrl").baseUrl());
    assertEquals("MY_KEY", assertWitherChangesOnly(d, c -> c.withApiKeyEnv("MY_KEY"), "apiKeyEnv").apiKeyEnv());
    assertEquals("k", assertWitherChangesOnly(d, c -> c.withApiKey("k"), "apiKey").apiKey());
    assertEquals("de", assertWitherChangesOnly(d, c -> c.withLanguage("de"), "language").language());
    TranscriptionConfig ch = assertWitherChangesOnly(d, c -> c.withChunkSeconds(40),
        "chunkSeconds", "chunkSearchSeconds");
    assertEquals(40, ch.chunkSeconds());
    assertEquals(20, ch.chunkSearchSeconds());
    assertEquals(2, assertWitherChangesOnly(d, c -> c.withMaxConcurrentRequests(2), "maxConcurrentRequests")
        .maxConcurrentRequests());
    assertEquals(60, assertWitherChangesOnly(d, c -> c.withRequestTimeoutSeconds(60), "requestTimeoutSeconds")
        .requestTimeoutSeconds());
    TranscriptionConfig r = assertWitherChangesOnly(d, c -> c.withRetries(2, 10, 100),
        "maxRetries", "initialBackoffMillis", "maxBackoffMillis");
    assertEquals(2, r.maxRetries());
    assertEquals(10, r.initialBackoffMillis());
    assertEquals(100, r.maxBackoffMillis());
    assertEquals(64, assertWitherChangesOnly(d, c -> c.withMp3BitrateKbps(64), "mp3BitrateKbps").mp3BitrateKbps());
    assertEquals(1000,
        assertWitherChangesOnly(d, c -> c.withUploadLimitBytes(1000), "uploadLimitBytes").uploadLimitBytes());
    TranscriptionConfig ps = assertWitherChangesOnly(d, c -> c.withPocketsphinx("b", "h", "l", "d"),
        "pocketsphinxBinary", "pocketsphinxHmm", "pocketsphinxLm", "pocketsphinxDict");
    assertEquals(java.util.List.of("b", "h", "l", "d"), java.util.List.of(ps.pocketsphinxBinary(),
        ps.pocketsphinxHmm(), ps.pocketsphinxLm(), ps.pocketsphinxDict()));
    assertEquals("-maxhmmpf 3000", assertWitherChangesOnly(d, c -> c.withPocketsphinxArgs(" -maxhmmpf 3000 "),
        "pocketsphinxArgs").pocketsphinxArgs());
    assertEquals(2, assertWitherChangesOnly(d, c -> c.withEngineTimeoutFactor(2), "engineTimeoutFactor")
        .engineTimeoutFactor());
    TranscriptionConfig all = d.withEngine("whisper-api").withApiKey("k").withLanguage(null);
    assertEquals(all, roundTrip(all));
  }

  @Test
  void enginesByName() throws Exception {
    assertInstanceOf(PocketsphinxEngine.class, SpeechEngines.create(TranscriptionConfig.defaults()));
    assertInstanceOf(WhisperApiEngine.class,
        SpeechEngines.create(TranscriptionConfig.defaults().withEngine("whisper-api").withApiKey("k")));
    StageException e = assertThrows(StageException.class,
        () -> SpeechEngines.create(TranscriptionConfig.defaults().withEngine("captions-only")));
    assertEquals("no_captions", e.reason());
  }

  @Test
  void pocketsphinxCommandCarriesExtraFlagsBeforeTheInput() {
    PocketsphinxEngine e = new PocketsphinxEngine(TranscriptionConfig.defaults().withPocketsphinxArgs(" -maxhmmpf  3000 "));
    var cmd = e.command(java.nio.file.Path.of("/tmp/x.wav"));
    assertEquals("pocketsphinx_continuous", cmd.get(0));
    int i = cmd.indexOf("-maxhmmpf");
    assertTrue(i > 0 && cmd.get(i + 1).equals("3000") && i < cmd.indexOf("-infile"), cmd.toString());
    assertEquals(java.util.List.of("-infile", "/tmp/x.wav", "-time", "yes"), cmd.subList(cmd.size() - 4, cmd.size()));
  }
}
