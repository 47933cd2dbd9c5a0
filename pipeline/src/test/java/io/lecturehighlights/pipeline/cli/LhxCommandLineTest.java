package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: help everywhere, clear errors and exit code 2 for unusable input, before any job. */
class LhxCommandLineTest {

  private static String[] run(String... args) {
    return LhxRun.run(args);
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args : new String[][] {{"--help"}, {"batch", "--help"}, {"demo", "--help"}}) {
      String[] r = run(args);
      assertEquals("0", r[0], String.join(" ", args));
      assertTrue(r[1].contains("Usage: lhx"), r[1]);
    }
    assertTrue(run("batch", "--help")[1].contains("--input"));
    assertTrue(run("--help")[1].contains("batch") && run("--help")[1].contains("demo"));
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    String[] r = run("batch", "--output", "/tmp/x");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--input"), r[2]);
  }

  @Test
  void missingManifestFailsFastWithItsPath(@TempDir Path dir) {
    String[] r = run("batch", "--input", dir.resolve("nope.jsonl").toString(), "--output", dir.resolve("out").toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("manifest not found") && r[2].contains("nope.jsonl"), r[2]);
    assertTrue(!Files.exists(dir.resolve("out")), "no job should have started");
  }

  @Test
  void misspelledEngineNamesAreUsageErrorsBeforeAnyJob(@TempDir Path dir) {
    String manifest = io.lecturehighlights.transforms.testing.Fixtures.testdata().resolve("manifest.jsonl").toString();
    String[] r = run("batch", "--input", manifest, "--output", dir.resolve("out").toString(),
        "--transcription-engine", "whisper");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("--transcription-engine 'whisper' must be one of pocketsphinx, whisper-api"), r[2]);
    r = run("batch", "--input", manifest, "--output", dir.resolve("out").toString(), "--content-analyzer", "gemni");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("--content-analyzer 'gemni'"), r[2]);
    assertTrue(!Files.exists(dir.resolve("out")), "no job should have started");
  }

  @Test
  void globMatchingNothingFailsFast(@TempDir Path dir) {
    String[] r = run("batch", "--input", dir.resolve("*.mp4").toString(), "--output", dir.resolve("out").toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("nothing to process"), r[2]);
  }

  @Test
  void streamNeedsAQueueAndStaticCredentialsNeedTheirKeys(@TempDir Path dir) {
    String[] noQueue = run("stream", "--output", dir.resolve("out").toString());
    assertEquals("2", noQueue[0]);
    assertTrue(noQueue[2].contains("--queue"), noQueue[2]);
    assertTrue(run("stream", "--help")[1].contains("--stop-when-idle"));

    String[] r = run("stream", "--queue", "http://127.0.0.1:1/000000000000/q", "--output", dir.resolve("out").toString(),
        "--aws-credentials", "static", "--aws-access-key-env", "LHX_TEST_NO_SUCH_VARIABLE");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("$LHX_TEST_NO_SUCH_VARIABLE"), r[2]);
    assertTrue(!Files.exists(dir.resolve("out")), "no job should have started");
  }

  @Test
  void anUnusableOutputOrQueueIsAUsageErrorBeforeAnyJob(@TempDir Path dir) throws Exception {
    String manifest = io.lecturehighlights.transforms.testing.Fixtures.testdata().resolve("manifest.jsonl").toString();
    Path file = Files.writeString(dir.resolve("taken"), "a file");
    String[] r = run("batch", "--input", manifest, "--output", file.toString(), "--no-database");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("is a file, not a folder"), r[2]);

    r = run("stream", "--queue", "lecture-uploads", "--output", dir.resolve("out").toString(), "--no-database");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("--queue must be an SQS queue URL"), r[2]);
    assertTrue(r[1].isEmpty() || !r[1].contains("Streaming"), "no stream should have started: " + r[1]);
  }

  @Test
  void s3SettingsBecomeBeamAwsOptions() {
    AwsSettings aws = new AwsSettings();
    picocli.CommandLine.populateCommand(aws, "--s3-endpoint", "http://localhost:9000", "--aws-region", "eu-west-1");
    io.lecturehighlights.pipeline.LectureHighlightsOptions o = org.apache.beam.sdk.options.PipelineOptionsFactory
        .create().as(io.lecturehighlights.pipeline.LectureHighlightsOptions.class);
    aws.applyTo(o);
    assertEquals("http://localhost:9000", o.getEndpoint().toString());
    assertEquals("eu-west-1", o.getAwsRegion().id());
    // An S3-compatible server by host name needs path-style addresses; AWS itself does not.
    assertEquals(io.lecturehighlights.transforms.common.PathStyleS3ClientBuilderFactory.class,
        o.getS3ClientFactoryClass());
    AwsSettings plain = new AwsSettings();
    picocli.CommandLine.populateCommand(plain);
    io.lecturehighlights.pipeline.LectureHighlightsOptions p = org.apache.beam.sdk.options.PipelineOptionsFactory
        .create().as(io.lecturehighlights.pipeline.LectureHighlightsOptions.class);
    plain.applyTo(p);
    assertTrue(p.getS3ClientFactoryClass() != io.lecturehighlights.transforms.common.PathStyleS3ClientBuilderFactory.class);
  }

  @Test
  void clusterRunnerNeedsAMaster(@TempDir Path dir) throws Exception {
    Path m = Files.writeString(dir.resolve("m.jsonl"), "{\"video\":\"a.mp4\"}\n");
    String[] r = run("batch", "--input", m.toString(), "--output", dir.resolve("out").toString(), "--runner", "flink");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--flink-master"), r[2]);
  }

  @Test
  void databaseDownAtStartIsAClearErrorBeforeAnyJob(@TempDir Path dir) throws Exception {
    Path m = Files.writeString(dir.resolve("m.jsonl"), "{\"video\":\"a.mp4\"}\n");
    String[] r = run("batch", "--input", m.toString(), "--output", dir.resolve("out").toString(),
        "--db-url", "jdbc:postgresql://127.0.0.1:1/lectures");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/lectures"), r[2]);
    assertTrue(!Files.exists(dir.resolve("out")), "no job should have started");
  }

  @Test
  void embeddedFlinkConfigurationIsFilledIn(@TempDir Path dir) throws Exception {
    Path conf = EmbeddedFlink.writeConfig(dir, 18081, 2);
    String yaml = Files.readString(conf.resolve("flink-conf.yaml"));
    assertTrue(yaml.contains("rest.port: 18081"), yaml);
    assertTrue(yaml.contains("io.tmp.dirs: " + dir.toAbsolutePath() + "/flink/tmp"), yaml);
    assertTrue(yaml.contains("taskmanager.numberOfTaskSlots: 2"), yaml);
    assertTrue(!yaml.contains("${"), yaml);
  }
}
