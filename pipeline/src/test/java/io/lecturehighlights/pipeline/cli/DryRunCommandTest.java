package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.content.ContentConfig;
import io.lecturehighlights.transforms.common.JobIds;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lhx batch --dry-run}: the listing, durations, verdicts, totals and costs; nothing runs, nothing is written. */
class DryRunCommandTest {
  @TempDir Path tmp;

  private static final Map<String, String> TRUTH_FILES = Map.of(
      "phys101-fall2026-l03", "lecture-clean.mp4", "phys101-fall2026-l04", "lecture-noisy.mp4",
      "phys101-fall2026-l06", "lecture-audio-only.m4a");

  private String[] dryRun(String input, String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("batch", "--dry-run", "--input", input,
        "--output", tmp.resolve("out").toString(), "--work-dir", tmp.resolve("work").toString()));
    a.addAll(List.of(extra));
    return LhxRun.run(a.toArray(new String[0]));
  }

  private static Map<String, JsonNode> byJobId(JsonNode root) {
    Map<String, JsonNode> m = new HashMap<>();
    root.path("lectures").forEach(l -> m.put(l.path("jobId").asText(), l));
    return m;
  }

  private static double truthDuration(String file) throws Exception {
    return Fixtures.truth(file).path("durationSeconds").asDouble();
  }

  @Test
  void manifestListsEveryLectureWithItsDurationAndValidationsVerdict() throws Exception {
    String[] r = dryRun(Fixtures.testdata().resolve("manifest.jsonl").toString(), "--format", "json");
    assertEquals("0", r[0], r[2]);
    JsonNode root = Json.MAPPER.readTree(r[1]);
    Map<String, JsonNode> l = byJobId(root);
    assertEquals(13, l.size());
    String waves = JobIds.derive(Fixtures.lecture("lecture-letterboxed.mp4").toAbsolutePath().toString());
    Map<String, String> files = new HashMap<>(TRUTH_FILES);
    files.put(waves, "lecture-letterboxed.mp4");
    for (Map.Entry<String, String> e : files.entrySet()) {
      JsonNode n = l.get(e.getKey());
      assertEquals("process", n.path("verdict").asText(), e.getKey());
      assertEquals(truthDuration(e.getValue()), n.path("durationSeconds").asDouble(), 0.05, e.getKey());
      assertEquals(Files.size(Fixtures.lecture(e.getValue())), n.path("sizeBytes").asLong());
    }
    assertEquals("PHYS 101", l.get("phys101-fall2026-l03").path("course").asText());
    assertEquals("Newton's Laws of Motion", l.get("phys101-fall2026-l03").path("title").asText());
    assertTrue(l.get("phys101-fall2026-l03").path("captions").asBoolean());
    assertFalse(l.get("phys101-fall2026-l06").path("captions").asBoolean());
    // The bad inputs, each with the reason validation gives it.
    Map<String, String> reasons = Map.of("malformed-empty", "empty_file", "malformed-notes-named-as-video",
        "not_a_video", "malformed-truncated-moov-missing", "corrupt_container", "malformed-truncated-faststart",
        "truncated_file", "malformed-no-audio", "no_audio_stream", "malformed-audio-only-wav-named",
        "unsupported_container", "malformed-slides", "unsupported_extension", "missing-lecture", "missing_file",
        "unsafe-path", "unsafe_name");
    reasons.forEach((id, reason) -> {
      assertEquals("rejected", l.get(id).path("verdict").asText(), id);
      assertEquals(reason, l.get(id).path("reason").asText(), id);
    });
    JsonNode t = root.path("totals");
    assertEquals(4, t.path("process").asInt());
    assertEquals(9, t.path("rejected").asInt());
    assertEquals(2, t.path("captioned").asInt());
    double seconds = truthDuration("lecture-clean.mp4") + truthDuration("lecture-noisy.mp4")
        + truthDuration("lecture-letterboxed.mp4") + truthDuration("lecture-audio-only.m4a");
    assertEquals(seconds / 3600, t.path("lectureHours").asDouble(), 0.2 / 3600);
    // Offline engines by default: nothing to pay.
    assertEquals(0.0, root.path("costUsd").path("configuredTotal").asDouble(), 1e-12);
    assertTrue(root.path("costUsd").path("cloudTotal").asDouble() > 0);
    assertFalse(Files.exists(tmp.resolve("out")), "nothing is written to the output folder");
    assertFalse(Files.exists(tmp.resolve("work")), "no Flink configuration, no database, nothing in the work folder");
    assertFalse(r[1].contains("Flink dashboard"), r[1]);
  }

  @Test
  void costsAtGivenPricesWithTheCloudEngines() throws Exception {
    String[] r = dryRun(Fixtures.testdata().resolve("manifest.jsonl").toString(), "--format", "json",
        "--transcription-engine", "whisper-api", "--content-analyzer", "gemini", "--whisper-usd-per-minute", "0.01",
        "--gemini-usd-per-million-input-tokens", "1", "--gemini-usd-per-million-output-tokens", "10");
    assertEquals("0", r[0], r[2]);
    JsonNode root = Json.MAPPER.readTree(r[1]);
    JsonNode cost = root.path("costUsd");
    // Whisper: only the two lectures without captions (letterboxed, audio-only) are sent, at $0.01 a minute.
    double minutes = (truthDuration("lecture-letterboxed.mp4") + truthDuration("lecture-audio-only.m4a")) / 60;
    assertEquals(minutes * 0.01, cost.path("cloudWhisper").asDouble(), 0.1 / 60 * 0.01);
    assertEquals(cost.path("cloudWhisper").asDouble(), cost.path("configuredWhisper").asDouble(), 1e-12);
    // Gemini: the token totals at $1 / $10 per million.
    long in = cost.path("geminiInputTokens").asLong();
    long out = cost.path("geminiOutputTokens").asLong();
    assertEquals((in * 1.0 + out * 10.0) / 1e6, cost.path("cloudGemini").asDouble(), 1e-12);
    assertEquals(cost.path("cloudTotal").asDouble(), cost.path("configuredTotal").asDouble(), 1e-12);
    assertEquals(4, cost.path("geminiRequests").asInt(), "one window per short lecture");
    // Per lecture: the fixed prompt of the real request builder, header, 385 tokens a minute of speech and
    // 0.6 x 65 = 39 a minute of slide text (the dry run reads no slides: every lecture is counted as showing them).
    long fixed = Math.round(CloudCostEstimate.fixedPromptChars(ContentConfig.defaults()) / 4.0);
    JsonNode clean = byJobId(root).get("phys101-fall2026-l03");
    double cleanMinutes = clean.path("durationSeconds").asDouble() / 60;
    assertEquals(Math.round(fixed + 80 + cleanMinutes * 385 + cleanMinutes * 39),
        clean.path("geminiInputTokens").asLong());
    assertEquals(110 + 3000, clean.path("geminiOutputTokens").asLong(), "one segment and one request's thinking");
    assertEquals(0.0, clean.path("cloudWhisperUsd").asDouble(), 1e-12, "captions: no Whisper");
  }

  @Test
  void textListingAndAManifestWithBadAndRepeatedRows() throws Exception {
    Path clean = Fixtures.lecture("lecture-clean.mp4").toAbsolutePath();
    Path manifest = tmp.resolve("m.jsonl");
    Files.writeString(manifest, String.join("\n",
        "{\"video\":\"" + clean + "\",\"jobId\":\"l1\",\"title\":\"Newton\",\"course\":\"PHYS 101\"}",
        "{\"video\":\"" + clean + "\",\"jobId\":\"l1\",\"title\":\"Newton again\"}",
        "{\"title\":\"no video\"}",
        "not json at all"));
    String[] r = dryRun(manifest.toString());
    assertEquals("0", r[0], r[2]);
    String text = r[1];
    assertTrue(text.contains("l1") && text.contains("0:00:41") && text.contains("processed"), text);
    assertTrue(text.contains("PHYS 101 | Newton | " + clean), text);
    assertTrue(text.contains("dropped: same job id as #1"), text);
    assertTrue(text.contains("rejected: invalid_manifest_row"), text);
    assertTrue(text.contains("has no video location") && text.contains("is not valid JSON"), text);
    assertTrue(text.contains("4 lectures: 1 to process (0.01 lecture-hours"), text);
    assertTrue(text.contains("2 rejected by validation, 1 duplicates"), text);
    assertTrue(text.contains("Cloud cost with the configured engines (pocketsphinx, offline): $0.0000"), text);
    assertTrue(text.contains("How the cost is estimated:") && text.contains("$0.0060 per audio minute"), text);
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void aGlobListsTheMatchesUnderThePipelinesJobIds() throws Exception {
    String[] r = dryRun(Fixtures.testdata().resolve("lectures").toAbsolutePath() + "/lecture-*.m*", "--format", "json");
    assertEquals("0", r[0], r[2]);
    Map<String, JsonNode> l = byJobId(Json.MAPPER.readTree(r[1]));
    assertEquals(4, l.size());
    for (String f : List.of("lecture-clean.mp4", "lecture-noisy.mp4", "lecture-letterboxed.mp4",
        "lecture-audio-only.m4a")) {
      JsonNode n = l.get(JobIds.derive(Fixtures.lecture(f).toAbsolutePath().toString()));
      assertEquals("process", n.path("verdict").asText(), f);
      assertEquals(truthDuration(f), n.path("durationSeconds").asDouble(), 0.05, f);
    }
  }

  @Test
  void unreadableInputsExitTwoWithAClearMessage() throws Exception {
    String[] missing = dryRun(tmp.resolve("nope.jsonl").toString());
    assertEquals("2", missing[0]);
    assertTrue(missing[2].contains("manifest not found") && missing[2].contains("nope.jsonl"), missing[2]);
    Path csv = tmp.resolve("broken.csv");
    Files.writeString(csv, "video,title\n\"lectures/a.mp4,unterminated\n");
    String[] broken = dryRun(csv.toString());
    assertEquals("2", broken[0]);
    assertTrue(broken[2].contains("cannot read input") && broken[2].contains("not valid CSV"), broken[2]);
    String[] none = dryRun(tmp.resolve("*.mp4").toString());
    assertEquals("2", none[0]);
    assertTrue(none[2].contains("nothing to process"), none[2]);
    String[] negative = dryRun(Fixtures.testdata().resolve("manifest.jsonl").toString(), "--whisper-usd-per-minute",
        "-1");
    assertEquals("2", negative[0]);
    assertTrue(negative[2].contains("prices must not be negative"), negative[2]);
    // Without --dry-run the output folder is still required.
    String[] noOutput = LhxRun.run("batch", "--input", Fixtures.testdata().resolve("manifest.jsonl").toString());
    assertEquals("2", noOutput[0]);
    assertTrue(noOutput[2].contains("--output"), noOutput[2]);
  }
}
