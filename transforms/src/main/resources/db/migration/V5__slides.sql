-- Slides (issue #20): each slide the layout stage read on the shared screen, with its OCR text. Written by the same
-- statement as the job's layout_analysis row, so a rerun replaces both (slides beyond the new ones are deleted).

CREATE TABLE slides (
  job_id        text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  -- 1, 2, ... in time order, as Slide.index and slides/slide-NN.jpg.
  idx           integer NOT NULL,
  start_seconds double precision NOT NULL,
  end_seconds   double precision NOT NULL,
  -- The top line(s) in the largest type; '' when none stands out.
  title         text NOT NULL DEFAULT '',
  -- Every confidently read line, one per line; '' for a slide without readable text.
  text          text NOT NULL DEFAULT '',
  -- Mean word confidence of the kept lines, 0..1 (0 without text).
  confidence    double precision NOT NULL DEFAULT 0,
  -- slides/slide-NN.jpg relative to the job's output folder (<out>/<jobId>/), as in slides.json; NULL when none
  -- was written.
  thumbnail_uri text,
  -- Time of the frame that was read, seconds.
  frame_time    double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (job_id, idx)
);

