package io.lecturehighlights.transforms.localaws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when the build that resolves S3Proxy and ElasticMQ has not run (the services start in the ITs). */
class LocalAwsServicesTest {
  @TempDir Path tmp;

  @Test
  void missingClasspathsSayHowToGetThemAndStartNothing() throws Exception {
    Path classpaths = Files.createDirectories(tmp.resolve("target"));
    Files.writeString(classpaths.resolve("elasticmq.classpath"), "/nowhere/elasticmq.jar");
    LocalAwsServices.NotBuilt e = assertThrows(LocalAwsServices.NotBuilt.class,
        () -> LocalAwsServices.start(classpaths, tmp.resolve("aws"), List.of("q")));
    assertTrue(e.getMessage().contains(classpaths.resolve("s3proxy.classpath") + " is missing"), e.getMessage());
    assertTrue(e.getMessage().contains("./lhx") && e.getMessage().contains("generate-resources"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("aws")), "nothing is written before both classpaths are there");
  }
}
