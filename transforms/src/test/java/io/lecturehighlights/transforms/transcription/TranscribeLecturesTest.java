package io.lecturehighlights.transforms.transcription;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class TranscribeLecturesTest {
  @TempDir Path tmp;

  static ValidatedLecture lecture(String id, Path media, Path captions) {
    ValidatedLecture v = JobOutcomesTest.validated(id);
    UploadEvent e = UploadEvent.newBuilder(v.getEvent()).setVideoUri(media.toString())
        .setCaptionsUri(captions == null ? null : captions.toString()).build();
    return ValidatedLecture.newBuilder(v).setEvent(e).build();
  }

  /** 10 s of digital silence as AAC in .m4a: a lecture recording with no speech in it. */
  static Path silentLecture(Path dir) throws Exception {
    Path f = dir.resolve("silent.m4a");
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(f.toFile(), 1)) {
      r.setFormat("mp4");
      r.setAudioCodec(AV_CODEC_ID_AAC);
      r.setSampleRate(44100);
      r.setAudioBitrate(64000);
      r.start();
      short[] zeros = new short[4410];
      for (int i = 0; i < 100; i++) {
        r.recordSamples(44100, 1, ShortBuffer.wrap(zeros));
      }
      r.stop();
    }
    return f;
  }

  @Test
  void pocketsphinxCaptionsSilenceAndBrokenInputs(TestPipeline p) throws Exception {
    AvroCoders.registerAll(p);
    Path badCaptions = tmp.resolve("bad.srt");
    Files.writeString(badCaptions, "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:02,000 --> 00:00:0x,000\nbad\n");
    PCollection<ValidatedLecture> in = p.apply(Create.of(
        lecture("captioned", Fixtures.lecture("lecture-clean.mp4"), Fixtures.lecture("lecture-clean.vtt")),
        lecture("spoken", Fixtures.lecture("lecture-audio-only.m4a"), null),
        lecture("silent", silentLecture(tmp), null),
        lecture("broken", Fixtures.malformed("notes-named-as-video.mp4"), null),
        lecture("bad-captions", Fixtures.lecture("lecture-clean.mp4"), badCaptions)));
    // What the engine gives on each planned chunk on its own, moved to lecture time: the pipeline must deliver
    // exactly this, in order (nothing lost, duplicated or misplaced by the shuffle, grouping and stitching).
    // 8 s chunks: the 15 s audio-only lecture is recognised in two chunks, possibly on different workers.
    TranscriptionConfig config = TranscriptionConfig.defaults().withChunkSeconds(8);
    List<ChunkPlanner.Chunk> plan = ChunkPlanner.plan(AudioLevelReader.read(Fixtures.lecture("lecture-audio-only.m4a"),
        TranscribeLectures.PLAN_HOP_SECONDS), config.effectiveChunkSeconds(), config.chunkSearchSeconds());
    assertEquals(2, plan.size(), plan.toString());
    List<String> expected = new ArrayList<>();
    try (PocketsphinxEngine e = new PocketsphinxEngine(config)) {
      for (ChunkPlanner.Chunk c : plan) {
        Path wav = tmp.resolve("chunk" + c.index + ".wav");
        AudioExtractor.extractWav(Fixtures.lecture("lecture-audio-only.m4a"), c.start, c.end, wav);
        for (TranscriptWord w : TranscriptStitcher.offsetWords(
            e.transcribe(wav, AudioExtractor.wavSeconds(wav)).words, c.start, c.end)) {
          expected.add(w.getWord() + "@" + w.getStart());
        }
      }
    }
    assertTrue(expected.size() > 10, expected.toString());
    WithFailures.Result<PCollection<Transcript>, Failure> r = in.apply(TranscribeLectures.with(config));

    JsonNode cleanTruth = Fixtures.truth("lecture-clean.mp4");
    JsonNode spokenTruth = Fixtures.truth("lecture-audio-only.m4a");
    List<String> expectedWords = expected;
    PAssert.that(r.output()).satisfies(all -> {
      Map<String, Transcript> byId = new HashMap<>();
      all.forEach(t -> byId.put(t.getJobId(), t));
      assertEquals(3, byId.size(), byId.keySet().toString());

      Transcript captioned = byId.get("captioned");
      assertEquals("captions", captioned.getEngine());
      assertEquals(cleanTruth.get("sentences").size(), captioned.getSegments().size());
      assertEquals(cleanTruth.get("sentences").get(2).get("text").asText(), captioned.getSegments().get(2).getText());
      assertTrue(captioned.getWords().isEmpty());
      assertEquals(0, captioned.getChunks());

      Transcript spoken = byId.get("spoken");
      assertEquals("pocketsphinx", spoken.getEngine());
      assertEquals("en", spoken.getLanguage());
      assertFalse(spoken.getWords().isEmpty());
      List<String> got = new ArrayList<>();
      spoken.getWords().forEach(w -> got.add(w.getWord() + "@" + w.getStart()));
      assertEquals(expectedWords, got);
      double prev = 0;
      for (TranscriptWord w : spoken.getWords()) {
        assertTrue(w.getStart() >= prev - 1e-9 && w.getEnd() >= w.getStart(), "words out of order: " + w);
        prev = w.getStart();
      }
      assertTrue(prev > 8, "the later chunks' words must be offset into lecture time: last word at " + prev);
      assertEquals(spokenTruth.get("durationSeconds").asDouble(), spoken.getAudioSeconds(), 0.1);
      assertEquals(2, spoken.getChunks());
      assertEquals(2, spoken.getRequests());

      Transcript silent = byId.get("silent");
      assertTrue(silent.getSegments().isEmpty() && silent.getWords().isEmpty(), silent.toString());
      assertEquals("pocketsphinx", silent.getEngine());
      // Its files are valid and empty.
      assertEquals("WEBVTT\n\n", TranscriptFiles.vtt(silent));
      return null;
    });
    PAssert.that(r.failures()).satisfies(all -> {
      Map<String, Failure> byId = new HashMap<>();
      all.forEach(f -> byId.put(f.getJobId(), f));
      assertEquals(2, byId.size(), byId.keySet().toString());
      Failure broken = byId.get("broken");
      assertEquals(Stages.TRANSCRIPTION, broken.getStage());
      assertEquals("audio_open_failed", broken.getReason());
      Failure bad = byId.get("bad-captions");
      assertEquals(Stages.TRANSCRIPTION, bad.getStage());
      assertEquals("invalid_captions", bad.getReason());
      assertTrue(bad.getMessage().contains("line 6"), bad.getMessage());
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void whisperChunksAreStitchedWithOffsetsThroughRetries(TestPipeline p) throws Exception {
    AvroCoders.registerAll(p);
    try (FakeTranscriptionServer server = new FakeTranscriptionServer()) {
      // Every chunk is answered with one word 0.5 s into the chunk; faults are injected on the first requests.
      server.responder = (req, n) -> FakeTranscriptionServer.verbose("Chunk.", 0.5, 0.9, "Chunk.");
      server.enqueue(FakeTranscriptionServer.Fault.rateLimited("0"),
          FakeTranscriptionServer.Fault.status(500, "The server had an error while processing your request."));
      TranscriptionConfig config = TranscriptionConfig.defaults().withEngine("whisper-api")
          .withBaseUrl(server.baseUrl()).withApiKey("sk-pipeline-test").withChunkSeconds(10)
          .withRetries(3, 10, 100);
      List<ChunkPlanner.Chunk> plan = ChunkPlanner.plan(
          AudioLevelReader.read(Fixtures.lecture("lecture-clean.mp4"), TranscribeLectures.PLAN_HOP_SECONDS),
          config.effectiveChunkSeconds(), config.chunkSearchSeconds());
      assertTrue(plan.size() >= 4, plan.toString());
      int chunks = plan.size();
      List<Double> expectedStarts = new ArrayList<>();
      plan.forEach(c -> expectedStarts.add(Math.round((c.start + 0.5) * 1000) / 1000.0));

      PCollection<Transcript> out = p
          .apply(Create.of(lecture("clean", Fixtures.lecture("lecture-clean.mp4"), null)))
          // Balanced spreading (as in a Flink batch): the chunks go through the cost plan and back.
          .apply(TranscribeLectures.with(config).spreadOver(List.of(11, 4)))
          .output();
      PAssert.thatSingleton(out).satisfies(t -> {
        assertEquals("whisper-api:whisper-1", t.getEngine());
        assertEquals("english", t.getLanguage());
        List<Double> starts = new ArrayList<>();
        t.getWords().forEach(w -> starts.add(w.getStart()));
        assertEquals(expectedStarts, starts);
        assertEquals(chunks, t.getSegments().size());
        assertEquals(chunks, t.getChunks());
        assertEquals(chunks + 2, t.getRequests());
        assertEquals(2, t.getRetries());
        assertEquals("Chunk.", t.getSegments().get(0).getText());
        return null;
      });
      PipelineResult result = p.run();
      result.waitUntilFinish();
      assertEquals(plan.size() + 2, server.requestCount());
      assertEquals(plan.size() + 2, counter(result, "transcription_requests"));
      assertEquals(2, counter(result, "transcription_retries"));
      assertEquals(0, counter(result, "transcription_chunk_failures"));
      assertEquals(41, counter(result, "transcription_audio_seconds"), 1);
    }
  }

  @Test
  void unauthorizedFailsTheJobAtStageTranscription(TestPipeline p) throws Exception {
    AvroCoders.registerAll(p);
    try (FakeTranscriptionServer server = new FakeTranscriptionServer()) {
      server.always = FakeTranscriptionServer.Fault.status(401, "Incorrect API key provided: sk-wr*****ey.");
      TranscriptionConfig config = TranscriptionConfig.defaults().withEngine("whisper-api")
          .withBaseUrl(server.baseUrl()).withApiKey("sk-wrong-key").withChunkSeconds(10);
      WithFailures.Result<PCollection<Transcript>, Failure> r = p
          .apply(Create.of(lecture("clean", Fixtures.lecture("lecture-clean.mp4"), null)))
          .apply(TranscribeLectures.with(config));
      PAssert.that(r.output()).empty();
      PAssert.thatSingleton(r.failures()).satisfies(f -> {
        assertEquals("clean", f.getJobId());
        assertEquals(Stages.TRANSCRIPTION, f.getStage());
        assertEquals("api_unauthorized", f.getReason());
        assertFalse(f.getRetryable());
        assertTrue(f.getMessage().contains("401: Incorrect API key provided"), f.getMessage());
        assertFalse(f.getMessage().contains("sk-wrong-key"), f.getMessage());
        return null;
      });
      p.run().waitUntilFinish();
    }
  }

  @Test
  void captionsOnlyWithoutCaptionsFails(TestPipeline p) {
    AvroCoders.registerAll(p);
    WithFailures.Result<PCollection<Transcript>, Failure> r = p
        .apply(Create.of(lecture("nocaps", Fixtures.lecture("lecture-clean.mp4"), null),
            lecture("caps", Fixtures.lecture("lecture-noisy.mp4"), Fixtures.lecture("lecture-noisy.srt"))))
        .apply(TranscribeLectures.with(TranscriptionConfig.defaults().withEngine("captions-only")));
    PAssert.that(r.output().apply("ids", MapElements.into(TypeDescriptors.strings()).via(Transcript::getJobId)))
        .containsInAnyOrder("caps");
    PAssert.thatSingleton(r.failures()).satisfies(f -> {
      assertEquals("no_captions", f.getReason());
      assertNull(f.getEvent().getCaptionsUri());
      return null;
    });
    p.run().waitUntilFinish();
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(Stages.METRICS_NAMESPACE, name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }
}
