package io.lecturehighlights.transforms.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many codec threads a clip render gets: the slots running renders on a worker share its cores. */
class RenderThreadsTest {
  @Test
  void aConfiguredCountWinsElseAloneTakesFfmpegsChoiceElseAnEqualShare() {
    assertEquals(3, RenderConfig.threadsPerRender(3, 2, 2));
    assertEquals(0, RenderConfig.threadsPerRender(0, 2, 1), "alone: FFmpeg's choice, every core");
    assertEquals(0, RenderConfig.threadsPerRender(0, 2, 0));
    assertEquals(1, RenderConfig.threadsPerRender(0, 2, 2));
    assertEquals(4, RenderConfig.threadsPerRender(0, 16, 4));
    assertEquals(2, RenderConfig.threadsPerRender(0, 5, 2), "whole cores only");
    assertEquals(1, RenderConfig.threadsPerRender(0, 2, 8), "never fewer than one");
  }

  @Test
  void renderSubtasksSetUpOnThisWorkerShareItsCores() {
    int cores = Runtime.getRuntime().availableProcessors();
    RenderClips.RenderFn a = new RenderClips.RenderFn(RenderConfig.defaults(), "/unused");
    RenderClips.RenderFn b = new RenderClips.RenderFn(RenderConfig.defaults(), "/unused");
    RenderClips.RenderFn pinned = new RenderClips.RenderFn(RenderConfig.defaults().withThreads(1), "/unused");
    // Other tests in this JVM may have render subtasks set up: count from what is there.
    int before = RenderClips.RenderFn.renderersSetUp();
    a.setup();
    try {
      assertEquals(RenderConfig.threadsPerRender(0, cores, before + 1), a.threads());
      b.setup();
      assertEquals(before + 2, RenderClips.RenderFn.renderersSetUp());
      assertEquals(Math.max(1, cores / (before + 2)), a.threads(), "two renders share the cores");
      assertEquals(a.threads(), b.threads());
      assertEquals(1, pinned.threads());
      b.teardown();
      b.teardown(); // a second teardown must not count twice
      assertEquals(before + 1, RenderClips.RenderFn.renderersSetUp());
    } finally {
      a.teardown();
      b.teardown();
    }
    assertEquals(before, RenderClips.RenderFn.renderersSetUp());
  }
}
