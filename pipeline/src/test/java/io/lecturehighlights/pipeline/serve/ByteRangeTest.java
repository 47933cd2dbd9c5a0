package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void readsTheThreeFormsAPlayerSends() throws Exception {
    assertEquals(new ByteRange(100, 199), ByteRange.parse("bytes=100-199", 1000));
    assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-", 1000));
    assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000));
    assertEquals(new ByteRange(0, 0), ByteRange.parse("Bytes=0-0 ", 1000));
    assertEquals("bytes 100-199/1000", new ByteRange(100, 199).contentRange(1000));
    assertEquals(100, new ByteRange(100, 199).length());
  }

  @Test
  void anEndPastTheFileOrASuffixLongerThanItIsCutToTheFile() throws Exception {
    assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=900-5000", 1000));
    assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000));
  }

  @Test
  void whatCannotBeHonouredMeansTheWholeFile() throws Exception {
    assertNull(ByteRange.parse(null, 1000));
    assertNull(ByteRange.parse("bytes=0-10,20-30", 1000));
    assertNull(ByteRange.parse("items=0-10", 1000));
    assertNull(ByteRange.parse("bytes=abc-", 1000));
    assertNull(ByteRange.parse("bytes=20-10", 1000));
    assertNull(ByteRange.parse("bytes=-", 1000));
  }

  @Test
  void aRangeStartingPastTheEndIsUnsatisfiable() {
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0));
  }
}
