-- Lecture Highlights results and job tracking. Natural keys everywhere, so every write is an idempotent upsert:
-- rerunning or replaying a job replaces its rows and never duplicates them.

CREATE TABLE jobs (
  job_id              text PRIMARY KEY,
  source              text NOT NULL,
  video_uri           text,
  captions_uri        text,
  title               text,
  course              text,
  semester            text,
  lecture_number      integer,
  instructor          text,
  status              text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  current_stage       text,
  failed_stage        text,
  failure_reason      text,
  failure_message     text,
  content_fingerprint text,
  duration_seconds    double precision,
  stage_seconds       jsonb NOT NULL DEFAULT '{}'::jsonb,
  queued_at           timestamptz,
  started_at          timestamptz,
  finished_at         timestamptz,
  updated_at          timestamptz NOT NULL
);
-- lhx jobs filters on course, semester and status.
CREATE INDEX jobs_course_semester_idx ON jobs (course, semester);
CREATE INDEX jobs_status_idx ON jobs (status);
CREATE INDEX jobs_fingerprint_idx ON jobs (content_fingerprint) WHERE status = 'completed';

CREATE TABLE processing_logs (
  job_id      text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  stage       text NOT NULL,
  status      text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  started_at  timestamptz,
  ended_at    timestamptz,
  duration_ms bigint,
  message     text,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (job_id, stage)
);

CREATE TABLE silence_analysis (
  job_id            text PRIMARY KEY REFERENCES jobs (job_id) ON DELETE CASCADE,
  duration_seconds  double precision NOT NULL,
  noise_floor_db    double precision NOT NULL,
  speech_level_db   double precision NOT NULL,
  mean_loudness_db  double precision NOT NULL,
  threshold_db      double precision NOT NULL,
  speech_ratio      double precision NOT NULL,
  detector          text NOT NULL
);

CREATE TABLE silence_regions (
  job_id        text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  idx           integer NOT NULL,
  start_seconds double precision NOT NULL,
  end_seconds   double precision NOT NULL,
  PRIMARY KEY (job_id, idx)
);

CREATE TABLE transcripts (
  job_id        text PRIMARY KEY REFERENCES jobs (job_id) ON DELETE CASCADE,
  engine        text NOT NULL,
  language      text,
  audio_seconds double precision
);

CREATE TABLE transcript_segments (
  job_id        text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  idx           integer NOT NULL,
  start_seconds double precision NOT NULL,
  end_seconds   double precision NOT NULL,
  text          text NOT NULL,
  PRIMARY KEY (job_id, idx)
);

CREATE TABLE layout_analysis (
  job_id        text PRIMARY KEY REFERENCES jobs (job_id) ON DELETE CASCADE,
  layout_type   text NOT NULL,
  frame_width   integer,
  frame_height  integer,
  screen_x integer, screen_y integer, screen_w integer, screen_h integer,
  camera_x integer, camera_y integer, camera_w integer, camera_h integer,
  split_ratio   double precision,
  slide_changes double precision[] NOT NULL DEFAULT '{}'
);

CREATE TABLE content_segments (
  job_id        text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  idx           integer NOT NULL,
  start_seconds double precision NOT NULL,
  end_seconds   double precision NOT NULL,
  title         text NOT NULL,
  summary       text,
  keywords      text[] NOT NULL DEFAULT '{}',
  importance    double precision NOT NULL,
  reason        text,
  PRIMARY KEY (job_id, idx)
);

CREATE TABLE highlights (
  job_id        text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  idx           integer NOT NULL,
  title         text NOT NULL,
  start_seconds double precision NOT NULL,
  end_seconds   double precision NOT NULL,
  keep          jsonb NOT NULL,
  score         double precision NOT NULL,
  PRIMARY KEY (job_id, idx)
);

CREATE TABLE clips (
  job_id           text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  idx              integer NOT NULL,
  layout           text NOT NULL,
  video_uri        text NOT NULL,
  thumbnail_uri    text,
  subtitles_uri    text,
  duration_seconds double precision NOT NULL,
  size_bytes       bigint NOT NULL,
  width            integer NOT NULL,
  height           integer NOT NULL,
  video_codec      text NOT NULL,
  audio_codec      text NOT NULL,
  source_intervals jsonb NOT NULL,
  PRIMARY KEY (job_id, idx, layout)
);
