package io.lecturehighlights.transforms.db;

import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.testing.PAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import io.lecturehighlights.transforms.jobs.StageEvents;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JdbcIO writers and the repository against a real PostgreSQL (embedded, started by the test). */
class WriteToPostgresTest {
  static EmbeddedPostgres pg;
  static DatabaseConfig config;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.start();
    config = new DatabaseConfig(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, 4);
    assertEquals(7, Migrations.migrate(config));
  }

  @AfterAll
  static void stop() throws Exception {
    PooledDataSources.closeAll();
    pg.close();
  }

  @BeforeEach
  void clean() throws Exception {
    exec("TRUNCATE jobs CASCADE");
  }

  static void exec(String sql) throws Exception {
    try (Connection c = PooledDataSources.get(config).getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static long count(String sql) throws Exception {
    try (Connection c = PooledDataSources.get(config).getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String one(String sql) throws Exception {
    try (Connection c = PooledDataSources.get(config).getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static Pipeline pipeline() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    AvroCoders.registerAll(p);
    return p;
  }

  private static SilenceResult silence(String id, double... bounds) {
    List<TimeRange> r = new java.util.ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      r.add(new TimeRange(bounds[i], bounds[i + 1]));
    }
    return SilenceResult.newBuilder(JobOutcomesTest.silence(id)).setSilences(r).build();
  }

  private static void writeAll(List<UploadEvent> queued, List<StageEvent> events, List<SilenceResult> silences,
      List<JobStatus> jobs) {
    Pipeline p = pipeline();
    if (!queued.isEmpty()) {
      p.apply("q", Create.of(queued)).apply("wq", WriteToPostgres.queuedJobs(config));
    }
    if (!events.isEmpty()) {
      p.apply("e", Create.of(events)).apply("we", WriteToPostgres.stageEvents(config));
    }
    if (!silences.isEmpty()) {
      p.apply("s", Create.of(silences)).apply("ws", WriteToPostgres.silences(config));
    }
    if (!jobs.isEmpty()) {
      p.apply("j", Create.of(jobs)).apply("wj", WriteToPostgres.jobOutcomes(config));
    }
    p.run().waitUntilFinish();
  }

  @Test
  void topicsHighlightsAndClipsLandInTheirTablesAndRerunsReplaceThem() throws Exception {
    writeAll(List.of(JobOutcomesTest.event("c")), List.of(), List.of(), List.of());
    io.lecturehighlights.schemas.ContentSegment first = io.lecturehighlights.schemas.ContentSegment.newBuilder()
        .setStart(0).setEnd(30).setTitle("Inertia").setSummary("Objects keep moving.")
        .setKeywords(List.of("inertia", "first law")).setImportance(0.8).setReason("defines terms").build();
    io.lecturehighlights.schemas.ContentSegment second = io.lecturehighlights.schemas.ContentSegment.newBuilder(first)
        .setStart(30).setEnd(70).setTitle("Force").setKeywords(List.of()).setImportance(0.4).setReason(null).build();
    io.lecturehighlights.schemas.ContentSegments content = io.lecturehighlights.schemas.ContentSegments.newBuilder()
        .setJobId("c").setAnalyzer("gemini").setModel("gemini-2.5-flash-001").setSegments(List.of(first, second))
        .setRequests(3).setRetries(1).setPromptTokens(1200).setOutputTokens(300).setEstimatedCostUsd(0.00111).build();
    io.lecturehighlights.schemas.Highlight h = io.lecturehighlights.schemas.Highlight.newBuilder().setIndex(1)
        .setTitle("Inertia").setStart(1.3).setEnd(29.5).setScore(0.8)
        .setKeep(List.of(new TimeRange(1.3, 10.0), new TimeRange(11.5, 29.5))).build();
    io.lecturehighlights.schemas.Highlights highlights = io.lecturehighlights.schemas.Highlights.newBuilder()
        .setJobId("c").setHighlights(List.of(h)).build();
    io.lecturehighlights.schemas.Clip clip = io.lecturehighlights.schemas.Clip.newBuilder().setJobId("c").setIndex(1)
        .setVideoUri("/out/c/clips/clip-01.mp4").setThumbnailUri("/out/c/clips/clip-01.jpg")
        .setSubtitlesUri("/out/c/clips/clip-01.vtt").setLayout("vertical").setDurationSeconds(26.7)
        .setSizeBytes(123456).setWidth(720).setHeight(1280).setVideoCodec("h264").setAudioCodec("aac")
        .setSourceIntervals(h.getKeep()).build();
    // The same highlight in a second format, from the same render.
    io.lecturehighlights.schemas.Clip square = io.lecturehighlights.schemas.Clip.newBuilder(clip).setFormat("square")
        .setLayout("square").setVideoUri("/out/c/clips/clip-01-square.mp4").setWidth(720).setHeight(720)
        .setThumbnailSeconds(1.24).build();
    for (int run = 0; run < 2; run++) {
      Pipeline p = pipeline();
      p.apply("content", Create.of(content)).apply("write content", WriteToPostgres.contentSegments(config));
      p.apply("highlights", Create.of(highlights)).apply("write highlights", WriteToPostgres.highlights(config));
      p.apply("clips", Create.of(clip, square)).apply("write clips", WriteToPostgres.clips(config));
      p.run().waitUntilFinish();
    }
    assertEquals(2, count("SELECT count(*) FROM content_segments WHERE job_id = 'c'"));
    assertEquals("{inertia,\"first law\"}", one("SELECT keywords FROM content_segments WHERE job_id = 'c' AND idx = 0"));
    assertEquals("{}", one("SELECT keywords FROM content_segments WHERE job_id = 'c' AND idx = 1"));
    assertNull(one("SELECT reason FROM content_segments WHERE job_id = 'c' AND idx = 1"));
    assertEquals("1200", one("SELECT prompt_tokens FROM content_analysis WHERE job_id = 'c'"));
    assertEquals("gemini-2.5-flash-001", one("SELECT model FROM content_analysis WHERE job_id = 'c'"));
    assertEquals("11.5", one("SELECT keep->1->>'start' FROM highlights WHERE job_id = 'c' AND idx = 1"));
    assertEquals(2, count("SELECT count(*) FROM clips WHERE job_id = 'c'"), "one row per clip and format");
    // A record without a format (written before formats) is the shape its layout names.
    assertEquals("1280", one("SELECT height FROM clips WHERE job_id = 'c' AND format = 'vertical'"));
    assertNull(one("SELECT thumbnail_seconds FROM clips WHERE job_id = 'c' AND format = 'vertical'"));
    assertEquals("720", one("SELECT height FROM clips WHERE job_id = 'c' AND format = 'square'"));
    assertEquals("/out/c/clips/clip-01-square.mp4", one("SELECT video_uri FROM clips WHERE format = 'square'"));
    assertEquals("1.24", one("SELECT thumbnail_seconds FROM clips WHERE format = 'square'"));

    // A rerun that finds one topic replaces the two rows.
    Pipeline p = pipeline();
    p.apply(Create.of(io.lecturehighlights.schemas.ContentSegments.newBuilder(content)
        .setSegments(List.of(first)).build())).apply(WriteToPostgres.contentSegments(config));
    p.run().waitUntilFinish();
    assertEquals(1, count("SELECT count(*) FROM content_segments WHERE job_id = 'c'"));
    assertEquals("1", one("SELECT segment_count FROM content_analysis WHERE job_id = 'c'"));
  }

  static io.lecturehighlights.schemas.TopicChunk chunk(String job, int index, String title, String text,
      List<Integer> firstWords) {
    List<io.lecturehighlights.schemas.PassageVector> passages = new java.util.ArrayList<>();
    for (int w : firstWords) {
      List<Float> v = new java.util.ArrayList<>();
      for (int d = 0; d < 4; d++) {
        v.add(d == (w + 1) % 4 ? 1f : 0f);
      }
      passages.add(io.lecturehighlights.schemas.PassageVector.newBuilder().setFirstWord(w).setVector(v).build());
    }
    return io.lecturehighlights.schemas.TopicChunk.newBuilder().setJobId(job).setChunkId(job + "#" + index)
        .setIndex(index).setStart(index * 60.0).setEnd(index * 60.0 + 60).setTitle(title)
        .setKeywords(List.of("momentum")).setImportance(0.5).setText(text).setSlideTitles(List.of("Slide one"))
        .setSlideText("impulse\u0000 and collisions")
        .setMetadata(io.lecturehighlights.schemas.LectureMetadata.newBuilder().setTitle("L1").setCourse("PHYS 101")
            .setSemester("fall-2026").build())
        .setPassages(passages).setEmbeddingModel(passages.isEmpty() ? null : "test-model").build();
  }

  private static void writeChunks(io.lecturehighlights.schemas.TopicChunk... chunks) {
    Pipeline p = pipeline();
    p.apply("chunks", Create.of(List.of(chunks))).apply("write chunks", WriteToPostgres.transcriptChunks(config));
    p.run().waitUntilFinish();
  }

  /**
   * Chunks land with their vectors (a passages x dimensions array) and a weighted tsvector; a replay of the same
   * upload keeps them, the next attempt (queued again) clears them before it writes its own, and another job's
   * chunks are never touched.
   */
  @Test
  void transcriptChunksLandWithVectorsAndANewAttemptReplacesThem() throws Exception {
    UploadEvent t = JobOutcomesTest.event("t");
    writeAll(List.of(t, JobOutcomesTest.event("u")), List.of(), List.of(), List.of());
    writeChunks(chunk("t", 1, "Conservation of momentum", "Total momentum stays the same.", List.of(-1, 0)),
        chunk("t", 2, "Elastic collisions", "Kinetic energy is conserved too.", List.of()),
        chunk("u", 1, "Momentum", "Another lecture.", List.of(-1)));
    writeChunks(chunk("t", 2, "Elastic collisions", "Kinetic energy is conserved too.", List.of()));
    assertEquals(2, count("SELECT count(*) FROM transcript_chunks WHERE job_id = 't'"));
    assertEquals("{{1,0,0,0},{0,1,0,0}}", one("SELECT passage_vectors FROM transcript_chunks WHERE chunk_id = 't#1'"));
    assertEquals("{-1,0}", one("SELECT passage_first_words FROM transcript_chunks WHERE chunk_id = 't#1'"));
    assertEquals("test-model", one("SELECT embedding_model FROM transcript_chunks WHERE chunk_id = 't#1'"));
    assertEquals("{}", one("SELECT passage_vectors FROM transcript_chunks WHERE chunk_id = 't#2'"));
    assertNull(one("SELECT embedding_model FROM transcript_chunks WHERE chunk_id = 't#2'"));
    assertEquals("PHYS 101|fall-2026|L1|{momentum}|{\"Slide one\"}",
        one("SELECT concat_ws('|', course, semester, lecture_title, keywords, slide_titles) FROM transcript_chunks "
            + "WHERE chunk_id = 't#1'"));
    // The weights follow the Lucene fields': title A, key terms B, transcript C, slides D (NUL replaced).
    assertEquals("'conserv':1A 'momentum':3A,4B,6C",
        one("SELECT ts_filter(tsv, '{a,b,c}')::text FROM transcript_chunks WHERE chunk_id = 't#1'")
            .replaceAll(" '(stay|total|time|same)':[0-9A-D,]+", ""));
    assertTrue(one("SELECT tsv::text FROM transcript_chunks WHERE chunk_id = 't#1'").contains("'collis':"));
    assertEquals("t#1", one("SELECT chunk_id FROM transcript_chunks WHERE tsv @@ websearch_to_tsquery('english', "
        + "'slide impulse') AND job_id = 't'"));

    writeAll(List.of(t), List.of(), List.of(), List.of());
    assertEquals(2, count("SELECT count(*) FROM transcript_chunks WHERE job_id = 't'"));

    UploadEvent again = UploadEvent.newBuilder(t).setReceivedAtMillis(System.currentTimeMillis()).build();
    writeAll(List.of(again), List.of(), List.of(), List.of());
    assertEquals(0, count("SELECT count(*) FROM transcript_chunks WHERE job_id = 't'"));
    writeChunks(chunk("t", 1, "Conservation of momentum", "Total momentum stays the same.", List.of(-1)));
    assertEquals(1, count("SELECT count(*) FROM transcript_chunks WHERE job_id = 't'"));
    assertEquals(1, count("SELECT count(*) FROM transcript_chunks WHERE job_id = 'u'"));
  }

  private static Slide slide(String job, int index, double start, double end, String title, String text,
      String thumbnail) {
    return Slide.newBuilder().setJobId(job).setIndex(index).setStart(start).setEnd(end).setTitle(title)
        .setText(text).setConfidence(0.5 + index / 100.0).setThumbnail(thumbnail).setFrameTime(start + 1.5).build();
  }

  private static Layout deck(String job, List<Slide> slides) {
    List<Double> changes = slides.stream().skip(1).map(Slide::getStart).toList();
    return Layout.newBuilder().setJobId(job).setType("screen_only").setFrameWidth(1280).setFrameHeight(720)
        .setScreen(new Rect(0, 0, 1280, 720)).setSlideChanges(changes).setSlides(slides).build();
  }

  private static void writeLayouts(Layout... layouts) {
    Pipeline p = pipeline();
    p.apply("layouts", Create.of(List.of(layouts))).apply("write layouts", WriteToPostgres.layouts(config));
    p.run().waitUntilFinish();
  }

  /** (idx, title, thumbnail_uri) of a job's slide rows, in order. */
  private static List<String> slideRows(String job) throws Exception {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection c = PooledDataSources.get(config).getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT idx, title, thumbnail_uri FROM slides WHERE job_id = '" + job
            + "' ORDER BY idx")) {
      while (rs.next()) {
        rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
      }
    }
    return rows;
  }

  /**
   * A layout's slides land in the slides table with the layout row, and a rerun replaces them: one that read fewer
   * slides leaves none of the older extra rows, a repeat changes nothing, and one without slides (no screen, OCR
   * off) clears them. Another job's slides are never touched.
   */
  @Test
  void slidesLandWithTheirLayoutAndARerunWithFewerSlidesReplacesThem() throws Exception {
    writeAll(List.of(JobOutcomesTest.event("deck"), JobOutcomesTest.event("other")), List.of(), List.of(),
        List.of());
    List<Slide> three = List.of(
        slide("deck", 1, 0, 42.5, "Newton's laws", "Newton's laws\nF = m a", "slides/slide-01.jpg"),
        slide("deck", 2, 42.5, 90, "Inertia", "Inertia\nBodies at rest \u0000 stay at rest", "slides/slide-02.jpg"),
        slide("deck", 3, 90, 130, "", "", null));
    writeLayouts(deck("deck", three), deck("other", List.of(slide("other", 1, 0, 10, "Other", "", null))));
    assertEquals(List.of("1|Newton's laws|slides/slide-01.jpg", "2|Inertia|slides/slide-02.jpg", "3||null"),
        slideRows("deck"));
    assertEquals("0|42.5|Newton's laws\nF = m a|0.51|1.5", one("SELECT start_seconds || '|' || end_seconds || '|' "
        + "|| text || '|' || confidence || '|' || frame_time FROM slides WHERE job_id = 'deck' AND idx = 1"));
    assertEquals("Inertia\nBodies at rest \uFFFD stay at rest",
        one("SELECT text FROM slides WHERE job_id = 'deck' AND idx = 2"));
    assertEquals("{42.5,90}", one("SELECT slide_changes FROM layout_analysis WHERE job_id = 'deck'"));

    // The rerun reads two slides, the second differently: the third row goes, the second is updated.
    List<Slide> two = List.of(three.get(0),
        slide("deck", 2, 42.5, 130, "Inertia (cont.)", "Inertia (cont.)", "slides/slide-02.jpg"));
    for (int run = 0; run < 2; run++) {
      writeLayouts(deck("deck", two));
      assertEquals(List.of("1|Newton's laws|slides/slide-01.jpg", "2|Inertia (cont.)|slides/slide-02.jpg"),
          slideRows("deck"));
      assertEquals("130", one("SELECT end_seconds FROM slides WHERE job_id = 'deck' AND idx = 2"));
      assertEquals("{42.5}", one("SELECT slide_changes FROM layout_analysis WHERE job_id = 'deck'"));
      assertEquals(1, count("SELECT count(*) FROM layout_analysis WHERE job_id = 'deck'"));
    }

    // Without slides the layout row stays and the slide rows go.
    writeLayouts(Layout.newBuilder(deck("deck", List.of())).setType("camera_only").setScreen(null).build());
    assertEquals(List.of(), slideRows("deck"));
    assertEquals("camera_only", one("SELECT layout_type FROM layout_analysis WHERE job_id = 'deck'"));
    assertEquals(List.of("1|Other|null"), slideRows("other"));

    // Slides go with their job.
    exec("DELETE FROM jobs WHERE job_id = 'other'");
    assertEquals(0, count("SELECT count(*) FROM slides"));
  }

  /** Checks, downstream of RecordQueuedJobs, that the job's row is already committed when the upload arrives. */
  static class RowExistsFn extends org.apache.beam.sdk.transforms.DoFn<UploadEvent, String> {
    @ProcessElement
    public void process(@Element UploadEvent e, OutputReceiver<String> out) throws Exception {
      out.output(e.getJobId() + "=" + one("SELECT status FROM jobs WHERE job_id = '" + e.getJobId() + "'"));
    }
  }

  @Test
  void queuedJobRowsAreCommittedBeforeTheUploadGoesOn() throws Exception {
    Pipeline p = pipeline();
    PCollection<String> seen = p
        .apply("uploads", Create.of(JobOutcomesTest.event("q1"), JobOutcomesTest.event("q2")))
        .apply(RecordQueuedJobs.in(config))
        .apply("look up", org.apache.beam.sdk.transforms.ParDo.of(new RowExistsFn()));
    PAssert.that(seen).containsInAnyOrder("q1=queued", "q2=queued");
    p.run().waitUntilFinish();
  }

  @Test
  void deadLettersAreKeptAndARedeliveryUpdatesTheirRow() throws Exception {
    exec("TRUNCATE dead_letters");
    DeadLetter d = DeadLetter.newBuilder().setId("m-1").setQueue("http://q/uploads")
        .setReason("malformed_notification").setMessage("message body is not JSON: x")
        .setBody("not json \u0000 with a NUL").setSentAtMillis(1_700_000_000_000L)
        .setReceivedAtMillis(1_700_000_001_000L).build();
    for (int i = 0; i < 2; i++) {
      Pipeline p = pipeline();
      p.apply("d", Create.of(d)).apply("wd", WriteToPostgres.deadLetters(config));
      p.run().waitUntilFinish();
    }
    assertEquals(1, count("SELECT count(*) FROM dead_letters"));
    assertEquals("malformed_notification|2023-11-14T22:13:20Z",
        one("SELECT reason || '|' || to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
            + "FROM dead_letters"));
    assertTrue(one("SELECT body FROM dead_letters").contains("with a NUL"));
  }

  @Test
  void aJobsLifecycleLandsInTheTablesAndRerunsReplaceRows() throws Exception {
    UploadEvent a = JobOutcomesTest.event("a");
    writeAll(List.of(a), List.of(), List.of(), List.of());
    assertEquals("queued", one("SELECT status FROM jobs WHERE job_id = 'a'"));
    assertEquals("PHYS 101", one("SELECT course FROM jobs WHERE job_id = 'a'"));

    writeAll(List.of(), List.of(StageEvents.running("a", Stages.SILENCE)), List.of(), List.of());
    assertEquals("running", one("SELECT status FROM jobs WHERE job_id = 'a'"));
    assertEquals("silence", one("SELECT current_stage FROM jobs WHERE job_id = 'a'"));

    JobStatus done = JobOutcomes.of(JobOutcomesTest.finished(JobOutcomesTest.validated("a"), null));
    writeAll(List.of(), List.of(StageEvents.completed("a", Stages.SILENCE, 340)),
        List.of(silence("a", 0, 1.5, 4, 5.25, 9, 10)), List.of(done));
    assertEquals("completed", one("SELECT status FROM jobs WHERE job_id = 'a'"));
    assertNull(one("SELECT current_stage FROM jobs WHERE job_id = 'a'"));
    assertEquals(3, count("SELECT count(*) FROM silence_regions WHERE job_id = 'a'"));
    assertEquals("5.25", one("SELECT end_seconds FROM silence_regions WHERE job_id = 'a' AND idx = 1"));
    assertEquals("completed", one("SELECT status FROM processing_logs WHERE job_id = 'a' AND stage = 'silence'"));
    assertEquals("340", one("SELECT duration_ms FROM processing_logs WHERE job_id = 'a' AND stage = 'silence'"));

    // A late "running" event never moves a finished stage or job back.
    StageEvent late = StageEvent.newBuilder(StageEvents.running("a", Stages.SILENCE))
        .setAtMillis(System.currentTimeMillis() + 1000).build();
    writeAll(List.of(), List.of(late), List.of(), List.of());
    assertEquals("completed", one("SELECT status FROM processing_logs WHERE job_id = 'a' AND stage = 'silence'"));
    assertEquals("completed", one("SELECT status FROM jobs WHERE job_id = 'a'"));

    // A region Flink restarts replays its "running" events stamped at the replay, after the outcome was computed
    // but before it is written: the outcome still ends the job.
    writeAll(List.of(JobOutcomesTest.event("r")), List.of(), List.of(), List.of());
    JobStatus outcome = JobOutcomes.of(JobOutcomesTest.finished(JobOutcomesTest.validated("r"), null));
    StageEvent replayed = StageEvent.newBuilder(StageEvents.running("r", Stages.RENDERING))
        .setAtMillis(outcome.getUpdatedAtMillis() + 5000).build();
    writeAll(List.of(), List.of(replayed), List.of(), List.of());
    assertEquals("running", one("SELECT status FROM jobs WHERE job_id = 'r'"));
    StageEvent finished = StageEvents.completed("r", Stages.RENDERING, 1200);
    writeAll(List.of(), List.of(finished), List.of(), List.of());
    assertEquals("completed", one("SELECT status FROM processing_logs WHERE job_id = 'r' AND stage = 'rendering'"));
    writeAll(List.of(), List.of(), List.of(), List.of(outcome));
    assertEquals("completed", one("SELECT status FROM jobs WHERE job_id = 'r'"));
    assertNull(one("SELECT current_stage FROM jobs WHERE job_id = 'r'"));

    // A rerun with fewer silences replaces the rows; writing the same results twice duplicates nothing.
    writeAll(List.of(), List.of(), List.of(silence("a", 2, 3)), List.of());
    writeAll(List.of(), List.of(), List.of(silence("a", 2, 3)), List.of());
    assertEquals(1, count("SELECT count(*) FROM silence_regions WHERE job_id = 'a'"));
    assertEquals("2", one("SELECT start_seconds FROM silence_regions WHERE job_id = 'a'"));
    assertEquals(1, count("SELECT count(*) FROM silence_analysis"));
  }

  @Test
  void requeueingStartsAFreshRunAndFailuresKeepStageAndReason() throws Exception {
    UploadEvent b = JobOutcomesTest.event("b");
    var failure = Failures.of(b, Stages.VALIDATION, "empty_file", "file is empty (0 bytes)", false, 1);
    JobStatus failed = JobOutcomes.of(failure);
    writeAll(List.of(b), List.of(StageEvents.failed(failure)), List.of(), List.of(failed));
    assertEquals("failed", one("SELECT status FROM jobs WHERE job_id = 'b'"));
    assertEquals("validation", one("SELECT failed_stage FROM jobs WHERE job_id = 'b'"));
    assertEquals("empty_file", one("SELECT failure_reason FROM jobs WHERE job_id = 'b'"));
    assertEquals("empty_file: file is empty (0 bytes)",
        one("SELECT message FROM processing_logs WHERE job_id = 'b' AND stage = 'validation'"));

    UploadEvent again = UploadEvent.newBuilder(b).setReceivedAtMillis(System.currentTimeMillis() + 5000).build();
    writeAll(List.of(again), List.of(), List.of(), List.of());
    assertEquals("queued", one("SELECT status FROM jobs WHERE job_id = 'b'"));
    assertNull(one("SELECT failure_reason FROM jobs WHERE job_id = 'b'"));
    assertEquals(0, count("SELECT count(*) FROM processing_logs WHERE job_id = 'b'"));
  }

  @Test
  void aJobProcessedTwiceKeepsBothAttemptsInItsHistory() throws Exception {
    // Attempt 1: queued, validation started and failed, the job rejected.
    UploadEvent h = JobOutcomesTest.event("h");
    StageEvent started = StageEvents.running("h", Stages.VALIDATION);
    var failure = Failures.of(h, Stages.VALIDATION, "empty_file", "file is empty (0 bytes)", false, 1);
    writeAll(List.of(h), List.of(), List.of(), List.of());
    writeAll(List.of(), List.of(started), List.of(), List.of());
    writeAll(List.of(), List.of(StageEvents.failed(failure)), List.of(), List.of());
    writeAll(List.of(), List.of(), List.of(), List.of(JobOutcomes.of(failure)));
    // The same upload replayed (a Flink restart) is not a new attempt and records nothing twice.
    writeAll(List.of(h), List.of(), List.of(), List.of());
    assertEquals("1", one("SELECT attempts FROM jobs WHERE job_id = 'h'"));
    assertEquals(4, count("SELECT count(*) FROM job_events WHERE job_id = 'h'"));

    // Attempt 2, a later run: validation and silence pass, the job completes.
    UploadEvent again = UploadEvent.newBuilder(h).setReceivedAtMillis(System.currentTimeMillis() + 5000).build();
    writeAll(List.of(again), List.of(), List.of(), List.of());
    assertEquals("2", one("SELECT attempts FROM jobs WHERE job_id = 'h'"));
    assertEquals(0, count("SELECT count(*) FROM processing_logs WHERE job_id = 'h'"));
    long t = again.getReceivedAtMillis();
    List<StageEvent> second = List.of(
        StageEvent.newBuilder(StageEvents.running("h", Stages.VALIDATION)).setAtMillis(t + 100).build(),
        StageEvent.newBuilder(StageEvents.completed("h", Stages.VALIDATION, 40)).setAtMillis(t + 140).build(),
        StageEvent.newBuilder(StageEvents.running("h", Stages.SILENCE)).setAtMillis(t + 200).build(),
        StageEvent.newBuilder(StageEvents.completed("h", Stages.SILENCE, 300)).setAtMillis(t + 500).build());
    for (StageEvent e : second) {
      writeAll(List.of(), List.of(e), List.of(), List.of());
    }
    JobStatus done = JobStatus.newBuilder(JobOutcomes.of(JobOutcomesTest.finished(JobOutcomesTest.validated("h"), null)))
        .setUpdatedAtMillis(t + 900).build();
    writeAll(List.of(), List.of(), List.of(), List.of(done));
    assertEquals("completed", one("SELECT status FROM jobs WHERE job_id = 'h'"));

    assertEquals("queued,validation:started,validation:failed,rejected",
        one("SELECT string_agg(CASE WHEN stage = 'job' THEN event ELSE stage || ':' || event END, ',' "
            + "ORDER BY at, id) FROM job_events WHERE job_id = 'h' AND attempt = 1"));
    assertEquals("queued,validation:started,validation:finished,silence:started,silence:finished,completed",
        one("SELECT string_agg(CASE WHEN stage = 'job' THEN event ELSE stage || ':' || event END, ',' "
            + "ORDER BY at, id) FROM job_events WHERE job_id = 'h' AND attempt = 2"));
    assertEquals("empty_file|file is empty (0 bytes)", one("SELECT reason || '|' || message FROM job_events "
        + "WHERE job_id = 'h' AND attempt = 1 AND stage = 'validation' AND event = 'failed'"));
    assertEquals("empty_file", one("SELECT reason FROM job_events WHERE job_id = 'h' AND event = 'rejected'"));
    assertEquals("300", one("SELECT duration_ms FROM job_events WHERE job_id = 'h' AND attempt = 2 "
        + "AND stage = 'silence' AND event = 'finished'"));
    assertEquals("900", one("SELECT duration_ms FROM job_events WHERE job_id = 'h' AND event = 'completed'"));
    assertEquals(0, count("SELECT count(*) FROM job_events WHERE job_id = 'h' AND (worker IS NULL OR worker = '')"));

    JobRepository repo = new JobRepository(PooledDataSources.get(config));
    List<JobRepository.EventRow> history = repo.events("h");
    assertEquals(10, history.size());
    assertEquals(1, history.get(0).attempt);
    assertEquals(2, history.get(history.size() - 1).attempt);
    assertEquals("completed", history.get(history.size() - 1).event);
    assertEquals(2, repo.get("h").attempts);
  }

  @Test
  void workersAreNamedByHostAndFlinkSubtask() {
    assertEquals("tm-1 subtask 2/4", Workers.describe("tm-1",
        "Record silence detection finished/ParMultiDo(Write) -> Silence detection finished (2/4)#0"));
    assertEquals("tm-1 subtask 1/1", Workers.describe("tm-1", "Validate uploads (1/1)"));
    assertEquals("laptop thread direct-runner-worker", Workers.describe("laptop", "direct-runner-worker"));
    assertEquals(List.of("empty_file", "file is empty: 0 bytes"),
        java.util.Arrays.asList(PostgresStatements.reasonAndMessage("empty_file: file is empty: 0 bytes")));
    assertEquals(java.util.Arrays.asList(null, "Something broke: badly"),
        java.util.Arrays.asList(PostgresStatements.reasonAndMessage("Something broke: badly")));
  }

  @Test
  void anOutcomeForAJobNeverQueuedStillGetsARow() throws Exception {
    UploadEvent bad = JobOutcomesTest.event("bad-row");
    JobStatus s = JobOutcomes.of(
        Failures.of(bad, Stages.VALIDATION, "invalid_manifest_row", "line 3 has no video", false, 1));
    writeAll(List.of(), List.of(), List.of(), List.of(s));
    assertEquals("failed", one("SELECT status FROM jobs WHERE job_id = 'bad-row'"));
  }

  @Test
  void repositoryFiltersAndFingerprints() throws Exception {
    UploadEvent x = UploadEvent.newBuilder(JobOutcomesTest.event("x")).setContentFingerprint("v1:1:aa").build();
    UploadEvent y = JobOutcomesTest.event("y");
    var validatedX = io.lecturehighlights.schemas.ValidatedLecture.newBuilder(JobOutcomesTest.validated("x"))
        .setEvent(x).build();
    JobStatus xs = JobOutcomes.of(JobOutcomesTest.finished(validatedX, null));
    assertEquals(JobState.COMPLETED, xs.getStatus());
    writeAll(List.of(x, y), List.of(), List.of(), List.of(xs));
    JobRepository repo = new JobRepository(PooledDataSources.get(config));
    assertEquals(2, repo.list("PHYS 101", null, null).size());
    assertEquals(1, repo.list(null, null, "queued").size());
    assertEquals(0, repo.list("CHEM 1", null, null).size());
    assertEquals(Map.of("x", "v1:1:aa"), repo.completedFingerprints());
  }

  @Test
  void contentionIsRetriedInPlaceAndLostConnectionsAreLeftToTaskRestarts() {
    assertTrue(WriteToPostgres.retryable(new java.sql.SQLException("deadlock", "40P01")));
    assertTrue(WriteToPostgres.retryable(new java.sql.SQLException("fk", "23503")));
    assertTrue(!WriteToPostgres.retryable(new java.sql.SQLException("reset", "08006")));
    assertTrue(!WriteToPostgres.retryable(new java.sql.SQLException("terminated", "57P01")));
    assertTrue(!WriteToPostgres.retryable(new java.sql.SQLException("syntax", "42601")));
  }

  @Test
  void unreachableDatabaseGivesAClearError() {
    DatabaseConfig down = new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/nothing", "lhx", null, 1);
    Migrations.DatabaseUnavailable e =
        org.junit.jupiter.api.Assertions.assertThrows(Migrations.DatabaseUnavailable.class, () -> Migrations.migrate(down));
    assertTrue(e.getMessage().startsWith("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nothing"),
        e.getMessage());
  }
}
