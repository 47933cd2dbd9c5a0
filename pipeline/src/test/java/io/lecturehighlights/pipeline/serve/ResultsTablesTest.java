package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Where the database places a job's folder: the folder its clips were written to. */
class ResultsTablesTest {
  @Test
  void aJobsFolderIsTheOneItsClipsAreIn() {
    assertEquals("/results/fall/phys101-l03",
        ResultsTables.folderOfClip("/results/fall/phys101-l03/clips/clip-01.mp4"));
    assertEquals("s3://highlights/live/phys101-l03",
        ResultsTables.folderOfClip("s3://highlights/live/phys101-l03/clips/clip-02-square.mp4"));
    assertEquals("file:///r/j", ResultsTables.folderOfClip("file:///r/j/clips/clip-01.mp4"));
    // Anything else is not a clip of a job folder: no folder, so no links rather than wrong ones.
    assertNull(ResultsTables.folderOfClip(null));
    assertNull(ResultsTables.folderOfClip("/results/clip-01.mp4"));
    assertNull(ResultsTables.folderOfClip("/clips/clip-01.mp4"));
    assertNull(ResultsTables.folderOfClip("clip-01.mp4"));
  }
}
