package io.lecturehighlights.transforms.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real openai-java client against a local server speaking the documented transcription wire format. */
class WhisperApiEngineTest {
  static final String KEY = "sk-test-0123456789abcdefSECRET";
  @TempDir static Path tmp;
  static Path wav;

  FakeTranscriptionServer server;
  List<Long> sleeps;

  @BeforeAll
  static void audio() throws Exception {
    wav = tmp.resolve("audio-only.wav");
    AudioExtractor.extractWav(Fixtures.lecture("lecture-audio-only.m4a"), 0, 0, wav);
  }

  @BeforeEach
  void start() throws Exception {
    server = new FakeTranscriptionServer();
    sleeps = Collections.synchronizedList(new ArrayList<>());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  TranscriptionConfig config() {
    return TranscriptionConfig.defaults().withEngine("whisper-api").withBaseUrl(server.baseUrl()).withApiKey(KEY)
        .withRetries(4, 100, 2000).withRequestTimeoutSeconds(5);
  }

  WhisperApiEngine engine(TranscriptionConfig c) throws StageException {
    return new WhisperApiEngine(c, sleeps::add);
  }

  @Test
  void sendsTheDocumentedMultipartRequestAndParsesVerboseJson() throws Exception {
    SpeechEngine.Result r;
    try (WhisperApiEngine e = engine(config())) {
      assertEquals("whisper-api:whisper-1", e.name());
      r = e.transcribe(wav, AudioExtractor.wavSeconds(wav));
    }
    assertEquals(1, server.requests.size());
    FakeTranscriptionServer.Request req = server.requests.get(0);
    assertEquals("POST", req.method);
    assertEquals("/v1/audio/transcriptions", req.path);
    assertEquals("Bearer " + KEY, req.authorization);
    assertEquals("whisper-1", req.field("model"));
    assertEquals("verbose_json", req.field("response_format"));
    assertEquals("en", req.field("language"));
    assertEquals(Set.of("word", "segment"), Set.copyOf(req.fields("timestamp_granularities[]")));
    FakeTranscriptionServer.Part file = req.parts.get("file").get(0);
    assertEquals("chunk.mp3", file.filename);
    assertEquals("audio/mpeg", file.contentType);
    double seconds = AudioExtractor.wavSeconds(wav);
    assertTrue(file.data.length > seconds * 3500 && file.data.length < seconds * 4600,
        file.data.length + " bytes: not 32 kbps MP3");

    assertEquals(List.of("hello", "world."), r.words.stream().map(TranscriptWord::getWord).toList());
    assertEquals(0.5, r.words.get(0).getStart(), 1e-9);
    assertEquals(1.3, r.words.get(1).getEnd(), 1e-9);
    assertNull(r.words.get(0).getConfidence());
    assertEquals(1, r.segments.size());
    assertEquals("hello world.", r.segments.get(0).getText());
    assertEquals("english", r.language);
    assertEquals(1, r.requests);
    assertEquals(0, r.retries);
  }

  /** gpt-4o transcription models answer only json (text, no timestamps): one segment over the chunk. */
  @Test
  void textOnlyModelsGetJsonAndOneSegmentPerChunk() throws Exception {
    server.responder = (req, n) -> {
      com.fasterxml.jackson.databind.node.ObjectNode o = io.lecturehighlights.transforms.common.Json.MAPPER
          .createObjectNode().put("text", "This is a short audio recording about momentum.");
      o.putObject("usage").put("type", "tokens").put("input_tokens", 100).put("output_tokens", 10)
          .put("total_tokens", 110);
      return o;
    };
    SpeechEngine.Result r;
    try (WhisperApiEngine e = engine(config().withModel("gpt-4o-transcribe"))) {
      r = e.transcribe(wav, 15.0);
    }
    FakeTranscriptionServer.Request req = server.requests.get(0);
    assertEquals("gpt-4o-transcribe", req.field("model"));
    assertEquals("json", req.field("response_format"));
    assertTrue(req.fields("timestamp_granularities[]").isEmpty());
    assertEquals(1, r.segments.size());
    assertEquals(0.0, r.segments.get(0).getStart());
    assertEquals(15.0, r.segments.get(0).getEnd());
    assertEquals("This is a short audio recording about momentum.", r.segments.get(0).getText());
    assertTrue(r.words.isEmpty());
  }

  @Test
  void rateLimitHonoursRetryAfter() throws Exception {
    server.enqueue(FakeTranscriptionServer.Fault.rateLimited("3"));
    SpeechEngine.Result r;
    try (WhisperApiEngine e = engine(config())) {
      r = e.transcribe(wav, 15);
    }
    assertEquals(2, server.requestCount());
    assertEquals(2, r.requests);
    assertEquals(1, r.retries);
    // Our own backoff would be 50-100 ms; the server asked for 3 s.
    assertEquals(List.of(3000L), sleeps);
    assertFalse(r.words.isEmpty());
  }

  @Test
  void serverErrorsBackOffExponentiallyWithJitter() throws Exception {
    server.enqueue(FakeTranscriptionServer.Fault.status(500, "The server had an error"),
        FakeTranscriptionServer.Fault.status(503, "overloaded"), FakeTranscriptionServer.Fault.status(502, "bad gw"));
    SpeechEngine.Result r;
    try (WhisperApiEngine e = engine(config())) {
      r = e.transcribe(wav, 15);
    }
    assertEquals(4, r.requests);
    assertEquals(3, r.retries);
    assertEquals(3, sleeps.size());
    // initial 100 ms, doubling, jitter in [d/2, d].
    long[][] bounds = {{50, 100}, {100, 200}, {200, 400}};
    for (int i = 0; i < 3; i++) {
      assertTrue(sleeps.get(i) >= bounds[i][0] && sleeps.get(i) <= bounds[i][1], "retry " + i + ": " + sleeps);
    }
  }

  @Test
  void aTimedOutRequestIsRetried() throws Exception {
    server.enqueue(FakeTranscriptionServer.Fault.slow(4000));
    SpeechEngine.Result r;
    long t0 = System.nanoTime();
    try (WhisperApiEngine e = engine(config().withRequestTimeoutSeconds(1))) {
      r = e.transcribe(wav, 15);
    }
    assertEquals(2, r.requests);
    assertEquals(1, r.retries);
    assertTrue((System.nanoTime() - t0) / 1e9 < 3.9, "did not time out after 1 s");
    assertEquals(2, server.requestCount());
  }

  @Test
  void unauthorizedFailsAtOnceWithTheApiMessageAndNeverTheKey() throws Exception {
    server.enqueue(FakeTranscriptionServer.Fault.status(401,
        "Incorrect API key provided: " + KEY + ". You can find your API key at https://platform.openai.com."));
    StageException ex;
    try (WhisperApiEngine e = engine(config())) {
      ex = assertThrows(StageException.class, () -> e.transcribe(wav, 15));
    }
    assertEquals(1, server.requestCount(), "a 401 must not be retried");
    assertTrue(sleeps.isEmpty());
    assertEquals("api_unauthorized", ex.reason());
    assertFalse(ex.retryable());
    assertTrue(ex.getMessage().contains("401") && ex.getMessage().contains("Incorrect API key provided"),
        ex.getMessage());
    assertFalse(ex.getMessage().contains(KEY), ex.getMessage());
    assertFalse(ex.getMessage().contains("0123456789abcdef"), ex.getMessage());
  }

  @Test
  void badRequestIsPermanent() throws Exception {
    server.enqueue(FakeTranscriptionServer.Fault.status(400, "Invalid file format."));
    try (WhisperApiEngine e = engine(config())) {
      StageException ex = assertThrows(StageException.class, () -> e.transcribe(wav, 15));
      assertEquals("api_rejected", ex.reason());
      assertTrue(ex.getMessage().endsWith("400: Invalid file format."), ex.getMessage());
    }
    assertEquals(1, server.requestCount());
  }

  @Test
  void givesUpAfterTheConfiguredRetries() throws Exception {
    server.always = FakeTranscriptionServer.Fault.status(500, "still broken");
    try (WhisperApiEngine e = engine(config().withRetries(2, 10, 100))) {
      StageException ex = assertThrows(StageException.class, () -> e.transcribe(wav, 15));
      assertEquals("api_server_error", ex.reason());
      assertTrue(ex.getMessage().contains("gave up after 3 attempts"), ex.getMessage());
    }
    assertEquals(3, server.requestCount());
  }

  @Test
  void missingKeyIsAClearFailure() {
    TranscriptionConfig c = TranscriptionConfig.defaults().withEngine("whisper-api")
        .withApiKeyEnv("LHX_TEST_SURELY_UNSET_KEY");
    StageException ex = assertThrows(StageException.class, () -> new WhisperApiEngine(c));
    assertEquals("missing_api_key", ex.reason());
    assertTrue(ex.getMessage().contains("LHX_TEST_SURELY_UNSET_KEY"));
  }

  @Test
  void concurrentRequestsAreBounded() throws Exception {
    server.answerDelayMillis = 300;
    TranscriptionConfig c = config().withMaxConcurrentRequests(2);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    try (WhisperApiEngine e = engine(c)) {
      for (int i = 0; i < 6; i++) {
        Thread t = new Thread(() -> {
          try {
            e.transcribe(wav, 15);
          } catch (Throwable ex) {
            errors.add(ex);
          }
        });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
    assertEquals(6, server.requestCount());
    assertEquals(2, server.maxInFlight.get());
  }

  @Test
  void retryAfterParsing() {
    assertEquals(2500, ApiRetryPolicy.parseRetryAfter(List.of("2.5"), List.of()));
    assertEquals(120, ApiRetryPolicy.parseRetryAfter(List.of("9"), List.of("120")));
    assertEquals(-1, ApiRetryPolicy.parseRetryAfter(List.of("Wed, 21 Oct 2015 07:28:00 GMT"), List.of()));
    assertEquals(-1, ApiRetryPolicy.parseRetryAfter(List.of(), List.of()));
    ApiRetryPolicy p = new ApiRetryPolicy(5, 1000, 4000);
    for (int i = 0; i < 50; i++) {
      long d = p.delayMillis(5, -1); // capped at 4 s, jittered in [2, 4] s
      assertTrue(d >= 2000 && d <= 4000, "" + d);
      assertEquals(10_000, p.delayMillis(1, 10_000));
    }
  }
}
