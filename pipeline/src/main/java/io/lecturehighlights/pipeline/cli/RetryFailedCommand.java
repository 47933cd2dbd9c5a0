package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.db.JobRepository;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PooledDataSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "retry-failed",
    modelTransformer = JobOptions.AddToCommand.class,
    mixinStandardHelpOptions = true,
    description = "Re-submits every failed job (optionally of one course or semester) as a new batch with the same "
        + "job ids, so their rows and output folders are replaced.")
final class RetryFailedCommand implements Callable<Integer> {
  @Option(names = {"-o", "--output"}, required = true, description = "Output folder of the retry batch.")
  String output;

  @Option(names = "--course", description = "Only failed jobs of this course.")
  String course;

  @Option(names = "--semester", description = "Only failed jobs of this semester.")
  String semester;

  @Mixin BatchSettings settings = new BatchSettings();

  @Override
  public Integer call() {
    List<JobRepository.JobRow> failed;
    try (ResultsDatabase db = ResultsDatabase.open(settings.database, settings.workDir())) {
      failed = new JobRepository(PooledDataSources.get(db.config())).list(course, semester, "failed");
    } catch (Migrations.DatabaseUnavailable | SQLException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    }
    if (failed.isEmpty()) {
      System.out.println("No failed jobs to retry.");
      return 0;
    }
    Path manifest;
    try {
      manifest = writeManifest(failed, settings.workDir());
    } catch (IOException e) {
      System.err.println("lhx: cannot write the retry manifest: " + e.getMessage());
      return 2;
    }
    System.out.printf("Retrying %d failed job%s (manifest %s)%n", failed.size(), failed.size() == 1 ? "" : "s", manifest);
    settings.force = true;
    return new BatchRunner(settings).run(manifest.toString(), output);
  }

  /** A JSON Lines manifest that reproduces each job: same id, location, captions and metadata. */
  static Path writeManifest(List<JobRepository.JobRow> jobs, Path workDir) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (JobRepository.JobRow r : jobs) {
      ObjectNode n = Json.COMPACT.createObjectNode();
      n.put("jobId", r.jobId);
      n.put("video", r.videoUri == null ? "" : r.videoUri);
      n.put("captions", r.captionsUri);
      n.put("title", r.title);
      n.put("course", r.course);
      n.put("semester", r.semester);
      if (r.lectureNumber != null) {
        n.put("lectureNumber", r.lectureNumber);
      }
      n.put("instructor", r.instructor);
      sb.append(n).append('\n');
    }
    Path dir = workDir.resolve("retries");
    Files.createDirectories(dir);
    Path file = dir.resolve("retry-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".jsonl");
    Files.writeString(file, sb);
    return file;
  }
}
