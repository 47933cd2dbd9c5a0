package io.lecturehighlights.transforms.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.TopicChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Keeps an output folder's search index up to date while a stream writes into it, flush after flush.
 *
 * <p>A stream's datasets grow by one file per dataset and flush (a pane), and a file is never rewritten. What
 * finishes a lecture's entry arrives in pieces: its topic chunks when content analysis is done, its clips as they
 * are rendered, its job record last, each in the pane of the flush it fell into, so a lecture's pieces can be one
 * flush apart and in any order between datasets. Each update therefore reads only the files it has not read before,
 * and re-indexes every lecture those files mention, from the newest chunk file that holds its chunks (the chunks of
 * one attempt are written together), with all its clips and its latest job record:
 * <ul>
 *   <li>a lecture whose latest record is {@code failed} loses its documents (as in a batch);</li>
 *   <li>one with chunks but no record yet (still rendering) is searchable already, and gains its clip links as the
 *       clips arrive;</li>
 *   <li>a re-processed lecture's newer chunks replace the older ones: no duplicates.</li>
 * </ul>
 * Which job ids each file holds is kept in {@code search-index/stream-files.json}, written after the index commits,
 * so an update after a crash or a restart of {@code lhx stream} reads no file twice; one cut off between the commit
 * and that file only re-does its lectures, which is harmless. A folder a batch writes into uses
 * {@link OutputIndexer} instead: its datasets are replaced, not appended to.
 */
public final class StreamIndexer {
  /** The record of the dataset files already read, inside the index folder. */
  public static final String STATE = "stream-files.json";
  private static final List<String> DATASETS = List.of("jobs", "transcript_chunks", "clips");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PANE = Pattern.compile("-pane-(\\d+)");

  private final Path out;
  private final ChunkEmbedder embedder;

  public StreamIndexer(Path out, ChunkEmbedder embedder) {
    this.out = out;
    this.embedder = embedder;
  }

  /** One file read: its name under {@code datasets/} ("clips/part-...avro") and the jobs it holds, in read order. */
  private record FileJobs(String file, Set<String> jobs) {}

  /**
   * Reads the dataset files written since the last update and re-indexes the lectures they mention; does nothing
   * (and writes nothing) when there are none.
   *
   * @return what changed; {@code jobs() == 0} when nothing was new
   */
  public SearchIndex.Update update() throws IOException {
    Path index = out.resolve(SearchIndex.FOLDER);
    Map<String, List<FileJobs>> read = readState(index.resolve(STATE));
    Set<String> known = new LinkedHashSet<>();
    read.values().forEach(files -> files.forEach(f -> known.add(f.file())));

    Set<String> touched = new LinkedHashSet<>();
    Map<String, List<FileJobs>> fresh = new LinkedHashMap<>();
    for (String dataset : DATASETS) {
      List<FileJobs> files = new ArrayList<>();
      for (Path f : files(dataset)) {
        String name = dataset + "/" + f.getFileName();
        if (!known.contains(name)) {
          Set<String> jobs = new LinkedHashSet<>();
          forEach(f, typeOf(dataset), r -> jobs.add(jobIdOf(r)));
          files.add(new FileJobs(name, jobs));
          touched.addAll(jobs);
        }
      }
      fresh.put(dataset, files);
    }
    if (touched.isEmpty()) {
      return new SearchIndex.Update(0, 0, 0, 0, 0, 0, 0);
    }
    Map<String, List<FileJobs>> all = new LinkedHashMap<>();
    for (String dataset : DATASETS) {
      List<FileJobs> files = new ArrayList<>(read.getOrDefault(dataset, List.of()));
      files.addAll(fresh.get(dataset));
      all.put(dataset, files);
    }

    Map<String, JobStatus> latest = new HashMap<>();
    for (FileJobs f : filesOf(all.get("jobs"), touched)) {
      forEach(dataset(f), JobStatus.class, j -> {
        if (touched.contains(j.getJobId())) {
          latest.put(j.getJobId(), j);
        }
      });
    }
    Map<String, List<Clip>> clips = new HashMap<>();
    for (FileJobs f : filesOf(all.get("clips"), touched)) {
      forEach(dataset(f), Clip.class, c -> {
        if (touched.contains(c.getJobId())) {
          List<Clip> list = clips.computeIfAbsent(c.getJobId(), k -> new ArrayList<>());
          // A later render of the same clip and format replaces the earlier one.
          list.removeIf(o -> o.getIndex() == c.getIndex() && Objects.equals(o.getFormat(), c.getFormat()));
          list.add(c);
        }
      });
    }
    // The newest chunk file of each lecture: the chunks of its latest attempt.
    Map<String, FileJobs> newestChunks = new HashMap<>();
    for (FileJobs f : all.get("transcript_chunks")) {
      for (String job : f.jobs()) {
        if (touched.contains(job)) {
          newestChunks.put(job, f);
        }
      }
    }
    Map<String, List<TopicChunk>> chunks = new HashMap<>();
    for (FileJobs f : new LinkedHashSet<>(newestChunks.values())) {
      forEach(dataset(f), TopicChunk.class, c -> {
        if (newestChunks.get(c.getJobId()) == f) {
          chunks.computeIfAbsent(c.getJobId(), k -> new ArrayList<>()).add(c);
        }
      });
    }

    Map<String, List<SearchDocument>> byJob = new LinkedHashMap<>();
    Map<String, PassageVectors> vectors = new HashMap<>();
    for (String job : touched) {
      JobStatus status = latest.get(job);
      List<SearchDocument> docs = new ArrayList<>();
      if (status == null || status.getStatus() != JobState.FAILED) {
        for (TopicChunk c : chunks.getOrDefault(job, List.of())) {
          docs.add(OutputIndexer.document(c, clips.getOrDefault(job, List.of()), out));
          PassageVectors v = PassageVectors.of(c);
          if (v != null) {
            vectors.put(c.getChunkId(), v);
          }
        }
      }
      byJob.put(job, docs);
    }
    SearchIndex.Update u = SearchIndex.replaceJobs(index, byJob, vectors, embedder);
    writeState(index.resolve(STATE), all);
    return u;
  }

  private List<Path> files(String dataset) throws IOException {
    Path dir = out.resolve("datasets").resolve(dataset);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var s = Files.list(dir)) {
      // Beam writes a file under a temporary name and renames it when complete: a listed .avro file is whole.
      return s.filter(p -> p.getFileName().toString().endsWith(".avro") && !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString(), StreamIndexer::byPane))
          .toList();
    }
  }

  /** Pane order: {@code ...-pane-9-...} before {@code ...-pane-10-...}, which plain string order would reverse. */
  static int byPane(String a, String b) {
    long pa = paneOf(a);
    long pb = paneOf(b);
    return pa != pb ? Long.compare(pa, pb) : a.compareTo(b);
  }

  private static long paneOf(String name) {
    Matcher m = PANE.matcher(name);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static List<FileJobs> filesOf(List<FileJobs> files, Set<String> jobs) {
    return files.stream().filter(f -> f.jobs().stream().anyMatch(jobs::contains)).toList();
  }

  private Path dataset(FileJobs f) {
    return out.resolve("datasets").resolve(f.file());
  }

  private static Class<? extends SpecificRecord> typeOf(String dataset) {
    return switch (dataset) {
      case "jobs" -> JobStatus.class;
      case "clips" -> Clip.class;
      default -> TopicChunk.class;
    };
  }

  private static String jobIdOf(SpecificRecord r) {
    if (r instanceof JobStatus j) {
      return j.getJobId();
    }
    return r instanceof Clip c ? c.getJobId() : ((TopicChunk) r).getJobId();
  }

  private static <T extends SpecificRecord> void forEach(Path f, Class<T> type, Consumer<T> each)
      throws IOException {
    if (Files.size(f) == 0) {
      return;
    }
    try (DataFileReader<T> r = new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(type))) {
      for (T record : r) {
        each.accept(record);
      }
    }
  }

  private static Map<String, List<FileJobs>> readState(Path state) throws IOException {
    if (!Files.isRegularFile(state)) {
      return Map.of();
    }
    Map<String, Map<String, List<String>>> raw = JSON.readValue(state.toFile(), new TypeReference<>() {});
    Map<String, List<FileJobs>> out = new LinkedHashMap<>();
    raw.forEach((dataset, files) -> {
      List<FileJobs> list = new ArrayList<>();
      files.forEach((file, jobs) -> list.add(new FileJobs(file, new LinkedHashSet<>(jobs))));
      out.put(dataset, list);
    });
    return out;
  }

  /** The files in read order per dataset (a pane's order is its name's, which the listing sorts by). */
  private static void writeState(Path state, Map<String, List<FileJobs>> all) throws IOException {
    Map<String, Map<String, List<String>>> raw = new TreeMap<>();
    all.forEach((dataset, files) -> {
      Map<String, List<String>> m = new LinkedHashMap<>();
      files.forEach(f -> m.put(f.file(), List.copyOf(f.jobs())));
      raw.put(dataset, m);
    });
    Path tmp = state.resolveSibling("." + STATE + ".tmp");
    JSON.writeValue(tmp.toFile(), raw);
    Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
