package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.cli.ProgressModel.Observation;
import io.lecturehighlights.pipeline.cli.ProgressModel.StageTally;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.common.Stages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Counts and the estimate of the time left, on given figures. */
class ProgressModelTest {
  private static final double EPS = 1e-6;

  /** Every stage completed by {@code n} lectures at {@code millis} each. */
  private static Map<String, StageTally> allDone(int n, long millis, int ofUnfinished) {
    Map<String, StageTally> m = new HashMap<>();
    for (String s : ProgressModel.STAGES) {
      m.put(s, new StageTally(0, n, 0, n, n * millis, 0, ofUnfinished));
    }
    return m;
  }

  @Test
  void estimatingUntilSomeWorkIsMeasured() {
    ProgressModel model = new ProgressModel(10, 0, Map.of());
    ProgressModel.Snapshot s = model.snapshot(new Observation(10, 0, 0, 0, 0, 0, Map.of(), 0), 3);
    assertNull(s.eta());
    assertEquals("estimating...", ProgressModel.etaText(s.eta(), "..."));
    assertEquals(10, s.inProgress());
    // A stage running but none finished and less than two seconds of activity: still nothing to go on.
    Map<String, StageTally> started = Map.of(Stages.VALIDATION, new StageTally(2, 0, 0, 0, 0, 500, 0));
    assertNull(model.snapshot(new Observation(8, 2, 0, 0, 0, 0, started, 1.0), 1.5).eta());
  }

  @Test
  void etaIsWorkLeftOverMeasuredSpeed() {
    // 4 lectures; 2 completed every stage at 1 s each (7 s of work each, 14 s in all) in 7 s of wall time: a speed
    // of 2 stage-seconds per second (two lectures in parallel). Two lectures left, 7 s of work each: 14 s / 2 = 7 s.
    ProgressModel model = new ProgressModel(4, 0, Map.of());
    ProgressModel.Snapshot s = model.snapshot(new Observation(2, 0, 2, 0, 0, 0, allDone(2, 1000, 0), 7), 8);
    assertEquals(7.0, s.eta().seconds(), EPS);
    assertFalse(s.eta().lowerBound());
    assertEquals(2, s.finished());
    assertEquals(4, s.expected());
  }

  @Test
  void runningStagesCountTheirTimeSpentAndCompletedStagesOfUnfinishedLecturesNeedNothing() {
    Map<String, StageTally> m = allDone(2, 1000, 0);
    // A third lecture has done validation and silence, and has spent 0.4 s in transcription.
    m.put(Stages.VALIDATION, new StageTally(0, 3, 0, 3, 3000, 0, 1));
    m.put(Stages.SILENCE, new StageTally(0, 3, 0, 3, 3000, 0, 1));
    m.put(Stages.TRANSCRIPTION, new StageTally(1, 2, 0, 2, 2000, 400, 0));
    ProgressModel model = new ProgressModel(3, 0, Map.of());
    ProgressModel.Snapshot s = model.snapshot(new Observation(0, 1, 2, 0, 0, 0, m, 8.2), 9);
    // Done: 16 s completed + 0.4 s running = 16.4 s over 8.2 s: speed 2. Left for the third lecture: transcription
    // 1 - 0.4 = 0.6 s, layout, content, extraction, rendering 1 s each: 4.6 s of work, 2.3 s.
    assertEquals(2.3, s.eta().seconds(), EPS);
    assertEquals(1, s.inProgress());
    assertEquals(1, s.stages().get(Stages.TRANSCRIPTION).running());
  }

  @Test
  void aStageWithoutDurationsMakesALowerBoundUnlessEarlierRunsGiveOne() {
    Map<String, StageTally> m = allDone(2, 1000, 0);
    m.remove(Stages.RENDERING);
    Observation o = new Observation(2, 0, 0, 0, 0, 0, m, 6);
    // 12 s of work in 6 s: speed 2. Four lectures, each needing the six timed stages (6 s) and rendering (unknown).
    ProgressModel.Snapshot alone = new ProgressModel(4, 0, Map.of()).snapshot(o, 6);
    assertEquals(12.0, alone.eta().seconds(), EPS);
    assertTrue(alone.eta().lowerBound());
    assertEquals("estimating...", ProgressModel.etaText(alone.eta(), "..."), "a bound under a minute says nothing");
    // With rendering at 3 s in earlier runs: 4 x 9 s = 36 s of work left, 18 s.
    ProgressModel.Snapshot prior = new ProgressModel(4, 0, Map.of(Stages.RENDERING, 3000.0)).snapshot(o, 6);
    assertEquals(18.0, prior.eta().seconds(), EPS);
    assertFalse(prior.eta().lowerBound());
  }

  @Test
  void lecturesLikelyUnchangedAreNotWaitedFor() {
    // 10 lectures, 8 of them completed by an earlier run; this run touched one of those 8 (its content changed)
    // and one other. Expected: 10 - 7 untouched candidates = 3.
    ProgressModel model = new ProgressModel(10, 8, Map.of());
    ProgressModel.Snapshot s = model.snapshot(new Observation(0, 0, 2, 0, 0, 1, allDone(2, 1000, 0), 7), 7);
    assertEquals(3, s.expected());
    assertEquals(10, s.total());
    // One lecture left: 7 s of work at 2 stage-seconds per second.
    assertEquals(3.5, s.eta().seconds(), EPS);
    // All candidates untouched and every other lecture finished: done, nothing to wait for.
    ProgressModel.Snapshot done = new ProgressModel(10, 8, Map.of())
        .snapshot(new Observation(0, 0, 1, 1, 0, 0, allDone(2, 1000, 0), 7), 7);
    assertEquals(2, done.expected());
    assertEquals(0.0, done.eta().seconds(), EPS);
  }

  @Test
  void lecturesWithAFailedStageCountAsFailedAndNeedNoMoreWork() {
    // 4 lectures: 2 done (7 s of work each in 7 s: speed 2), 1 failed validation but its job record is not final
    // yet, 1 queued: only the queued one's 7 s of work is left, 3.5 s.
    Map<String, StageTally> m = allDone(2, 1000, 0);
    m.put(Stages.VALIDATION, new StageTally(0, 2, 1, 2, 2000, 0, 0));
    ProgressModel.Snapshot s = new ProgressModel(4, 0, Map.of())
        .snapshot(new Observation(1, 0, 2, 0, 1, 0, m, 7), 7);
    assertEquals(3, s.finished());
    assertEquals(1, s.failed());
    assertEquals(1, s.inProgress());
    assertEquals(3.5, s.eta().seconds(), EPS);
  }

  @Test
  void aStageOnlyRunningSoFarGivesALowerBoundFromItsTimeSpent() {
    Map<String, StageTally> m = allDone(2, 10_000, 2);
    m.put(Stages.RENDERING, new StageTally(2, 0, 0, 0, 0, 40_000, 0));
    // Done: 6 x 20 s + 40 s = 160 s in 80 s: speed 2. Two lectures rendering for 20 s each so far: rendering takes
    // at least 20 s, none of it known to be left; two queued lectures need 6 x 10 s + 20 s each: 160 s, 80 s.
    ProgressModel.Snapshot s = new ProgressModel(4, 0, Map.of())
        .snapshot(new Observation(2, 2, 0, 0, 0, 0, m, 80), 80);
    assertEquals(80.0, s.eta().seconds(), EPS);
    assertTrue(s.eta().lowerBound());
    assertEquals("at least 1m20s", ProgressModel.etaText(s.eta(), "..."));
    // A lower bound under a minute says nothing yet.
    assertEquals("estimating...", ProgressModel.etaText(new ProgressModel.Eta(20, true), "..."));
  }

  @Test
  void withoutStageFiguresFinishedLecturesPerSecondGiveTheEstimate() {
    ProgressModel model = new ProgressModel(6, 0, Map.of());
    // 2 finished in 30 s: 4 left take 60 s.
    ProgressModel.Snapshot s = model.snapshot(new Observation(0, 0, 1, 1, 0, 0, Map.of(), 30), 30);
    assertEquals(60.0, s.eta().seconds(), EPS);
  }

  @Test
  void neverNegativeNorAbsurd() {
    // Running stages that overran their mean leave no negative work.
    Map<String, StageTally> m = allDone(1, 1000, 0);
    m.put(Stages.TRANSCRIPTION, new StageTally(1, 1, 0, 1, 1000, 50_000, 0));
    ProgressModel.Snapshot s = new ProgressModel(2, 0, Map.of()).snapshot(new Observation(0, 1, 1, 0, 0, 0, m, 10), 10);
    assertTrue(s.eta().seconds() >= 0);
    // A crawl: a millisecond of work in 10 minutes, 1000 lectures to go, is capped and shown as a lower bound.
    Map<String, StageTally> slow = allDone(1, 0, 0);
    slow.put(Stages.VALIDATION, new StageTally(0, 1, 0, 1, 1, 0, 0));
    ProgressModel.Snapshot crawl = new ProgressModel(1001, 0, Map.of())
        .snapshot(new Observation(1000, 0, 1, 0, 0, 0, slow, 600), 600);
    assertEquals(ProgressModel.MAX_ETA_SECONDS, crawl.eta().seconds(), EPS);
    assertTrue(crawl.eta().lowerBound());
  }

  @Test
  void durationsAndDisplayFitOneHundredColumns() {
    assertEquals("45s", ProgressModel.duration(45.2));
    assertEquals("2m05s", ProgressModel.duration(125));
    assertEquals("1h07m", ProgressModel.duration(4020));
    Map<String, StageTally> m = allDone(12345, 1000, 0);
    ProgressModel.Snapshot s = new ProgressModel(99999, 0, Map.of())
        .snapshot(new Observation(50000, 20000, 12345, 17654, 0, 0, m, 7000), 7000);
    List<String> block = BatchProgress.block(s, "...", 100);
    assertEquals(5, block.size());
    for (String line : block) {
      assertTrue(line.length() <= 100, line.length() + ": " + line);
    }
    assertTrue(block.get(0).startsWith("Lectures 29999/99999 (12345 ok, 17654 failed) ["), block.get(0));
    assertTrue(block.get(1).contains("validation") && block.get(1).contains("rendering"), block.get(1));
    String line = BatchProgress.line(s, "...");
    assertTrue(line.startsWith("29999/99999 lectures finished (12345 completed, 17654 failed), 70000 in progress"),
        line);
    assertTrue(line.contains("validation 0/12345/0"), line);
  }

  @Test
  void jobFilesGiveFinishedCountsAndStagesDoneOrFailed() throws Exception {
    JsonNode ok = Json.MAPPER.readTree("{\"jobId\":\"a\",\"status\":\"completed\",\"stageTimings\":"
        + "{\"validation\":0.1,\"silence\":0.5,\"transcription\":3.0}}");
    JsonNode bad = Json.MAPPER.readTree("{\"jobId\":\"b\",\"status\":\"failed\",\"failedStage\":\"validation\","
        + "\"stageTimings\":{\"validation\":0.05}}");
    Observation o = ProgressSource.JobFiles.observe(List.of(ok, bad), Set.of("b"), 12);
    assertEquals(1, o.completed());
    assertEquals(1, o.failed());
    assertEquals(1, o.seenSkipCandidates());
    assertEquals(1, o.stage(Stages.VALIDATION).completed());
    assertEquals(1, o.stage(Stages.VALIDATION).failed());
    assertEquals(1, o.stage(Stages.TRANSCRIPTION).completed());
    // 2 finished in 12 s, 2 left: 12 s.
    ProgressModel.Snapshot s = new ProgressModel(4, 1, Map.of()).snapshot(o, 12);
    assertNotNull(s.eta());
    assertEquals(12.0, s.eta().seconds(), EPS);
  }
}
