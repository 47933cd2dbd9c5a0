package io.lecturehighlights.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.content.ContentConfig;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.extraction.ExtractionConfig;
import io.lecturehighlights.transforms.layout.LayoutConfig;
import io.lecturehighlights.transforms.rendering.RenderConfig;
import io.lecturehighlights.transforms.silence.SilenceConfig;
import io.lecturehighlights.transforms.transcription.TranscriptionConfig;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.beans.Introspector;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

/** Every job option reaches its stage's config (the absolute silence threshold was once dropped on the floor). */
class StageConfigsTest {

  /** One option set to a value other than its default, and where that value must show up. */
  private record Case(String option, String value, Function<StageConfigs, Object> actual, Object expected) {
    String arg() {
      return "--" + option + "=" + value;
    }
  }

  private static final List<Case> CASES = List.of(
      new Case("maxDurationHours", "2", c -> c.validation().maxDurationSeconds(), 7200.0),
      new Case("maxSizeGib", "0.5", c -> c.validation().maxSizeBytes(), 1L << 29),
      new Case("minSilenceSeconds", "0.8", c -> c.silence().minSilenceSeconds(), 0.8),
      new Case("silenceMarginDb", "9", c -> c.silence().marginDb(), 9.0),
      new Case("silenceHysteresisDb", "4.5", c -> c.silence().hysteresisDb(), 4.5),
      new Case("silenceThresholdDb", "-42", c -> c.silence().thresholdDb(), -42.0),
      new Case("layoutSampleFps", "2", c -> c.layout().sampleFps(), 2.0),
      new Case("ocrLanguages", "eng+deu", c -> c.slides().ocrLanguages(), "eng+deu"),
      new Case("transcriptionEngine", "whisper-api", c -> c.transcription().engine(), "whisper-api"),
      new Case("transcriptionModel", "gpt-4o-transcribe", c -> c.transcription().model(), "gpt-4o-transcribe"),
      new Case("transcriptionBaseUrl", "http://localhost:9/v1", c -> c.transcription().baseUrl(),
          "http://localhost:9/v1"),
      new Case("transcriptionApiKeyEnv", "MY_OPENAI", c -> c.transcription().apiKeyEnv(), "MY_OPENAI"),
      new Case("transcriptionLanguage", "de", c -> c.transcription().language(), "de"),
      new Case("transcriptionChunkSeconds", "60", c -> c.transcription().chunkSeconds(), 60.0),
      new Case("transcriptionMaxConcurrentRequests", "2", c -> c.transcription().maxConcurrentRequests(), 2),
      new Case("transcriptionRequestTimeoutSeconds", "90", c -> c.transcription().requestTimeoutSeconds(), 90.0),
      new Case("transcriptionMaxRetries", "7", c -> c.transcription().maxRetries(), 7),
      new Case("pocketsphinxArgs", "-maxhmmpf 2000", c -> c.transcription().pocketsphinxArgs(), "-maxhmmpf 2000"),
      new Case("contentAnalyzer", "gemini", c -> c.content().analyzer(), "gemini"),
      new Case("geminiModel", "gemini-2.5-pro", c -> c.content().model(), "gemini-2.5-pro"),
      new Case("geminiBaseUrl", "http://localhost:8/", c -> c.content().baseUrl(), "http://localhost:8/"),
      new Case("geminiApiKeyEnv", "MY_GEMINI", c -> c.content().apiKeyEnv(), "MY_GEMINI"),
      new Case("geminiWindowMinutes", "20", c -> c.content().windowMinutes(), 20.0),
      // The embedding model; the Gemini endpoint and key variable above reach it too (embeddingSharesTheGeminiApi).
      new Case("embeddingModel", "gemini", c -> c.embedding().model(), "gemini"),
      new Case("geminiEmbeddingModel", "text-embedding-004", c -> c.embedding().geminiModel(), "text-embedding-004"),
      new Case("geminiEmbeddingDimensions", "256", c -> c.embedding().recordedName(),
          "gemini:text-embedding-004@256"),
      new Case("maxClips", "3", c -> c.extraction().maxClips(), 3),
      new Case("maxHighlightSeconds", "400", c -> c.extraction().maxTotalSeconds(), 400.0),
      // Both above the default maximum of 120: the pair must be set at once.
      new Case("minClipSeconds", "150", c -> c.extraction().minClipSeconds(), 150.0),
      new Case("maxClipSeconds", "200", c -> c.extraction().maxClipSeconds(), 200.0),
      new Case("cutSilencesLongerThan", "1.5", c -> c.extraction().cutSilencesLongerThan(), 1.5),
      new Case("cutMarginSeconds", "0.1", c -> c.extraction().marginSeconds(), 0.1),
      new Case("clipLayout", "original", c -> c.render().layoutMode(), "original"),
      // With --clip-layout original above, --clip-formats must be original alone; formatsAreChecked covers lists.
      new Case("clipFormats", "original", c -> c.render().formats(), List.of("original")),
      new Case("renderThreads", "3", c -> c.render().threads(), 3),
      new Case("clipHeight", "960", c -> List.of(c.render().verticalWidth(), c.render().verticalHeight(),
          c.render().maxOriginalWidth(), c.render().maxOriginalHeight()), List.of(540, 960, 1706, 960)),
      new Case("clipCrf", "28", c -> c.render().crf(), 28),
      new Case("clipPreset", "medium", c -> c.render().x264Preset(), "medium"),
      new Case("clipAudioKbps", "96", c -> c.render().audioBitrate(), 96_000),
      new Case("subtitles", "off", c -> c.render().subtitles(), false),
      new Case("subtitleStyle", "outline", c -> c.render().subtitleStyle(), "outline"),
      new Case("subtitleFont", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", c -> c.render().fontFile(),
          "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
      new Case("subtitleSize", "0.07", c -> c.render().fontSizeRatio(), 0.07),
      new Case("subtitleColor", "#FFD700", c -> c.render().subtitleColor(), "#ffd700"),
      new Case("subtitleBoxColor", "navy", c -> c.render().subtitleBackColor(), "navy"),
      new Case("subtitlePosition", "top", c -> c.render().subtitlePosition(), "top"),
      new Case("titleCard", "on", c -> c.render().titleCard(), true),
      new Case("titleCardSeconds", "4.5", c -> c.render().titleCardSeconds(), 4.5),
      new Case("dbUrl", "jdbc:postgresql://db/lhx", c -> c.database().url(), "jdbc:postgresql://db/lhx"),
      new Case("dbUser", "lhx", c -> c.database().user(), "lhx"),
      new Case("dbPasswordEnv", "MY_PG", c -> c.database().passwordEnv(), "MY_PG"),
      new Case("dbMaxConnections", "2", c -> c.database().maxConnections(), 2),
      new Case("queueUrl", "http://localhost:9324/queue/uploads", c -> c.notifications().queueUrl(),
          "http://localhost:9324/queue/uploads"),
      new Case("sqsEndpoint", "http://localhost:9324", c -> c.notifications().endpoint(),
          URI.create("http://localhost:9324")),
      new Case("notificationPrefix", "lectures/", c -> c.notifications().prefix(), "lectures/"),
      new Case("notificationSuffixes", ".mp4, .mkv,", c -> c.notifications().suffixes(), List.of(".mp4", ".mkv")),
      new Case("courseLayoutPrefix", "courses/", c -> c.notifications().courseLayoutPrefix(), "courses/"));

  /** Options that configure the job itself, not a stage. */
  private static final Set<String> NOT_STAGE_OPTIONS =
      // embeddings: whether the sinks apply the embedding step (Sinks.withEmbeddings), no stage config.
      Set.of("input", "output", "joinTimeoutMinutes", "datasetFlushSeconds", "embeddings");

  private static LectureHighlightsOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(LectureHighlightsOptions.class);
  }

  private static StageConfigs allSet() {
    return StageConfigs.from(options(CASES.stream().map(Case::arg).toArray(String[]::new)));
  }

  @Test
  void embeddingSharesTheGeminiApi() {
    StageConfigs set = allSet();
    assertEquals("http://localhost:8/", set.embedding().baseUrl());
    assertEquals("MY_GEMINI", set.embedding().apiKeyEnv());
    assertThrows(IllegalArgumentException.class,
        () -> StageConfigs.from(options("--geminiEmbeddingModel=models/ bad name")));
  }

  @Test
  void everyOptionReachesItsConfig() {
    StageConfigs set = allSet();
    for (Case c : CASES) {
      assertEquals(c.expected(), c.actual().apply(set), c.arg());
    }
  }

  @Test
  void everyCaseSetsAValueOtherThanTheDefault() {
    // A case whose value is the default would pass even if its option were dropped.
    StageConfigs defaults = StageConfigs.from(options("--dbUrl=jdbc:postgresql://localhost/postgres",
        "--queueUrl=http://localhost:9324/queue/default"));
    for (Case c : CASES) {
      assertNotEquals(c.expected(), c.actual().apply(defaults), c.arg());
    }
  }

  @Test
  void everyJobOptionIsCoveredHere() {
    // A new option must either reach a config (and get a case above) or be listed as the job's own.
    Set<String> declared = Arrays.stream(LectureHighlightsOptions.class.getDeclaredMethods())
        .map(Method::getName)
        .filter(n -> n.startsWith("get"))
        .map(n -> Introspector.decapitalize(n.substring(3)))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> covered = CASES.stream().map(Case::option).collect(Collectors.toCollection(TreeSet::new));
    covered.addAll(NOT_STAGE_OPTIONS);
    assertEquals(declared, covered);
  }

  @Test
  void defaultOptionsGiveTheConfigsOwnDefaults() {
    StageConfigs c = StageConfigs.from(options());
    assertEquals(ValidationConfig.defaults(), c.validation());
    assertEquals(SilenceConfig.defaults(), c.silence());
    assertTrue(Double.isNaN(c.silence().thresholdDb()), "without a threshold the adaptive one is used");
    assertEquals(LayoutConfig.defaults(), c.layout());
    // The one deliberate difference: the job runs pocketsphinx with -maxhmmpf 3000 (~1.5x faster), while the
    // config's own default is the recogniser's.
    assertEquals(TranscriptionConfig.defaults().withPocketsphinxArgs("-maxhmmpf 3000"), c.transcription());
    assertEquals(ContentConfig.defaults(), c.content());
    assertEquals(ExtractionConfig.defaults(), c.extraction());
    assertEquals(RenderConfig.defaults(), c.render());
    assertNull(c.database(), "no database without --dbUrl");
    assertNull(c.notifications(), "a batch job without --queueUrl");
  }

  @Test
  void withersLeaveTheBuiltConfigsUnchanged() {
    StageConfigs c = allSet();
    assertNotEquals(c.validation(), c.validation().withMaxDurationSeconds(1));
    assertNotEquals(c.silence(), c.silence().withThresholdDb(-10));
    assertNotEquals(c.layout(), c.layout().withSampleFps(1));
    assertNotEquals(c.transcription(), c.transcription().withModel("other"));
    assertNotEquals(c.content(), c.content().withModel("other"));
    assertNotEquals(c.extraction(), c.extraction().withMaxClips(1));
    assertNotEquals(c.render(), c.render().withThreads(1));
    assertNotEquals(c.database(), c.database().withMaxConnections(1));
    assertEquals(allSet(), c, "every config is as built");
  }

  @Test
  void configsTravelInsideDoFns() {
    StageConfigs c = allSet();
    for (Serializable s : List.<Serializable>of(c.validation(), c.silence(), c.layout(), c.transcription(),
        c.content(), c.embedding(), c.extraction(), c.render(), c.database(), c.notifications())) {
      assertEquals(s, SerializableUtils.clone(s));
    }
  }

  @Test
  void theDatabaseAloneAndTheDryRunLimitsMatchTheJob() {
    LectureHighlightsOptions o = options("--dbUrl=jdbc:postgresql://db/lhx", "--dbMaxConnections=2",
        "--maxDurationHours=2", "--maxSizeGib=0.5");
    StageConfigs c = StageConfigs.from(o);
    assertEquals(c.database(), StageConfigs.databaseOf(o));
    assertEquals(new DatabaseConfig("jdbc:postgresql://db/lhx", "postgres", "LHX_DB_PASSWORD", 2), c.database());
    assertEquals(c.validation(), StageConfigs.validation(2, 0.5));
    assertNull(StageConfigs.databaseOf(options()));
  }

  @Test
  void optionsThatCannotWorkAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> StageConfigs.from(options("--transcriptionEngine=vosk")));
    assertThrows(IllegalArgumentException.class, () -> StageConfigs.from(options("--contentAnalyzer=gpt")));
    assertThrows(IllegalArgumentException.class, () -> StageConfigs.from(options("--clipLayout=square")));
    assertThrows(IllegalArgumentException.class, () -> StageConfigs.from(options("--clipFormats=portrait")));
    assertThrows(IllegalArgumentException.class,
        () -> StageConfigs.from(options("--minClipSeconds=60", "--maxClipSeconds=30")));
    // x264 needs even sizes; a font that is not there would fail every clip inside the job
    assertThrows(IllegalArgumentException.class, () -> StageConfigs.from(options("--clipHeight=721")));
    assertThrows(IllegalArgumentException.class, () -> StageConfigs.from(options("--clipHeight=100")));
    assertThrows(IllegalArgumentException.class, () -> StageConfigs.from(options("--subtitleColor=white:x=1")));
    assertThrows(IllegalArgumentException.class, () -> StageConfigs.from(options("--subtitleBoxColor=#12345")));
    IllegalArgumentException font = assertThrows(IllegalArgumentException.class,
        () -> StageConfigs.from(options("--subtitleFont=/no/such/Font.ttf")));
    assertTrue(font.getMessage().contains("/no/such/Font.ttf"), font.getMessage());
  }

  @Test
  void formatsAreChecked() {
    assertEquals(List.of("vertical", "landscape", "square"),
        StageConfigs.from(options("--clipFormats=vertical, Landscape,square")).render().formats());
    assertEquals("landscape", StageConfigs.from(options("--clipFormats=landscape,vertical")).render().layoutMode());
    assertEquals(List.of("original"), StageConfigs.from(options("--clipLayout=original")).render().formats());
    for (String bad : new String[] {"portrait", "vertical,vertical", "vertical,,square", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StageConfigs.from(options("--clipFormats=" + bad)), bad);
      assertTrue(e.getMessage().startsWith("--clip-formats: "), e.getMessage());
    }
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> StageConfigs.from(options("--clipLayout=original", "--clipFormats=square")));
    assertTrue(both.getMessage().contains("--clip-formats original,square"), both.getMessage());
  }
}
