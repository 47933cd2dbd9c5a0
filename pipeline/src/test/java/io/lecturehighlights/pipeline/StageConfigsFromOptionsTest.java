package io.lecturehighlights.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.silence.SilenceConfig;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** Job options reach the silence stage's configuration (the absolute threshold was once dropped on the floor). */
class StageConfigsFromOptionsTest {
  private static LectureHighlightsOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(LectureHighlightsOptions.class);
  }

  @Test
  void silenceOptionsReachTheSilenceConfig() {
    SilenceConfig c = LectureHighlightsPipeline.silenceConfig(options("--silenceThresholdDb=-42",
        "--minSilenceSeconds=0.8"));
    assertEquals(-42.0, c.thresholdDb(), 1e-9);
    assertEquals(0.8, c.minSilenceSeconds(), 1e-9);
  }

  @Test
  void withoutAThresholdTheAdaptiveOneIsUsed() {
    assertTrue(Double.isNaN(LectureHighlightsPipeline.silenceConfig(options()).thresholdDb()));
  }
}
