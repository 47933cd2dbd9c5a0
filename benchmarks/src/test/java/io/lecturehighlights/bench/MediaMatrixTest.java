package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the media matrix (frame sizes, pixel aspect, rotation, interlacing, frame rates, codecs, containers,
 * audio layouts) is accepted, sampled for layout in display geometry and rendered into a clip whose frames match what
 * the ffmpeg CLI shows for the same source time, with audio in step.
 */
class MediaMatrixTest {
  private static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    dir = Files.createTempDirectory("lhx-media-matrix-");
  }

  @AfterAll
  static void tearDown() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCaseRendersWhatAPlayerShows() {
    MediaMatrix matrix = new MediaMatrix();
    return MediaMatrix.standard().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Path source = matrix.generate(c, dir);
      MediaMatrix.Outcome o = matrix.check(c, source, dir.resolve("out"));
      System.out.printf("media matrix %-28s %s (validate %.2f s, layout %.2f s, render %.2f s)%n", c.name(), o.detail(),
          o.validateSeconds(), o.layoutSeconds(), o.renderSeconds());
      assertTrue(o.passed(), c.name() + ": " + o.detail());
    }));
  }

  /**
   * Real recordings of other sizes (../shared/testmedia): the 1200x900 slide stream has padded rows, which is what
   * corrupted clips before; the others are 640x480 and 960x720.
   */
  @TestFactory
  Stream<DynamicTest> realRecordingsRenderTheirOwnFrames() {
    Path root = io.lecturehighlights.transforms.testing.Fixtures.sharedMedia().resolve("video");
    MediaMatrix matrix = new MediaMatrix();
    return Stream.of("matterhorn-sidebyside/SCREEN.mp4", "matterhorn-sidebyside/CAMERA.mp4",
        "opencast-eth-lecture/segment_0.mp4", "opencast-eth-lecture/av.mov").map(name ->
        DynamicTest.dynamicTest(name, () -> {
          java.util.List<String> problems = matrix.checkRealClip(root.resolve(name),
              dir.resolve("real-" + name.replace('/', '-')));
          assertTrue(problems.isEmpty(), name + ": " + problems);
        }));
  }
}
