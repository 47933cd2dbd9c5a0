package io.lecturehighlights.pipeline;

import io.lecturehighlights.transforms.content.ContentConfig;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.extraction.ExtractionConfig;
import io.lecturehighlights.transforms.ingest.ReadS3EventNotifications;
import io.lecturehighlights.transforms.layout.LayoutConfig;
import io.lecturehighlights.transforms.slides.SlidesConfig;
import io.lecturehighlights.transforms.rendering.RenderConfig;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import io.lecturehighlights.transforms.silence.SilenceConfig;
import io.lecturehighlights.transforms.transcription.TranscriptionConfig;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Every stage's configuration, built from the job's options in one place. The job graph takes its configs from
 * here, so an option that never reaches its stage (as {@code --silenceThresholdDb} once did) shows in one tested
 * method rather than in a dozen mappers. Each config starts from its own {@code defaults()} and takes only what an
 * option sets.
 *
 * @param database null without {@code --dbUrl}: the job writes no database
 * @param notifications null without {@code --queueUrl}: a batch job, reading a manifest or glob
 */
public record StageConfigs(
    ValidationConfig validation,
    SilenceConfig silence,
    LayoutConfig layout,
    SlidesConfig slides,
    TranscriptionConfig transcription,
    ContentConfig content,
    // The embedding model of the job's embedding stage and of the folder's index.
    EmbeddingConfig embedding,
    ExtractionConfig extraction,
    RenderConfig render,
    @Nullable DatabaseConfig database,
    ReadS3EventNotifications.@Nullable Settings notifications) {

  /** @throws IllegalArgumentException when an option's value cannot work (an unknown engine, a bad clip range) */
  public static StageConfigs from(LectureHighlightsOptions o) {
    return new StageConfigs(
        validation(o.getMaxDurationHours(), o.getMaxSizeGib()),
        silence(o),
        LayoutConfig.defaults().withSampleFps(o.getLayoutSampleFps()),
        SlidesConfig.defaults().withOcrLanguages(o.getOcrLanguages()),
        transcription(o),
        content(o),
        embedding(o),
        extraction(o),
        render(o),
        databaseOf(o),
        notifications(o));
  }

  private static RenderConfig render(LectureHighlightsOptions o) {
    RenderConfig r = RenderConfig.defaults().withThreads(o.getRenderThreads())
        .withEncoder(o.getClipPreset(), o.getClipCrf())
        .withAudio(o.getClipAudioKbps() * 1000, RenderConfig.defaults().audioSampleRate())
        .withSubtitles(!"off".equals(o.getSubtitles()))
        .withSubtitleStyle(o.getSubtitleStyle())
        .withSubtitleColors(o.getSubtitleColor(), o.getSubtitleBoxColor())
        .withSubtitlePosition(o.getSubtitlePosition())
        .withFontSizeRatio(o.getSubtitleSize())
        .withTitleCard("on".equals(o.getTitleCard()), o.getTitleCardSeconds());
    if (o.getClipHeight() != 0) {
      r = r.withClipHeight(o.getClipHeight());
    }
    r = r.withFormats(formats(o.getClipLayout(), o.getClipFormats()));
    String font = o.getSubtitleFont();
    // A font the user named must be there (a typo would fail every clip); the default is the installer's.
    if (!font.equals(RenderConfig.DEFAULT_FONT) && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(font))) {
      throw new IllegalArgumentException("--subtitle-font: no such font file: " + font);
    }
    return r.withFontFile(font);
  }

  /**
   * The clip formats: {@code --clip-formats}, where {@code --clip-layout original} (its spelling from before
   * formats) stands for {@code original} alone and cannot be combined with another list.
   *
   * @throws IllegalArgumentException for an unknown or repeated name, or both options at once
   */
  static List<String> formats(String layout, String formats) {
    if (!RenderConfig.VERTICAL.equals(layout) && !RenderConfig.ORIGINAL.equals(layout)) {
      throw new IllegalArgumentException("--clip-layout must be vertical or original, got " + layout);
    }
    List<String> list;
    try {
      list = RenderConfig.parseFormats(formats);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--clip-formats: " + e.getMessage(), e);
    }
    if (RenderConfig.ORIGINAL.equals(layout)) {
      if (!list.equals(List.of(RenderConfig.VERTICAL)) && !list.equals(List.of(RenderConfig.ORIGINAL))) {
        throw new IllegalArgumentException("--clip-layout original is --clip-formats original; with other formats "
            + "name original in --clip-formats instead (e.g. --clip-formats original," + String.join(",", list)
            + ")");
      }
      return List.of(RenderConfig.ORIGINAL);
    }
    return list;
  }

  /** The database alone, for callers (progress display) that should not fail on another stage's options. */
  public static @Nullable DatabaseConfig databaseOf(LectureHighlightsOptions o) {
    return o.getDbUrl() == null ? null
        : new DatabaseConfig(o.getDbUrl(), o.getDbUser(), o.getDbPasswordEnv(), o.getDbMaxConnections());
  }

  /** Upload limits in the options' units; lhx's dry run checks uploads with the same limits as the job. */
  public static ValidationConfig validation(double maxDurationHours, double maxSizeGib) {
    return ValidationConfig.defaults()
        .withMaxDurationSeconds(maxDurationHours * 3600.0)
        .withMaxSizeBytes((long) (maxSizeGib * (1L << 30)));
  }

  private static SilenceConfig silence(LectureHighlightsOptions o) {
    Double threshold = o.getSilenceThresholdDb();
    return SilenceConfig.defaults()
        .withMinSilenceSeconds(o.getMinSilenceSeconds())
        .withMarginDb(o.getSilenceMarginDb())
        .withHysteresisDb(o.getSilenceHysteresisDb())
        .withThresholdDb(threshold == null ? SilenceConfig.defaults().thresholdDb() : threshold);
  }

  private static TranscriptionConfig transcription(LectureHighlightsOptions o) {
    return TranscriptionConfig.defaults()
        .withEngine(o.getTranscriptionEngine())
        .withModel(o.getTranscriptionModel())
        .withBaseUrl(o.getTranscriptionBaseUrl())
        .withApiKeyEnv(o.getTranscriptionApiKeyEnv())
        .withLanguage(o.getTranscriptionLanguage())
        .withChunkSeconds(o.getTranscriptionChunkSeconds())
        .withMaxConcurrentRequests(o.getTranscriptionMaxConcurrentRequests())
        .withRequestTimeoutSeconds(o.getTranscriptionRequestTimeoutSeconds())
        .withRetries(o.getTranscriptionMaxRetries(), TranscriptionConfig.defaults().initialBackoffMillis(),
            TranscriptionConfig.defaults().maxBackoffMillis())
        .withPocketsphinxArgs(o.getPocketsphinxArgs());
  }

  private static ContentConfig content(LectureHighlightsOptions o) {
    return ContentConfig.defaults()
        .withAnalyzer(o.getContentAnalyzer())
        .withModel(o.getGeminiModel())
        .withBaseUrl(o.getGeminiBaseUrl())
        .withApiKeyEnv(o.getGeminiApiKeyEnv())
        .withWindowMinutes(o.getGeminiWindowMinutes());
  }

  /** The embedding model; the Gemini API's endpoint and key variable are content analysis's (one API, one key). */
  public static EmbeddingConfig embedding(LectureHighlightsOptions o) {
    return EmbeddingConfig.defaults()
        .withModel(o.getEmbeddingModel())
        .withGeminiModel(o.getGeminiEmbeddingModel())
        .withDimensions(o.getGeminiEmbeddingDimensions())
        .withBaseUrl(o.getGeminiBaseUrl())
        .withApiKeyEnv(o.getGeminiApiKeyEnv());
  }

  private static ExtractionConfig extraction(LectureHighlightsOptions o) {
    // Both clip bounds at once: one at a time, --minClipSeconds=150 --maxClipSeconds=200 would fail against the
    // default maximum of 120 before the new one is set.
    return ExtractionConfig.defaults()
        .withMaxClips(o.getMaxClips())
        .withMaxTotalSeconds(o.getMaxHighlightSeconds())
        .withClipSeconds(o.getMinClipSeconds(), o.getMaxClipSeconds())
        .withCutSilencesLongerThan(o.getCutSilencesLongerThan())
        .withMarginSeconds(o.getCutMarginSeconds());
  }

  private static ReadS3EventNotifications.@Nullable Settings notifications(LectureHighlightsOptions o) {
    if (o.getQueueUrl() == null) {
      return null;
    }
    String suffixes = o.getNotificationSuffixes();
    List<String> suffixList = suffixes == null || suffixes.isBlank() ? null
        : Arrays.stream(suffixes.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    return new ReadS3EventNotifications.Settings(o.getQueueUrl(),
        o.getSqsEndpoint() == null ? null : URI.create(o.getSqsEndpoint()), o.getNotificationPrefix(), suffixList,
        o.getCourseLayoutPrefix());
  }
}
