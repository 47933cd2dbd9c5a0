package io.lecturehighlights.transforms.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class JobOutcomesTest {
  public static UploadEvent event(String id) {
    return UploadEvent.newBuilder().setJobId(id).setVideoUri("/v/" + id + ".mp4")
        .setMetadata(LectureMetadata.newBuilder().setCourse("PHYS 101").build())
        .setSource("manifest:/m.jsonl#1").setReceivedAtMillis(0).build();
  }

  public static ValidatedLecture validated(String id) {
    return ValidatedLecture.newBuilder().setEvent(event(id)).setValidationMillis(12)
        .setMedia(MediaInfo.newBuilder().setContainer("mov").setDurationSeconds(60).setSizeBytes(1000)
            .setAudioCodec("aac").setAudioSampleRate(48000).setAudioChannels(2).build())
        .build();
  }

  public static SilenceResult silence(String id) {
    return SilenceResult.newBuilder().setJobId(id).setSilences(List.of()).setDurationSeconds(60)
        .setNoiseFloorDb(-60).setSpeechLevelDb(-20).setMeanLoudnessDb(-25).setThresholdDb(-52).setSpeechRatio(1)
        .setDetector("test").setProcessingMillis(34).build();
  }

  /** A lecture as it leaves the chain: joined, analysed and finished (with {@code failure} set if it failed). */
  public static LectureAnalysis finished(ValidatedLecture lecture, Failure failure) {
    String id = lecture.getEvent().getJobId();
    Map<String, Long> millis = new LinkedHashMap<>();
    millis.put(Stages.VALIDATION, lecture.getValidationMillis());
    millis.put(Stages.SILENCE, 34L);
    return LectureAnalysis.newBuilder().setJobId(id).setLecture(lecture).setSilence(silence(id))
        .setStageMillis(millis).setNotes(List.of("layout: no_frames (clips use the whole frame)"))
        .setFailure(failure).build();
  }

  @Test
  void aFinishedLectureIsCompletedWithItsTimesClipsAndNotes() {
    JobStatus s = JobOutcomes.of(finished(validated("a"), null));
    assertEquals(JobState.COMPLETED, s.getStatus());
    assertNull(s.getFailedStage());
    assertEquals(12L, s.getStageMillis().get(Stages.VALIDATION));
    assertEquals(34L, s.getStageMillis().get(Stages.SILENCE));
    assertEquals("PHYS 101", s.getMetadata().getCourse());
    assertEquals(60.0, s.getMedia().getDurationSeconds());
    assertEquals(0, s.getClips());
    assertEquals(List.of("layout: no_frames (clips use the whole frame)"), s.getNotes());
  }

  @Test
  void aLectureThatFailedAfterTheJoinKeepsItsMediaAndStageTimes() {
    Failure f = Failures.of(event("c"), Stages.CONTENT, "invalid_model_answer", "three unusable answers", true, 3);
    JobStatus s = JobOutcomes.of(finished(validated("c"), f));
    assertEquals(JobState.FAILED, s.getStatus());
    assertEquals("content", s.getFailedStage());
    assertEquals("invalid_model_answer", s.getFailureReason());
    assertEquals(60.0, s.getMedia().getDurationSeconds());
    assertEquals(34L, s.getStageMillis().get(Stages.SILENCE));
  }

  @Test
  void aRejectedUploadKeepsTheEventsMetadata() {
    Failure f = Failures.of(event("b"), Stages.VALIDATION, "empty_file", "file is empty", false, 1);
    JobStatus s = JobOutcomes.of(f);
    assertEquals(JobState.FAILED, s.getStatus());
    assertEquals("validation", s.getFailedStage());
    assertEquals("empty_file", s.getFailureReason());
    assertEquals("file is empty", s.getFailureMessage());
    assertEquals("/v/b.mp4", s.getVideoUri());
    assertEquals("manifest:/m.jsonl#1", s.getSource());
    assertEquals("PHYS 101", s.getMetadata().getCourse());
  }

  @Test
  void decodeErrorsAreRecordedPerStageAndManyOfThemAreNoted() {
    LectureAnalysis a = finished(validated("d"), null);
    LectureAnalysis damaged = LectureAnalysis.newBuilder(a)
        .setSilence(SilenceResult.newBuilder(a.getSilence()).setDecodeErrors(JobOutcomes.DECODE_ERRORS_NOTED + 5)
            .build())
        .build();
    JobStatus s = JobOutcomes.of(damaged);
    assertEquals(Map.of(Stages.SILENCE, JobOutcomes.DECODE_ERRORS_NOTED + 5), s.getDecodeErrors());
    assertEquals(2, s.getNotes().size());
    assertTrue(s.getNotes().get(1).startsWith("decoding: FFmpeg reported errors (silence 25)"), s.getNotes().get(1));
    com.fasterxml.jackson.databind.node.ObjectNode job = io.lecturehighlights.transforms.output.JobFiles.job(s);
    assertEquals(25, job.get("decodeErrors").get("silence").asInt());

    JobStatus few = JobOutcomes.of(LectureAnalysis.newBuilder(a)
        .setSilence(SilenceResult.newBuilder(a.getSilence()).setDecodeErrors(3).build()).build());
    assertEquals(Map.of(Stages.SILENCE, 3), few.getDecodeErrors());
    assertEquals(List.of("layout: no_frames (clips use the whole frame)"), few.getNotes());
  }
}
