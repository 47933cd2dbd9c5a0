package io.lecturehighlights.transforms.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import java.util.List;
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

  @Test
  void completedWhenEveryResultIsThere() {
    JobStatus s = JobOutcomes.resolve("a", List.of(validated("a")), List.of(silence("a")), List.of());
    assertEquals(JobState.COMPLETED, s.getStatus());
    assertNull(s.getFailedStage());
    assertEquals(12L, s.getStageMillis().get(Stages.VALIDATION));
    assertEquals(34L, s.getStageMillis().get(Stages.SILENCE));
    assertEquals("PHYS 101", s.getMetadata().getCourse());
    assertEquals(60.0, s.getMedia().getDurationSeconds());
  }

  @Test
  void validationFailureKeepsTheEventsMetadata() {
    Failure f = Failures.of(event("b"), Stages.VALIDATION, "empty_file", "file is empty", false, 1);
    JobStatus s = JobOutcomes.resolve("b", List.of(), List.of(), List.of(f));
    assertEquals(JobState.FAILED, s.getStatus());
    assertEquals("validation", s.getFailedStage());
    assertEquals("empty_file", s.getFailureReason());
    assertEquals("file is empty", s.getFailureMessage());
    assertEquals("/v/b.mp4", s.getVideoUri());
    assertEquals("PHYS 101", s.getMetadata().getCourse());
  }

  @Test
  void earliestStageFailureIsReported() {
    Failure later = Failures.of(event("c"), Stages.SILENCE, "audio_decode_error", "x", false, 1);
    Failure earlier = Failures.of(event("c"), Stages.VALIDATION, "truncated_file", "y", false, 1);
    JobStatus s = JobOutcomes.resolve("c", List.of(), List.of(), List.of(later, earlier));
    assertEquals("validation", s.getFailedStage());
  }

  @Test
  void missingResultFailsTheJobInsteadOfLosingIt() {
    JobStatus s = JobOutcomes.resolve("d", List.of(validated("d")), List.of(), List.of());
    assertEquals(JobState.FAILED, s.getStatus());
    assertEquals("silence", s.getFailedStage());
    assertEquals("missing_result", s.getFailureReason());
  }
}
