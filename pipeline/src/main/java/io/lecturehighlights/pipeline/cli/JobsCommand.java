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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Lists jobs from the results database, one line each: id, status, stage, course, semester, title; "
        + "failed jobs with their stage and reason.")
final class JobsCommand implements Callable<Integer> {
  @Option(names = "--course", description = "Only this course, e.g. 'PHYS 101'.")
  String course;

  @Option(names = "--semester", description = "Only this semester, e.g. fall-2026.")
  String semester;

  @Option(names = "--status", description = "Only jobs in this status: queued, running, completed or failed.")
  String status;

  @Option(names = "--json", description = "Print the jobs as a JSON array (one object per job, with its attempt count).")
  boolean json;

  @Option(names = "--work-dir", description = "Work folder of the embedded database (default: $LHX_HOME or ~/.lecture-highlights).")
  Path workDir;

  @Mixin DatabaseSettings database = new DatabaseSettings();

  @Override
  public Integer call() {
    try (ResultsDatabase db = ResultsDatabase.open(database, BatchSettings.workDir(workDir))) {
      List<JobRepository.JobRow> rows =
          new JobRepository(PooledDataSources.get(db.config())).list(course, semester, status);
      if (json) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        rows.forEach(r -> out.add(json(r)));
        System.out.println(Json.MAPPER.writeValueAsString(out));
      } else {
        print(rows);
      }
      return 0;
    } catch (Migrations.DatabaseUnavailable | SQLException | JsonProcessingException e) {
      System.err.println("lhx: " + e.getMessage());
      return 2;
    }
  }

  /** A job row as JSON: the fields of lhx jobs and lhx status, timestamps in ISO-8601 (UTC). */
  static ObjectNode json(JobRepository.JobRow r) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("jobId", r.jobId);
    n.put("status", r.status);
    n.put("currentStage", r.currentStage);
    n.put("failedStage", r.failedStage);
    n.put("failureReason", r.failureReason);
    n.put("failureMessage", r.failureMessage);
    n.put("course", r.course);
    n.put("semester", r.semester);
    n.put("title", r.title);
    n.put("lectureNumber", r.lectureNumber);
    n.put("instructor", r.instructor);
    n.put("videoUri", r.videoUri);
    n.put("captionsUri", r.captionsUri);
    n.put("source", r.source);
    n.put("durationSeconds", r.durationSeconds);
    n.put("attemptCount", r.attempts);
    n.put("updatedAt", JobHistory.iso(r.updatedAt));
    return n;
  }

  static void print(List<JobRepository.JobRow> rows) {
    System.out.printf("%-40s %-10s %-14s %-10s %-12s %s%n", "JOB ID", "STATUS", "STAGE", "COURSE", "SEMESTER", "TITLE / REASON");
    for (JobRepository.JobRow r : rows) {
      String stage = "failed".equals(r.status) ? r.failedStage : r.currentStage;
      String detail = "failed".equals(r.status)
          ? r.failureReason + ": " + r.failureMessage
          : r.title == null ? "" : r.title;
      System.out.printf("%-40s %-10s %-14s %-10s %-12s %s%n", r.jobId, r.status, stage == null ? "-" : stage,
          r.course == null ? "-" : r.course, r.semester == null ? "-" : r.semester, detail);
    }
    System.out.printf("%d job%s%n", rows.size(), rows.size() == 1 ? "" : "s");
  }
}
