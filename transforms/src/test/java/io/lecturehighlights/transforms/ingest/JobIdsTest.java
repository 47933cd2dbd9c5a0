package io.lecturehighlights.transforms.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobIdsTest {
  @Test
  void sameLocationSameIdDifferentFolderDifferentId() {
    String a = JobIds.derive("/archive/fall/Week 1 - Intro.mp4");
    assertEquals(a, JobIds.derive("/archive/fall/Week 1 - Intro.mp4"));
    assertTrue(a.startsWith("week-1-intro-"), a);
    assertNotEquals(a, JobIds.derive("/archive/spring/Week 1 - Intro.mp4"));
    assertTrue(JobIds.isValid(a));
  }

  @Test
  void unusualNamesStillGiveValidIds() {
    assertTrue(JobIds.isValid(JobIds.derive("/x/\u0007\u0001.mp4")));
    assertTrue(JobIds.isValid(JobIds.derive("s3://b/" + "x".repeat(300) + ".mp4")));
    assertTrue(JobIds.isValid(JobIds.derive("/x/Ünïcödé.mov")));
  }

  @Test
  void validation() {
    assertTrue(JobIds.isValid("phys101-fall2026-l03"));
    assertFalse(JobIds.isValid("../etc"));
    assertFalse(JobIds.isValid("a/b"));
    assertFalse(JobIds.isValid(""));
    assertFalse(JobIds.isValid("x".repeat(129)));
  }
}
