package io.lecturehighlights.transforms.search;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.TopicChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A small output folder as a batch leaves it, for the search tests (here and the command line's): the Avro datasets
 * {@code jobs}, {@code transcript_chunks} and {@code clips} under {@code <out>/datasets/}, in the batch's file names.
 */
public final class SearchOutputFixture {
  private final Path out;
  private final List<JobStatus> jobs = new ArrayList<>();
  private final List<TopicChunk> chunks = new ArrayList<>();
  private final List<Clip> clips = new ArrayList<>();

  public SearchOutputFixture(Path out) {
    this.out = out;
  }

  public SearchOutputFixture job(String jobId, boolean completed) {
    jobs.add(JobStatus.newBuilder().setJobId(jobId).setSource("/archive/" + jobId + ".mp4")
        .setStatus(completed ? JobState.COMPLETED : JobState.FAILED).setUpdatedAtMillis(0).build());
    return this;
  }

  /** A topic chunk of a job (numbered in the order added); metadata null-safe. */
  public SearchOutputFixture chunk(String jobId, String title, String course, String semester, double start,
      double end, String topic, List<String> keywords, String text, String slideText) {
    int index = (int) chunks.stream().filter(c -> c.getJobId().equals(jobId)).count() + 1;
    chunks.add(TopicChunk.newBuilder().setJobId(jobId).setChunkId(jobId + "#" + index).setIndex(index)
        .setStart(start).setEnd(end).setTitle(topic).setKeywords(keywords).setImportance(0.5).setText(text)
        .setMetadata(LectureMetadata.newBuilder().setTitle(title).setCourse(course).setSemester(semester).build())
        .setSlideText(slideText).setSlideTitles(List.of()).build());
    return this;
  }

  /**
   * Embeds the chunks of a job as the pipeline's stage does, recording {@code model} as the model that made them (a
   * name other than the embedder's stands for vectors of another model).
   */
  public SearchOutputFixture embedded(String jobId, ChunkEmbedder embedder, String model) {
    chunks.replaceAll(c -> !c.getJobId().equals(jobId) ? c : TopicChunk.newBuilder(c)
        .setPassages(PassageVectors.embed(c, embedder)).setEmbeddingModel(model).build());
    return this;
  }

  /** A clip of a job cut from the given source intervals (pairs of start, end), in the job's clips folder. */
  public SearchOutputFixture clip(String jobId, int index, double... intervals) {
    return clip(jobId, index, null, intervals);
  }

  /** A clip in a format of --clip-formats: the first format under clip-NN.mp4, another under clip-NN-<format>.mp4. */
  public SearchOutputFixture clip(String jobId, int index, String format, boolean first, double... intervals) {
    clip(jobId, index, first ? null : format, intervals);
    Clip c = clips.get(clips.size() - 1);
    c.setFormat(format);
    return this;
  }

  private SearchOutputFixture clip(String jobId, int index, String suffix, double[] intervals) {
    List<TimeRange> ranges = new ArrayList<>();
    double total = 0;
    for (int i = 0; i < intervals.length; i += 2) {
      ranges.add(TimeRange.newBuilder().setStart(intervals[i]).setEnd(intervals[i + 1]).build());
      total += intervals[i + 1] - intervals[i];
    }
    clips.add(Clip.newBuilder().setJobId(jobId).setIndex(index)
        .setVideoUri(out.resolve(jobId).resolve(String.format("clips/clip-%02d%s.mp4", index, suffix == null ? "" : "-" + suffix)).toAbsolutePath().toString())
        .setDurationSeconds(total).setSizeBytes(1).setWidth(1280).setHeight(720).setVideoCodec("h264")
        .setAudioCodec("aac").setSourceIntervals(ranges).build());
    return this;
  }

  /** Writes the datasets (replacing those of an earlier write, as the next batch into the folder does). */
  public Path write() throws IOException {
    write("jobs", jobs, JobStatus.getClassSchema());
    write("transcript_chunks", chunks, TopicChunk.getClassSchema());
    write("clips", clips, Clip.getClassSchema());
    return out;
  }

  /**
   * Writes what was added since the last write as a stream's flush does: one new file per dataset that has records
   * ({@code part-GlobalWindow-pane-<pane>-00000-of-00001.avro}), next to the earlier ones; then starts afresh.
   */
  public Path pane(int pane) throws IOException {
    String file = "part-GlobalWindow-pane-" + pane + "-00000-of-00001.avro";
    if (!jobs.isEmpty()) {
      write("jobs", jobs, JobStatus.getClassSchema(), file);
    }
    if (!chunks.isEmpty()) {
      write("transcript_chunks", chunks, TopicChunk.getClassSchema(), file);
    }
    if (!clips.isEmpty()) {
      write("clips", clips, Clip.getClassSchema(), file);
    }
    jobs.clear();
    chunks.clear();
    clips.clear();
    return out;
  }

  private <T extends SpecificRecord> void write(String name, List<T> records, org.apache.avro.Schema schema)
      throws IOException {
    write(name, records, schema, "part-00000-of-00001.avro");
  }

  private <T extends SpecificRecord> void write(String name, List<T> records, org.apache.avro.Schema schema,
      String file) throws IOException {
    Path dir = Files.createDirectories(out.resolve("datasets").resolve(name));
    try (DataFileWriter<T> w = new DataFileWriter<>(new SpecificDatumWriter<>(schema))) {
      w.create(schema, dir.resolve(file).toFile());
      for (T r : records) {
        w.append(r);
      }
    }
  }
}
