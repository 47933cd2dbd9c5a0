package io.lecturehighlights.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
      "Processes a batch of lectures: a manifest (JSON Lines or CSV, one lecture per row) or a glob of videos.",
      "Writes per lecture <output>/<jobId>/job.json, the analyses (silences, transcript, layout, segments,",
      "highlights) and clips/clip-NN.mp4/.jpg/.vtt; <output>/failures.jsonl and <output>/datasets/."
    })
final class BatchCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true,
      description = "Manifest (.jsonl/.ndjson/.json/.csv) or glob of video files, e.g. '/archive/fall-2026/**/*.mp4'.")
  String input;

  @Option(names = {"-o", "--output"}, required = true, description = "Output folder.")
  String output;

  @Mixin BatchSettings settings = new BatchSettings();

  @Override
  public Integer call() {
    return new BatchRunner(settings).run(input, output);
  }
}
