package io.lecturehighlights.transforms.content;

import io.lecturehighlights.transforms.common.FakeGeminiServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Gemini analyzer through the real google-genai client against {@link FakeGeminiServer}. */
class GeminiContentAnalyzerTest {
  private static final String CLEAN = "lecture-clean.mp4";

  private FakeGeminiServer server;
  private final List<Long> serverDelays = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new FakeGeminiServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ContentConfig config() {
    return ContentConfig.defaults().withAnalyzer(ContentConfig.GEMINI).withBaseUrl(server.baseUrl())
        .withApiKey("test-key").withRetries(3, 5, 20).withRequestTimeoutSeconds(10);
  }

  private GeminiContentAnalyzer analyzer(ContentConfig c) throws StageException {
    return new GeminiContentAnalyzer(c, serverDelays::add);
  }

  /** The clean test lecture's true sentences, slide changes and silences, with course metadata. */
  private static ContentRequest cleanLecture() throws IOException {
    JsonNode truth = Fixtures.truth(CLEAN);
    List<TranscriptSegment> segs = new ArrayList<>();
    for (JsonNode s : truth.get("sentences")) {
      segs.add(new TranscriptSegment(s.get("start").asDouble(), s.get("end").asDouble(), s.get("text").asText()));
    }
    List<Double> slides = new ArrayList<>();
    truth.get("slideChanges").forEach(n -> slides.add(n.asDouble()));
    List<TimeRange> silences = new ArrayList<>();
    for (double[] r : Fixtures.ranges(truth.get("silences"))) {
      silences.add(new TimeRange(r[0], r[1]));
    }
    Transcript t = Transcript.newBuilder().setJobId("job-clean").setEngine("truth").setSegments(segs)
        .setWords(new ArrayList<>()).build();
    LectureMetadata meta = LectureMetadata.newBuilder().setCourse("PHYS 101 Mechanics")
        .setTitle("Newton's three laws").setInstructor("Dr. Ada Park").setSemester("Fall 2025").setLectureNumber(4)
        .build();
    return new ContentRequest(t, slides, silences, meta, truth.get("durationSeconds").asDouble());
  }

  /** Two segments that obey every rule for the 40.92 s clean lecture. */
  private static final String VALID = "{\"segments\":["
      + "{\"start\":0.0,\"end\":19.831,\"title\":\"Newton's first law and inertia\",\"summary\":\"Objects keep"
      + " moving unless a force acts.\",\"keywords\":[\"inertia\",\"first law\"],\"importance\":0.8,"
      + "\"reason\":\"Defines inertia.\"},"
      + "{\"start\":19.831,\"end\":40.92,\"title\":\"Force, mass and reaction\",\"summary\":\"F = ma and equal,"
      + " opposite reactions.\",\"keywords\":[\"force\",\"mass\",\"reaction\"],\"importance\":0.9,"
      + "\"reason\":\"The core equations.\"}]}";

  private static void assertTiles(List<ContentSegment> segs, double from, double to) {
    assertFalse(segs.isEmpty());
    assertEquals(from, segs.get(0).getStart(), 1e-9, "starts at the span's start");
    assertEquals(to, segs.get(segs.size() - 1).getEnd(), 1e-9, "ends at the span's end");
    for (int i = 0; i < segs.size(); i++) {
      ContentSegment s = segs.get(i);
      double d = s.getEnd() - s.getStart();
      assertTrue(d >= 20 - GeminiAnswerValidator.TOLERANCE_SECONDS
          && d <= 120 + GeminiAnswerValidator.TOLERANCE_SECONDS, "length " + d + " of " + s);
      assertTrue(s.getImportance() >= 0 && s.getImportance() <= 1, s.toString());
      assertFalse(s.getTitle().isBlank());
      if (i > 0) {
        assertEquals(segs.get(i - 1).getEnd(), s.getStart(), 1e-9, "contiguous, no overlap: " + segs);
      }
    }
  }

  @Test
  void requestCarriesModelKeySchemaAndTheLecture() throws Exception {
    server.enqueue(FakeGeminiServer.Reply.answer(VALID));
    try (GeminiContentAnalyzer a = analyzer(config())) {
      a.analyze(cleanLecture());
    }
    assertEquals(1, server.requestCount());
    FakeGeminiServer.Request r = server.requests.get(0);
    assertEquals("POST", r.method);
    assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", r.path);
    assertEquals("test-key", r.apiKey);

    JsonNode gen = r.generationConfig();
    assertEquals("application/json", gen.path("responseMimeType").asText());
    assertEquals(0.2, gen.path("temperature").asDouble(), 1e-6);
    JsonNode schema = gen.path("responseSchema");
    assertEquals("OBJECT", schema.path("type").asText());
    assertTrue(schema.path("required").toString().contains("segments"), schema.toString());
    JsonNode item = schema.path("properties").path("segments").path("items");
    Set<String> required = new HashSet<>();
    item.path("required").forEach(n -> required.add(n.asText()));
    assertEquals(Set.of("start", "end", "title", "summary", "keywords", "importance", "reason"), required);
    assertEquals("NUMBER", item.path("properties").path("start").path("type").asText());
    assertEquals("ARRAY", item.path("properties").path("keywords").path("type").asText());
    assertEquals("STRING", item.path("properties").path("keywords").path("items").path("type").asText());

    String prompt = r.prompt();
    assertTrue(prompt.contains("Course: PHYS 101 Mechanics"), prompt);
    assertTrue(prompt.contains("Lecture title: Newton's three laws"), prompt);
    assertTrue(prompt.contains("Lecturer: Dr. Ada Park"), prompt);
    assertTrue(prompt.contains("[1.5-3.0] Welcome back everyone."), prompt);
    assertTrue(prompt.contains("[37.1-39.7] Next time we will solve real problems."), prompt);
    assertTrue(prompt.contains("Slide changes (s): 6.8, 14.9, 26.3"), prompt);
    // Only the long pauses (the 1.5 s lead-in, 2 s at 13.9 and 3.5 s at 33.6), not the 0.6 s breaths.
    assertTrue(prompt.contains("Long pauses (s): 0.0-1.5, 13.9-15.9, 33.6-37.1"), prompt);
    assertTrue(r.systemInstruction().contains("between 20 and 120 seconds"), r.systemInstruction());
  }

  @Test
  void slideTitlesAndTextTravelInThePromptWithTheirTimesAndCountInTheEstimate() throws Exception {
    ContentRequest clean = cleanLecture();
    List<LectureSlide> slides = List.of(
        new LectureSlide(0, 6.8, "Newton's Laws of Motion", "Newton's Laws of Motion\nPHYS 101, lecture 4", 0.93),
        new LectureSlide(6.8, 14.9, "First Law: Inertia", "First Law: Inertia\nno net force:  constant velocity", 0.9),
        new LectureSlide(14.9, 26.3, "Second Law", "Second Law\nF = m a", 0.88),
        // Read too unsurely to be worth sending.
        new LectureSlide(26.3, 40.92, "Thlrd Lavv", "Thlrd Lavv\nact1on = - reacti0n", 0.35));
    ContentRequest withSlides = new ContentRequest(clean.transcript(), clean.slideChanges(), clean.silences(),
        clean.metadata(), clean.durationSeconds(), slides);
    server.enqueue(FakeGeminiServer.Reply.answer(VALID));
    ContentSegments out;
    try (GeminiContentAnalyzer a = analyzer(config())) {
      out = a.analyze(withSlides);
    }
    assertEquals(2, out.getSegments().size());
    FakeGeminiServer.Request r = server.requests.get(0);
    String prompt = r.prompt();
    assertTrue(prompt.contains("Slides shown (read from the screen), one per line as (start-end) title | text"),
        prompt);
    assertTrue(prompt.contains("\n(0.0-6.8) Newton's Laws of Motion | PHYS 101, lecture 4\n"
        + "(6.8-14.9) First Law: Inertia | no net force: constant velocity\n"
        + "(14.9-26.3) Second Law | F = m a\n"), prompt);
    assertFalse(prompt.contains("Thlrd"), prompt);
    // The transcript lines are still all there, after the slides.
    assertTrue(prompt.indexOf("[1.5-3.0] Welcome back everyone.") > prompt.indexOf("Second Law"), prompt);
    assertTrue(r.systemInstruction().contains("Slide text, when given, was read from the screen"),
        r.systemInstruction());
    // The estimate counts what was sent: instruction, schema and this very prompt, slides included.
    long estimate = GeminiContentAnalyzer.estimatePromptTokens(config(), withSlides);
    assertEquals(Math.round((GeminiContentAnalyzer.fixedPromptChars(config()) + prompt.length()) / 4.0), estimate);
    long withoutSlides = GeminiContentAnalyzer.estimatePromptTokens(config(), clean);
    assertTrue(estimate > withoutSlides + 20, withoutSlides + " -> " + estimate);
  }

  @Test
  void validAnswerBecomesContentSegmentsWithUsageAndCost() throws Exception {
    server.enqueue(FakeGeminiServer.Reply.answer(VALID, 1834, 412));
    ContentConfig c = config();
    ContentSegments out;
    try (GeminiContentAnalyzer a = analyzer(c)) {
      out = a.analyze(cleanLecture());
    }
    assertEquals("job-clean", out.getJobId());
    assertEquals(GeminiContentAnalyzer.NAME, out.getAnalyzer());
    assertEquals(FakeGeminiServer.MODEL_VERSION, out.getModel());
    assertEquals(2, out.getSegments().size());
    ContentSegment first = out.getSegments().get(0);
    assertEquals(0.0, first.getStart(), 1e-9);
    assertEquals(19.831, first.getEnd(), 1e-9);
    assertEquals("Newton's first law and inertia", first.getTitle());
    assertEquals(List.of("inertia", "first law"), first.getKeywords());
    assertEquals(0.8, first.getImportance(), 1e-9);
    assertEquals("Defines inertia.", first.getReason());
    assertEquals(0.9, out.getSegments().get(1).getImportance(), 1e-9);
    assertEquals(1, out.getRequests());
    assertEquals(0, out.getRetries());
    assertEquals(1834, out.getPromptTokens());
    assertEquals(412, out.getOutputTokens());
    // $0.30 and $2.50 per million tokens.
    assertEquals((1834 * 0.30 + 412 * 2.50) / 1e6, out.getEstimatedCostUsd(), 1e-12);
    assertTiles(out.getSegments(), 0, 40.92);
  }

  @Test
  void repairableAnswerIsRepairedWithoutAskingAgain() throws Exception {
    // Overlapping, starting before the lecture and ending after it, one importance of 1.7.
    server.enqueue(FakeGeminiServer.Reply.answer("{\"segments\":["
        + "{\"start\":-3,\"end\":24,\"title\":\"First law\",\"summary\":\"s\",\"keywords\":[\"inertia\"],"
        + "\"importance\":1.7,\"reason\":\"r\"},"
        + "{\"start\":19.5,\"end\":55,\"title\":\"Second and third law\",\"summary\":\"s\",\"keywords\":[\"force\"],"
        + "\"importance\":0.6,\"reason\":\"r\"}]}"));
    ContentSegments out;
    try (GeminiContentAnalyzer a = analyzer(config())) {
      out = a.analyze(cleanLecture());
    }
    assertEquals(1, out.getRequests());
    assertEquals(2, out.getSegments().size());
    assertTiles(out.getSegments(), 0, 40.92);
    assertEquals(1.0, out.getSegments().get(0).getImportance(), 1e-9);
    // The overlap 19.5-24 is cut at the sentence start inside it nearest its middle (19.831 or 23.863).
    double cut = out.getSegments().get(0).getEnd();
    assertTrue(cut == 19.831 || cut == 23.863, "cut at " + cut);
  }

  @Test
  void nonJsonAnswerIsAskedForAgainWithACorrectiveNote() throws Exception {
    server.enqueue(FakeGeminiServer.Reply.answer("Sure! Here are the segments: first the laws, then examples."),
        FakeGeminiServer.Reply.answer(VALID));
    ContentSegments out;
    try (GeminiContentAnalyzer a = analyzer(config())) {
      out = a.analyze(cleanLecture());
    }
    assertEquals(2, server.requestCount());
    assertEquals(2, out.getRequests());
    assertEquals(1, out.getRetries());
    assertEquals(2, out.getSegments().size());
    assertFalse(server.requests.get(0).prompt().contains("previous answer"));
    String second = server.requests.get(1).prompt();
    assertTrue(second.contains("Your previous answer could not be used: the answer was not valid JSON"), second);
    // Both answers were billed.
    assertEquals(2000, out.getPromptTokens());
  }

  @Test
  void blockedAnswerIsAskedForAgain() throws Exception {
    server.enqueue(FakeGeminiServer.Reply.finished("SAFETY", null), FakeGeminiServer.Reply.answer(VALID));
    ContentSegments out;
    try (GeminiContentAnalyzer a = analyzer(config())) {
      out = a.analyze(cleanLecture());
    }
    assertEquals(2, out.getRequests());
    assertTrue(server.requests.get(1).prompt().contains("blocked (finishReason SAFETY)"),
        server.requests.get(1).prompt());
  }

  @Test
  void unusableAnswersEveryTimeFailWithInvalidModelAnswer() throws Exception {
    server.model = r -> FakeGeminiServer.Reply.answer("{\"segments\":[]}");
    try (GeminiContentAnalyzer a = analyzer(config().withMaxAnswerAttempts(3))) {
      StageException e = assertThrows(StageException.class, () -> a.analyze(cleanLecture()));
      assertEquals("invalid_model_answer", e.reason());
      assertTrue(e.getMessage().contains("no segments"), e.getMessage());
    }
    assertEquals(3, server.requestCount());
  }

  @Test
  void rateLimitAndServerErrorAreRetriedWithBackoffThenSucceed() throws Exception {
    server.enqueue(FakeGeminiServer.Reply.rateLimited("0.05s"),
        FakeGeminiServer.Reply.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
        FakeGeminiServer.Reply.answer(VALID));
    ContentSegments out;
    try (GeminiContentAnalyzer a = analyzer(config().withRetries(3, 5, 100))) {
      out = a.analyze(cleanLecture());
    }
    assertEquals(3, server.requestCount(), "the client's own retries are off: one HTTP request per attempt");
    assertEquals(3, out.getRequests());
    assertEquals(2, out.getRetries());
    assertEquals(2, out.getSegments().size());
    // The 429's RetryInfo asked for 50 ms (under the 100 ms cap); the 503 said nothing.
    assertEquals(List.of(50L), serverDelays);
  }

  @Test
  void unauthorizedFailsAtOnceWithoutRetrying() throws Exception {
    server.enqueue(FakeGeminiServer.Reply.error(401, "UNAUTHENTICATED", "Request had invalid authentication."));
    try (GeminiContentAnalyzer a = analyzer(config())) {
      StageException e = assertThrows(StageException.class, () -> a.analyze(cleanLecture()));
      assertEquals("gemini_auth_failed", e.reason());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("401"), e.getMessage());
    }
    assertEquals(1, server.requestCount());
  }

  @Test
  void wrongKeyIsAnAuthFailureAndNeverEchoed() throws Exception {
    server.requiredKey = "the-right-key";
    try (GeminiContentAnalyzer a = analyzer(config().withApiKey("wrong-key-1234567890"))) {
      StageException e = assertThrows(StageException.class, () -> a.analyze(cleanLecture()));
      assertEquals("gemini_auth_failed", e.reason());
      assertTrue(e.getMessage().contains("GEMINI_API_KEY"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-key"), e.getMessage());
    }
    assertEquals("wrong-key-1234567890", server.requests.get(0).apiKey);
  }

  @Test
  void unknownModelAndBadRequestArePermanent() throws Exception {
    server.enqueue(FakeGeminiServer.Reply.error(404, "NOT_FOUND", "models/gemini-9 is not found for API version"
        + " v1beta"), FakeGeminiServer.Reply.error(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
    try (GeminiContentAnalyzer a = analyzer(config().withModel("gemini-9"))) {
      StageException notFound = assertThrows(StageException.class, () -> a.analyze(cleanLecture()));
      assertEquals("gemini_model_not_found", notFound.reason());
      assertTrue(notFound.getMessage().contains("gemini-9"));
      StageException bad = assertThrows(StageException.class, () -> a.analyze(cleanLecture()));
      assertEquals("gemini_bad_request", bad.reason());
      assertFalse(bad.retryable());
    }
    assertEquals("/v1beta/models/gemini-9:generateContent", server.requests.get(0).path);
    assertEquals(2, server.requestCount());
  }

  @Test
  void exhaustedRetriesAreGeminiUnavailableAndRetryable() throws Exception {
    server.model = r -> FakeGeminiServer.Reply.error(503, "UNAVAILABLE", "The model is overloaded.");
    ContentRequest lecture = cleanLecture();
    try (GeminiContentAnalyzer a = analyzer(config().withRetries(5, 5, 20))) {
      long t0 = System.nanoTime();
      StageException e = assertThrows(StageException.class, () -> a.analyze(lecture));
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals("gemini_unavailable", e.reason());
      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("after 6 attempts"), e.getMessage());
      assertEquals("gemini_server_error", ((StageException) e.getCause()).reason());
      // Our backoff is 5-20 ms: no hidden sleeps of the client's own retry layer (0-2 s per failed attempt).
      assertTrue(seconds < 2, "6 attempts took " + seconds + " s");
    }
    assertEquals(6, server.requestCount(), "one HTTP request per attempt: the client does not retry by itself");
  }

  @Test
  void slowServerTimesOutAndIsRetried() throws Exception {
    server.enqueue(FakeGeminiServer.Reply.answer(VALID).after(3000), FakeGeminiServer.Reply.answer(VALID));
    ContentSegments out;
    long t0 = System.nanoTime();
    try (GeminiContentAnalyzer a = analyzer(config().withRequestTimeoutSeconds(0.5))) {
      out = a.analyze(cleanLecture());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds < 2.5, "gave up on the slow answer after the timeout, took " + seconds + " s");
    assertEquals(2, out.getRequests());
    assertEquals(1, out.getRetries());
  }

  @Test
  void missingKeyNamesTheEnvironmentVariable() {
    ContentConfig c = ContentConfig.defaults().withAnalyzer(ContentConfig.GEMINI)
        .withApiKeyEnv("LHX_TEST_UNSET_GEMINI_KEY");
    StageException e = assertThrows(StageException.class, () -> ContentAnalyzers.create(c));
    assertEquals("missing_api_key", e.reason());
    assertTrue(e.getMessage().contains("LHX_TEST_UNSET_GEMINI_KEY"), e.getMessage());
  }

  @Test
  void factoryBuildsTheConfiguredAnalyzer() throws Exception {
    try (ContentAnalyzer offline = ContentAnalyzers.create(ContentConfig.defaults());
        ContentAnalyzer gemini = ContentAnalyzers.create(config())) {
      assertInstanceOf(OfflineContentAnalyzer.class, offline);
      assertInstanceOf(GeminiContentAnalyzer.class, gemini);
      // The offline analyzer through the interface: the same lecture, no requests.
      ContentSegments o = offline.analyze(cleanLecture());
      assertEquals(OfflineContentAnalyzer.NAME, o.getAnalyzer());
      assertFalse(o.getSegments().isEmpty());
      assertEquals(0, o.getRequests());
    }
  }

  @Test
  void emptyTranscriptNeedsNoRequest() throws Exception {
    Transcript t = Transcript.newBuilder().setJobId("silent").setEngine("test").setSegments(new ArrayList<>())
        .setWords(new ArrayList<>()).build();
    ContentSegments out;
    try (GeminiContentAnalyzer a = analyzer(config())) {
      out = a.analyze(new ContentRequest(t, List.of(), List.of(), null, 60));
    }
    assertTrue(out.getSegments().isEmpty());
    assertEquals(0, out.getRequests());
    assertEquals(0, server.requestCount());
  }

  @Test
  void longLectureGoesInOverlappingWindowsAndMergesIntoOneTiling() throws Exception {
    // 75 minutes: 5 topics of 90 sentences of 10 s.
    Transcript t = SyntheticLecture.transcript(SyntheticLecture.sentences(5, 90), 10.0);
    double duration = 4500;
    ContentSegments out;
    try (GeminiContentAnalyzer a = analyzer(config())) {
      out = a.analyze(new ContentRequest(t, List.of(900.0, 1800.0), List.of(), null, duration));
    }
    // ceil((75 - 3) / (30 - 3)) = 3 windows of (75 + 2 x 3) / 3 = 27 min.
    assertEquals(3, server.requestCount());
    assertEquals(3, out.getRequests());
    assertEquals(0, out.getRetries());
    for (int k = 0; k < 3; k++) {
      String p = server.requests.get(k).prompt();
      assertTrue(p.contains("This is part " + (k + 1) + " of 3"), p.substring(0, 300));
    }
    String second = server.requests.get(1).prompt();
    assertTrue(second.contains("segment only the span 1440.0-3060.0 s"), second.substring(0, 300));
    assertTrue(second.contains("[1440.0-1449.8] "), "the second window starts at a sentence start");
    assertFalse(second.contains("[1430.0-1439.8] "), "and not before it");
    assertTrue(second.contains("Slide changes (s): 1800.0"), "only the window's slide changes");
    assertFalse(second.contains("900.0,"));

    assertTiles(out.getSegments(), 0, duration);
    // The stand-in model cuts about every minute: the merge neither drops nor duplicates much of the lecture.
    assertTrue(out.getSegments().size() >= 70 && out.getSegments().size() <= 80, out.getSegments().size() + "");
    assertEquals(server.promptTokensSent.get(), out.getPromptTokens());
    assertEquals(server.outputTokensSent.get(), out.getOutputTokens());
  }
}
