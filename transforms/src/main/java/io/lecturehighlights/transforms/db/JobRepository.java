package io.lecturehighlights.transforms.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Reads job state for the command line: {@code lhx jobs}, {@code lhx status}, {@code lhx retry-failed}. */
public final class JobRepository {

  /** One row of the jobs table. */
  public static final class JobRow {
    public String jobId;
    public String source;
    public @Nullable String videoUri;
    public @Nullable String captionsUri;
    public @Nullable String title;
    public @Nullable String course;
    public @Nullable String semester;
    public @Nullable Integer lectureNumber;
    public @Nullable String instructor;
    public String status;
    public @Nullable String currentStage;
    public @Nullable String failedStage;
    public @Nullable String failureReason;
    public @Nullable String failureMessage;
    public @Nullable String contentFingerprint;
    public @Nullable Double durationSeconds;
    public String stageSeconds;
    public @Nullable Timestamp updatedAt;
    /** Runs that queued the job (each one an attempt in its history). */
    public int attempts;
  }

  /** One row of processing_logs. */
  public static final class LogRow {
    public String stage;
    public String status;
    public @Nullable Timestamp startedAt;
    public @Nullable Timestamp endedAt;
    public @Nullable Long durationMs;
    public @Nullable String message;
  }

  /** One row of job_events: a stage's or the job's transition in one attempt. */
  public static final class EventRow {
    public int attempt;
    /** A stage name, or {@code job} for the job's own transitions. */
    public String stage;
    /** started, finished, failed; for the job queued, completed, failed, rejected. */
    public String event;
    public Timestamp at;
    public @Nullable String worker;
    public @Nullable Long durationMs;
    public @Nullable String reason;
    public @Nullable String message;
  }

  private final DataSource dataSource;

  public JobRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Jobs matching every given filter (null = any), ordered by course, semester, lecture number, id. */
  public List<JobRow> list(@Nullable String course, @Nullable String semester, @Nullable String status)
      throws SQLException {
    Map<String, String> filters = new LinkedHashMap<>();
    if (course != null) {
      filters.put("course", course);
    }
    if (semester != null) {
      filters.put("semester", semester);
    }
    if (status != null) {
      filters.put("status", status);
    }
    StringBuilder sql = new StringBuilder("SELECT * FROM jobs");
    String sep = " WHERE ";
    for (String column : filters.keySet()) {
      sql.append(sep).append(column).append(" = ?");
      sep = " AND ";
    }
    sql.append(" ORDER BY course NULLS LAST, semester NULLS LAST, lecture_number NULLS LAST, job_id");
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      for (String v : filters.values()) {
        ps.setString(i++, v);
      }
      List<JobRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      return out;
    }
  }

  public @Nullable JobRow get(String jobId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM jobs WHERE job_id = ?")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  public List<LogRow> logs(String jobId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT * FROM processing_logs WHERE job_id = ? ORDER BY started_at NULLS LAST, stage")) {
      ps.setString(1, jobId);
      List<LogRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LogRow l = new LogRow();
          l.stage = rs.getString("stage");
          l.status = rs.getString("status");
          l.startedAt = rs.getTimestamp("started_at");
          l.endedAt = rs.getTimestamp("ended_at");
          long d = rs.getLong("duration_ms");
          l.durationMs = rs.wasNull() ? null : d;
          l.message = rs.getString("message");
          out.add(l);
        }
      }
      return out;
    }
  }

  /** The job's history: every event of every attempt, oldest attempt first, in the order they happened. */
  public List<EventRow> events(String jobId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT * FROM job_events WHERE job_id = ? ORDER BY attempt, at, id")) {
      ps.setString(1, jobId);
      List<EventRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          EventRow e = new EventRow();
          e.attempt = rs.getInt("attempt");
          e.stage = rs.getString("stage");
          e.event = rs.getString("event");
          e.at = rs.getTimestamp("at");
          e.worker = rs.getString("worker");
          long d = rs.getLong("duration_ms");
          e.durationMs = rs.wasNull() ? null : d;
          e.reason = rs.getString("reason");
          e.message = rs.getString("message");
          out.add(e);
        }
      }
      return out;
    }
  }

  /** job id -> content fingerprint of every completed job that has one (for incremental batches). */
  public Map<String, String> completedFingerprints() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT job_id, content_fingerprint FROM jobs WHERE status = 'completed' "
                + "AND content_fingerprint IS NOT NULL");
        ResultSet rs = ps.executeQuery()) {
      Map<String, String> out = new LinkedHashMap<>();
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
      return out;
    }
  }

  /** Row counts of the result tables, for checks and the end-of-batch summary. */
  public Map<String, Long> counts() throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      for (String t : new String[] {"jobs", "processing_logs", "silence_analysis", "silence_regions"}) {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + t);
            ResultSet rs = ps.executeQuery()) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
    }
    return out;
  }

  private static JobRow row(ResultSet rs) throws SQLException {
    JobRow r = new JobRow();
    r.jobId = rs.getString("job_id");
    r.source = rs.getString("source");
    r.videoUri = rs.getString("video_uri");
    r.captionsUri = rs.getString("captions_uri");
    r.title = rs.getString("title");
    r.course = rs.getString("course");
    r.semester = rs.getString("semester");
    int n = rs.getInt("lecture_number");
    r.lectureNumber = rs.wasNull() ? null : n;
    r.instructor = rs.getString("instructor");
    r.status = rs.getString("status");
    r.currentStage = rs.getString("current_stage");
    r.failedStage = rs.getString("failed_stage");
    r.failureReason = rs.getString("failure_reason");
    r.failureMessage = rs.getString("failure_message");
    r.contentFingerprint = rs.getString("content_fingerprint");
    double d = rs.getDouble("duration_seconds");
    r.durationSeconds = rs.wasNull() ? null : d;
    r.stageSeconds = rs.getString("stage_seconds");
    r.updatedAt = rs.getTimestamp("updated_at");
    r.attempts = rs.getInt("attempts");
    return r;
  }
}
