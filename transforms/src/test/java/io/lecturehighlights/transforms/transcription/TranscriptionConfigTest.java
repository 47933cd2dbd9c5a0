package io.lecturehighlights.transforms.transcription;

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
    assertEquals(4, TranscriptionConfig.defaults().withChunkSeconds(8).chunkSearchSeconds, 1e-9);
    assertEquals(30, TranscriptionConfig.defaults().withChunkSeconds(600).chunkSearchSeconds, 1e-9);
  }

  @Test
  void rejectsUnknownEnginesAndBadValues() {
    assertThrows(IllegalArgumentException.class, () -> TranscriptionConfig.defaults().withEngine("vosk"));
    assertThrows(IllegalArgumentException.class, () -> TranscriptionConfig.defaults().withChunkSeconds(1));
    assertThrows(IllegalArgumentException.class, () -> TranscriptionConfig.defaults().withMaxConcurrentRequests(0));
    assertEquals("whisper-api", TranscriptionConfig.defaults().withEngine("Whisper-API").engine);
  }

  @Test
  void withersCopyAndNeverShowTheKey() throws Exception {
    TranscriptionConfig base = TranscriptionConfig.defaults();
    TranscriptionConfig c = base.withEngine("whisper-api").withApiKey("sk-secret-123").withModel("gpt-4o-transcribe")
        .withLanguage("");
    assertEquals("pocketsphinx", base.engine);
    assertEquals("whisper-1", base.model);
    assertEquals("gpt-4o-transcribe", c.model);
    assertEquals(null, c.language);
    assertFalse(c.toString().contains("sk-secret"), c.toString());
    assertTrue(c.describe().contains("gpt-4o-transcribe"));
    // Serializable: it travels inside the DoFns.
    new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(c);
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
