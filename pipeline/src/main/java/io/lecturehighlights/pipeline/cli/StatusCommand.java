package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.db.JobRepository;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PooledDataSources;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Without a job id: how many jobs are in each status. With one: the job, its metadata, outcome, "
        + "the time spent in each stage, and its attempts (every run that picked it up: each stage's outcome, time, "
        + "worker and reason).")
final class StatusCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "JOB_ID", description = "A job id (see lhx jobs).")
  String jobId;

  @Option(names = "--json", description = "Print JSON: the counts per status, or the job with its stages and attempts.")
  boolean json;

  @Option(names = "--work-dir", description = "Work folder of the embedded database (default: $LHX_HOME or ~/.lecture-highlights).")
  Path workDir;

  @Mixin DatabaseSettings database = new DatabaseSettings();

  @Override
  public Integer call() {
    try (ResultsDatabase db = ResultsDatabase.open(database, BatchSettings.workDir(workDir))) {
      JobRepository repo = new JobRepository(PooledDataSources.get(db.config()));
      if (jobId == null) {
        Map<String, Integer> byStatus = new TreeMap<>();
        for (JobRepository.JobRow r : repo.list(null, null, null)) {
          byStatus.merge(r.status, 1, Integer::sum);
        }
        int total = byStatus.values().stream().mapToInt(Integer::intValue).sum();
        if (json) {
          ObjectNode n = Json.MAPPER.createObjectNode();
          n.put("jobs", total);
          ObjectNode counts = n.putObject("byStatus");
          byStatus.forEach(counts::put);
          System.out.println(Json.MAPPER.writeValueAsString(n));
          return 0;
        }
        System.out.printf("%d jobs:", total);
        byStatus.forEach((k, v) -> System.out.printf(" %s %d", k, v));
        System.out.println();
        return 0;
      }
      JobRepository.JobRow r = repo.get(jobId);
      if (r == null) {
        System.err.println("lhx: no job " + jobId + " (lhx jobs lists them)");
        return 1;
      }
      List<JobRepository.LogRow> logs = repo.logs(jobId);
      List<JobHistory.Attempt> attempts = JobHistory.attempts(repo.events(jobId));
      if (json) {
        ObjectNode n = JobsCommand.json(r);
        ArrayNode stages = n.putArray("stages");
        for (JobRepository.LogRow l : logs) {
          ObjectNode s = stages.addObject();
          s.put("stage", l.stage);
          s.put("status", l.status);
          s.put("startedAt", JobHistory.iso(l.startedAt));
          s.put("endedAt", JobHistory.iso(l.endedAt));
          s.put("durationMs", l.durationMs);
          s.put("message", l.message);
        }
        n.set("attempts", JobHistory.json(attempts));
        System.out.println(Json.MAPPER.writeValueAsString(n));
        return 0;
      }
      System.out.printf("job        %s%nstatus     %s%s%n", r.jobId, r.status,
          r.currentStage != null ? " (" + r.currentStage + ")" : "");
      if ("failed".equals(r.status)) {
        System.out.printf("failed at  %s: %s%n           %s%n", r.failedStage, r.failureReason, r.failureMessage);
      }
      System.out.printf("video      %s%nsource     %s%n", r.videoUri, r.source);
      System.out.printf("lecture    %s | %s | %s | #%s | %s%n", nz(r.course), nz(r.semester), nz(r.title),
          r.lectureNumber == null ? "-" : r.lectureNumber, nz(r.instructor));
      if (r.durationSeconds != null) {
        System.out.printf("duration   %.1f s%n", r.durationSeconds);
      }
      System.out.printf("updated    %s%n", r.updatedAt);
      if (!logs.isEmpty()) {
        System.out.printf("%nSTAGE          STATUS     STARTED                  SECONDS  MESSAGE%n");
        for (JobRepository.LogRow l : logs) {
          System.out.printf("%-14s %-10s %-24s %7s  %s%n", l.stage, l.status, l.startedAt == null ? "-" : l.startedAt,
              l.durationMs == null ? "-" : String.format("%.2f", l.durationMs / 1000.0), nz(l.message));
        }
      }
      JobHistory.print(attempts, System.out);
      return 0;
    } catch (Migrations.DatabaseUnavailable | SQLException | JsonProcessingException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    }
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }
}
