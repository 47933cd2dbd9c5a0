package io.lecturehighlights.transforms.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.media.AudioLevels;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

  /** Loud "speech" everywhere except pauses at the given seconds (0.4 s each) and a dip inside a word at 59.9 s. */
  static AudioLevels levels(double seconds, double... pauses) {
    AudioLevels l = new AudioLevels(0.01, (int) (seconds * 100));
    for (int i = 0; i < seconds * 100; i++) {
      double t = i * 0.01;
      boolean pause = false;
      for (double p : pauses) {
        pause |= t >= p && t < p + 0.4;
      }
      boolean stopConsonant = t >= 59.9 && t < 59.95;
      l.add(pause ? 1e-7f : stopConsonant ? 1e-6f : 0.05f);
    }
    return l;
  }

  @Test
  void cutsInsidePausesNotWords() {
    // The first nominal cut is at 60 s, the second 60 s after the first real cut; pauses at 48 s and 100 s lie
    // inside the 15 s search windows, a third pause at 130 s does not (the rest fits one chunk).
    AudioLevels l = levels(150, 48, 100, 130);
    List<ChunkPlanner.Chunk> plan = ChunkPlanner.plan(l, 60, 15);
    assertEquals(3, plan.size(), plan.toString());
    assertEquals(0.0, plan.get(0).start);
    assertTrue(plan.get(0).end > 48.1 && plan.get(0).end < 48.3, plan.toString()); // middle of the pause
    assertTrue(plan.get(1).end > 100.1 && plan.get(1).end < 100.3, plan.toString());
    assertEquals(150.0, plan.get(2).end, 1e-9);
    for (int i = 1; i < plan.size(); i++) {
      assertEquals(plan.get(i - 1).end, plan.get(i).start, 1e-12, "chunks must tile the lecture");
      assertEquals(i, plan.get(i).index);
    }
  }

  @Test
  void chunksNeverExceedTheTargetLength() {
    AudioLevels l = levels(1000); // no pauses at all: cuts at the target
    List<ChunkPlanner.Chunk> plan = ChunkPlanner.plan(l, 60, 10);
    for (ChunkPlanner.Chunk c : plan) {
      assertTrue(c.end - c.start <= 60 + 1e-9, c.toString());
      assertTrue(c.end - c.start >= 50 - 1e-9 || c.index == plan.size() - 1, c.toString());
    }
    assertEquals(1000.0, plan.get(plan.size() - 1).end, 1e-9);
  }

  @Test
  void noSliverOfATailChunk() {
    // 60.3 s with the only pause at the very end: the last chunk must still be at least a second long.
    AudioLevels l = levels(60.3, 60.0);
    List<ChunkPlanner.Chunk> plan = ChunkPlanner.plan(l, 60, 15);
    assertEquals(2, plan.size(), plan.toString());
    assertTrue(plan.get(1).end - plan.get(1).start >= 1.0 - 1e-9, plan.toString());
  }

  @Test
  void shortLectureIsOneChunk() {
    List<ChunkPlanner.Chunk> plan = ChunkPlanner.plan(levels(30, 10), 60, 15);
    assertEquals(1, plan.size());
    assertEquals(30.0, plan.get(0).end, 1e-9);
  }

  /** On a real decoded lecture every cut falls between sentences (in a pause of the truth), never in speech. */
  @Test
  void cutsOnTheSyntheticLectureFallBetweenSentences() throws Exception {
    JsonNode truth = Fixtures.truth("lecture-clean.mp4");
    AudioLevels l = AudioLevelReader.read(Fixtures.lecture("lecture-clean.mp4"), 0.01);
    // Search half a chunk (TranscriptionConfig's rule for short chunks): every 5 s of the fixture has a pause.
    List<ChunkPlanner.Chunk> plan = ChunkPlanner.plan(l, 10, 5);
    assertTrue(plan.size() >= 4, plan.toString());
    for (int i = 0; i < plan.size() - 1; i++) {
      double cut = plan.get(i).end;
      for (JsonNode s : truth.get("sentences")) {
        assertTrue(cut <= s.get("start").asDouble() + 0.03 || cut >= s.get("end").asDouble() - 0.03,
            "cut at " + cut + " inside '" + s.get("text").asText() + "'");
      }
    }
  }
}
