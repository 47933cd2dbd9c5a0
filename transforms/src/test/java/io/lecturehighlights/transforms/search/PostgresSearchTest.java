package io.lecturehighlights.transforms.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.FakeGeminiServer;
import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PostgresStatements;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search from the results database against a real PostgreSQL, beside the Lucene index of the same chunks and clips:
 * one ranking code path over two backends must give the same documents, the same semantic order (the same vectors,
 * exact cosine here, HNSW over five chunks there), the same exact-term winners, the hybrid half-terms rule and the
 * filters.
 */
class PostgresSearchTest {
  @TempDir static Path out;
  static EmbeddedPostgres pg;
  static DataSource db;
  static Path index;
  static final ChunkEmbedder MODEL = MiniLmEmbedder.shared();
  static final Clip CLIP = Clip.newBuilder().setJobId("phys-l01").setIndex(1).setLayout("vertical")
      .setVideoUri("placeholder").setDurationSeconds(60).setSizeBytes(1).setWidth(720).setHeight(1280)
      .setVideoCodec("h264").setAudioCodec("aac")
      .setSourceIntervals(List.of(new TimeRange(100.0, 130.0), new TimeRange(150.0, 180.0))).build();

  interface Setter {
    void set(PreparedStatement ps) throws SQLException;
  }

  static TopicChunk chunk(SearchDocument d) {
    return TopicChunk.newBuilder().setJobId(d.jobId()).setChunkId(d.id())
        .setIndex(Integer.parseInt(d.id().substring(d.id().indexOf('#') + 1))).setStart(d.start()).setEnd(d.end())
        .setTitle(d.topicTitle()).setKeywords(d.keywords()).setImportance(0.5).setText(d.text())
        .setMetadata(LectureMetadata.newBuilder().setTitle(d.lectureTitle()).setCourse(d.course())
            .setSemester(d.semester()).build())
        .build();
  }

  static void write(Connection c, String sql, Setter setter) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      setter.set(ps);
      ps.executeUpdate();
    }
  }

  static void queue(Connection c, String job, LectureMetadata m) throws SQLException {
    UploadEvent e = UploadEvent.newBuilder().setJobId(job).setVideoUri("/v/" + job + ".mp4").setMetadata(m)
        .setSource("manifest:/m.jsonl#1").setReceivedAtMillis(0).build();
    write(c, PostgresStatements.QUEUE_JOB, ps -> PostgresStatements.queueJob(e, ps));
  }

  @BeforeAll
  static void build() throws Exception {
    pg = EmbeddedPostgres.start();
    db = pg.getPostgresDatabase();
    Migrations.migrate(new DatabaseConfig(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, 2));
    Clip clip = Clip.newBuilder(CLIP)
        .setVideoUri(out.resolve("phys-l01/clips/clip-01.mp4").toAbsolutePath().toString()).build();
    Map<String, List<SearchDocument>> byJob = new HashMap<>();
    Map<String, PassageVectors> vectors = new HashMap<>();
    try (Connection c = db.getConnection()) {
      for (SearchDocument d : HybridSearchTest.DOCS) {
        TopicChunk k = chunk(d);
        k = TopicChunk.newBuilder(k).setPassages(PassageVectors.embed(k, MODEL)).setEmbeddingModel(MODEL.name())
            .build();
        if (!byJob.containsKey(d.jobId())) {
          queue(c, d.jobId(), k.getMetadata());
        }
        TopicChunk row = k;
        write(c, PostgresStatements.TRANSCRIPT_CHUNK, ps -> PostgresStatements.transcriptChunk(row, ps));
        byJob.computeIfAbsent(d.jobId(), j -> new ArrayList<>())
            .add(ChunkDocuments.of(k, d.jobId().equals("phys-l01") ? List.of(clip) : List.of(), out));
        vectors.put(k.getChunkId(), PassageVectors.of(k));
      }
      write(c, PostgresStatements.CLIP, ps -> PostgresStatements.clip(clip, ps));
    }
    index = out.resolve(SearchIndex.FOLDER);
    SearchIndex.Update u = SearchIndex.replaceJobs(index, byJob, vectors, MODEL);
    assertEquals(u.passages(), u.storedPassages());
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  static List<SearchHit> fromDatabase(SearchQuery q) throws IOException {
    try (HybridSearch s = HybridSearch.open(db, MODEL, out)) {
      return s.search(q);
    }
  }

  static List<SearchHit> fromIndex(SearchQuery q) throws IOException {
    return HybridSearchTest.search(index, q);
  }

  @Test
  void theDatabaseHoldsTheSameDocumentsAsTheIndexWithTheirClip() throws IOException {
    try (HybridSearch s = HybridSearch.open(db, MODEL, out)) {
      assertEquals(5, s.size());
    }
    List<SearchHit> sql = fromDatabase(SearchQuery.of("physics chemistry", SearchMode.SEMANTIC, 10));
    List<SearchHit> lucene = fromIndex(SearchQuery.of("physics chemistry", SearchMode.SEMANTIC, 10));
    assertEquals(5, sql.size());
    Map<String, SearchDocument> expected = new HashMap<>();
    lucene.forEach(h -> expected.put(h.document().id(), h.document()));
    for (SearchHit h : sql) {
      assertEquals(expected.get(h.document().id()), h.document());
    }
    SearchDocument second = expected.get("phys-l01#2");
    // 120-240 overlaps the clip's 120-130 and 150-180: from 20 s into it.
    assertEquals("phys-l01/clips/clip-01.mp4", second.clip());
    assertEquals(20.0, second.clipOffset(), 1e-9);
  }

  @Test
  void theSemanticOrderIsTheIndexsAndExactTermsWinInEveryMode() throws IOException {
    for (String q : List.of("how hard must you shove a bulky trolley to speed it up", "disorder of a system",
        "energy of a spring")) {
      assertEquals(HybridSearchTest.ids(fromIndex(SearchQuery.of(q, SearchMode.SEMANTIC, 5))),
          HybridSearchTest.ids(fromDatabase(SearchQuery.of(q, SearchMode.SEMANTIC, 5))), q);
    }
    for (SearchMode mode : SearchMode.values()) {
      List<SearchHit> hits = fromDatabase(SearchQuery.of("Le Chatelier principle", mode, 3));
      assertEquals("chem-l01#1", hits.get(0).document().id(), mode + ": " + HybridSearchTest.ids(hits));
      if (mode != SearchMode.SEMANTIC) {
        assertEquals(1, hits.get(0).lexicalRank());
        assertTrue(hits.get(0).snippet().marked().contains("[[Chatelier's]] [[principle]]"),
            hits.get(0).snippet().marked());
      }
    }
    // Words in the title outrank the same words in the text (A over C), as the title's weight does in Lucene.
    assertEquals("phys-l01#1", fromDatabase(SearchQuery.of("second law", SearchMode.LEXICAL, 1)).get(0).document().id());
  }

  @Test
  void inHybridTheLexicalHalfNeedsHalfTheQueryTermsHereToo() throws IOException {
    String q = "spring oscillates entropy torque";
    try (HybridSearch s = HybridSearch.open(db, MODEL, out)) {
      assertEquals(Set.of("phys-l02#1", "chem-l01#2"),
          Set.copyOf(s.lexical(SearchQuery.of(q, SearchMode.LEXICAL, 10), 10)));
      assertEquals(List.of("phys-l02#1"), s.lexical(SearchQuery.of(q, SearchMode.HYBRID, 10), 10));
      // Operators and quotes are words, never query syntax.
      assertEquals(List.of(), s.lexical(SearchQuery.of("!&|():* 'a' \\\\", SearchMode.LEXICAL, 10), 10));
      assertEquals(List.of("chem-l01#2"), s.lexical(SearchQuery.of("entropy's | !(", SearchMode.LEXICAL, 10), 10));
    }
  }

  @Test
  void filtersRestrictBothHalvesAsInTheIndex() throws IOException {
    List<SearchQuery> queries = List.of(
        new SearchQuery("energy", SearchMode.HYBRID, "phys101", null, null, 10),
        new SearchQuery("energy", SearchMode.HYBRID, null, " spring 2027", null, 10),
        new SearchQuery("force and motion", SearchMode.SEMANTIC, "PHYS101", "Fall 2026", null, 10),
        new SearchQuery("entropy", SearchMode.HYBRID, null, null, "chem-l01", 10));
    for (SearchQuery q : queries) {
      Set<String> expected = Set.copyOf(HybridSearchTest.ids(fromIndex(q)));
      assertEquals(expected, Set.copyOf(HybridSearchTest.ids(fromDatabase(q))), q.toString());
      assertFalse(expected.isEmpty(), q.toString());
    }
  }

  @Test
  void aChunkWithoutVectorsIsFoundByItsWordsOnly() throws Exception {
    TopicChunk plain = TopicChunk.newBuilder().setJobId("hist-l01").setChunkId("hist-l01#1").setIndex(1).setStart(0)
        .setEnd(60).setTitle("Treaty of Westphalia").setImportance(0.5)
        .setText("The peace of 1648 ended the Thirty Years' War.").build();
    try (Connection c = db.getConnection()) {
      queue(c, "hist-l01", LectureMetadata.newBuilder().build());
      write(c, PostgresStatements.TRANSCRIPT_CHUNK, ps -> PostgresStatements.transcriptChunk(plain, ps));
    }
    try {
      List<SearchHit> hybrid = fromDatabase(SearchQuery.of("Westphalia treaty", SearchMode.HYBRID, 3));
      assertEquals("hist-l01#1", hybrid.get(0).document().id());
      assertEquals(0, hybrid.get(0).semanticRank());
      assertFalse(HybridSearchTest.ids(fromDatabase(SearchQuery.of("Westphalia treaty", SearchMode.SEMANTIC, 10)))
          .contains("hist-l01#1"));
    } finally {
      try (Connection c = db.getConnection()) {
        c.createStatement().execute("DELETE FROM jobs WHERE job_id = 'hist-l01'");
      }
    }
  }

  /**
   * Rows of two models (a batch changed --embedding-model): the query is embedded with the model most chunks have,
   * the other model's chunks take part by their words only, and a Gemini majority is queried through Gemini.
   */
  @Test
  void theQueryModelIsTheRowsMajorityAndTheOtherModelsChunksAreLexicalOnly() throws Exception {
    String gemini = GeminiEmbedder.name("gemini-embedding-001", 48);
    List<TopicChunk> rows = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      String text = i == 1 ? "The peace of Westphalia in 1648 ended the Thirty Years' War." : "Feudal estates " + i;
      TopicChunk k = TopicChunk.newBuilder().setJobId("hist-l01").setChunkId("hist-l01#" + i).setIndex(i)
          .setStart(60 * i).setEnd(60 * i + 60).setTitle(i == 1 ? "Treaty of Westphalia" : "Estates").setImportance(0.5)
          .setText(text).build();
      rows.add(TopicChunk.newBuilder(k).setPassages(PassageVectors.embed(k, new ChunkEmbedder() {
        @Override
        public String name() {
          return gemini;
        }

        @Override
        public int dimensions() {
          return 48;
        }

        @Override
        public float[][] embed(List<String> texts) {
          return texts.stream().map(t -> ChunkEmbedder.normalize(FakeGeminiServer.wordVector(t, 48)))
              .toArray(float[][]::new);
        }
      })).setEmbeddingModel(gemini).build());
    }
    try (Connection c = db.getConnection();
        FakeGeminiServer server = new FakeGeminiServer()) {
      queue(c, "hist-l01", LectureMetadata.newBuilder().build());
      TopicChunk first = rows.get(0);
      write(c, PostgresStatements.TRANSCRIPT_CHUNK, ps -> PostgresStatements.transcriptChunk(first, ps));
      EmbeddingConfig settings = EmbeddingConfig.defaults().withBaseUrl(server.baseUrl()).withApiKey("test-key");
      // 5 MiniLM chunks, 1 Gemini one: MiniLM embeds the query; the Gemini chunk is found by its words only.
      try (HybridSearch s = HybridSearch.open(db, settings, out)) {
        assertEquals(MiniLmEmbedder.NAME, s.model());
        List<SearchHit> hybrid = s.search(SearchQuery.of("Westphalia treaty", SearchMode.HYBRID, 3));
        assertEquals("hist-l01#1", hybrid.get(0).document().id());
        assertEquals(0, hybrid.get(0).semanticRank());
      }
      assertEquals(0, server.requestCount());
      for (TopicChunk k : rows.subList(1, rows.size())) {
        write(c, PostgresStatements.TRANSCRIPT_CHUNK, ps -> PostgresStatements.transcriptChunk(k, ps));
      }
      // Now 6 to 5: the query goes to Gemini, and only Gemini chunks are compared with it.
      try (HybridSearch s = HybridSearch.open(db, settings, out)) {
        assertEquals(gemini, s.model());
        List<SearchHit> semantic = s.search(SearchQuery.of("Westphalia peace", SearchMode.SEMANTIC, 10));
        assertEquals("hist-l01#1", semantic.get(0).document().id());
        assertTrue(semantic.stream().allMatch(h -> h.document().jobId().equals("hist-l01")),
            HybridSearchTest.ids(semantic).toString());
      }
      assertEquals(List.of("Westphalia peace"), server.requests.get(0).texts());
      assertEquals(List.of("RETRIEVAL_QUERY"), server.requests.get(0).taskTypes());
    } finally {
      try (Connection c = db.getConnection()) {
        c.createStatement().execute("DELETE FROM jobs WHERE job_id = 'hist-l01'");
      }
    }
  }

  @Test
  void aDatabaseWithoutTheTableIsNoIndex() throws Exception {
    try (Connection c = db.getConnection()) {
      c.createStatement().execute("CREATE DATABASE unmigrated");
    }
    HybridSearch.NoIndex e = assertThrows(HybridSearch.NoIndex.class,
        () -> HybridSearch.open(pg.getDatabase("postgres", "unmigrated"), MODEL));
    assertTrue(e.getMessage().contains("transcript_chunks"), e.getMessage());
  }
}
