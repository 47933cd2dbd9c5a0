-- Content analysis, highlight and clip results (issues #5, #6): what the job did and what it cost.

ALTER TABLE jobs
  ADD COLUMN clip_count integer NOT NULL DEFAULT 0,
  ADD COLUMN notes      jsonb   NOT NULL DEFAULT '[]'::jsonb;

-- One row per analysed lecture: which analyzer ran and, for the Gemini API, what it used.
CREATE TABLE content_analysis (
  job_id             text PRIMARY KEY REFERENCES jobs (job_id) ON DELETE CASCADE,
  analyzer           text NOT NULL,
  model              text,
  segment_count      integer NOT NULL,
  requests           integer NOT NULL DEFAULT 0,
  retries            integer NOT NULL DEFAULT 0,
  prompt_tokens      bigint NOT NULL DEFAULT 0,
  output_tokens      bigint NOT NULL DEFAULT 0,
  estimated_cost_usd double precision NOT NULL DEFAULT 0,
  processing_ms      bigint NOT NULL DEFAULT 0
);

CREATE INDEX content_segments_importance_idx ON content_segments (job_id, importance DESC);
