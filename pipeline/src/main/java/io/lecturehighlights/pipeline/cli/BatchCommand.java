package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.content.ContentConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "batch",
    modelTransformer = JobOptions.AddToCommand.class,
    mixinStandardHelpOptions = true,
    description = {
      "Processes a batch of lectures: a manifest (JSON Lines or CSV, one lecture per row) or a glob of videos.",
      "Writes per lecture <output>/<jobId>/job.json, the analyses (silences, transcript, layout, segments,",
      "highlights) and clips/clip-NN.mp4/.jpg/.vtt; <output>/failures.jsonl and <output>/datasets/.",
      "With --dry-run: lists what would be processed, with durations and the estimated cloud cost, and runs nothing."
    })
final class BatchCommand implements Callable<Integer> {
  enum Format { text, json }

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-i", "--input"}, required = true,
      description = "Manifest (.jsonl/.ndjson/.json/.csv) or glob of video files, e.g. '/archive/fall-2026/**/*.mp4'.")
  String input;

  @Option(names = {"-o", "--output"}, description = "Output folder (required, except with --dry-run).")
  String output;

  @Option(names = "--dry-run", description = "List each lecture (job id, location, course and title, duration and "
      + "size from the container header, and whether it would be processed, skipped as unchanged or rejected by "
      + "validation) with lecture-hours and the estimated cloud cost; start no job and write nothing.")
  boolean dryRun;

  @Option(names = "--format", defaultValue = "text", description = "--dry-run listing as text or json "
      + "(default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--whisper-usd-per-minute", defaultValue = CloudCostEstimate.WHISPER_USD_PER_MINUTE, description = "Whisper API price per audio "
      + "minute for the --dry-run estimate (default: ${DEFAULT-VALUE}, OpenAI's whisper-1).")
  double whisperUsdPerMinute;

  @Option(names = "--gemini-usd-per-million-input-tokens", description = "Gemini input price for the --dry-run "
      + "estimate (default: the content analyzer's, gemini-2.5-flash's published $0.30).")
  Double geminiInputUsdPerMillion;

  @Option(names = "--gemini-usd-per-million-output-tokens", description = "Gemini output price, thinking tokens "
      + "included, for the --dry-run estimate (default: the content analyzer's, gemini-2.5-flash's published $2.50).")
  Double geminiOutputUsdPerMillion;

  @Mixin BatchSettings settings = new BatchSettings();

  @Override
  public Integer call() {
    if (dryRun) {
      ContentConfig defaults = ContentConfig.defaults();
      double in = geminiInputUsdPerMillion != null ? geminiInputUsdPerMillion : defaults.inputPricePerMillionTokens();
      double out =
          geminiOutputUsdPerMillion != null ? geminiOutputUsdPerMillion : defaults.outputPricePerMillionTokens();
      if (!(whisperUsdPerMinute >= 0) || !(in >= 0) || !(out >= 0)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "prices must not be negative");
      }
      return new DryRun(settings, new DryRun.Prices(whisperUsdPerMinute, in, out), System.out, System.err).run(input, output, format == Format.json);
    }
    if (output == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--output=<output>'");
    }
    return new BatchRunner(settings).run(input, output);
  }
}
