-- Search (issue #21): one row per topic chunk (datasets/transcript_chunks), written in line by the pipeline, for
-- PostgreSQL full-text search (tsv, GIN) and semantic search over the passages' vectors (real[]: there is no pgvector
-- here). A job's rows are replaced when it is queued again (QUEUE_JOB deletes an earlier attempt's chunks).

-- array_to_string is only STABLE (it calls element output functions); over text[] it cannot change, and a generated
-- column needs an IMMUTABLE expression.
CREATE FUNCTION lhx_words(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_to_string($1, ' ') $$;

CREATE TABLE transcript_chunks (
  -- <jobId>#<index>, as TopicChunk.chunkId.
  chunk_id            text PRIMARY KEY,
  job_id              text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  -- 1, 2, ... as the job's topic segments.
  idx                 integer NOT NULL,
  start_seconds       double precision NOT NULL,
  end_seconds         double precision NOT NULL,
  title               text NOT NULL DEFAULT '',
  keywords            text[] NOT NULL DEFAULT '{}',
  text                text NOT NULL DEFAULT '',
  slide_titles        text[] NOT NULL DEFAULT '{}',
  slide_text          text NOT NULL DEFAULT '',
  -- From the lecture's manifest row, for filters and display without a join.
  lecture_title       text,
  course              text,
  semester            text,
  -- Per embedded passage (Passages: a header, then 100-word windows), the word of the text it starts at (-1: the
  -- header) and, in the same order, its unit vector: a passages x dimensions array. Both empty when the chunk was
  -- not embedded (embeddings off, or the model failed): it is then found by its words only.
  passage_first_words integer[] NOT NULL DEFAULT '{}',
  passage_vectors     real[] NOT NULL DEFAULT '{}',
  embedding_model     text,
  -- Weighted like the Lucene index's fields: title A > key terms B > transcript C > slide titles and text D.
  tsv                 tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('english', title), 'A')
                        || setweight(to_tsvector('english', lhx_words(keywords)), 'B')
                        || setweight(to_tsvector('english', text), 'C')
                        || setweight(to_tsvector('english', lhx_words(slide_titles) || ' ' || slide_text), 'D')
                      ) STORED,
  CHECK (cardinality(passage_vectors) = 0
         OR (array_ndims(passage_vectors) = 2
             AND array_length(passage_vectors, 1) = cardinality(passage_first_words)))
);

CREATE INDEX transcript_chunks_tsv_idx ON transcript_chunks USING gin (tsv);
CREATE INDEX transcript_chunks_job_idx ON transcript_chunks (job_id, idx);
CREATE INDEX transcript_chunks_course_idx ON transcript_chunks (lower(course), lower(semester));
