package io.lecturehighlights.transforms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Finds the project's testdata/ and the shared real media, from any module's working directory. */
public final class Fixtures {
  private Fixtures() {}

  public static Path projectRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("testdata/manifest.jsonl"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the project root (testdata/manifest.jsonl) above "
        + Paths.get("").toAbsolutePath());
  }

  public static Path testdata() {
    return projectRoot().resolve("testdata");
  }

  public static Path lecture(String name) {
    return testdata().resolve("lectures").resolve(name);
  }

  public static Path malformed(String name) {
    return testdata().resolve("malformed").resolve(name);
  }

  /** Ground truth written by the fixture generator next to each lecture. */
  public static JsonNode truth(String lectureFile) throws IOException {
    String stem = lectureFile.substring(0, lectureFile.lastIndexOf('.'));
    return Json.MAPPER.readTree(lecture(stem + ".truth.json").toFile());
  }

  /** [start, end] pairs of a truth array such as "silences". */
  public static List<double[]> ranges(JsonNode array) {
    List<double[]> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(new double[] {n.get("start").asDouble(), n.get("end").asDouble()});
    }
    return out;
  }

  /** ../shared/testmedia beside the project; tests that need it are skipped, visibly, when it is absent. */
  public static Path sharedMedia() {
    Path p = projectRoot().resolveSibling("shared").resolve("testmedia");
    Assumptions.assumeTrue(Files.isDirectory(p), "skipped: real test media not found at " + p);
    return p;
  }
}
