package io.lecturehighlights.transforms.search;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.TopicChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Brings an output folder's search index up to date with its datasets, at the end of a batch. The datasets of a
 * batch hold the jobs that batch ran ({@code datasets/jobs}), their topic chunks ({@code datasets/transcript_chunks})
 * and clips ({@code datasets/clips}); each of those jobs has its documents replaced by its chunks now (a job that
 * failed this time is removed), while lectures of earlier batches into the same folder stay as they were. Reads
 * Avro files directly: no Beam, runs in the driver after the job.
 */
public final class OutputIndexer {
  private OutputIndexer() {}

  /**
   * Updates {@code <out>/search-index/} from {@code <out>/datasets/}, taking the vectors the job stored with each chunk
   * when they are of the index's model and embedding only the chunks without.
   */
  public static SearchIndex.Update update(Path out, ChunkEmbedder embedder) throws IOException {
    Map<String, PassageVectors> vectors = new HashMap<>();
    Map<String, List<SearchDocument>> docs = documents(out, c -> {
      PassageVectors v = PassageVectors.of(c);
      if (v != null) {
        vectors.put(c.getChunkId(), v);
      }
    });
    return SearchIndex.replaceJobs(out.resolve(SearchIndex.FOLDER), docs, vectors, embedder);
  }

  /** The documents of each job of the output's datasets (an empty list for a job without chunks). */
  public static Map<String, List<SearchDocument>> documents(Path out) throws IOException {
    return documents(out, c -> {});
  }

  private static Map<String, List<SearchDocument>> documents(Path out, Consumer<TopicChunk> each) throws IOException {
    Path datasets = out.resolve("datasets");
    Map<String, List<SearchDocument>> byJob = new LinkedHashMap<>();
    read(datasets.resolve("jobs"), JobStatus.class, j -> byJob.put(j.getJobId(), new ArrayList<>()));
    Map<String, List<Clip>> clips = new LinkedHashMap<>();
    read(datasets.resolve("clips"), Clip.class, c -> clips.computeIfAbsent(c.getJobId(), k -> new ArrayList<>()).add(c));
    List<TopicChunk> chunks = new ArrayList<>();
    read(datasets.resolve("transcript_chunks"), TopicChunk.class, chunks::add);
    for (TopicChunk c : chunks) {
      byJob.computeIfAbsent(c.getJobId(), k -> new ArrayList<>())
          .add(document(c, clips.getOrDefault(c.getJobId(), List.of()), out));
      each.accept(c);
    }
    return byJob;
  }

  /** One chunk as a search document, with the clip that covers most of its range ({@link ChunkDocuments#of}). */
  public static SearchDocument document(TopicChunk c, List<Clip> clips, Path out) {
    return ChunkDocuments.of(c, clips, out);
  }

  private static <T extends SpecificRecord> void read(Path dir, Class<T> type, Consumer<T> each) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files;
    try (var s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".avro") && !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    }
    for (Path f : files) {
      if (Files.size(f) == 0) {
        continue;
      }
      try (DataFileReader<T> r = new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(type))) {
        for (T record : r) {
          each.accept(record);
        }
      }
    }
  }
}
