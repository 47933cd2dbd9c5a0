package io.lecturehighlights.pipeline.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    modelTransformer = JobOptions.AddToCommand.class,
    mixinStandardHelpOptions = true,
    description = {
      "Runs a batch over the project's synthetic lectures (testdata/manifest.jsonl, good and bad inputs) with every",
      "embedded default. With --stream, the streaming deployment instead: starts local S3 (S3Proxy) and SQS",
      "(ElasticMQ), runs lhx stream on them, enqueues the lectures (uploaded as uploads/<course>/<semester>/<file>)",
      "with a malformed message and a repeated notification, stops when idle and stops the services."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--testdata", description = "The project's testdata folder (default: found from here or the jar).")
  Path testdata;

  @Option(names = {"-o", "--output"}, description = "Output folder (default: lhx-out/demo, with --stream "
      + "lhx-out/demo-stream).")
  String output;

  @Option(names = "--stream", description = "Run the streaming demo (local S3 and SQS, lhx stream until idle) "
      + "instead of the batch.")
  boolean stream;

  @Mixin BatchSettings settings = new BatchSettings();

  @Override
  public Integer call() {
    Path dir = testdata != null ? testdata : findTestdata();
    if (dir == null || !Files.isRegularFile(dir.resolve("manifest.jsonl"))) {
      System.err.println("lhx demo: cannot find testdata/manifest.jsonl; run it from the project folder or pass --testdata");
      return 2;
    }
    if (stream) {
      return new StreamDemo(settings, dir, output != null ? output : "lhx-out/demo-stream", System.out, System.err)
          .run();
    }
    System.out.println("Demo over " + dir.resolve("manifest.jsonl"));
    return new BatchRunner(settings).run(dir.resolve("manifest.jsonl").toString(),
        output != null ? output : "lhx-out/demo");
  }

  /** ./testdata, or testdata beside the project folder the jar was built in (benchmarks/target/lhx.jar). */
  static Path findTestdata() {
    Path here = Paths.get("testdata").toAbsolutePath();
    if (Files.isDirectory(here)) {
      return here;
    }
    try {
      File jar = new File(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path candidate = jar.toPath().getParent().getParent().getParent().resolve("testdata");
      return Files.isDirectory(candidate) ? candidate : null;
    } catch (Exception e) {
      return null;
    }
  }
}
