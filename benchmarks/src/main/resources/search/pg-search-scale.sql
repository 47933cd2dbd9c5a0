-- How search from PostgreSQL scales (docs/search.md, "Search from PostgreSQL"): generated transcript_chunks rows
-- (random unit vectors, text from a 5,000-word vocabulary), then the two candidate queries PostgresBackend runs,
-- timed. Run against a scratch database migrated to V7 (every lhx command migrates), e.g.:
--   psql -v chunks=1200 -v passages=6 -f benchmarks/src/main/resources/search/pg-search-scale.sql <database>
-- It deletes the rows of its own job ids ('scale-*') before and after.
\set ON_ERROR_STOP on
\timing off
DELETE FROM jobs WHERE job_id LIKE 'scale-%';
-- 30 chunks per lecture; course 'SCALE <n>' for every 40 lectures (one course's semester).
INSERT INTO jobs (job_id, source, video_uri, status, queued_at, updated_at, course, semester)
SELECT 'scale-' || l, 'generated', '/v/scale-' || l || '.mp4', 'completed', now(), now(),
       'SCALE ' || (l / 40), 'fall-2026'
FROM generate_series(0, (:chunks - 1) / 30) AS l;
INSERT INTO transcript_chunks (chunk_id, job_id, idx, start_seconds, end_seconds, title, keywords, text,
                               lecture_title, course, semester, passage_first_words, passage_vectors,
                               embedding_model)
SELECT 'scale-' || (c / 30) || '#' || (c % 30 + 1), 'scale-' || (c / 30), c % 30 + 1, (c % 30) * 120,
       (c % 30) * 120 + 120, 'topic w' || (c % 997), ARRAY['w' || (c % 113), 'w' || (c % 331)],
       (SELECT string_agg('w' || floor(5000 * random() ^ 3)::int, ' ') FROM generate_series(1, 300 + c * 0)),
       'Lecture ' || (c / 30), 'SCALE ' || (c / 30 / 40), 'fall-2026',
       (SELECT array_agg(p * 75 - 75) FROM generate_series(0, :passages - 1 + c * 0) AS p),
       (SELECT array_agg(v) FROM (
          SELECT (SELECT array_agg(x / norm) FROM unnest(raw) AS x) AS v
          FROM (SELECT raw, sqrt((SELECT sum(x * x) FROM unnest(raw) AS x)) AS norm
                FROM (SELECT p, (SELECT array_agg((random() - 0.5)::real) FROM generate_series(1, 384 + c * 0 + p * 0))
                             AS raw
                      FROM generate_series(1, :passages) AS p) AS r) AS n) AS vs),
       'all-minilm-l6-v2-q'
FROM generate_series(0, :chunks - 1) AS c;
ANALYZE transcript_chunks;
SELECT count(*) AS chunks, sum(cardinality(passage_first_words)) AS passages,
       pg_size_pretty(pg_total_relation_size('transcript_chunks')) AS table_size
FROM transcript_chunks WHERE job_id LIKE 'scale-%';

-- A query vector: one more random unit vector.
SELECT array_agg(x / sqrt(s))::float4[] AS q FROM
  (SELECT x, sum(x * x) OVER () AS s FROM (SELECT (random() - 0.5)::real AS x FROM generate_series(1, 384)) r) n
\gset
\timing on
-- Semantic, all chunks (PostgresBackend.semantic without filters), three times.
SELECT count(*) FROM (SELECT c.chunk_id, best.first_word FROM transcript_chunks c CROSS JOIN LATERAL (
  SELECT c.passage_first_words[p] AS first_word, (SELECT sum(a::float8 * b) FROM unnest(
  c.passage_vectors[p:p][:], :'q'::float4[]) AS t(a, b)) AS score
  FROM generate_subscripts(c.passage_vectors, 1) AS p ORDER BY score DESC LIMIT 1) best
  WHERE c.embedding_model = 'all-minilm-l6-v2-q' ORDER BY best.score DESC, c.chunk_id LIMIT 100) s;
SELECT count(*) FROM (SELECT c.chunk_id, best.first_word FROM transcript_chunks c CROSS JOIN LATERAL (
  SELECT c.passage_first_words[p] AS first_word, (SELECT sum(a::float8 * b) FROM unnest(
  c.passage_vectors[p:p][:], :'q'::float4[]) AS t(a, b)) AS score
  FROM generate_subscripts(c.passage_vectors, 1) AS p ORDER BY score DESC LIMIT 1) best
  WHERE c.embedding_model = 'all-minilm-l6-v2-q' ORDER BY best.score DESC, c.chunk_id LIMIT 100) s;
SELECT count(*) FROM (SELECT c.chunk_id, best.first_word FROM transcript_chunks c CROSS JOIN LATERAL (
  SELECT c.passage_first_words[p] AS first_word, (SELECT sum(a::float8 * b) FROM unnest(
  c.passage_vectors[p:p][:], :'q'::float4[]) AS t(a, b)) AS score
  FROM generate_subscripts(c.passage_vectors, 1) AS p ORDER BY score DESC LIMIT 1) best
  WHERE c.embedding_model = 'all-minilm-l6-v2-q' ORDER BY best.score DESC, c.chunk_id LIMIT 100) s;
-- Semantic, one course (--course: 40 lectures).
SELECT count(*) FROM (SELECT c.chunk_id, best.first_word FROM transcript_chunks c CROSS JOIN LATERAL (
  SELECT c.passage_first_words[p] AS first_word, (SELECT sum(a::float8 * b) FROM unnest(
  c.passage_vectors[p:p][:], :'q'::float4[]) AS t(a, b)) AS score
  FROM generate_subscripts(c.passage_vectors, 1) AS p ORDER BY score DESC LIMIT 1) best
  WHERE c.embedding_model = 'all-minilm-l6-v2-q' AND lower(c.course) = 'scale 0'
  ORDER BY best.score DESC, c.chunk_id LIMIT 100) s;
-- Lexical, three terms, hybrid's minimum of two (PostgresBackend.lexical).
SELECT count(*) FROM (SELECT chunk_id FROM transcript_chunks c WHERE c.tsv @@ '''w12'' | ''w345'' | ''w2345'''::tsquery
  AND (SELECT count(*) FROM unnest('{"''w12''","''w345''","''w2345''"}'::text[]::tsquery[]) AS t(q)
       WHERE c.tsv @@ t.q) >= 2
  ORDER BY ts_rank_cd('{0.5333,0.6667,0.8,1.0}'::float4[], c.tsv, '''w12'' | ''w345'' | ''w2345'''::tsquery, 1) DESC,
  c.chunk_id LIMIT 100) s;
SELECT count(*) FROM (SELECT chunk_id FROM transcript_chunks c WHERE c.tsv @@ '''w12'' | ''w345'' | ''w2345'''::tsquery
  AND (SELECT count(*) FROM unnest('{"''w12''","''w345''","''w2345''"}'::text[]::tsquery[]) AS t(q)
       WHERE c.tsv @@ t.q) >= 2
  ORDER BY ts_rank_cd('{0.5333,0.6667,0.8,1.0}'::float4[], c.tsv, '''w12'' | ''w345'' | ''w2345'''::tsquery, 1) DESC,
  c.chunk_id LIMIT 100) s;
\timing off
DELETE FROM jobs WHERE job_id LIKE 'scale-%';
