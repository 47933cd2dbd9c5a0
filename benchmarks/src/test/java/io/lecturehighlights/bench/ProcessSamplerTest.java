package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSamplerTest {
  private static final List<EndToEndBenchmark.StageSpan> SPANS = List.of(
      new EndToEndBenchmark.StageSpan("silence", 1_000, 2_000),
      new EndToEndBenchmark.StageSpan("transcription", 1_000, 5_000),
      new EndToEndBenchmark.StageSpan("rendering", 6_000, 7_000));

  @Test
  void jvmCpuIsSplitBetweenOverlappingStagesAndRecognisersGoToTranscription() {
    List<ProcessSampler.Slice> slices = List.of(
        new ProcessSampler.Slice(500, 0.4, 0, 0),       // before any stage: framework
        new ProcessSampler.Slice(1_500, 1.0, 0.6, 0),   // silence and transcription both run
        new ProcessSampler.Slice(3_500, 0.8, 1.2, 0),   // transcription alone
        new ProcessSampler.Slice(6_500, 1.5, 0, 0.1));  // rendering; another child process counts with the JVM
    Map<String, Double> cpu = ProcessSampler.attribute(slices, SPANS, 500);
    assertEquals(0.4, cpu.get("framework"), 1e-9);
    assertEquals(0.5, cpu.get("silence"), 1e-9);
    assertEquals(0.5 + 0.6 + 0.8 + 1.2, cpu.get("transcription"), 1e-9);
    assertEquals(1.6, cpu.get("rendering"), 1e-9);
    double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(0.4 + 1.6 + 2.0 + 1.6, total, 1e-9, "nothing lost or counted twice");
  }

  @Test
  void readsItsOwnProcessStat() {
    String[] stat = ProcessSampler.stat(ProcessHandle.current().pid());
    assertNotNull(stat);
    assertEquals("java", stat[0]);
    assertTrue(Long.parseLong(stat[12]) + Long.parseLong(stat[13]) > 0, "this JVM has used CPU");
  }

  @Test
  void findsTheJobTimeInTheBatchSummary() {
    assertEquals(49.0, EndToEndBenchmark.doneSeconds("...\nDone in 49.0 s: 1 jobs, 1 completed, 0 failed.\n"));
  }
}
