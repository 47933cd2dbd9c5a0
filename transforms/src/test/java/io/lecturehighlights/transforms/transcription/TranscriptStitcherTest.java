package io.lecturehighlights.transforms.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.StageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptStitcherTest {

  static TranscriptStitcher.Part part(int index, double start, double end, String word) {
    List<TranscriptWord> w = TranscriptStitcher.offsetWords(List.of(new TranscriptWord(0.5, 0.9, word, null)), start, end);
    List<TranscriptSegment> s =
        TranscriptStitcher.offsetSegments(List.of(new TranscriptSegment(0.5, 0.9, word)), start, end);
    return new TranscriptStitcher.Part(index, start, end, s, w, null, null);
  }

  @Test
  void offsetsMoveChunkTimeToLectureTimeAndClampToTheChunk() {
    List<TranscriptWord> w = TranscriptStitcher.offsetWords(List.of(new TranscriptWord(1.25, 2.0, "a", 0.5),
        new TranscriptWord(59.8, 61.0, "overshoot", null)), 300.0, 360.0);
    assertEquals(301.25, w.get(0).getStart(), 1e-9);
    assertEquals(302.0, w.get(0).getEnd(), 1e-9);
    assertEquals(0.5, w.get(0).getConfidence());
    assertEquals(359.8, w.get(1).getStart(), 1e-9);
    assertEquals(360.0, w.get(1).getEnd(), 1e-9);
  }

  @Test
  void stitchesOutOfOrderChunksInOrder() throws Exception {
    TranscriptStitcher.Stitched s = TranscriptStitcher.stitch(
        List.of(part(2, 120, 180, "three"), part(0, 0, 60, "one"), part(1, 60, 120, "two"), part(1, 60, 120, "two")),
        3);
    assertEquals(List.of("one", "two", "three"), s.words.stream().map(TranscriptWord::getWord).toList());
    assertEquals(List.of(0.5, 60.5, 120.5), s.words.stream().map(TranscriptWord::getStart).toList());
    assertEquals(List.of("one", "two", "three"), s.segments.stream().map(TranscriptSegment::getText).toList());
  }

  @Test
  void aFailedChunkFailsTheLectureWithItsReason() {
    TranscriptStitcher.Part bad = new TranscriptStitcher.Part(1, 60, 120, List.of(), List.of(), "api_server_error",
        "transcription API answered 500: boom (gave up after 6 attempts)");
    StageException e = assertThrows(StageException.class,
        () -> TranscriptStitcher.stitch(List.of(part(0, 0, 60, "one"), bad, part(2, 120, 180, "x")), 3));
    assertEquals("api_server_error", e.reason());
    assertTrue(e.getMessage().startsWith("chunk 2 of 3 (60.0-120.0 s) failed: transcription API answered 500"),
        e.getMessage());
  }

  @Test
  void aMissingChunkFailsTheLecture() {
    StageException e = assertThrows(StageException.class,
        () -> TranscriptStitcher.stitch(List.of(part(0, 0, 60, "one"), part(2, 120, 180, "x")), 3));
    assertEquals("missing_chunk", e.reason());
    assertTrue(e.getMessage().contains("[2]"), e.getMessage());
  }

  @Test
  void emptyChunksGiveAnEmptyTranscript() throws Exception {
    TranscriptStitcher.Stitched s = TranscriptStitcher.stitch(
        List.of(new TranscriptStitcher.Part(0, 0, 10, List.of(), List.of(), null, null)), 1);
    assertTrue(s.words.isEmpty() && s.segments.isEmpty());
  }
}
