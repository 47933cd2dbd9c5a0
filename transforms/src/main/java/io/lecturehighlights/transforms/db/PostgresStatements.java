package io.lecturehighlights.transforms.db;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.PassageVector;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.jobs.StageEvents;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.Map;

/**
 * The SQL the pipeline writes with, and how each record fills it. Every statement is an upsert on a natural key,
 * guarded by timestamps where order matters, so replays and reruns converge on the same rows.
 */
public final class PostgresStatements {
  private PostgresStatements() {}

  /**
   * A job is (re)queued: its metadata, and a clean slate for status and logs. A run that queues the job again (a
   * later receive time) starts a new attempt; a replay of the same upload does not. The queued event goes to the
   * job's history. A new attempt also deletes the chunks an earlier one wrote (search must not find a topic the
   * new run no longer has); a replay of the same upload leaves them.
   */
  public static final String QUEUE_JOB =
      "WITH clear_logs AS (DELETE FROM processing_logs WHERE job_id = ? AND updated_at < ?), "
          + "clear_chunks AS (DELETE FROM transcript_chunks WHERE job_id = ? "
          + "AND EXISTS (SELECT 1 FROM jobs WHERE job_id = ? AND queued_at < ?)), "
          + "job AS (INSERT INTO jobs (job_id, source, video_uri, captions_uri, title, course, semester, lecture_number, "
          + "instructor, status, content_fingerprint, queued_at, updated_at) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?) "
          + "ON CONFLICT (job_id) DO UPDATE SET source = EXCLUDED.source, video_uri = EXCLUDED.video_uri, "
          + "captions_uri = EXCLUDED.captions_uri, title = EXCLUDED.title, course = EXCLUDED.course, "
          + "semester = EXCLUDED.semester, lecture_number = EXCLUDED.lecture_number, "
          + "instructor = EXCLUDED.instructor, status = 'queued', current_stage = NULL, failed_stage = NULL, "
          + "failure_reason = NULL, failure_message = NULL, content_fingerprint = EXCLUDED.content_fingerprint, "
          + "attempts = jobs.attempts + CASE WHEN jobs.queued_at IS DISTINCT FROM EXCLUDED.queued_at THEN 1 ELSE 0 END, "
          + "queued_at = EXCLUDED.queued_at, started_at = NULL, finished_at = NULL, updated_at = EXCLUDED.updated_at "
          + "WHERE jobs.updated_at <= EXCLUDED.updated_at "
          + "RETURNING job_id, attempts, queued_at) "
          + "INSERT INTO job_events (job_id, attempt, stage, event, at, worker) "
          + "SELECT job_id, attempts, 'job', 'queued', queued_at, ?::text FROM job ON CONFLICT DO NOTHING";

  public static void queueJob(UploadEvent e, PreparedStatement ps) throws SQLException {
    LectureMetadata m = e.getMetadata();
    Timestamp at = new Timestamp(e.getReceivedAtMillis());
    int i = 1;
    ps.setString(i++, e.getJobId());
    ps.setTimestamp(i++, at);
    ps.setString(i++, e.getJobId());
    ps.setString(i++, e.getJobId());
    ps.setTimestamp(i++, at);
    ps.setString(i++, e.getJobId());
    ps.setString(i++, e.getSource());
    ps.setString(i++, e.getVideoUri());
    ps.setString(i++, e.getCaptionsUri());
    i = metadata(ps, i, m);
    ps.setString(i++, e.getContentFingerprint());
    ps.setTimestamp(i++, at);
    ps.setTimestamp(i++, at);
    ps.setString(i, Workers.current());
  }

  /**
   * A stage started, finished or failed: one processing_logs row per (job, stage), and the job's current stage.
   * A job that already ended is not moved back to running by a late event. Every event is also appended to the
   * job's history under its current attempt (late ones too: they happened).
   */
  public static final String STAGE_EVENT =
      "WITH log AS (INSERT INTO processing_logs (job_id, stage, status, started_at, ended_at, duration_ms, message, "
          + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (job_id, stage) DO UPDATE SET status = EXCLUDED.status, "
          + "started_at = COALESCE(EXCLUDED.started_at, processing_logs.started_at), ended_at = EXCLUDED.ended_at, "
          + "duration_ms = EXCLUDED.duration_ms, message = EXCLUDED.message, updated_at = EXCLUDED.updated_at "
          // Branches may deliver events late, and a region Flink restarts re-stamps its "running" events with the
          // replay's time: a stage that finished is never moved back to running, and its end always lands.
          + "WHERE (EXCLUDED.status <> 'running' AND (processing_logs.status = 'running' "
          + "OR processing_logs.updated_at <= EXCLUDED.updated_at)) "
          + "OR (EXCLUDED.status = 'running' AND processing_logs.status = 'running' "
          + "AND processing_logs.updated_at <= EXCLUDED.updated_at)), "
          + "history AS (INSERT INTO job_events (job_id, attempt, stage, event, at, worker, duration_ms, reason, message) "
          + "SELECT job_id, attempts, ?::text, ?::text, ?::timestamptz, ?::text, ?::bigint, ?::text, ?::text "
          + "FROM jobs WHERE job_id = ? ON CONFLICT DO NOTHING) "
          + "UPDATE jobs SET status = 'running', current_stage = ?, started_at = COALESCE(started_at, ?), "
          + "updated_at = ? WHERE job_id = ? AND status IN ('queued', 'running') AND updated_at <= ?";

  public static void stageEvent(StageEvent e, PreparedStatement ps) throws SQLException {
    Timestamp at = new Timestamp(e.getAtMillis());
    boolean running = StageEvents.RUNNING.equals(e.getStatus());
    Timestamp started = running ? at
        : e.getDurationMillis() != null ? new Timestamp(e.getAtMillis() - e.getDurationMillis()) : null;
    int i = 1;
    ps.setString(i++, e.getJobId());
    ps.setString(i++, e.getStage());
    ps.setString(i++, e.getStatus());
    ps.setTimestamp(i++, started);
    ps.setTimestamp(i++, running ? null : at);
    if (e.getDurationMillis() == null) {
      ps.setNull(i++, Types.BIGINT);
    } else {
      ps.setLong(i++, e.getDurationMillis());
    }
    ps.setString(i++, e.getMessage());
    ps.setTimestamp(i++, at);
    // history
    ps.setString(i++, e.getStage());
    ps.setString(i++, running ? "started" : StageEvents.COMPLETED.equals(e.getStatus()) ? "finished" : "failed");
    ps.setTimestamp(i++, at);
    ps.setString(i++, Workers.current());
    if (e.getDurationMillis() == null) {
      ps.setNull(i++, Types.BIGINT);
    } else {
      ps.setLong(i++, e.getDurationMillis());
    }
    String[] reason = reasonAndMessage(e.getMessage());
    ps.setString(i++, reason[0]);
    ps.setString(i++, reason[1]);
    ps.setString(i++, e.getJobId());
    // jobs
    ps.setString(i++, e.getStage());
    ps.setTimestamp(i++, at);
    ps.setTimestamp(i++, at);
    ps.setString(i++, e.getJobId());
    ps.setTimestamp(i, at);
  }

  /**
   * The job's outcome, once all its stages reported (an upsert: a bad manifest row may never have been queued), and
   * its job-level event in the history.
   */
  public static final String FINISH_JOB =
      "WITH job AS (INSERT INTO jobs (job_id, source, video_uri, captions_uri, title, course, semester, "
          + "lecture_number, instructor, status, failed_stage, failure_reason, failure_message, stage_seconds, duration_seconds, "
          + "content_fingerprint, finished_at, updated_at, clip_count, notes) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb) "
          + "ON CONFLICT (job_id) DO UPDATE SET status = EXCLUDED.status, current_stage = NULL, "
          + "failed_stage = EXCLUDED.failed_stage, failure_reason = EXCLUDED.failure_reason, "
          + "failure_message = EXCLUDED.failure_message, stage_seconds = EXCLUDED.stage_seconds, "
          + "duration_seconds = EXCLUDED.duration_seconds, "
          + "content_fingerprint = COALESCE(EXCLUDED.content_fingerprint, jobs.content_fingerprint), "
          + "finished_at = EXCLUDED.finished_at, updated_at = EXCLUDED.updated_at, "
          + "clip_count = EXCLUDED.clip_count, notes = EXCLUDED.notes "
          // An outcome always ends a queued or running job: a region Flink restarts re-stamps its "running" events
          // with the time of the replay, which can be later than the outcome computed before it. Between outcomes
          // the newer one wins.
          + "WHERE jobs.status IN ('queued', 'running') OR jobs.updated_at <= EXCLUDED.updated_at "
          + "RETURNING job_id, attempts, queued_at, finished_at) "
          // The outcome that landed goes to the job's history, with the attempt's time since it was queued.
          + "INSERT INTO job_events (job_id, attempt, stage, event, at, worker, duration_ms, reason, message) "
          + "SELECT job_id, attempts, 'job', ?::text, finished_at, ?::text, "
          + "GREATEST(0, (EXTRACT(EPOCH FROM finished_at - queued_at) * 1000)::bigint), ?::text, ?::text "
          + "FROM job ON CONFLICT DO NOTHING";

  /**
   * The job-level event of an outcome: {@code completed}, {@code rejected} (failed validation or a bad manifest row:
   * before any analysis started) or {@code failed}.
   */
  public static String outcomeEvent(JobStatus s) {
    if (s.getStatus() == io.lecturehighlights.schemas.JobState.COMPLETED) {
      return "completed";
    }
    return io.lecturehighlights.transforms.common.Stages.VALIDATION.equals(s.getFailedStage()) ? "rejected" : "failed";
  }

  /** "reason: message" of a failure event split in two; a message without a reason code is all message. */
  static String[] reasonAndMessage(String text) {
    if (text == null) {
      return new String[] {null, null};
    }
    int colon = text.indexOf(": ");
    if (colon > 0 && text.substring(0, colon).matches("[A-Za-z0-9_.-]+")) {
      return new String[] {text.substring(0, colon), text.substring(colon + 2)};
    }
    return new String[] {null, text};
  }

  public static void finishJob(JobStatus s, PreparedStatement ps) throws SQLException {
    Timestamp at = new Timestamp(s.getUpdatedAtMillis());
    com.fasterxml.jackson.databind.node.ObjectNode seconds = Json.COMPACT.createObjectNode();
    for (Map.Entry<String, Long> e : s.getStageMillis().entrySet()) {
      seconds.put(e.getKey(), e.getValue() / 1000.0);
    }
    LectureMetadata m = s.getMetadata() == null ? LectureMetadata.newBuilder().build() : s.getMetadata();
    int i = 1;
    ps.setString(i++, s.getJobId());
    ps.setString(i++, s.getSource());
    ps.setString(i++, s.getVideoUri());
    ps.setString(i++, s.getCaptionsUri());
    i = metadata(ps, i, m);
    ps.setString(i++, s.getStatus().name().toLowerCase(java.util.Locale.ROOT));
    ps.setString(i++, s.getFailedStage());
    ps.setString(i++, s.getFailureReason());
    ps.setString(i++, s.getFailureMessage());
    ps.setString(i++, seconds.toString());
    if (s.getMedia() == null) {
      ps.setNull(i++, Types.DOUBLE);
    } else {
      ps.setDouble(i++, s.getMedia().getDurationSeconds());
    }
    ps.setString(i++, s.getContentFingerprint());
    ps.setTimestamp(i++, at);
    ps.setTimestamp(i++, at);
    ps.setInt(i++, s.getClips());
    com.fasterxml.jackson.databind.node.ArrayNode notes = Json.COMPACT.createArrayNode();
    s.getNotes().forEach(notes::add);
    ps.setString(i++, notes.toString());
    ps.setString(i++, outcomeEvent(s));
    ps.setString(i++, Workers.current());
    ps.setString(i++, s.getFailureReason());
    ps.setString(i, s.getFailureMessage());
  }

  /**
   * A job's topic segments (older extra segments are deleted) and the analysis figures. The segments travel as
   * one JSON array, unpacked by {@code jsonb_to_recordset}: one statement per job, whatever its segment count.
   */
  public static final String CONTENT =
      "WITH a AS (INSERT INTO content_analysis (job_id, analyzer, model, segment_count, requests, retries, "
          + "prompt_tokens, output_tokens, estimated_cost_usd, processing_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (job_id) DO UPDATE SET analyzer = EXCLUDED.analyzer, model = EXCLUDED.model, "
          + "segment_count = EXCLUDED.segment_count, requests = EXCLUDED.requests, retries = EXCLUDED.retries, "
          + "prompt_tokens = EXCLUDED.prompt_tokens, output_tokens = EXCLUDED.output_tokens, "
          + "estimated_cost_usd = EXCLUDED.estimated_cost_usd, processing_ms = EXCLUDED.processing_ms), "
          + "stale AS (DELETE FROM content_segments WHERE job_id = ? AND idx >= ?) "
          + "INSERT INTO content_segments (job_id, idx, start_seconds, end_seconds, title, summary, keywords, "
          + "importance, reason) "
          + "SELECT ?, r.idx, r.s, r.e, r.title, r.summary, COALESCE(r.keywords, '{}'), r.importance, r.reason "
          + "FROM jsonb_to_recordset(?::jsonb) AS "
          + "r(idx int, s float8, e float8, title text, summary text, keywords text[], importance float8, reason text) "
          + "ON CONFLICT (job_id, idx) DO UPDATE SET start_seconds = EXCLUDED.start_seconds, "
          + "end_seconds = EXCLUDED.end_seconds, title = EXCLUDED.title, summary = EXCLUDED.summary, "
          + "keywords = EXCLUDED.keywords, importance = EXCLUDED.importance, reason = EXCLUDED.reason";

  public static void content(ContentSegments c, PreparedStatement ps) throws SQLException {
    com.fasterxml.jackson.databind.node.ArrayNode rows = Json.COMPACT.createArrayNode();
    for (ContentSegment seg : c.getSegments()) {
      com.fasterxml.jackson.databind.node.ObjectNode r = rows.addObject();
      r.put("idx", rows.size() - 1);
      r.put("s", seg.getStart());
      r.put("e", seg.getEnd());
      r.put("title", seg.getTitle());
      r.put("summary", seg.getSummary());
      seg.getKeywords().forEach(r.putArray("keywords")::add);
      r.put("importance", seg.getImportance());
      r.put("reason", seg.getReason());
    }
    int i = 1;
    ps.setString(i++, c.getJobId());
    ps.setString(i++, c.getAnalyzer());
    ps.setString(i++, c.getModel());
    ps.setInt(i++, c.getSegments().size());
    ps.setInt(i++, c.getRequests());
    ps.setInt(i++, c.getRetries());
    ps.setLong(i++, c.getPromptTokens());
    ps.setLong(i++, c.getOutputTokens());
    ps.setDouble(i++, c.getEstimatedCostUsd());
    ps.setLong(i++, c.getProcessingMillis());
    ps.setString(i++, c.getJobId());
    ps.setInt(i++, c.getSegments().size());
    ps.setString(i++, c.getJobId());
    ps.setString(i, rows.toString());
  }

  /**
   * A topic chunk with its passages' vectors (a passages x dimensions {@code real[]}, sent as an array literal: JDBC
   * has no two-dimensional array parameter). Its tsvector is a generated column.
   */
  public static final String TRANSCRIPT_CHUNK =
      "INSERT INTO transcript_chunks (chunk_id, job_id, idx, start_seconds, end_seconds, title, keywords, text, "
          + "slide_titles, slide_text, lecture_title, course, semester, passage_first_words, passage_vectors, "
          + "embedding_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::real[], ?) "
          + "ON CONFLICT (chunk_id) DO UPDATE SET job_id = EXCLUDED.job_id, idx = EXCLUDED.idx, "
          + "start_seconds = EXCLUDED.start_seconds, end_seconds = EXCLUDED.end_seconds, title = EXCLUDED.title, "
          + "keywords = EXCLUDED.keywords, text = EXCLUDED.text, slide_titles = EXCLUDED.slide_titles, "
          + "slide_text = EXCLUDED.slide_text, lecture_title = EXCLUDED.lecture_title, course = EXCLUDED.course, "
          + "semester = EXCLUDED.semester, passage_first_words = EXCLUDED.passage_first_words, "
          + "passage_vectors = EXCLUDED.passage_vectors, embedding_model = EXCLUDED.embedding_model";

  public static void transcriptChunk(TopicChunk c, PreparedStatement ps) throws SQLException {
    LectureMetadata m = c.getMetadata() == null ? LectureMetadata.newBuilder().build() : c.getMetadata();
    Integer[] firstWords = new Integer[c.getPassages().size()];
    StringBuilder vectors = new StringBuilder("{");
    for (int k = 0; k < firstWords.length; k++) {
      PassageVector p = c.getPassages().get(k);
      firstWords[k] = p.getFirstWord();
      vectors.append(k == 0 ? "{" : ",{");
      for (int d = 0; d < p.getVector().size(); d++) {
        if (d > 0) {
          vectors.append(',');
        }
        vectors.append(p.getVector().get(d).floatValue());
      }
      vectors.append('}');
    }
    vectors.append('}');
    int i = 1;
    ps.setString(i++, c.getChunkId());
    ps.setString(i++, c.getJobId());
    ps.setInt(i++, c.getIndex());
    ps.setDouble(i++, c.getStart());
    ps.setDouble(i++, c.getEnd());
    ps.setString(i++, noNul(c.getTitle()));
    ps.setArray(i++, ps.getConnection().createArrayOf("text",
        c.getKeywords().stream().map(PostgresStatements::noNul).toArray()));
    ps.setString(i++, noNul(c.getText()));
    ps.setArray(i++, ps.getConnection().createArrayOf("text",
        c.getSlideTitles().stream().map(PostgresStatements::noNul).toArray()));
    ps.setString(i++, noNul(c.getSlideText()));
    ps.setString(i++, m.getTitle());
    ps.setString(i++, m.getCourse());
    ps.setString(i++, m.getSemester());
    ps.setArray(i++, ps.getConnection().createArrayOf("int4", firstWords));
    ps.setString(i++, vectors.toString());
    ps.setString(i, c.getEmbeddingModel());
  }

  /** A job's chosen highlights with their kept intervals (older extra rows are deleted). */
  public static final String HIGHLIGHTS =
      "WITH stale AS (DELETE FROM highlights WHERE job_id = ? AND idx > ?) "
          + "INSERT INTO highlights (job_id, idx, title, start_seconds, end_seconds, keep, score) "
          + "SELECT ?, r.idx, r.title, r.s, r.e, r.keep, r.score "
          + "FROM jsonb_to_recordset(?::jsonb) AS r(idx int, title text, s float8, e float8, keep jsonb, score float8) "
          + "ON CONFLICT (job_id, idx) DO UPDATE SET title = EXCLUDED.title, start_seconds = EXCLUDED.start_seconds, "
          + "end_seconds = EXCLUDED.end_seconds, keep = EXCLUDED.keep, score = EXCLUDED.score";

  public static void highlights(Highlights h, PreparedStatement ps) throws SQLException {
    com.fasterxml.jackson.databind.node.ArrayNode rows = Json.COMPACT.createArrayNode();
    for (Highlight hl : h.getHighlights()) {
      com.fasterxml.jackson.databind.node.ObjectNode r = rows.addObject();
      r.put("idx", hl.getIndex());
      r.put("title", hl.getTitle());
      r.put("s", hl.getStart());
      r.put("e", hl.getEnd());
      r.set("keep", ranges(hl.getKeep()));
      r.put("score", hl.getScore());
    }
    int i = 1;
    ps.setString(i++, h.getJobId());
    ps.setInt(i++, h.getHighlights().size());
    ps.setString(i++, h.getJobId());
    ps.setString(i, rows.toString());
  }

  /** A queue message that was not a usable notification; a redelivered one updates its row. */
  public static final String DEAD_LETTER =
      "INSERT INTO dead_letters (id, queue, reason, message, body, sent_at, received_at) "
          + "VALUES (?, ?, ?, ?, ?, to_timestamp(? / 1000.0), to_timestamp(? / 1000.0)) "
          + "ON CONFLICT (id) DO UPDATE SET reason = EXCLUDED.reason, message = EXCLUDED.message, "
          + "received_at = EXCLUDED.received_at";

  public static void deadLetter(DeadLetter d, PreparedStatement ps) throws SQLException {
    int i = 1;
    ps.setString(i++, d.getId());
    ps.setString(i++, d.getQueue());
    ps.setString(i++, d.getReason());
    ps.setString(i++, d.getMessage());
    // PostgreSQL text cannot hold NUL characters; a message body can.
    ps.setString(i++, d.getBody().replace('\u0000', '\uFFFD'));
    ps.setLong(i++, d.getSentAtMillis());
    ps.setLong(i, d.getReceivedAtMillis());
  }

  /** One rendered clip in one format. */
  public static final String CLIP =
      "INSERT INTO clips (job_id, idx, format, layout, video_uri, thumbnail_uri, thumbnail_seconds, subtitles_uri, "
          + "duration_seconds, size_bytes, width, height, video_codec, audio_codec, source_intervals) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) "
          + "ON CONFLICT (job_id, idx, format) DO UPDATE SET layout = EXCLUDED.layout, video_uri = EXCLUDED.video_uri, "
          + "thumbnail_seconds = EXCLUDED.thumbnail_seconds, "
          + "thumbnail_uri = EXCLUDED.thumbnail_uri, subtitles_uri = EXCLUDED.subtitles_uri, "
          + "duration_seconds = EXCLUDED.duration_seconds, size_bytes = EXCLUDED.size_bytes, "
          + "width = EXCLUDED.width, height = EXCLUDED.height, video_codec = EXCLUDED.video_codec, "
          + "audio_codec = EXCLUDED.audio_codec, source_intervals = EXCLUDED.source_intervals";

  public static void clip(Clip c, PreparedStatement ps) throws SQLException {
    int i = 1;
    ps.setString(i++, c.getJobId());
    ps.setInt(i++, c.getIndex());
    // A clip record from before formats was its layout's shape.
    ps.setString(i++, c.getFormat() != null ? c.getFormat() : c.getLayout());
    ps.setString(i++, c.getLayout());
    ps.setString(i++, c.getVideoUri());
    ps.setString(i++, c.getThumbnailUri());
    if (c.getThumbnailSeconds() != null) {
      ps.setDouble(i++, c.getThumbnailSeconds());
    } else {
      ps.setNull(i++, java.sql.Types.DOUBLE);
    }
    ps.setString(i++, c.getSubtitlesUri());
    ps.setDouble(i++, c.getDurationSeconds());
    ps.setLong(i++, c.getSizeBytes());
    ps.setInt(i++, c.getWidth());
    ps.setInt(i++, c.getHeight());
    ps.setString(i++, c.getVideoCodec());
    ps.setString(i++, c.getAudioCodec());
    ps.setString(i, ranges(c.getSourceIntervals()).toString());
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode ranges(List<TimeRange> ranges) {
    com.fasterxml.jackson.databind.node.ArrayNode a = Json.COMPACT.createArrayNode();
    for (TimeRange t : ranges) {
      a.addObject().put("start", t.getStart()).put("end", t.getEnd());
    }
    return a;
  }

  /** Silence figures and regions of a job; regions beyond the new count (from an older run) are deleted. */
  public static final String SILENCES =
      "WITH analysis AS (INSERT INTO silence_analysis (job_id, duration_seconds, noise_floor_db, speech_level_db, "
          + "mean_loudness_db, threshold_db, speech_ratio, detector) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (job_id) DO UPDATE SET duration_seconds = EXCLUDED.duration_seconds, "
          + "noise_floor_db = EXCLUDED.noise_floor_db, speech_level_db = EXCLUDED.speech_level_db, "
          + "mean_loudness_db = EXCLUDED.mean_loudness_db, threshold_db = EXCLUDED.threshold_db, "
          + "speech_ratio = EXCLUDED.speech_ratio, detector = EXCLUDED.detector), "
          + "stale AS (DELETE FROM silence_regions WHERE job_id = ? AND idx >= ?) "
          + "INSERT INTO silence_regions (job_id, idx, start_seconds, end_seconds) "
          + "SELECT ?, (r.n - 1)::int, r.s, r.e FROM unnest(?::float8[], ?::float8[]) WITH ORDINALITY AS r(s, e, n) "
          + "ON CONFLICT (job_id, idx) DO UPDATE SET start_seconds = EXCLUDED.start_seconds, "
          + "end_seconds = EXCLUDED.end_seconds";

  public static void silences(SilenceResult r, PreparedStatement ps) throws SQLException {
    int n = r.getSilences().size();
    Double[] starts = new Double[n];
    Double[] ends = new Double[n];
    for (int k = 0; k < n; k++) {
      starts[k] = r.getSilences().get(k).getStart();
      ends[k] = r.getSilences().get(k).getEnd();
    }
    int i = 1;
    ps.setString(i++, r.getJobId());
    ps.setDouble(i++, r.getDurationSeconds());
    ps.setDouble(i++, r.getNoiseFloorDb());
    ps.setDouble(i++, r.getSpeechLevelDb());
    ps.setDouble(i++, r.getMeanLoudnessDb());
    ps.setDouble(i++, r.getThresholdDb());
    ps.setDouble(i++, r.getSpeechRatio());
    ps.setString(i++, r.getDetector());
    ps.setString(i++, r.getJobId());
    ps.setInt(i++, n);
    ps.setString(i++, r.getJobId());
    ps.setArray(i++, ps.getConnection().createArrayOf("float8", starts));
    ps.setArray(i, ps.getConnection().createArrayOf("float8", ends));
  }

  /** A job's transcript: engine and language, and its segments (older extra segments are deleted). */
  public static final String TRANSCRIPT =
      "WITH t AS (INSERT INTO transcripts (job_id, engine, language, audio_seconds) VALUES (?, ?, ?, ?) "
          + "ON CONFLICT (job_id) DO UPDATE SET engine = EXCLUDED.engine, language = EXCLUDED.language, "
          + "audio_seconds = EXCLUDED.audio_seconds), "
          + "stale AS (DELETE FROM transcript_segments WHERE job_id = ? AND idx >= ?) "
          + "INSERT INTO transcript_segments (job_id, idx, start_seconds, end_seconds, text) "
          + "SELECT ?, (r.n - 1)::int, r.s, r.e, r.t FROM unnest(?::float8[], ?::float8[], ?::text[]) "
          + "WITH ORDINALITY AS r(s, e, t, n) "
          + "ON CONFLICT (job_id, idx) DO UPDATE SET start_seconds = EXCLUDED.start_seconds, "
          + "end_seconds = EXCLUDED.end_seconds, text = EXCLUDED.text";

  public static void transcript(Transcript t, PreparedStatement ps) throws SQLException {
    int n = t.getSegments().size();
    Double[] starts = new Double[n];
    Double[] ends = new Double[n];
    String[] texts = new String[n];
    for (int k = 0; k < n; k++) {
      TranscriptSegment seg = t.getSegments().get(k);
      starts[k] = seg.getStart();
      ends[k] = seg.getEnd();
      texts[k] = seg.getText();
    }
    int i = 1;
    ps.setString(i++, t.getJobId());
    ps.setString(i++, t.getEngine());
    ps.setString(i++, t.getLanguage());
    ps.setDouble(i++, t.getAudioSeconds());
    ps.setString(i++, t.getJobId());
    ps.setInt(i++, n);
    ps.setString(i++, t.getJobId());
    ps.setArray(i++, ps.getConnection().createArrayOf("float8", starts));
    ps.setArray(i++, ps.getConnection().createArrayOf("float8", ends));
    ps.setArray(i, ps.getConnection().createArrayOf("text", texts));
  }

  /**
   * A job's layout analysis and its slides, in one statement: the slides are part of the layout record, so they are
   * committed with it, and a rerun that reads fewer slides (or none: no screen, OCR off) deletes the rows it no
   * longer has instead of leaving an older run's slides behind. The slides travel as one JSON array, unpacked by
   * {@code jsonb_to_recordset}, as content segments do: one statement per job, however many slides it showed.
   */
  public static final String LAYOUT =
      "WITH layout AS (INSERT INTO layout_analysis (job_id, layout_type, frame_width, frame_height, screen_x, "
          + "screen_y, screen_w, screen_h, camera_x, camera_y, camera_w, camera_h, split_ratio, slide_changes) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::float8[]) "
          + "ON CONFLICT (job_id) DO UPDATE SET layout_type = EXCLUDED.layout_type, "
          + "frame_width = EXCLUDED.frame_width, frame_height = EXCLUDED.frame_height, screen_x = EXCLUDED.screen_x, "
          + "screen_y = EXCLUDED.screen_y, screen_w = EXCLUDED.screen_w, screen_h = EXCLUDED.screen_h, "
          + "camera_x = EXCLUDED.camera_x, camera_y = EXCLUDED.camera_y, camera_w = EXCLUDED.camera_w, "
          + "camera_h = EXCLUDED.camera_h, split_ratio = EXCLUDED.split_ratio, "
          + "slide_changes = EXCLUDED.slide_changes), "
          // Slides are numbered 1..n, so the stale ones are those beyond the new count; matching on the new numbers
          // also holds if numbering ever has gaps. The rows deleted and the rows upserted never overlap.
          + "stale AS (DELETE FROM slides WHERE job_id = ? AND idx <> ALL (?::int[])) "
          + "INSERT INTO slides (job_id, idx, start_seconds, end_seconds, title, text, confidence, thumbnail_uri, "
          + "frame_time) "
          + "SELECT ?, r.idx, r.s, r.e, r.title, r.text, r.confidence, r.thumbnail, r.frame "
          + "FROM jsonb_to_recordset(?::jsonb) AS "
          + "r(idx int, s float8, e float8, title text, text text, confidence float8, thumbnail text, frame float8) "
          + "ON CONFLICT (job_id, idx) DO UPDATE SET start_seconds = EXCLUDED.start_seconds, "
          + "end_seconds = EXCLUDED.end_seconds, title = EXCLUDED.title, text = EXCLUDED.text, "
          + "confidence = EXCLUDED.confidence, thumbnail_uri = EXCLUDED.thumbnail_uri, "
          + "frame_time = EXCLUDED.frame_time";

  public static void layout(Layout l, PreparedStatement ps) throws SQLException {
    int i = 1;
    ps.setString(i++, l.getJobId());
    ps.setString(i++, l.getType());
    ps.setInt(i++, l.getFrameWidth());
    ps.setInt(i++, l.getFrameHeight());
    i = rect(ps, i, l.getScreen());
    i = rect(ps, i, l.getCamera());
    if (l.getSplitRatio() == null) {
      ps.setNull(i++, Types.DOUBLE);
    } else {
      ps.setDouble(i++, l.getSplitRatio());
    }
    ps.setArray(i++, ps.getConnection().createArrayOf("float8", l.getSlideChanges().toArray(new Double[0])));
    com.fasterxml.jackson.databind.node.ArrayNode rows = Json.COMPACT.createArrayNode();
    Integer[] numbers = new Integer[l.getSlides().size()];
    for (Slide s : l.getSlides()) {
      numbers[rows.size()] = s.getIndex();
      com.fasterxml.jackson.databind.node.ObjectNode r = rows.addObject();
      r.put("idx", s.getIndex());
      r.put("s", s.getStart());
      r.put("e", s.getEnd());
      // OCR output is text from an image: PostgreSQL text (and jsonb) cannot hold a NUL character.
      r.put("title", noNul(s.getTitle()));
      r.put("text", noNul(s.getText()));
      r.put("confidence", s.getConfidence());
      r.put("thumbnail", s.getThumbnail());
      r.put("frame", s.getFrameTime());
    }
    ps.setString(i++, l.getJobId());
    ps.setArray(i++, ps.getConnection().createArrayOf("int4", numbers));
    ps.setString(i++, l.getJobId());
    ps.setString(i, rows.toString());
  }

  private static String noNul(String s) {
    return s == null ? "" : s.replace('\u0000', '\uFFFD');
  }

  /** title, course, semester, lecture_number, instructor from parameter i on; returns the next index. */
  private static int metadata(PreparedStatement ps, int i, LectureMetadata m) throws SQLException {
    ps.setString(i++, m.getTitle());
    ps.setString(i++, m.getCourse());
    ps.setString(i++, m.getSemester());
    if (m.getLectureNumber() == null) {
      ps.setNull(i++, Types.INTEGER);
    } else {
      ps.setInt(i++, m.getLectureNumber());
    }
    ps.setString(i++, m.getInstructor());
    return i;
  }

  private static int rect(PreparedStatement ps, int i, Rect r) throws SQLException {
    if (r == null) {
      for (int k = 0; k < 4; k++) {
        ps.setNull(i++, Types.INTEGER);
      }
      return i;
    }
    ps.setInt(i++, r.getX());
    ps.setInt(i++, r.getY());
    ps.setInt(i++, r.getW());
    ps.setInt(i++, r.getH());
    return i;
  }
}
