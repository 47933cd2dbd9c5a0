package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.db.JobRepository;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's attempts, from its job_events history: per attempt when it was queued, how it ended, and each stage's
 * outcome, time, worker and reason. For {@code lhx status JOB} and {@code lhx status --json JOB}.
 */
final class JobHistory {
  /** The job's own transitions are recorded under this stage name. */
  static final String JOB = "job";

  /** One stage in one attempt: its last event decides the outcome. */
  static final class StageRun {
    String stage;
    /** finished, failed, or running (started, no end recorded). */
    String outcome;
    Timestamp startedAt;
    Timestamp endedAt;
    Long durationMs;
    String worker;
    String reason;
    String message;
  }

  static final class Attempt {
    int number;
    Timestamp queuedAt;
    /** completed, failed, rejected; running while the attempt has no outcome (or the run stopped without one). */
    String outcome = "running";
    Timestamp endedAt;
    Long durationMs;
    /** The stage that failed, for a failed or rejected attempt. */
    String failedStage;
    String reason;
    String message;
    final List<StageRun> stages = new ArrayList<>();
    final List<JobRepository.EventRow> events = new ArrayList<>();
  }

  private JobHistory() {}

  static List<Attempt> attempts(List<JobRepository.EventRow> events) {
    Map<Integer, Attempt> byNumber = new LinkedHashMap<>();
    Map<Integer, Map<String, StageRun>> stages = new LinkedHashMap<>();
    for (JobRepository.EventRow e : events) {
      Attempt a = byNumber.computeIfAbsent(e.attempt, n -> {
        Attempt x = new Attempt();
        x.number = n;
        return x;
      });
      a.events.add(e);
      if (JOB.equals(e.stage)) {
        if ("queued".equals(e.event)) {
          a.queuedAt = e.at;
        } else {
          a.outcome = e.event;
          a.endedAt = e.at;
          a.durationMs = e.durationMs;
          a.reason = e.reason;
          a.message = e.message;
        }
        continue;
      }
      StageRun s = stages.computeIfAbsent(e.attempt, n -> new LinkedHashMap<>()).computeIfAbsent(e.stage, n -> {
        StageRun x = new StageRun();
        x.stage = n;
        a.stages.add(x);
        return x;
      });
      if ("started".equals(e.event)) {
        if (s.startedAt == null) {
          s.startedAt = e.at;
        }
        if (s.outcome == null || "running".equals(s.outcome)) {
          s.outcome = "running";
          s.worker = e.worker;
        }
      } else {
        s.outcome = e.event;
        s.endedAt = e.at;
        s.worker = e.worker;
        s.reason = e.reason;
        s.message = e.message;
        // A failure carries no duration: the time since the stage started stands in.
        s.durationMs = e.durationMs != null ? e.durationMs
            : s.startedAt != null ? Long.valueOf(Math.max(0, e.at.getTime() - s.startedAt.getTime())) : null;
      }
    }
    for (Attempt a : byNumber.values()) {
      for (StageRun s : a.stages) {
        if ("failed".equals(s.outcome)) {
          a.failedStage = s.stage;
        }
      }
    }
    return new ArrayList<>(byNumber.values());
  }

  /** The attempts section of {@code lhx status JOB}. */
  static void print(List<Attempt> attempts, PrintStream out) {
    if (attempts.isEmpty()) {
      return;
    }
    out.printf("%nATTEMPTS   %d%n", attempts.size());
    for (Attempt a : attempts) {
      StringBuilder head = new StringBuilder("attempt ").append(a.number);
      if (a.queuedAt != null) {
        head.append("  queued ").append(a.queuedAt);
      }
      head.append("  ").append(a.outcome);
      if (a.failedStage != null && !"running".equals(a.outcome)) {
        head.append(" at ").append(a.failedStage);
      }
      if (a.durationMs != null) {
        head.append(String.format(" after %.2f s", a.durationMs / 1000.0));
      }
      if (a.reason != null || a.message != null) {
        head.append(": ").append(reason(a.reason, a.message));
      }
      out.println(head);
      if (!a.stages.isEmpty()) {
        out.printf("  %-14s %-9s %8s  %-28s %s%n", "STAGE", "OUTCOME", "SECONDS", "WORKER", "REASON");
        for (StageRun s : a.stages) {
          out.printf("  %-14s %-9s %8s  %-28s %s%n", s.stage, s.outcome,
              s.durationMs == null ? "-" : String.format("%.2f", s.durationMs / 1000.0), nz(s.worker),
              s.reason == null && s.message == null ? "-" : reason(s.reason, s.message));
        }
      }
    }
  }

  static ArrayNode json(List<Attempt> attempts) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (Attempt a : attempts) {
      ObjectNode n = out.addObject();
      n.put("attempt", a.number);
      n.put("queuedAt", iso(a.queuedAt));
      n.put("outcome", a.outcome);
      n.put("endedAt", iso(a.endedAt));
      n.put("durationMs", a.durationMs);
      n.put("failedStage", a.failedStage);
      n.put("reason", a.reason);
      n.put("message", a.message);
      ArrayNode stages = n.putArray("stages");
      for (StageRun s : a.stages) {
        ObjectNode sn = stages.addObject();
        sn.put("stage", s.stage);
        sn.put("outcome", s.outcome);
        sn.put("startedAt", iso(s.startedAt));
        sn.put("endedAt", iso(s.endedAt));
        sn.put("durationMs", s.durationMs);
        sn.put("worker", s.worker);
        sn.put("reason", s.reason);
        sn.put("message", s.message);
      }
      ArrayNode events = n.putArray("events");
      for (JobRepository.EventRow e : a.events) {
        ObjectNode en = events.addObject();
        en.put("stage", e.stage);
        en.put("event", e.event);
        en.put("at", iso(e.at));
        en.put("worker", e.worker);
        en.put("durationMs", e.durationMs);
        en.put("reason", e.reason);
        en.put("message", e.message);
      }
    }
    return out;
  }

  static String iso(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }

  private static String reason(String reason, String message) {
    if (reason == null) {
      return message;
    }
    return message == null ? reason : reason + ": " + message;
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }
}
