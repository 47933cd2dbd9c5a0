package io.lecturehighlights.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.cli.Lhx;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.silence.SilenceScoring;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a real (embedded) Flink cluster, through the lhx command line, over the committed fixtures:
 * good lectures, every malformed file, a missing file and an unsafe path.
 */
class BatchOnEmbeddedFlinkIT {
  /** Expected outcome of every manifest row, by job id (the letterboxed row has a derived id). */
  private static final Map<String, String> FAILED = Map.of(
      "malformed-empty", "empty_file",
      "malformed-notes-named-as-video", "not_a_video",
      "malformed-truncated-moov-missing", "corrupt_container",
      "malformed-truncated-faststart", "truncated_file",
      "malformed-no-audio", "no_audio_stream",
      "malformed-audio-only-wav-named", "unsupported_container",
      "malformed-slides", "unsupported_extension",
      "missing-lecture", "missing_file",
      "unsafe-path", "unsafe_name");
  private static final Map<String, String> COMPLETED = Map.of(
      "phys101-fall2026-l03", "lecture-clean.mp4",
      "phys101-fall2026-l04", "lecture-noisy.mp4",
      "phys101-fall2026-l06", "lecture-audio-only.m4a");

  @TempDir Path tmp;

  private int batch(String input, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("batch", "--input", input, "--output", out.toString(),
        "--parallelism", "2", "--dashboard-port", "0", "--no-progress", "--work-dir", tmp.resolve("work").toString()));
    args.addAll(List.of(extra));
    return Lhx.execute(args.toArray(new String[0]));
  }

  @Test
  void manifestBatchEndsEveryInputAsExactlyOneJob() throws Exception {
    // Run once per JVM and shared with the lhx serve ITs, which serve the same folder.
    Path out = ManifestBatchOutput.folder();
    Path manifest = ManifestBatchOutput.manifest();

    long rows = Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).count();
    Map<String, JsonNode> jobs = new HashMap<>();
    try (Stream<Path> dirs = Files.list(out)) {
      for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        if (Files.exists(d.resolve("job.json"))) {
          jobs.put(d.getFileName().toString(), Json.MAPPER.readTree(d.resolve("job.json").toFile()));
        }
      }
    }
    // in = completed + failed, one job each.
    assertEquals(rows, jobs.size(), jobs.keySet()::toString);
    long completed = jobs.values().stream().filter(j -> j.get("status").asText().equals("completed")).count();
    long failed = jobs.values().stream().filter(j -> j.get("status").asText().equals("failed")).count();
    assertEquals(rows, completed + failed);
    assertEquals(COMPLETED.size() + 1, completed); // + the letterboxed lecture with a derived id
    assertEquals(FAILED.size(), failed);

    for (Map.Entry<String, String> f : FAILED.entrySet()) {
      JsonNode j = jobs.get(f.getKey());
      assertEquals("failed", j.get("status").asText(), f.getKey());
      assertEquals("validation", j.get("failedStage").asText(), f.getKey());
      assertEquals(f.getValue(), j.get("failureReason").asText(), f.getKey() + ": " + j.get("failureMessage"));
      assertTrue(j.get("failureMessage").asText().length() > 10);
    }

    // Silences of the good lectures against the generator's ground truth.
    for (Map.Entry<String, String> c : COMPLETED.entrySet()) {
      JsonNode job = jobs.get(c.getKey());
      assertEquals("completed", job.get("status").asText(), c.getKey() + ": " + job);
      assertEquals("PHYS 101", job.at("/metadata/course").asText());
      assertTrue(job.at("/stageTimings/silence").isNumber() && job.at("/stageTimings/validation").isNumber());
      JsonNode sil = Json.MAPPER.readTree(out.resolve(c.getKey()).resolve("silences.json").toFile());
      List<double[]> found = Fixtures.ranges(sil.get("silences"));
      SilenceScoring s = SilenceScoring.score(Fixtures.ranges(Fixtures.truth(c.getValue()).get("silences")), found, 0.1);
      assertTrue(s.precision() >= 0.95 && s.recall() >= 0.95, c.getValue() + ": " + s);
      // Layout branch: the type the generator drew, and the thumbnail for lectures with a picture.
      JsonNode layout = Json.MAPPER.readTree(out.resolve(c.getKey()).resolve("layout.json").toFile());
      assertEquals(Fixtures.truth(c.getValue()).at("/layout/type").asText(), layout.get("type").asText(), c.getValue());
      assertEquals(!c.getValue().endsWith(".m4a"), Files.exists(out.resolve(c.getKey()).resolve("layout.jpg")));
      assertTrue(job.at("/stageTimings/layout").isNumber(), job.toString());
      // Slides: one per slide the generator drew, titled as drawn (OCR; the letterboxed lecture's camera inset hides
      // the end of a title), each with its thumbnail; and the topics are named after them.
      JsonNode slides = Json.MAPPER.readTree(out.resolve(c.getKey()).resolve("slides.json").toFile()).get("slides");
      JsonNode drawn = Fixtures.truth(c.getValue()).get("slides");
      assertEquals(drawn.size(), slides.size(), c.getValue() + ": " + slides);
      for (int i = 0; i < drawn.size(); i++) {
        String want = drawn.get(i).get("title").asText().replaceAll("\\s+", "");
        String got = slides.get(i).get("title").asText().replaceAll("\\s+", "");
        assertTrue(c.getValue().contains("letterboxed") ? got.length() >= 4 && want.startsWith(got) : want.equals(got),
            c.getValue() + ": " + slides.get(i));
        assertTrue(Files.isRegularFile(out.resolve(c.getKey()).resolve(slides.get(i).get("thumbnail").asText())));
      }
      if (drawn.size() > 0) {
        Set<String> slideTitles = new java.util.HashSet<>();
        slides.forEach(sl -> slideTitles.add(sl.get("title").asText()));
        JsonNode topics = Json.MAPPER.readTree(out.resolve(c.getKey()).resolve("segments.json").toFile());
        for (JsonNode topic : topics.get("segments")) {
          for (String part : topic.get("title").asText().replaceAll(" \\(part \\d+\\)$", "").split(" / ")) {
            assertTrue(slideTitles.contains(part), c.getValue() + ": topic '" + part + "' is not a slide title");
          }
        }
      }
      // Transcription branch: the manifest gives captions for l03 and l04; the others are recognised offline.
      JsonNode transcript = Json.MAPPER.readTree(out.resolve(c.getKey()).resolve("transcript.json").toFile());
      boolean captioned = Set.of("phys101-fall2026-l03", "phys101-fall2026-l04").contains(c.getKey());
      assertEquals(captioned ? "captions" : "pocketsphinx", transcript.get("engine").asText(), c.getValue());
      assertTrue(transcript.get("segments").size() > 0, c.getValue());
      if (!captioned) {
        assertTrue(transcript.get("words").size() > 10, c.getValue());
      }
      assertTrue(Files.readString(out.resolve(c.getKey()).resolve("transcript.vtt")).startsWith("WEBVTT"));
      assertTrue(Files.readString(out.resolve(c.getKey()).resolve("transcript.srt")).startsWith("1\n"));
      // Content analysis, extraction and rendering: topics, the one 20 s - 2 min clip these ~40 s lectures allow
      // (the audio-only one has 13 s of speech, under the minimum, and still gets its one clip: see docs/design.md), and
      // its files. Clip checks on the pixels and samples are in the rendering tests.
      JsonNode segments = Json.MAPPER.readTree(out.resolve(c.getKey()).resolve("segments.json").toFile());
      assertEquals("offline-lexical-dp", segments.get("analyzer").asText());
      assertTrue(segments.get("segments").size() >= 1, c.getValue());
      JsonNode highlights = Json.MAPPER.readTree(out.resolve(c.getKey()).resolve("highlights.json").toFile());
      assertEquals(1, highlights.get("highlights").size(), c.getValue() + ": " + highlights);
      JsonNode h = highlights.get("highlights").get(0);
      double kept = 0;
      for (JsonNode k : h.get("keep")) {
        kept += k.get("end").asDouble() - k.get("start").asDouble();
        for (double[] sentence : Fixtures.ranges(Fixtures.truth(c.getValue()).get("sentences"))) {
          for (String edge : new String[] {"start", "end"}) {
            double t = k.get(edge).asDouble();
            assertTrue(t <= sentence[0] + 1e-6 || t >= sentence[1] - 1e-6, c.getValue() + ": cut at " + t
                + " inside the sentence " + sentence[0] + "-" + sentence[1]);
          }
        }
      }
      assertEquals(1, job.get("clips").asInt(), job.toString());
      Path clips = out.resolve(c.getKey()).resolve("clips");
      for (String f : new String[] {"clip-01.mp4", "clip-01.jpg", "clip-01.vtt"}) {
        assertTrue(Files.size(clips.resolve(f)) > 100, c.getKey() + "/" + f);
      }
      assertTrue(Files.readString(clips.resolve("clip-01.vtt")).startsWith("WEBVTT"));
      assertTrue(job.at("/stageTimings/rendering").isNumber(), job.toString());
      assertTrue(kept > 5, c.getValue() + ": kept " + kept);
    }

    // failures.jsonl: one line per failed job, with stage and reason.
    List<String> lines = Files.readAllLines(out.resolve("failures.jsonl"));
    assertEquals(FAILED.size(), lines.size());
    for (String line : lines) {
      JsonNode n = Json.COMPACT.readTree(line);
      assertEquals(FAILED.get(n.get("jobId").asText()), n.get("reason").asText(), line);
      assertEquals("validation", n.get("stage").asText());
      assertTrue(n.get("source").asText().startsWith("manifest:"));
    }

    // Avro datasets for the data team.
    assertEquals(rows, readAvro(out.resolve("datasets/jobs"), JobStatus.class).size());
    assertEquals(completed, readAvro(out.resolve("datasets/layouts"), io.lecturehighlights.schemas.Layout.class).size());
    assertEquals(completed,
        readAvro(out.resolve("datasets/transcripts"), io.lecturehighlights.schemas.Transcript.class).size());
    List<SilenceResult> silences = readAvro(out.resolve("datasets/silences"), SilenceResult.class);
    assertEquals(completed, silences.size());
    assertTrue(silences.stream().allMatch(r -> r.getLoudnessEnvelopeDb().size() > 10));
    assertEquals(completed, readAvro(out.resolve("datasets/segments"),
        io.lecturehighlights.schemas.ContentSegments.class).size());
    assertEquals(completed, readAvro(out.resolve("datasets/highlights"),
        io.lecturehighlights.schemas.Highlights.class).size());
    List<io.lecturehighlights.schemas.Clip> clipRecords =
        readAvro(out.resolve("datasets/clips"), io.lecturehighlights.schemas.Clip.class);
    assertEquals(completed, clipRecords.size());
    assertTrue(clipRecords.stream().allMatch(r -> r.getVideoCodec().equals("h264") && r.getAudioCodec().equals("aac")
        && r.getWidth() == 720 && r.getHeight() == 1280 && r.getDurationSeconds() > 5), clipRecords::toString);
    // The transcript chunks for a search index: every completed lecture's text, topic by topic.
    List<io.lecturehighlights.schemas.TopicChunk> chunks =
        readAvro(out.resolve("datasets/transcript_chunks"), io.lecturehighlights.schemas.TopicChunk.class);
    assertEquals(completed, chunks.stream().map(io.lecturehighlights.schemas.TopicChunk::getJobId).distinct().count());
    assertTrue(chunks.stream().allMatch(ch -> !ch.getText().isBlank() && ch.getMetadata() != null));
  }

  @Test
  void globBatchGivesTheSameJobIdsOnEveryRun() throws Exception {
    String glob = Fixtures.testdata().resolve("lectures").toString() + "/*.mp4";
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    assertEquals(0, batch(glob, first));
    // --force: the first run completed these lectures, and an incremental batch would skip them.
    assertEquals(0, batch(glob, second, "--force"));
    List<String> a = jobDirs(first);
    List<String> b = jobDirs(second);
    assertEquals(3, a.size(), a::toString);
    assertEquals(a, b);
    assertTrue(a.stream().anyMatch(id -> id.startsWith("lecture-clean-")), a::toString);
    assertEquals(0, Files.readAllLines(first.resolve("failures.jsonl")).size());
  }

  private static List<String> jobDirs(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(d -> Files.exists(d.resolve("job.json"))).map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  static <T> List<T> readAvro(Path dir, Class<T> type) throws Exception {
    List<T> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".avro"))::iterator) {
        try (DataFileReader<T> r = new DataFileReader<>(new File(f.toString()), new SpecificDatumReader<>(type))) {
          r.forEach(out::add);
        }
      }
    }
    return out;
  }
}
