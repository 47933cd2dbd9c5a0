package io.lecturehighlights.transforms.search;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The embedded search index under {@code <out>/search-index/}: a Lucene index with one document per topic chunk
 * (its text fields for BM25 and what a result shows, stored) and one per embedded passage ({@link Passages}: an
 * HNSW vector and the chunk it belongs to). Both kinds carry the job id and the filter keys, so that
 * {@link #replaceJobs} can swap a lecture's documents in one step: delete by job id, then add, committed once for
 * the whole batch. A rerun or {@code retry-failed} of a lecture therefore never leaves two copies, and a reader
 * sees the index before or after a batch, never half of it. The embedding model's name is kept in the commit; an
 * index made with another model is refused rather than mixed.
 */
public final class SearchIndex {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SearchIndex.class);
  /** The folder under an output folder. */
  public static final String FOLDER = "search-index";

  static final String KIND = "kind";
  static final String CHUNK = "chunk";
  static final String PASSAGE = "passage";
  static final String ID = "id";
  static final String JOB = "job";
  static final String COURSE_KEY = "course_key";
  static final String SEMESTER_KEY = "semester_key";
  static final String VECTOR = "vector";
  static final String FIRST_WORD = "first_word";
  // Text fields (BM25), stored for results.
  static final String TITLE = "title";
  static final String KEYWORDS = "keywords";
  static final String TEXT = "text";
  static final String SLIDE_TEXT = "slide_text";
  // Stored only.
  static final String LECTURE_TITLE = "lecture_title";
  static final String COURSE = "course";
  static final String SEMESTER = "semester";
  static final String START = "start";
  static final String END = "end";
  static final String CLIP = "clip";
  static final String CLIP_OFFSET = "clip_offset";
  static final String REPORT = "report";
  static final String MODEL = "embedding_model";

  private SearchIndex() {}

  /**
   * English: possessives and Porter stems, so "oscillating" finds "oscillation", and Snowball's stop list (174
   * words) rather than Lucene's 33: speech and questions are full of "how", "you", "what", "do", which would
   * otherwise match every chunk of every lecture.
   */
  public static Analyzer analyzer() {
    return new EnglishAnalyzer(STOP_WORDS);
  }

  private static final CharArraySet STOP_WORDS = snowballStopWords();

  private static CharArraySet snowballStopWords() {
    try (Reader r = IOUtils.getDecodingReader(SnowballFilter.class, "english_stop.txt", StandardCharsets.UTF_8)) {
      return CharArraySet.unmodifiableSet(WordlistLoader.getSnowballWordSet(r));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lower-cased key a course or semester filter matches (null: none). */
  static String key(String value) {
    return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
  }

  public static boolean exists(Path dir) {
    try (Directory d = FSDirectory.open(dir)) {
      return Files.isDirectory(dir) && DirectoryReader.indexExists(d);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * What one update did and cost.
   *
   * @param passages passages indexed, {@code storedPassages} of them with the vectors the job stored
   */
  public record Update(int jobs, int documents, int passages, int storedPassages, long embedMillis,
      long totalMillis, int notEmbedded) {}

  /**
   * Replaces the documents of each job by the given ones (an empty list removes a job) and commits once.
   *
   * @throws IOException when the folder cannot be written or another process holds the index's lock
   */
  public static Update replaceJobs(Path dir, Map<String, List<SearchDocument>> byJob, ChunkEmbedder embedder)
      throws IOException {
    return replaceJobs(dir, byJob, Map.of(), embedder);
  }

  /**
   * As {@link #replaceJobs(Path, Map, ChunkEmbedder)}, with vectors the job stored per chunk id: a chunk whose
   * vectors are of {@code embedder}'s model keeps them, the others are embedded here.
   */
  public static Update replaceJobs(Path dir, Map<String, List<SearchDocument>> byJob,
      Map<String, PassageVectors> stored, ChunkEmbedder embedder) throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(dir);
    long embedNanos = 0;
    int documents = 0;
    int passages = 0;
    int reused = 0;
    int notEmbedded = 0;
    try (Directory d = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(d, new IndexWriterConfig(analyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND))) {
      String model = modelOf(w);
      if (model != null && !model.equals(embedder.name())) {
        throw new IOException("the search index " + dir + " was built with the embedding model " + model + ", not "
            + embedder.name() + ": delete the folder to rebuild it");
      }
      for (Map.Entry<String, List<SearchDocument>> job : byJob.entrySet()) {
        List<Document> docs = new ArrayList<>();
        for (SearchDocument s : job.getValue()) {
          if (!s.jobId().equals(job.getKey())) {
            throw new IllegalArgumentException(s.id() + " is not a document of job " + job.getKey());
          }
          docs.add(chunk(s));
          PassageVectors v = stored.get(s.id());
          if (v != null && v.model().equals(embedder.name())) {
            reused += v.firstWords().length;
          } else {
            List<Passages.Passage> ps = Passages.of(s);
            long e0 = System.nanoTime();
            try {
              float[][] vectors = embedder.embed(ps.stream().map(Passages.Passage::text).toList());
              v = new PassageVectors(embedder.name(), ps.stream().mapToInt(Passages.Passage::firstWord).toArray(),
                  vectors);
            } catch (ChunkEmbedder.EmbeddingException e) {
              // A cloud model that keeps failing: the chunk is found by its words until its lecture is indexed again.
              LOG.warn("Topic chunk {} is indexed without vectors (found by its words only): {}", s.id(),
                  e.getMessage());
              v = new PassageVectors(embedder.name(), new int[0], new float[0][]);
              notEmbedded++;
            }
            embedNanos += System.nanoTime() - e0;
          }
          for (int i = 0; i < v.firstWords().length; i++) {
            docs.add(passage(s, v.firstWords()[i], v.vectors()[i]));
          }
          documents++;
          passages += v.firstWords().length;
        }
        // A job without chunks (failed, skipped as unchanged) only loses its documents. Lucene 9.12's
        // updateDocuments with no documents left its buffer accounting off: closing the writer then failed an
        // internal assertion (PostgresBatchIT, an incremental batch in which no lecture had chunks).
        if (docs.isEmpty()) {
          w.deleteDocuments(new Term(JOB, job.getKey()));
        } else {
          w.updateDocuments(new Term(JOB, job.getKey()), docs);
        }
      }
      w.setLiveCommitData(Map.of(MODEL, embedder.name()).entrySet());
      w.commit();
    }
    return new Update(byJob.size(), documents, passages, reused, embedNanos / 1_000_000,
        (System.nanoTime() - t0) / 1_000_000, notEmbedded);
  }

  private static String modelOf(IndexWriter w) {
    Iterable<Map.Entry<String, String>> data = w.getLiveCommitData();
    if (data != null) {
      for (Map.Entry<String, String> e : data) {
        if (e.getKey().equals(MODEL)) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  /** The embedding model an index was built with (null: none recorded). */
  static String modelOf(DirectoryReader r) throws IOException {
    return r.getIndexCommit().getUserData().get(MODEL);
  }

  private static void common(Document doc, SearchDocument s, String kind) {
    doc.add(new StringField(KIND, kind, Field.Store.NO));
    doc.add(new StringField(JOB, s.jobId(), Field.Store.YES));
    doc.add(new StringField(ID, s.id(), Field.Store.YES));
    doc.add(new StringField(COURSE_KEY, key(s.course()), Field.Store.NO));
    doc.add(new StringField(SEMESTER_KEY, key(s.semester()), Field.Store.NO));
  }

  private static Document chunk(SearchDocument s) {
    Document doc = new Document();
    common(doc, s, CHUNK);
    doc.add(new TextField(TITLE, s.topicTitle(), Field.Store.YES));
    doc.add(new TextField(KEYWORDS, String.join(", ", s.keywords()), Field.Store.YES));
    doc.add(new TextField(TEXT, s.text(), Field.Store.YES));
    doc.add(new TextField(SLIDE_TEXT, s.slideText(), Field.Store.YES));
    doc.add(new StoredField(LECTURE_TITLE, s.lectureTitle()));
    if (s.course() != null) {
      doc.add(new StoredField(COURSE, s.course()));
    }
    if (s.semester() != null) {
      doc.add(new StoredField(SEMESTER, s.semester()));
    }
    doc.add(new StoredField(START, s.start()));
    doc.add(new StoredField(END, s.end()));
    if (s.clip() != null) {
      doc.add(new StoredField(CLIP, s.clip()));
      doc.add(new StoredField(CLIP_OFFSET, s.clipOffset()));
    }
    doc.add(new StoredField(REPORT, s.report()));
    return doc;
  }

  private static Document passage(SearchDocument s, int firstWord, float[] vector) {
    Document doc = new Document();
    common(doc, s, PASSAGE);
    doc.add(new StoredField(FIRST_WORD, firstWord));
    doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    return doc;
  }

  /** A stored chunk document back as a {@link SearchDocument}. */
  static SearchDocument fromStored(Document d) {
    String keywords = d.get(KEYWORDS);
    List<String> kw = keywords == null || keywords.isBlank() ? List.of() : List.of(keywords.split(",\\s*"));
    Number offset = d.getField(CLIP_OFFSET) == null ? null : d.getField(CLIP_OFFSET).numericValue();
    return new SearchDocument(d.get(ID), d.get(JOB), d.get(LECTURE_TITLE), d.get(COURSE), d.get(SEMESTER),
        d.getField(START).numericValue().doubleValue(), d.getField(END).numericValue().doubleValue(), d.get(TITLE), kw,
        d.get(TEXT), d.get(SLIDE_TEXT), d.get(CLIP), offset == null ? 0 : offset.doubleValue(), d.get(REPORT));
  }

  /** Groups documents by job, keeping each job's list in order (for {@link #replaceJobs}). */
  public static Map<String, List<SearchDocument>> byJob(Collection<SearchDocument> docs) {
    Map<String, List<SearchDocument>> m = new HashMap<>();
    for (SearchDocument d : docs) {
      m.computeIfAbsent(d.jobId(), k -> new ArrayList<>()).add(d);
    }
    return m;
  }
}
