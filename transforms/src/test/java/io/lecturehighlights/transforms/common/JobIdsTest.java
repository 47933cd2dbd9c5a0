package io.lecturehighlights.transforms.common;

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

  @Test
  void asciiNamesKeepTheIdsTheyAlwaysHad() {
    // Computed with the slug code before transliteration was added: reruns must find earlier outputs.
    assertEquals("week-1-intro-2939faa152", JobIds.derive("/archive/fall/Week 1 - Intro.mp4"));
    assertEquals("lecture-03-cdc3b95350", JobIds.derive("s3://uni-lectures/phys101/fall-2026/lecture-03.mp4"));
    assertEquals("lecture-04-final-517d4e7bb3", JobIds.derive("/data/lectures/Lecture_04 (Final).MOV"));
    assertEquals("phys101-l05-327999d377", JobIds.derive("gs://b/x/PHYS101.L05.mkv"));
    assertEquals("week-2-2e5698da91", JobIds.derive("C:\\rec\\Week 2.mp4"));
    assertEquals("lecture-674dce608d", JobIds.derive("/x/\u0007\u0001.mp4"));
    assertEquals("x".repeat(48) + "-5afe54a5cb", JobIds.derive("s3://b/" + "x".repeat(300) + ".mp4"));
  }

  @Test
  void accentedAndSpecialLatinLettersAreTransliteratedNotDropped() {
    // Was "vorlesung-ber-sthetik-ed65ffc48f": the umlauts' letters were lost. The hash part is unchanged.
    assertEquals("vorlesung-uber-asthetik-ed65ffc48f", JobIds.derive("/x/Vorlesung Über Ästhetik.mp4"));
    assertEquals("lodz-strasse-bf6ec6b994", JobIds.derive("/x/Łódź Straße.mp4"));
    assertTrue(JobIds.derive("/x/Ünïcödé.mov").startsWith("unicode-"));
    assertEquals("cafe-aeroskobing-oeuvre", JobIds.transliterate("Café Ærøskøbing Œuvre").replace(' ', '-'));
    assertEquals("dakovo-thorn-reykjavik", JobIds.transliterate("Đakovo Þorn Reykjavík").replace(' ', '-'));
    assertEquals("istanbul-fi", JobIds.transliterate("İstanbul ﬁ").replace(' ', '-'));
    assertEquals("lecture 1", JobIds.transliterate("Ｌｅｃｔｕｒｅ １"));
  }

  @Test
  void scriptsWithoutLatinSpellingKeepTheFallback() {
    assertEquals("lecture-1b03b508e1", JobIds.derive("/x/讲座.mp4"));
    String mixed = JobIds.derive("/x/Physik 讲座 1.mp4");
    assertTrue(mixed.startsWith("physik-1-"), mixed);
    assertTrue(JobIds.isValid(mixed));
  }
}
