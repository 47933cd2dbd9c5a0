package io.lecturehighlights.bench;

import io.lecturehighlights.pipeline.cli.LhxEnvironment;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What the media benchmarks time: a given file, or a long 720p lecture built from the fixtures (cached in the work
 * folder), plus where the project's testdata and the shared real media are.
 */
final class BenchLecture {
  @Option(names = "--input", description = "Media file to time (default: a lecture built from the fixtures).")
  Path input;

  @Option(names = "--minutes", defaultValue = "10", description = "Length of the built lecture (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(names = "--testdata", description = "The project's testdata folder (default: found from here or the jar).")
  Path testdata;

  @Option(names = "--work-dir", description = "Where built media is cached (default: $LHX_HOME or ~/.lecture-highlights).")
  Path workDir;

  Path testdata() {
    return testdata != null ? testdata : LhxEnvironment.findTestdata();
  }

  Path workDir() {
    return LhxEnvironment.workDir(workDir);
  }

  /** ../shared/testmedia beside the project, or null when no testdata folder is known. */
  Path sharedMedia() {
    Path td = testdata();
    return td == null ? null : td.toAbsolutePath().getParent().resolveSibling("shared").resolve("testmedia");
  }

  boolean builtFromFixtures() {
    return input == null;
  }

  /** --input, or the long lecture built from testdata/lectures/lecture-clean.mp4; null with a message if neither. */
  Path lecture(String command) throws Exception {
    if (input != null) {
      return input;
    }
    Path td = testdata();
    if (td == null) {
      System.err.println("lhx bench " + command + ": no --input and no testdata folder found");
      return null;
    }
    return SilenceBenchmark.longLecture(td.resolve("lectures/lecture-clean.mp4"), workDir(), minutes);
  }
}
