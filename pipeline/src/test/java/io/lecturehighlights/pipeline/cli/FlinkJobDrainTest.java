package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkJobDrainTest {
  private static final String OVERVIEW = "{\"jobs\":["
      + "{\"jid\":\"a1\",\"name\":\"lecture-highlights-20261123-100000\",\"state\":\"FINISHED\"},"
      + "{\"jid\":\"b2\",\"name\":\"lecture-highlights-20261123-110000\",\"state\":\"RUNNING\"},"
      + "{\"jid\":\"c3\",\"name\":\"other\",\"state\":\"RUNNING\"}]}";

  @Test
  void findsTheRunningJobByName() throws Exception {
    assertEquals("b2", FlinkJobDrain.runningJobId(Json.MAPPER.readTree(OVERVIEW), "lecture-highlights-20261123-110000"));
  }

  @Test
  void aFinishedOrUnknownJobIsNotDrained() {
    IOException e = assertThrows(IOException.class, () ->
        FlinkJobDrain.runningJobId(Json.MAPPER.readTree(OVERVIEW), "lecture-highlights-20261123-100000"));
    assertTrue(e.getMessage().contains("no running job"), e.getMessage());
  }

  @Test
  void twoRunningJobsOfOneNameAreAmbiguous() {
    String two = "{\"jobs\":[{\"jid\":\"x\",\"name\":\"n\",\"state\":\"RUNNING\"},"
        + "{\"jid\":\"y\",\"name\":\"n\",\"state\":\"RUNNING\"}]}";
    assertThrows(IOException.class, () -> FlinkJobDrain.runningJobId(Json.MAPPER.readTree(two), "n"));
  }

  @Test
  void aSavepointCountsOnlyWhenCompleteAndNewerThanTheStop(@TempDir Path dir) throws Exception {
    long stop = System.currentTimeMillis();
    Path old = Files.createDirectories(dir.resolve("savepoint-aaaa-old"));
    Files.writeString(old.resolve("_metadata"), "x");
    Files.setLastModifiedTime(old.resolve("_metadata"), FileTime.fromMillis(stop - 60_000));
    Files.createDirectories(dir.resolve("savepoint-bbbb-in-progress"));
    assertEquals(null, FlinkJobDrain.savepointSince(dir, stop));

    Path fresh = Files.createDirectories(dir.resolve("savepoint-cccc-new"));
    Files.writeString(fresh.resolve("_metadata"), "x");
    assertEquals(fresh, FlinkJobDrain.savepointSince(dir, stop));
    assertEquals(null, FlinkJobDrain.savepointSince(dir.resolve("missing"), stop));
  }
}
