package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.pipeline.LectureHighlightsOptions;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * One options model: the lhx job options are generated from LectureHighlightsOptions, reach the job's options without
 * a copied field list, and a --pipeline-arg either takes effect or is refused when it collides with an lhx option.
 */
class JobOptionsTest {
  // The lhx names are a public interface (README, scripts, Kubernetes manifests): they must all stay.
  private static final Set<String> PUBLIC_NAMES = Set.of("--max-duration-hours", "--max-size-gib", "--min-silence",
      "--silence-margin-db", "--silence-hysteresis-db", "--silence-threshold-db", "--transcription-engine",
      "--transcription-model", "--transcription-base-url", "--transcription-api-key-env", "--transcription-language",
      "--transcription-chunk-seconds", "--transcription-max-concurrent-requests",
      "--transcription-request-timeout-seconds", "--transcription-max-retries", "--pocketsphinx-args",
      "--layout-sample-fps", "--content-analyzer", "--gemini-model", "--gemini-base-url", "--gemini-api-key-env",
      "--max-clips", "--max-highlight-seconds", "--min-clip-seconds", "--max-clip-seconds",
      "--cut-silences-longer-than", "--cut-margin", "--clip-layout", "--join-timeout-minutes");

  /** The options {@code lhx batch ARGS} would run the job with. */
  private static LectureHighlightsOptions batchOptions(String... args) {
    CommandLine cl = Lhx.commandLine();
    CommandLine.ParseResult r = cl.parseArgs(concat(new String[] {"batch", "--input", "in.jsonl"}, args));
    BatchCommand batch = (BatchCommand) r.subcommand().commandSpec().userObject();
    return new BatchRunner(batch.settings).options("/tmp/lhx-job-options-test");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void everyPublicNameIsOfferedByEveryJobCommand() {
    CommandLine cl = new CommandLine(new Lhx());
    for (String command : List.of("batch", "demo", "stream", "retry-failed")) {
      Set<String> offered = cl.getSubcommands().get(command).getCommandSpec().options().stream()
          .flatMap(o -> java.util.Arrays.stream(o.names())).collect(Collectors.toCollection(TreeSet::new));
      for (String name : PUBLIC_NAMES) {
        assertTrue(offered.contains(name), command + " lacks " + name);
      }
    }
  }

  @Test
  void helpShowsTheBeamDescriptionAndDefault() {
    String[] r = LhxRun.run("batch", "--help");
    assertEquals("0", r[0]);
    String help = r[1].replaceAll("\\s+", " ");
    assertTrue(help.contains("--min-silence=<minSilenceSeconds>"), help);
    assertTrue(help.contains("Shortest pause reported as a silence, in seconds. Default: 0.5."), help);
    assertTrue(help.contains("--pocketsphinx-args") && help.contains("Default: -maxhmmpf 3000."), help);
    assertTrue(help.contains("--render-threads"), help);
    assertTrue(help.contains("--title-card=<titleCard>") && help.contains("fading out; off keeps the plain clip. "
        + "Default: off."), help);
    assertTrue(help.contains("--title-card-seconds=<titleCardSeconds>") && help.contains("with --title-card on. Default: 3."), help);
  }

  @Test
  void everyDeclaredOptionReachesTheJobOptions() throws Exception {
    for (JobOptions.Declared d : JobOptions.DECLARED) {
      String value = sample(d);
      LectureHighlightsOptions o = batchOptions(d.name(), value);
      Method getter = LectureHighlightsOptions.class.getMethod(
          (d.type() == boolean.class ? "is" : "get") + Character.toUpperCase(d.property().charAt(0))
              + d.property().substring(1));
      assertEquals(value, String.valueOf(getter.invoke(o)), d.name());
    }
  }

  /** A value of the type that no option has as its default (so a dropped value shows). */
  private static String sample(JobOptions.Declared d) {
    Class<?> type = d.type();
    switch (d.property()) {
      case "transcriptionEngine": return "whisper-api";
      case "contentAnalyzer": return "gemini";
      case "clipLayout": return "original";
      case "clipFormats": return "square,landscape";
      case "ocrLanguages": return "eng+deu";
      case "maxClipSeconds": return "250.5"; // above the default shortest clip
      case "clipHeight": return "960"; // even, 144..2160
      case "clipAudioKbps": return "96";
      case "clipPreset": return "medium";
      case "subtitles": return "off";
      case "embeddings": return "off";
      case "embeddingModel": return "gemini";
      case "geminiEmbeddingModel": return "text-embedding-004";
      case "subtitleStyle": return "outline";
      case "subtitleFont": return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"; // must exist
      case "subtitleSize": return "0.07";
      case "subtitleColor": return "yellow";
      case "subtitleBoxColor": return "#102030";
      case "subtitlePosition": return "top";
      case "titleCard": return "on";
      case "titleCardSeconds": return "4.5";
      default: break;
    }
    // Inside the option's declared range: 7.25, or -7.25 for an option that must not be positive.
    String sign = d.rules().max() < 7.25 ? "-" : "";
    if (type == double.class || type == Double.class) {
      return sign + "7.25";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return sign + "7";
    }
    return "https://example.invalid/" + d.property();
  }

  @Test
  void optionsNotGivenKeepTheBeamDefault() {
    LectureHighlightsOptions o = batchOptions();
    LectureHighlightsOptions beam = PipelineOptionsFactory.create().as(LectureHighlightsOptions.class);
    assertEquals(beam.getMinSilenceSeconds(), o.getMinSilenceSeconds());
    assertEquals(0.5, o.getMinSilenceSeconds());
    assertEquals(5, o.getMaxClips());
    assertEquals("pocketsphinx", o.getTranscriptionEngine());
    assertNull(o.getSilenceThresholdDb());
  }

  @Test
  void aPipelineArgAloneTakesEffect() {
    // Before: BatchRunner copied every lhx field over the parsed pipeline args, so this was silently 0.5.
    LectureHighlightsOptions o = batchOptions("--pipeline-arg=--minSilenceSeconds=0.8",
        "--pipeline-arg=--silenceThresholdDb=-42");
    assertEquals(0.8, o.getMinSilenceSeconds());
    assertEquals(-42.0, o.getSilenceThresholdDb());
  }

  @Test
  void aPipelineArgThatAnLhxOptionAlsoSetsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> batchOptions("--min-silence", "0.7", "--pipeline-arg=--minSilenceSeconds=0.8"));
    assertTrue(e.getMessage().contains("--min-silence") && e.getMessage().contains("minSilenceSeconds"),
        e.getMessage());
    IllegalArgumentException owned = assertThrows(IllegalArgumentException.class,
        () -> batchOptions("--pipeline-arg=--parallelism=8"));
    assertTrue(owned.getMessage().contains("--parallelism"), owned.getMessage());
    String[] r = LhxRun.run("batch", "--input", "/nonexistent/in.jsonl", "--output", "/tmp/x",
        "--pipeline-arg=--dbUrl=jdbc:postgresql://elsewhere/db");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("--db-url"), r[2]);
  }

  @Test
  void collisionsAndBadValuesAreUsageErrorsBeforeAnyJob() {
    String[] both = LhxRun.run("batch", "--input", "/nonexistent/in.jsonl", "--output", "/tmp/x", "--no-database",
        "--max-clips", "3", "--pipeline-arg=--maxClips=4");
    assertEquals("2", both[0], both[2]);
    assertTrue(both[2].contains("give only one of them"), both[2]);
    String[] notANumber = LhxRun.run("batch", "--input", "/nonexistent/in.jsonl", "--output", "/tmp/x",
        "--min-silence", "half");
    assertEquals("2", notANumber[0]);
    assertTrue(notANumber[2].contains("--min-silence"), notANumber[2]);
  }

  @Test
  void defaultsLhxChoosesGiveWayToAPipelineArg() {
    assertEquals("BATCH_FORCED", batchOptions().getExecutionModeForBatch());
    assertEquals("PIPELINED", batchOptions("--pipeline-arg=--executionModeForBatch=PIPELINED")
        .getExecutionModeForBatch());
    assertEquals("mine", batchOptions("--pipeline-arg=--jobName=mine").getJobName());
    assertTrue(batchOptions().getJobName().startsWith("lecture-highlights-"));
  }

  @Test
  void choicesAreTheStagesOwn() {
    assertEquals(io.lecturehighlights.transforms.transcription.TranscriptionConfig.ENGINES,
        List.of(rules("transcriptionEngine").oneOf()));
    assertEquals(io.lecturehighlights.transforms.content.ContentConfig.ANALYZERS,
        List.of(rules("contentAnalyzer").oneOf()));
    assertEquals(List.of(io.lecturehighlights.transforms.rendering.RenderConfig.VERTICAL,
        io.lecturehighlights.transforms.rendering.RenderConfig.ORIGINAL), List.of(rules("clipLayout").oneOf()));
  }

  private static io.lecturehighlights.pipeline.CommandLineName rules(String property) {
    return JobOptions.DECLARED.stream().filter(d -> d.property().equals(property)).findFirst().orElseThrow().rules();
  }

  @Test
  void unusableValuesAreUsageErrorsBeforeAnyJob(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String manifest = io.lecturehighlights.transforms.testing.Fixtures.testdata().resolve("manifest.jsonl").toString();
    String out = dir.resolve("out").toString();
    String[][] cases = {
        {"--max-clips", "0", "--max-clips '0' must be at least 1"},
        {"--min-silence", "-0.5", "--min-silence '-0.5' must be above 0"},
        {"--silence-threshold-db", "12", "--silence-threshold-db '12.0' must be at most 0"},
        {"--clip-layout", "square", "--clip-layout 'square' must be one of vertical, original"},
        {"--transcription-base-url", "api.openai.com/v1", "--transcription-base-url 'api.openai.com/v1' must be an http(s) URL"},
        {"--layout-sample-fps", "NaN", "--layout-sample-fps 'NaN' must be a finite number"},
        {"--pipeline-arg=--maxClips=-3", null, "--max-clips '-3' must be at least 1 (pipeline option maxClips)"},
        {"--parallelism", "0", "--parallelism must be at least 1"},
        {"--min-clip-seconds=130", null, "the job options do not fit together"},
        {"--clip-formats", "vertical,portrait", "--clip-formats: unknown clip format 'portrait'"},
        {"--clip-formats", "square,landscape,square", "--clip-formats: clip format 'square' is named twice"},
        {"--title-card", "yes", "--title-card 'yes' must be one of on, off"},
        {"--title-card-seconds", "0.5", "--title-card-seconds '0.5' must be at least 1"},
        {"--title-card-seconds", "12", "--title-card-seconds '12.0' must be at most 10"},
        {"--title-card-seconds", "three", "--title-card-seconds"},
        {"--clip-crf", "60", "--clip-crf '60' must be at most 51"},
        {"--clip-preset", "turbo", "--clip-preset 'turbo' must be one of ultrafast"},
        {"--clip-height", "721", "clip height must be even and 144..2160 pixels, got 721"},
        {"--clip-audio-kbps", "8", "--clip-audio-kbps '8' must be at least 32"},
        {"--subtitles", "maybe", "--subtitles 'maybe' must be one of on, off"},
        {"--subtitle-color", "chartreuse", "subtitle colour must be #RRGGBB or a colour name"},
        {"--subtitle-box-color", "#12345", "subtitle colour must be #RRGGBB or a colour name"},
        {"--subtitle-size", "0.5", "--subtitle-size '0.5' must be at most 0.15"},
        {"--subtitle-position", "middle", "--subtitle-position 'middle' must be one of bottom, top"},
        {"--subtitle-font", "/nonexistent/font.ttf", "--subtitle-font: no such font file: /nonexistent/font.ttf"},
    };
    for (String[] c : cases) {
      String[] r = c[1] == null ? LhxRun.run("batch", "--input", manifest, "--output", out, c[0])
          : LhxRun.run("batch", "--input", manifest, "--output", out, c[0], c[1]);
      assertEquals("2", r[0], c[0] + ": " + r[1] + r[2]);
      assertTrue(r[2].contains(c[2]), c[0] + ": " + r[2]);
      assertTrue(!java.nio.file.Files.exists(dir.resolve("out")), "no job should have started for " + c[0]);
    }
  }
}
