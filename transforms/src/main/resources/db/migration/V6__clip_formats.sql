-- Clip formats (issue #22 item 2): each highlight is rendered once per --clip-formats entry (vertical, landscape,
-- square, original), so a clip row is one (job, clip, format). Rows from before name their shape in layout only,
-- which was the format then (vertical or original): copy it.

ALTER TABLE clips ADD COLUMN format text;
UPDATE clips SET format = layout;
ALTER TABLE clips ALTER COLUMN format SET NOT NULL;
-- Clip time of the picture the thumbnail shows (a settled frame chosen near the start); NULL for an audiogram and
-- for rows from before.
ALTER TABLE clips ADD COLUMN thumbnail_seconds double precision;

-- The key was (job_id, idx, layout); layout is a property of the format's picture, format is what identifies it.
ALTER TABLE clips DROP CONSTRAINT clips_pkey;
ALTER TABLE clips ADD PRIMARY KEY (job_id, idx, format);
