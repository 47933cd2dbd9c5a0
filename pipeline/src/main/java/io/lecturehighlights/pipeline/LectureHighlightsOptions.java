package io.lecturehighlights.pipeline;

import io.lecturehighlights.transforms.rendering.RenderConfig;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of the Lecture Highlights job. Flink runner options (parallelism, master, ...) and the AWS/S3 options of
 * Beam's amazon-web-services2 module ({@code --awsRegion}, {@code --endpoint}, {@code --awsCredentialsProvider},
 * {@code --s3ClientFactoryClass}) come with them.
 */
public interface LectureHighlightsOptions extends FlinkPipelineOptions, S3Options {

  @Description("Batch input: a manifest (.jsonl, .ndjson, .json or .csv, one lecture per row) or a glob of video "
      + "files, local or any Beam file system (s3://...). Either this or --queueUrl.")
  String getInput();

  void setInput(String value);

  @Description("Output folder: one sub-folder per job, failures.jsonl and datasets/.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @CommandLineName(value = "--max-duration-hours", positive = true)
  @Description("Longest lecture accepted, in hours; longer uploads fail validation.")
  @Default.Double(4.0)
  double getMaxDurationHours();

  void setMaxDurationHours(double value);

  @CommandLineName(value = "--max-size-gib", positive = true)
  @Description("Largest upload accepted, in GiB; larger files fail validation.")
  @Default.Double(8.0)
  double getMaxSizeGib();

  void setMaxSizeGib(double value);

  @CommandLineName(value = "--min-silence", positive = true)
  @Description("Shortest pause reported as a silence, in seconds.")
  @Default.Double(0.5)
  double getMinSilenceSeconds();

  void setMinSilenceSeconds(double value);

  @CommandLineName(value = "--silence-margin-db", min = 0)
  @Description("Silence threshold above the recording's own noise floor, in dB (adaptive mode).")
  @Default.Double(6.0)
  double getSilenceMarginDb();

  void setSilenceMarginDb(double value);

  @CommandLineName(value = "--silence-hysteresis-db", min = 0)
  @Description("How far above the threshold the level must rise to end a silence, in dB.")
  @Default.Double(3.0)
  double getSilenceHysteresisDb();

  void setSilenceHysteresisDb(double value);

  @CommandLineName(value = "--transcription-engine", oneOf = {"pocketsphinx", "whisper-api", "captions-only"})
  @Description("Speech recognition engine: pocketsphinx (offline), whisper-api (OpenAI or compatible) or "
      + "captions-only (only lectures with captions). Uploads with captions always use them.")
  @Default.String("pocketsphinx")
  String getTranscriptionEngine();

  void setTranscriptionEngine(String value);

  @CommandLineName("--transcription-model")
  @Description("Model for whisper-api, e.g. whisper-1 or gpt-4o-transcribe.")
  @Default.String("whisper-1")
  String getTranscriptionModel();

  void setTranscriptionModel(String value);

  @CommandLineName(value = "--transcription-base-url", httpUrl = true)
  @Description("Base URL of the OpenAI-compatible transcription API.")
  @Default.String("https://api.openai.com/v1")
  String getTranscriptionBaseUrl();

  void setTranscriptionBaseUrl(String value);

  @CommandLineName("--transcription-api-key-env")
  @Description("Environment variable holding the API key (read on each worker, never in the job graph).")
  @Default.String("OPENAI_API_KEY")
  String getTranscriptionApiKeyEnv();

  void setTranscriptionApiKeyEnv(String value);

  @CommandLineName("--transcription-language")
  @Description("Language hint (ISO 639-1), e.g. en.")
  @Default.String("en")
  String getTranscriptionLanguage();

  void setTranscriptionLanguage(String value);

  @CommandLineName(value = "--transcription-chunk-seconds", positive = true)
  @Description("Length of the chunks a lecture is split into (at silent points) for parallel transcription.")
  @Default.Double(120)
  double getTranscriptionChunkSeconds();

  void setTranscriptionChunkSeconds(double value);

  @CommandLineName(value = "--transcription-max-concurrent-requests", min = 1)
  @Description("Concurrent API requests per worker JVM.")
  @Default.Integer(4)
  int getTranscriptionMaxConcurrentRequests();

  void setTranscriptionMaxConcurrentRequests(int value);

  @CommandLineName(value = "--transcription-request-timeout-seconds", positive = true)
  @Description("Timeout of one API request, in seconds.")
  @Default.Double(600)
  double getTranscriptionRequestTimeoutSeconds();

  void setTranscriptionRequestTimeoutSeconds(double value);

  @CommandLineName(value = "--transcription-max-retries", min = 0)
  @Description("Retries of a chunk's API request on 429, 5xx and timeouts (exponential backoff with jitter).")
  @Default.Integer(5)
  int getTranscriptionMaxRetries();

  void setTranscriptionMaxRetries(int value);

  @CommandLineName("--pocketsphinx-args")
  @Description("Extra pocketsphinx_continuous flags. The default search beam keeps a 60-minute lecture under 10 minutes "
      + "on 2 cores; pass an empty string for the engine's own (slower, more accurate) defaults.")
  @Default.String("-maxhmmpf 3000")
  String getPocketsphinxArgs();

  void setPocketsphinxArgs(String value);

  @CommandLineName(value = "--layout-sample-fps", positive = true)
  @Description("Frames sampled per second for layout detection (screen/camera regions, slide changes).")
  @Default.Double(4.0)
  double getLayoutSampleFps();

  void setLayoutSampleFps(double value);

  @CommandLineName("--ocr-languages")
  @Description("Languages of slide text for OCR (Tesseract codes joined by '+', e.g. eng or eng+deu; the language "
      + "data must be installed, Debian's tesseract-ocr-<code>), or none to list slides without reading their text.")
  @Default.String("eng")
  String getOcrLanguages();

  void setOcrLanguages(String value);

  @Description("JDBC URL of the PostgreSQL results database; unset: results go to files only.")
  String getDbUrl();

  void setDbUrl(String value);

  @Description("Database user.")
  @Default.String("postgres")
  String getDbUser();

  void setDbUser(String value);

  @Description("Name of the environment variable that holds the database password (never the password itself).")
  @Default.String("LHX_DB_PASSWORD")
  String getDbPasswordEnv();

  void setDbPasswordEnv(String value);

  @Description("Connections per worker JVM in the database pool.")
  @Default.Integer(4)
  int getDbMaxConnections();

  void setDbMaxConnections(int value);

  @CommandLineName(value = "--silence-threshold-db", max = 0)
  @Description("Absolute silence threshold in dBFS, replacing the adaptive one (e.g. -45). Unset: adaptive.")
  Double getSilenceThresholdDb();

  void setSilenceThresholdDb(Double value);

  @CommandLineName(value = "--join-timeout-minutes", min = 1)
  @Description("Minutes a lecture waits at the join for an analysis branch that never reports before it is failed "
      + "(branch_timeout). Streaming only: a batch always waits for every branch.")
  @Default.Integer(120)
  int getJoinTimeoutMinutes();

  void setJoinTimeoutMinutes(int value);

  @CommandLineName(value = "--content-analyzer", oneOf = {"offline", "gemini"})
  @Description("Content analyzer: offline (topic segmentation on this machine) or gemini (Google Gemini API).")
  @Default.String("offline")
  String getContentAnalyzer();

  void setContentAnalyzer(String value);

  @CommandLineName("--gemini-model")
  @Description("Gemini model, with the gemini content analyzer.")
  @Default.String("gemini-2.5-flash")
  String getGeminiModel();

  void setGeminiModel(String value);

  @CommandLineName(value = "--gemini-base-url", httpUrl = true)
  @Description("Base URL of the Gemini API (unset: Google's), for content analysis and Gemini embeddings. For a "
      + "proxy or a local test server.")
  String getGeminiBaseUrl();

  void setGeminiBaseUrl(String value);

  @CommandLineName("--gemini-api-key-env")
  @Description("Name of the environment variable holding the Gemini API key (never the key itself), for content "
      + "analysis and Gemini embeddings.")
  @Default.String("GEMINI_API_KEY")
  String getGeminiApiKeyEnv();

  void setGeminiApiKeyEnv(String value);

  @CommandLineName(value = "--gemini-window-minutes", min = 1)
  @Description("Longest stretch of transcript sent in one Gemini request, in minutes; longer lectures go in "
      + "overlapping windows.")
  @Default.Integer(30)
  int getGeminiWindowMinutes();

  void setGeminiWindowMinutes(int value);

  @CommandLineName(value = "--max-clips", min = 1)
  @Description("Most highlight clips per lecture.")
  @Default.Integer(5)
  int getMaxClips();

  void setMaxClips(int value);

  @CommandLineName(value = "--max-highlight-seconds", positive = true)
  @Description("Most seconds of highlights per lecture, all clips together.")
  @Default.Double(300)
  double getMaxHighlightSeconds();

  void setMaxHighlightSeconds(double value);

  @CommandLineName(value = "--min-clip-seconds", positive = true)
  @Description("Shortest clip, seconds of kept speech.")
  @Default.Double(20)
  double getMinClipSeconds();

  void setMinClipSeconds(double value);

  @CommandLineName(value = "--max-clip-seconds", positive = true)
  @Description("Longest clip, seconds of kept speech.")
  @Default.Double(120)
  double getMaxClipSeconds();

  void setMaxClipSeconds(double value);

  @CommandLineName(value = "--cut-silences-longer-than", positive = true)
  @Description("Silences inside a clip longer than this many seconds are cut out.")
  @Default.Double(0.75)
  double getCutSilencesLongerThan();

  void setCutSilencesLongerThan(double value);

  @CommandLineName(value = "--cut-margin", min = 0)
  @Description("Seconds of natural pause kept on each side of speech where a silence is cut.")
  @Default.Double(0.2)
  double getCutMarginSeconds();

  void setCutMarginSeconds(double value);

  @CommandLineName(value = "--clip-layout", oneOf = {"vertical", "original"})
  @Description("Clip layout: vertical (9:16, screen over camera) or original (the lecture's 16:9 frame). original is "
      + "the same as --clip-formats original.")
  @Default.String("vertical")
  String getClipLayout();

  void setClipLayout(String value);

  @CommandLineName("--clip-formats")
  @Description("Comma-separated clip formats, each highlight rendered once in each from one decode: vertical (9:16), "
      + "landscape (16:9), square (1:1), original (the lecture's frame). The first format's files keep the names "
      + "clip-NN.mp4/.jpg/.vtt, the others are clip-NN-<format>.*.")
  @Default.String("vertical")
  String getClipFormats();

  void setClipFormats(String value);

  @CommandLineName(value = "--render-threads", min = 0)
  @Description("Codec threads per clip render. 0 (default): FFmpeg's choice for a render alone on its worker, an "
      + "equal share of the worker's cores when several render at once (one per slot with one slot per core).")
  @Default.Integer(0)
  int getRenderThreads();

  void setRenderThreads(int value);

  @CommandLineName(value = "--clip-height", min = 0)
  @Description("Height of the clips in pixels (even, 144..2160); the width follows the layout (9:16 vertical, the "
      + "source's aspect up to 16:9 original). Landscape and square clips share the vertical clip's short side: "
      + "1280 gives 720x1280, 1280x720 and 720x720. 0 (default): 1280 for vertical clips (720x1280), 720 for "
      + "original ones (up to 1280x720).")
  @Default.Integer(0)
  int getClipHeight();

  void setClipHeight(int value);

  @CommandLineName(value = "--clip-crf", min = 0, max = 51)
  @Description("x264 constant rate factor of the clips: lower is better and larger (18 looks like the source, 28 is "
      + "small).")
  @Default.Integer(23)
  int getClipCrf();

  void setClipCrf(int value);

  @CommandLineName(value = "--clip-preset",
      oneOf = {"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"})
  @Description("x264 preset of the clips: a slower preset gives a smaller file at the same quality and takes longer.")
  @Default.String("veryfast")
  String getClipPreset();

  void setClipPreset(String value);

  @CommandLineName(value = "--clip-audio-kbps", min = 32, max = 512)
  @Description("AAC bitrate of the clips' audio in kbit/s.")
  @Default.Integer(128)
  int getClipAudioKbps();

  void setClipAudioKbps(int value);

  @CommandLineName(value = "--subtitles", oneOf = {"on", "off"})
  @Description("Subtitles burned into the clips: on or off (each clip's .vtt file is written either way).")
  @Default.String("on")
  String getSubtitles();

  void setSubtitles(String value);

  @CommandLineName(value = "--subtitle-style", oneOf = {"box", "outline"})
  @Description("Subtitle look: box (white text on a translucent black box) or outline (white text, black border).")
  @Default.String("box")
  String getSubtitleStyle();

  void setSubtitleStyle(String value);

  @CommandLineName("--subtitle-font")
  @Description("TrueType font file of the subtitles, on every machine that renders (another than the default must "
      + "exist where lhx runs).")
  @Default.String(RenderConfig.DEFAULT_FONT)
  String getSubtitleFont();

  void setSubtitleFont(String value);

  @CommandLineName("--subtitle-color")
  @Description("Subtitle text colour: #RRGGBB or a colour name (white, black, yellow, red, green, blue, cyan, "
      + "magenta, orange, gray, navy, gold, ...).")
  @Default.String("white")
  String getSubtitleColor();

  void setSubtitleColor(String value);

  @CommandLineName("--subtitle-box-color")
  @Description("Colour of the box behind the subtitles (60 % opaque), or of their outline with --subtitle-style "
      + "outline: #RRGGBB or a colour name.")
  @Default.String("black")
  String getSubtitleBoxColor();

  void setSubtitleBoxColor(String value);

  @CommandLineName(value = "--subtitle-position", oneOf = {"bottom", "top"})
  @Description("Where the subtitles are: bottom (as captions are) or top.")
  @Default.String("bottom")
  String getSubtitlePosition();

  void setSubtitlePosition(String value);

  @CommandLineName(value = "--subtitle-size", min = 0.02, max = 0.15)
  @Description("Subtitle type size as a share of the clip's height (smaller when a full line would not fit its "
      + "width).")
  @Default.Double(0.05)
  double getSubtitleSize();

  void setSubtitleSize(double value);

  @CommandLineName(value = "--title-card", oneOf = {"on", "off"})
  @Description("Title card: on shows the segment's title (the title of the slide on screen while the card shows, "
      + "else the highlight's) on a band near the top for the first seconds of each clip, in the subtitle font and "
      + "colours, fading out; off keeps the plain clip.")
  @Default.String("off")
  String getTitleCard();

  void setTitleCard(String value);

  @CommandLineName(value = "--title-card-seconds", min = 1, max = 10)
  @Description("How long the title card shows, 1..10 seconds (at most the whole clip), with --title-card on.")
  @Default.Double(3.0)
  double getTitleCardSeconds();

  void setTitleCardSeconds(double value);

  @CommandLineName(value = "--embeddings", oneOf = {"on", "off"})
  @Description("Embed each topic chunk in the job for semantic search (all-MiniLM-L6-v2, in-process): on, its vectors "
      + "go to the transcript_chunks dataset and table; off, the database is searched by words only and the "
      + "folder's search index embeds the chunks after the batch.")
  @Default.String("on")
  String getEmbeddings();

  void setEmbeddings(String value);

  // The embedding model (issue #21): the job's embedding stage and the folder's search index embed with it; search
  // reads the model back from the index or the rows, so these are not options of lhx search or serve.
  @CommandLineName(value = "--embedding-model", oneOf = {"minilm", "gemini"})
  @Description("Embedding model of the job and the folder's search index: minilm (all-MiniLM-L6-v2, in-process, no "
      + "key) or gemini (Gemini embeddings: --gemini-embedding-model, --gemini-embedding-dimensions, the key from "
      + "--gemini-api-key-env). Search embeds a query with the model the index or the rows were built with.")
  @Default.String("minilm")
  String getEmbeddingModel();

  void setEmbeddingModel(String value);

  @CommandLineName("--gemini-embedding-model")
  @Description("Gemini embedding model, with --embedding-model gemini.")
  @Default.String("gemini-embedding-001")
  String getGeminiEmbeddingModel();

  void setGeminiEmbeddingModel(String value);

  @CommandLineName(value = "--gemini-embedding-dimensions", min = 1, max = 1024)
  @Description("Output dimensionality of the Gemini embeddings (gemini-embedding-001: 128-3072, 768 recommended; "
      + "at most 1024, the search index's limit). Vectors of another dimensionality count as another model.")
  @Default.Integer(768)
  int getGeminiEmbeddingDimensions();

  void setGeminiEmbeddingDimensions(int value);

  @Description("Streaming input: URL of the SQS queue that receives the S3 event notifications of new uploads. "
      + "Either this or --input.")
  String getQueueUrl();

  void setQueueUrl(String value);

  @Description("SQS endpoint, for an SQS-compatible server (e.g. ElasticMQ); default: AWS's for --awsRegion.")
  String getSqsEndpoint();

  void setSqsEndpoint(String value);

  @Description("Only objects whose key starts with this prefix are lectures (empty: any key).")
  @Default.String("")
  String getNotificationPrefix();

  void setNotificationPrefix(String value);

  @Description("Comma-separated key suffixes that are lectures, ignoring case (empty: the video extensions).")
  @Default.String("")
  String getNotificationSuffixes();

  void setNotificationSuffixes(String value);

  @Description("Keys laid out as <prefix><course>/<semester>/<file> under this prefix give course and semester.")
  String getCourseLayoutPrefix();

  void setCourseLayoutPrefix(String value);


  @Description("Streaming: seconds between the files that datasets and failures.jsonl grow by.")
  @Default.Long(60)
  long getDatasetFlushSeconds();

  void setDatasetFlushSeconds(long value);
}
