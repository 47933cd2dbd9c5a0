package io.lecturehighlights.testdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the committed fixtures are: the module folder (surefire passes it as fixtures.dir). */
final class FixtureFiles {
    private FixtureFiles() {}

    static Path root() {
        return Path.of(System.getProperty("fixtures.dir", ".")).toAbsolutePath().normalize();
    }

    static Stream<Path> truthFiles() throws IOException {
        try (Stream<Path> s = Files.list(root().resolve("lectures"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".truth.json")).sorted().toList().stream();
        }
    }
}
