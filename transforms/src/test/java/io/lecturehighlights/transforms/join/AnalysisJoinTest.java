package io.lecturehighlights.transforms.join;

import static io.lecturehighlights.transforms.join.JoinFixtures.failure;
import static io.lecturehighlights.transforms.join.JoinFixtures.layout;
import static io.lecturehighlights.transforms.join.JoinFixtures.lecture;
import static io.lecturehighlights.transforms.join.JoinFixtures.silence;
import static io.lecturehighlights.transforms.join.JoinFixtures.transcript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.transforms.common.Stages;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisJoinTest {
  @Test
  void allThreeResultsMakeOneAnalysisWithEveryStagesTime() {
    LectureAnalysis a = AnalysisJoin.decide("a", new AnalysisJoin.Reports().lectures(List.of(lecture("a")))
        .silences(List.of(silence("a"))).transcripts(List.of(transcript("a"))).layouts(List.of(layout("a"))));
    assertNotNull(a);
    assertNull(a.getFailure());
    assertEquals("screen_only", a.getLayout().getType());
    assertEquals(List.of(12L, 34L, 56L, 78L), List.copyOf(a.getStageMillis().values()));
    assertTrue(a.getNotes().isEmpty());
  }

  @Test
  void failedTranscriptionFailsTheJobWithItsReason() {
    LectureAnalysis a = AnalysisJoin.decide("a", new AnalysisJoin.Reports().lectures(List.of(lecture("a")))
        .silences(List.of(silence("a"))).layouts(List.of(layout("a")))
        .failures(List.of(failure("a", Stages.TRANSCRIPTION, "engine_failed"))));
    assertEquals("transcription", a.getFailure().getStage());
    assertEquals("engine_failed", a.getFailure().getReason());
  }

  @Test
  void failedLayoutOrSilenceDegradesAndSaysSo() {
    LectureAnalysis a = AnalysisJoin.decide("a", new AnalysisJoin.Reports().lectures(List.of(lecture("a")))
        .transcripts(List.of(transcript("a")))
        .failures(List.of(failure("a", Stages.LAYOUT, "no_video_stream"),
            failure("a", Stages.SILENCE, "audio_decode_error"))));
    assertNull(a.getFailure());
    assertNull(a.getLayout());
    assertEquals(List.of("layout: no_video_stream (clips use the whole frame)",
        "silence: audio_decode_error (cuts use the gaps between words)"), a.getNotes());
  }

  @Test
  void aMissingBranchFailsAtTheFirstMissingStage() {
    LectureAnalysis a = AnalysisJoin.decide("a", new AnalysisJoin.Reports().lectures(List.of(lecture("a")))
        .silences(List.of(silence("a"))));
    assertEquals("transcription", a.getFailure().getStage());
    assertEquals("branch_timeout", a.getFailure().getReason());
    assertTrue(a.getFailure().getMessage().contains("transcription, layout"), a.getFailure().getMessage());
  }

  @Test
  void branchResultsWithoutTheirLectureAreNotAJob() {
    assertNull(AnalysisJoin.decide("x", new AnalysisJoin.Reports().silences(List.of(silence("x")))));
  }
}
