package io.lecturehighlights.transforms.search;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import javax.sql.DataSource;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The results database's candidates: the {@code transcript_chunks} table the pipeline writes (migration V7).
 * Lexical: PostgreSQL full-text search, the query's lexemes (PostgreSQL's {@code english} analysis: Snowball stems
 * and stop words) OR-ed into one {@code tsquery} that the GIN index on {@code tsv} answers, ranked by
 * {@code ts_rank_cd} with the Lucene fields' weights (title A 1.5, key terms B 1.2, text C 1.0, slide text D 0.8,
 * scaled to PostgreSQL's 0..1) and length normalisation 1. Semantic: the dot product of the query's unit vector with
 * each stored passage vector, computed in SQL over the {@code real[]} column (there is no pgvector here), a chunk
 * ranked by its best passage; only chunks embedded by the query's model take part.
 */
final class PostgresBackend implements SearchBackend {
  /** ts_rank_cd's weights, in its order {D, C, B, A}: the Lucene field weights divided by the largest. */
  static final String WEIGHTS = "{0.5333,0.6667,0.8,1.0}";

  private final DataSource db;
  private final @Nullable Path out;

  private PostgresBackend(DataSource db, @Nullable Path out) {
    this.db = db;
    this.out = out;
  }

  /** @param out the output folder clip locations are made relative to (as the folder's index has them), or null */
  static PostgresBackend open(DataSource db, @Nullable Path out) throws IOException {
    try (Connection c = db.getConnection();
        ResultSet r = c.createStatement().executeQuery("SELECT to_regclass('transcript_chunks') IS NOT NULL")) {
      r.next();
      if (!r.getBoolean(1)) {
        throw new HybridSearch.NoIndex("the database has no transcript_chunks table (migration V7): run a batch "
            + "with this database, which migrates it and writes the chunks");
      }
    } catch (SQLException e) {
      throw new IOException("cannot read the results database: " + e.getMessage(), e);
    }
    return new PostgresBackend(db, out);
  }

  /** The model most embedded chunks were embedded with; null when none is embedded. */
  @Nullable String mostEmbeddedModel() throws IOException {
    try (Connection c = db.getConnection();
        ResultSet r = c.createStatement().executeQuery("SELECT embedding_model FROM transcript_chunks "
            + "WHERE embedding_model IS NOT NULL GROUP BY embedding_model ORDER BY count(*) DESC, embedding_model "
            + "LIMIT 1")) {
      return r.next() ? r.getString(1) : null;
    } catch (SQLException e) {
      throw new IOException("cannot read the results database: " + e.getMessage(), e);
    }
  }

  @Override
  public int size() throws IOException {
    try (Connection c = db.getConnection();
        ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM transcript_chunks")) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The query's lexemes as PostgreSQL analyses a chunk's text (stop words dropped, stemmed, distinct). */
  static List<String> lexemes(Connection c, String text) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT lexeme FROM unnest(to_tsvector('english', ?)) ORDER BY lexeme")) {
      ps.setString(1, text);
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }

  /** A lexeme as a tsquery operand, quoted: it is matched as it is, never read as an operator. */
  static String quoted(String lexeme) {
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  @Override
  public List<String> lexical(SearchQuery q, IntUnaryOperator minimumTerms, int n) throws IOException {
    try (Connection c = db.getConnection()) {
      List<String> terms = lexemes(c, q.text());
      if (terms.isEmpty()) {
        return List.of();
      }
      int minimum = minimumTerms.applyAsInt(terms.size());
      String any = String.join(" | ", terms.stream().map(PostgresBackend::quoted).toList());
      StringBuilder sql = new StringBuilder("SELECT chunk_id FROM transcript_chunks c WHERE c.tsv @@ ?::tsquery");
      Filters f = filters(q);
      sql.append(f.sql);
      if (minimum > 1) {
        sql.append(" AND (SELECT count(*) FROM unnest(?::text[]::tsquery[]) AS t(q) WHERE c.tsv @@ t.q) >= ?");
      }
      sql.append(" ORDER BY ts_rank_cd('").append(WEIGHTS).append("'::float4[], c.tsv, ?::tsquery, 1) DESC, ")
          .append("c.chunk_id LIMIT ?");
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        ps.setString(i++, any);
        i = f.set(ps, i);
        if (minimum > 1) {
          ps.setArray(i++, c.createArrayOf("text", terms.stream().map(PostgresBackend::quoted).toArray()));
          ps.setInt(i++, minimum);
        }
        ps.setString(i++, any);
        ps.setInt(i, n);
        return ids(ps, null);
      }
    } catch (SQLException e) {
      throw new IOException("full-text search failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> semantic(SearchQuery q, String model, float[] v, int n, Map<String, Integer> passageOf)
      throws IOException {
    Filters f = filters(q);
    // Each chunk's best passage: the dot product of the query with each row of its passages x dimensions array, in
    // float8 (a float4 product of two small components raises an underflow error).
    String sql = "SELECT c.chunk_id, best.first_word FROM transcript_chunks c CROSS JOIN LATERAL ("
        + "SELECT c.passage_first_words[p] AS first_word, (SELECT sum(a::float8 * b) FROM unnest("
        + "c.passage_vectors[p:p][:], ?::float4[]) AS t(a, b)) AS score "
        + "FROM generate_subscripts(c.passage_vectors, 1) AS p ORDER BY score DESC LIMIT 1) best "
        + "WHERE c.embedding_model = ?" + f.sql + " ORDER BY best.score DESC, c.chunk_id LIMIT ?";
    Float[] query = new Float[v.length];
    for (int k = 0; k < v.length; k++) {
      query[k] = v[k];
    }
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setArray(i++, c.createArrayOf("float4", query));
      ps.setString(i++, model);
      i = f.set(ps, i);
      ps.setInt(i, n);
      return ids(ps, passageOf);
    } catch (SQLException e) {
      throw new IOException("semantic search failed: " + e.getMessage(), e);
    }
  }

  private static List<String> ids(PreparedStatement ps, @Nullable Map<String, Integer> firstWords)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet r = ps.executeQuery()) {
      while (r.next()) {
        out.add(r.getString(1));
        if (firstWords != null) {
          firstWords.put(r.getString(1), r.getInt(2));
        }
      }
    }
    return out;
  }

  /** The filters' SQL (each " AND ...") and its parameters, in order. */
  private record Filters(String sql, List<String> values) {
    int set(PreparedStatement ps, int i) throws SQLException {
      for (String v : values) {
        ps.setString(i++, v);
      }
      return i;
    }
  }

  private static Filters filters(SearchQuery q) {
    StringBuilder sql = new StringBuilder();
    List<String> values = new ArrayList<>();
    if (q.course() != null) {
      sql.append(" AND lower(c.course) = ?");
      values.add(SearchIndex.key(q.course()));
    }
    if (q.semester() != null) {
      sql.append(" AND lower(c.semester) = ?");
      values.add(SearchIndex.key(q.semester()));
    }
    if (q.lecture() != null) {
      sql.append(" AND c.job_id = ?");
      values.add(q.lecture());
    }
    return new Filters(sql.toString(), values);
  }

  @Override
  public Map<String, SearchDocument> documents(Collection<String> ids) throws IOException {
    Map<String, SearchDocument> docs = new HashMap<>();
    if (ids.isEmpty()) {
      return docs;
    }
    try (Connection c = db.getConnection()) {
      Map<String, List<ChunkDocuments.ClipSpan>> clips = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT k.job_id, k.video_uri, k.format, "
          + "array(SELECT (r.v->>'start')::float8 FROM jsonb_array_elements(k.source_intervals) WITH ORDINALITY "
          + "AS r(v, n) ORDER BY r.n), "
          + "array(SELECT (r.v->>'end')::float8 FROM jsonb_array_elements(k.source_intervals) WITH ORDINALITY "
          + "AS r(v, n) ORDER BY r.n) "
          + "FROM clips k WHERE k.job_id IN (SELECT job_id FROM transcript_chunks WHERE chunk_id = ANY (?)) "
          + "ORDER BY k.job_id, k.idx, k.format")) {
        ps.setArray(1, c.createArrayOf("text", ids.toArray()));
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            if (!ChunkDocuments.isFirstFormat(r.getString(2), r.getString(3))) {
              continue;
            }
            Double[] starts = (Double[]) r.getArray(4).getArray();
            Double[] ends = (Double[]) r.getArray(5).getArray();
            List<double[]> intervals = new ArrayList<>();
            for (int k = 0; k < starts.length; k++) {
              intervals.add(new double[] {starts[k], ends[k]});
            }
            clips.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                .add(new ChunkDocuments.ClipSpan(r.getString(2), intervals));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT chunk_id, job_id, lecture_title, course, semester, "
          + "start_seconds, end_seconds, title, keywords, text, slide_titles, slide_text FROM transcript_chunks "
          + "WHERE chunk_id = ANY (?)")) {
        ps.setArray(1, c.createArrayOf("text", ids.toArray()));
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            String job = r.getString(2);
            double start = r.getDouble(6);
            double end = r.getDouble(7);
            ChunkDocuments.ClipAt clip = ChunkDocuments.clipOf(start, end, clips.getOrDefault(job, List.of()));
            docs.put(r.getString(1), new SearchDocument(r.getString(1), job, r.getString(3), r.getString(4),
                r.getString(5), start, end, r.getString(8), strings(r.getArray(9)), r.getString(10),
                ChunkDocuments.slideText(strings(r.getArray(11)), r.getString(12)),
                clip == null ? null : out == null ? clip.location() : ChunkDocuments.relative(out, clip.location()),
                clip == null ? 0 : clip.offset(), job + "/report.html"));
          }
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot read chunks: " + e.getMessage(), e);
    }
    return docs;
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }

  @Override
  public void close() {
    // The data source belongs to the caller.
  }
}
