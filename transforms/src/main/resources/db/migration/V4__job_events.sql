-- Processing history (issue #23): processing_logs keeps one row per (job, stage), replaced by a rerun; job_events
-- keeps every attempt. Rows are only ever inserted, never updated or deleted by a rerun.

-- How many runs have queued the job: a batch or stream that picks the job up again (a rerun, --force,
-- lhx retry-failed) starts attempt attempts + 1. Jobs from before this migration count as one attempt.
ALTER TABLE jobs ADD COLUMN attempts integer NOT NULL DEFAULT 1;

CREATE TABLE job_events (
  id          bigserial PRIMARY KEY,
  job_id      text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  attempt     integer NOT NULL,
  -- A stage name, or 'job' for the job's own transitions.
  stage       text NOT NULL,
  -- Stages: started, finished, failed. The job: queued, completed, failed, rejected (failed validation or a bad
  -- manifest row, before any analysis started).
  event       text NOT NULL CHECK (event IN ('queued', 'started', 'finished', 'failed', 'completed', 'rejected')),
  at          timestamptz NOT NULL,
  -- Host name and Flink subtask (or thread) of the writer that recorded the event.
  worker      text,
  -- A stage's processing time; for a job's outcome, the time since it was queued.
  duration_ms bigint,
  reason      text,
  message     text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- The same event replayed (a Flink restart re-sending a record) is not recorded twice.
CREATE UNIQUE INDEX job_events_once_idx ON job_events (job_id, attempt, stage, event, at);
