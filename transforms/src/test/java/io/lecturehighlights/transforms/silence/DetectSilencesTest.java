package io.lecturehighlights.transforms.silence;

import io.lecturehighlights.transforms.media.AudioLevels;

import io.lecturehighlights.transforms.media.AudioLevelReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestPipelineExtension.class)
class DetectSilencesTest {

  private static ValidatedLecture lecture(String id, String path) {
    ValidatedLecture v = JobOutcomesTest.validated(id);
    return ValidatedLecture.newBuilder(v)
        .setEvent(io.lecturehighlights.schemas.UploadEvent.newBuilder(v.getEvent()).setVideoUri(path).build()).build();
  }

  /** The real decoder path on every synthetic lecture, against the generator's sample-exact truth. */
  @ParameterizedTest
  @ValueSource(strings = {"lecture-clean.mp4", "lecture-noisy.mp4", "lecture-letterboxed.mp4", "lecture-audio-only.m4a"})
  void fixtureSilencesMatchGroundTruth(String file) throws Exception {
    JsonNode truth = Fixtures.truth(file);
    SilenceDetector.Analysis a = new SilenceDetector(SilenceConfig.defaults())
        .detect(AudioLevelReader.read(Fixtures.lecture(file), 0.01));
    List<double[]> found = new ArrayList<>();
    a.silences.forEach(r -> found.add(new double[] {r.start, r.end}));
    SilenceScoring s = SilenceScoring.score(Fixtures.ranges(truth.get("silences")), found, 0.100);
    assertTrue(s.precision() >= 0.95 && s.recall() >= 0.95, file + ": " + s + " found " + a.silences);
    assertEquals(truth.get("durationSeconds").asDouble(), a.durationSeconds, 0.1);
  }

  @Test
  void transformEmitsOneResultPerLectureAndRoutesDecodeFailures(TestPipeline p) {
    AvroCoders.registerAll(p);
    PCollection<ValidatedLecture> in = p.apply(Create.of(
        lecture("clean", Fixtures.lecture("lecture-clean.mp4").toString()),
        lecture("broken", Fixtures.malformed("notes-named-as-video.mp4").toString())));
    WithFailures.Result<PCollection<SilenceResult>, Failure> r = in.apply(DetectSilences.with(SilenceConfig.defaults()));
    PAssert.thatSingleton(r.output()).satisfies(res -> {
      assertEquals("clean", res.getJobId());
      assertTrue(res.getSilences().size() >= 3);
      for (TimeRange t : res.getSilences()) {
        assertTrue(t.getEnd() - t.getStart() >= 0.49);
      }
      assertTrue(res.getSpeechRatio() > 0.3 && res.getSpeechRatio() < 0.95);
      assertTrue(res.getLoudnessEnvelopeDb().size() > 50);
      return null;
    });
    PAssert.thatSingleton(r.failures()).satisfies(f -> {
      assertEquals("broken", f.getJobId());
      assertEquals("silence", f.getStage());
      assertEquals("audio_open_failed", f.getReason());
      return null;
    });
    p.run().waitUntilFinish();
  }

  /** Validation chooses the lapel track; the silence stage must measure that one, not the silent first track. */
  @Test
  void silencesAreFoundOnTheTrackChosenAtValidation(TestPipeline p, @org.junit.jupiter.api.io.TempDir
      java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path f = io.lecturehighlights.transforms.testing.MultiTrackMedia.make(tmp, "room-lapel.mkv",
        io.lecturehighlights.transforms.testing.MultiTrackMedia.Track.SILENCE,
        io.lecturehighlights.transforms.testing.MultiTrackMedia.Track.SPEECH, -1);
    ValidatedLecture v = lecture("tracks", f.toString());
    v = ValidatedLecture.newBuilder(v).setMedia(new io.lecturehighlights.transforms.validate.UploadValidator(
        io.lecturehighlights.transforms.validate.ValidationConfig.defaults()).validate(v.getEvent())).build();
    assertEquals(2, v.getMedia().getAudioStreamIndex());
    AvroCoders.registerAll(p);
    WithFailures.Result<PCollection<SilenceResult>, Failure> r =
        p.apply(Create.of(v)).apply(DetectSilences.with(SilenceConfig.defaults()));
    PAssert.thatSingleton(r.output()).satisfies(res -> {
      assertTrue(res.getSpeechLevelDb() > -30, "speech level " + res.getSpeechLevelDb());
      assertTrue(res.getSpeechRatio() > 0.3, "speech ratio " + res.getSpeechRatio());
      assertEquals(0, res.getDecodeErrors());
      return null;
    });
    PAssert.that(r.failures()).empty();
    p.run().waitUntilFinish();
  }

  /** Levels count from the file's start: audio that starts a second late keeps its sounds at their lecture time. */
  @Test
  void levelsOfLateAudioKeepTheirLectureTime(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    for (String name : new String[] {"late.mp4", "late.ts"}) {
      java.nio.file.Path f = tmp.resolve(name);
      Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
          "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=4", "-itsoffset", "1.0",
          "-f", "lavfi", "-i", "sine=f=1000:r=48000:d=3,volume='4*between(t,0.6,0.72)':eval=frame",
          "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", f.toString()).inheritIO().start();
      org.junit.jupiter.api.Assertions.assertEquals(0, p.waitFor());
      AudioLevels levels = AudioLevelReader.read(f, 0.02);
      int onset = 0;
      while (onset < levels.count() && levels.energy(onset) < 0.01) {
        onset++;
      }
      org.junit.jupiter.api.Assertions.assertEquals(1.6, onset * 0.02, 0.03, name);
      org.junit.jupiter.api.Assertions.assertEquals(4.0, levels.durationSeconds(), 0.1, name);
    }
  }
}
