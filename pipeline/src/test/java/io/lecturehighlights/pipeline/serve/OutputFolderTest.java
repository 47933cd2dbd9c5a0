package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an output folder: its jobs, one job's results with their links, and files that stay inside it. */
class OutputFolderTest {
  @TempDir static Path tmp;
  static Path out;
  static OutputFolder folder;

  @BeforeAll
  static void folder() throws Exception {
    out = Files.createDirectories(tmp.resolve("out"));
    ServeFixtures.job(out, "b-lecture", "completed", "<b>Bold</b> & co", "PHYS 101", "fall-2026");
    ServeFixtures.job(out, "a-lecture", "failed", "Broken", "CHEM 100", "spring-2027");
    Files.writeString(out.resolve("b-lecture/segments.json"),
        "{\"segments\":[{\"start\":0,\"end\":60,\"title\":\"Intro\"}],\"analyzer\":\"offline-lexical-dp\"}");
    Files.writeString(out.resolve("b-lecture/highlights.json"),
        "{\"highlights\":[{\"index\":1,\"title\":\"Best bit\",\"start\":10,\"end\":50,\"keptSeconds\":35}]}");
    Files.writeString(out.resolve("b-lecture/slides.json"),
        "{\"slides\":[{\"index\":1,\"start\":0,\"end\":60,\"title\":\"Intro\",\"thumbnail\":\"slides/slide-01.jpg\"},"
            + "{\"index\":2,\"start\":60,\"end\":90,\"title\":\"Gone\",\"thumbnail\":\"slides/slide-02.jpg\"}]}");
    Files.createDirectories(out.resolve("b-lecture/slides"));
    Files.write(out.resolve("b-lecture/slides/slide-01.jpg"), new byte[16]);
    Files.createDirectories(out.resolve("b-lecture/clips"));
    Files.write(out.resolve("b-lecture/clips/clip-01.mp4"), new byte[64]);
    Files.write(out.resolve("b-lecture/clips/clip-01.vtt"), "WEBVTT\n".getBytes());
    // --clip-formats vertical,square,landscape: the square one was rendered, the landscape one is missing.
    Files.write(out.resolve("b-lecture/clips/clip-01-square.mp4"), new byte[32]);
    Path bJob = out.resolve("b-lecture/job.json");
    com.fasterxml.jackson.databind.node.ObjectNode bNode =
        (com.fasterxml.jackson.databind.node.ObjectNode) io.lecturehighlights.transforms.common.Json.MAPPER.readTree(bJob.toFile());
    bNode.putArray("clipFormats").add("vertical").add("square").add("landscape");
    io.lecturehighlights.transforms.common.Json.MAPPER.writeValue(bJob.toFile(), bNode);
    Files.writeString(out.resolve("b-lecture/transcript.vtt"), "WEBVTT\n");
    // Not jobs: a folder without job.json, a job.json that is not a job record, a broken one.
    Files.createDirectories(out.resolve("datasets"));
    Files.createDirectories(out.resolve("half"));
    Files.writeString(out.resolve("half/job.json"), "{\"jobId\":");
    Files.writeString(tmp.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(out.resolve("escape.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(out.resolve("escape-dir"), tmp);
    Files.createSymbolicLink(out.resolve("inside.txt"), out.resolve("b-lecture/transcript.vtt"));
    folder = OutputFolder.open(out);
  }

  @Test
  void listsTheJobRecordsByIdAndLeavesOutWhatIsNotOne() throws Exception {
    List<ObjectNode> jobs = folder.jobs();
    assertEquals(List.of("a-lecture", "b-lecture"), jobs.stream().map(j -> j.get("jobId").asText()).toList());
    JsonNode s = folder.jobs(new JobListing.Filter(null, null, null), JobListing.paging(null, null, null))
        .at("/jobs/1");
    assertEquals("<b>Bold</b> & co", s.get("title").asText());
    assertEquals("PHYS 101", s.get("course").asText());
    assertEquals("/out/b-lecture/report.html", s.get("report").asText());
    assertEquals("/api/jobs/b-lecture", s.get("url").asText());
  }

  @Test
  void statusNamesTheStageAFailedJobStoppedAt() {
    JsonNode failed = folder.status("a-lecture");
    assertEquals("transcription", failed.get("currentStage").asText());
    assertEquals("engine_failed", failed.get("failureReason").asText());
    assertEquals("completed", folder.status("b-lecture").get("currentStage").asText());
    assertEquals(1.5, folder.status("b-lecture").at("/stageTimings/validation").asDouble());
    // A folder keeps only the outcome, not the history the database has.
    assertTrue(folder.status("b-lecture").get("history").isNull());
  }

  @Test
  void unknownOrMalformedJobIdsAre404() {
    assertEquals(404, assertThrows(ApiError.class, () -> folder.job("nope")).status());
    assertEquals(404, assertThrows(ApiError.class, () -> folder.job("..")).status());
    assertEquals(404, assertThrows(ApiError.class, () -> folder.job("half")).status());
    assertEquals(404, assertThrows(ApiError.class, () -> folder.job("a/../b-lecture")).status());
  }

  @Test
  void resultsLinkTheClipsSlidesAndSubtitlesThatExist() throws Exception {
    JsonNode r = folder.results("b-lecture");
    assertEquals("Intro", r.at("/segments/0/title").asText());
    assertEquals("offline-lexical-dp", r.get("analyzer").asText());
    assertEquals(1, r.get("highlights").size());
    JsonNode clip = r.at("/clips/0");
    assertEquals(1, clip.get("index").asInt());
    assertEquals("Best bit", clip.get("title").asText());
    assertEquals("/out/b-lecture/clips/clip-01.mp4", clip.get("url").asText());
    assertEquals("/out/b-lecture/clips/clip-01.vtt", clip.get("subtitlesUrl").asText());
    assertTrue(clip.get("thumbnailUrl").isNull(), clip::toString);
    assertEquals("/clip/b-lecture/1", clip.get("page").asText());
    assertEquals("vertical", clip.get("format").asText());
    assertEquals(2, clip.get("formats").size(), clip::toString);
    assertEquals("/out/b-lecture/clips/clip-01.mp4", clip.at("/formats/0/url").asText());
    assertEquals("square", clip.at("/formats/1/format").asText());
    assertEquals("/out/b-lecture/clips/clip-01-square.mp4", clip.at("/formats/1/url").asText());
    assertTrue(clip.at("/formats/1/subtitlesUrl").isNull(), clip::toString);
    assertEquals(1, r.get("clips").size(), "a clip per highlight, not per format");
    assertEquals("/out/b-lecture/slides/slide-01.jpg", r.at("/slides/0/thumbnailUrl").asText());
    assertTrue(r.at("/slides/1/thumbnailUrl").isNull(), "a thumbnail that is not there is not linked");
    assertEquals("/out/b-lecture/transcript.vtt", r.at("/subtitles/vtt").asText());
    assertTrue(r.at("/subtitles/srt").isNull());
    assertEquals("/video/b-lecture", r.get("video").asText());
    // A failed job's results are what it left: nothing here, and that is not an error.
    JsonNode failed = folder.results("a-lecture");
    assertEquals(0, failed.get("clips").size());
    assertEquals(0, failed.get("segments").size());
  }

  @Test
  void filesNeverLeaveTheFolder() throws Exception {
    assertNotNull(folder.file("b-lecture/clips/clip-01.mp4"));
    assertNotNull(folder.file("inside.txt"), "a link that stays inside is fine");
    assertNull(folder.file("../secret.txt"));
    assertNull(folder.file("b-lecture/../../secret.txt"));
    assertNull(folder.file("b-lecture/./job.json"));
    assertNull(folder.file("/etc/passwd"));
    assertNull(folder.file("b-lecture\\..\\..\\secret.txt"));
    assertNull(folder.file("escape.txt"), "a link to a file outside");
    assertNull(folder.file("escape-dir/secret.txt"), "a link to a folder outside");
    assertNull(folder.file("b-lecture/job.json\0.mp4"));
    assertNull(folder.file("missing.txt"));
  }

  @Test
  void contentTypesByExtension() {
    assertEquals("video/mp4", OutputFolder.contentType(Path.of("clip-01.mp4")));
    assertEquals("audio/mp4", OutputFolder.contentType(Path.of("lecture.M4A")));
    assertEquals("text/vtt; charset=utf-8", OutputFolder.contentType(Path.of("a.vtt")));
    assertEquals("application/octet-stream", OutputFolder.contentType(Path.of("part-0.avro")));
  }
}
