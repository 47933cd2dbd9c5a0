package io.lecturehighlights.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.PooledDataSources;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** Where the live progress of a batch is read from: the results database, or the job.json files. */
interface ProgressSource extends AutoCloseable {
  ProgressModel.Observation read() throws IOException, SQLException;

  /** Mean stage durations of earlier runs (the estimate's prior); empty when there are none. */
  default Map<String, Double> priorStageMillis() {
    return Map.of();
  }

  @Override
  default void close() {}

  /**
   * The results database: two aggregate queries per read over this run's rows (jobs updated since the run started
   * and their processing_logs; "running" counts only lectures with no failed stage), on one connection of its own, so the pipeline's writers keep their pool. Times are
   * taken on the database's clock, like the rows' own timestamps.
   */
  final class Database implements ProgressSource {
    // This run's jobs; "live" ones are unfinished with no failed stage (a failed stage's job record follows later).
    private static final String RUN = "WITH run AS (SELECT j.job_id, j.status, j.status IN ('queued', 'running') "
        + "AND NOT EXISTS (SELECT 1 FROM processing_logs f WHERE f.job_id = j.job_id AND f.status = 'failed') AS live "
        + "FROM jobs j WHERE j.updated_at >= ?) ";
    static final String JOBS = RUN + "SELECT count(*) FILTER (WHERE status = 'queued' AND live), "
        + "count(*) FILTER (WHERE status = 'running' AND live), count(*) FILTER (WHERE status = 'completed'), "
        + "count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status IN ('queued', 'running') "
        + "AND NOT live), count(*) FILTER (WHERE job_id = ANY (?)) FROM run";
    // Per stage; a running row's time counts up to the longest completed duration of its stage (see ProgressModel).
    static final String STAGES = RUN + ", logs AS (SELECT l.stage, l.status, l.duration_ms, l.started_at, r.live, "
        + "GREATEST(0, EXTRACT(EPOCH FROM now() - l.started_at) * 1000) AS spent, "
        + "max(l.duration_ms) FILTER (WHERE l.status = 'completed') OVER (PARTITION BY l.stage) AS longest "
        + "FROM processing_logs l JOIN run r ON r.job_id = l.job_id) "
        + "SELECT stage, count(*) FILTER (WHERE status = 'running' AND live), "
        + "count(*) FILTER (WHERE status = 'completed'), count(*) FILTER (WHERE status = 'failed'), "
        + "count(duration_ms) FILTER (WHERE status = 'completed'), "
        + "COALESCE(sum(duration_ms) FILTER (WHERE status = 'completed'), 0), "
        + "COALESCE(sum(LEAST(spent, COALESCE(longest, spent))) FILTER (WHERE status = 'running' AND live), 0), "
        + "count(*) FILTER (WHERE status = 'completed' AND live), EXTRACT(EPOCH FROM now() - min(started_at)) "
        + "FROM logs GROUP BY stage";
    static final String PRIOR = "SELECT stage, avg(duration_ms) FROM processing_logs "
        + "WHERE status = 'completed' AND duration_ms IS NOT NULL AND updated_at < ? GROUP BY stage";

    private final DatabaseConfig config;
    private final Timestamp since;
    private final String[] skipCandidates;
    private Connection connection;

    /**
     * @param startedMillis the run's start; rows updated from a second before it on are this run's
     * @param skipCandidates job ids of the input that an earlier run completed
     */
    Database(DatabaseConfig config, long startedMillis, Collection<String> skipCandidates) {
      this.config = config;
      this.since = new Timestamp(startedMillis - 1000);
      this.skipCandidates = skipCandidates.toArray(new String[0]);
    }

    private Connection connection() throws SQLException {
      if (connection == null || connection.isClosed()) {
        Properties p = new Properties();
        p.setProperty("user", config.user());
        if (config.password() != null) {
          p.setProperty("password", config.password());
        }
        p.setProperty("ApplicationName", PooledDataSources.APPLICATION_NAME + "-progress");
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "10");
        connection = DriverManager.getConnection(config.url(), p);
      }
      return connection;
    }

    @Override
    public ProgressModel.Observation read() throws SQLException {
      try {
        Connection c = connection();
        int[] jobs = new int[6];
        try (PreparedStatement ps = c.prepareStatement(JOBS)) {
          ps.setTimestamp(1, since);
          ps.setArray(2, c.createArrayOf("text", skipCandidates));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            for (int i = 0; i < jobs.length; i++) {
              jobs[i] = rs.getInt(i + 1);
            }
          }
        }
        Map<String, ProgressModel.StageTally> stages = new HashMap<>();
        double active = 0;
        try (PreparedStatement ps = c.prepareStatement(STAGES)) {
          ps.setTimestamp(1, since);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              stages.put(rs.getString(1), new ProgressModel.StageTally(rs.getInt(2), rs.getInt(3), rs.getInt(4),
                  rs.getInt(5), rs.getLong(6), Math.round(rs.getDouble(7)), rs.getInt(8)));
              active = Math.max(active, rs.getDouble(9));
            }
          }
        }
        return new ProgressModel.Observation(jobs[0], jobs[1], jobs[2], jobs[3], jobs[4], jobs[5], stages, active);
      } catch (SQLException e) {
        // A dropped connection is opened again on the next read.
        close();
        throw e;
      }
    }

    @Override
    public Map<String, Double> priorStageMillis() {
      Map<String, Double> out = new HashMap<>();
      try (PreparedStatement ps = connection().prepareStatement(PRIOR)) {
        ps.setTimestamp(1, since);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getDouble(2));
          }
        }
      } catch (SQLException e) {
        close();
        // No prior: the estimate waits for this run's own figures.
      }
      return out;
    }

    @Override
    public void close() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // gone either way
        }
        connection = null;
      }
    }
  }

  /**
   * The output folder (no database): each {@code <out>/<jobId>/job.json} newer than the run's start is a finished
   * lecture, with its status and stage timings. Lectures in flight are invisible here.
   */
  final class JobFiles implements ProgressSource {
    private final Path output;
    private final long startedMillis;
    private final Set<String> skipCandidates;
    private final Map<String, JsonNode> finished = new TreeMap<>();

    JobFiles(Path output, long startedMillis, Set<String> skipCandidates) {
      this.output = output;
      this.startedMillis = startedMillis;
      this.skipCandidates = Set.copyOf(skipCandidates);
    }

    /** The finished lectures' job.json, by job id. */
    synchronized Map<String, JsonNode> finished() {
      return new TreeMap<>(finished);
    }

    @Override
    public synchronized ProgressModel.Observation read() throws IOException {
      if (Files.isDirectory(output)) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(output, Files::isDirectory)) {
          for (Path dir : dirs) {
            String jobId = dir.getFileName().toString();
            Path job = dir.resolve("job.json");
            if (finished.containsKey(jobId) || !Files.isRegularFile(job)
                || Files.getLastModifiedTime(job).toMillis() < startedMillis - 1000) {
              continue;
            }
            try {
              finished.put(jobId, Json.MAPPER.readTree(job.toFile()));
            } catch (IOException partial) {
              // Being written; the next read gets it.
            }
          }
        }
      }
      return observe(finished.values(), skipCandidates, Math.max(0, (System.currentTimeMillis() - startedMillis) / 1000.0));
    }

    /** Finished lectures' job.json as an observation: stages they completed (with timings) or failed. */
    static ProgressModel.Observation observe(Collection<JsonNode> jobs, Set<String> skipCandidates,
        double elapsedSeconds) {
      int completed = 0;
      int failed = 0;
      int candidates = 0;
      Map<String, int[]> counts = new HashMap<>();
      for (JsonNode n : jobs) {
        boolean ok = "completed".equals(n.path("status").asText());
        if (ok) {
          completed++;
        } else {
          failed++;
        }
        if (skipCandidates.contains(n.path("jobId").asText())) {
          candidates++;
        }
        String failedStage = ok ? null : n.path("failedStage").asText(null);
        for (Iterator<String> it = n.path("stageTimings").fieldNames(); it.hasNext(); ) {
          String stage = it.next();
          if (!stage.equals(failedStage)) {
            counts.computeIfAbsent(stage, k -> new int[2])[0]++;
          }
        }
        if (failedStage != null) {
          counts.computeIfAbsent(failedStage, k -> new int[2])[1]++;
        }
      }
      // Counts only, no durations: with the lectures in flight invisible, a speed from the timings would be too low
      // and the estimate falls back to finished lectures per second.
      Map<String, ProgressModel.StageTally> stages = new HashMap<>();
      counts.forEach((stage, c) -> stages.put(stage, new ProgressModel.StageTally(0, c[0], c[1], 0, 0, 0, 0)));
      return new ProgressModel.Observation(0, 0, completed, failed, 0, candidates, stages, elapsedSeconds);
    }
  }
}
