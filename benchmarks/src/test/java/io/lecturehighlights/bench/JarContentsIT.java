package io.lecturehighlights.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * After package (failsafe): the launcher's jar, benchmarks/target/lhx.jar, runs lhx with the benchmarks; the job jar
 * staged to clusters, pipeline/target/lhx-job.jar, has none of them.
 */
class JarContentsIT {
  private static final String BENCH = "io/lecturehighlights/bench/";
  private static final String SERVICE = "META-INF/services/io.lecturehighlights.pipeline.cli.LhxExtension";

  private static Path jar(String path) {
    Path jar = Fixtures.projectRoot().resolve(path);
    assertTrue(Files.isRegularFile(jar), jar + " is missing: build the whole project (mvn verify at the root)");
    return jar;
  }

  @Test
  void launcherJarHasTheCommandLineAndTheBenchmarks() throws IOException {
    try (JarFile jar = new JarFile(jar("benchmarks/target/lhx.jar").toFile())) {
      assertEquals("io.lecturehighlights.pipeline.cli.Lhx", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      assertTrue(jar.getEntry("io/lecturehighlights/pipeline/cli/Lhx.class") != null);
      assertTrue(jar.getEntry(BENCH + "BenchCommand.class") != null);
      assertTrue(jar.getEntry(BENCH + "ScalingBenchmark.class") != null);
      assertTrue(jar.getEntry("io/javalin/Javalin.class") != null, "lhx serve's Javalin is missing");
      ZipEntry service = jar.getEntry(SERVICE);
      assertTrue(service != null, SERVICE + " missing");
      try (InputStream in = jar.getInputStream(service)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains(BenchExtension.class.getName()), text);
      }
    }
  }

  @Test
  void jobJarHasNoBenchmarksNorLuceneButTheEmbeddingModel() throws IOException {
    try (JarFile jar = new JarFile(jar("pipeline/target/lhx-job.jar").toFile())) {
      assertTrue(jar.getEntry("io/lecturehighlights/pipeline/LectureHighlightsPipeline.class") != null);
      List<String> bench = jar.stream().map(ZipEntry::getName)
          .filter(n -> n.startsWith(BENCH) || n.equals(SERVICE)).toList();
      assertEquals(List.of(), bench);
      // Search's Lucene index runs in the driver only (issue #21) ...
      List<String> lucene = jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("org/apache/lucene/"))
          .limit(5).toList();
      assertEquals(List.of(), lucene);
      // ... but the job embeds topic chunks (EmbedTranscriptChunks): the model and its Linux x86-64 natives only.
      assertLinuxModelOnly(jar);
      // Nor lhx serve's web server (issue #21).
      List<String> serve = jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("io/javalin/")
          || n.startsWith("org/eclipse/jetty/") || n.startsWith("jakarta/servlet/")).limit(5).toList();
      assertEquals(List.of(), serve);
    }
  }

  private static void assertLinuxModelOnly(JarFile jar) {
    assertTrue(jar.getEntry("all-minilm-l6-v2-q.onnx") != null);
    assertTrue(jar.getEntry("ai/onnxruntime/native/linux-x64/libonnxruntime.so") != null);
    List<String> others = jar.stream().map(ZipEntry::getName)
        .filter(n -> (n.startsWith("ai/onnxruntime/native/") || n.startsWith("native/lib/"))
            && n.matches(".*\\.(so|dylib|dll|pdb|jnilib)$") && !n.contains("linux-x64") && !n.contains("linux-x86_64"))
        .limit(5).toList();
    assertEquals(List.of(), others);
  }

  @Test
  void launcherJarHasTheEmbeddingModelWithTheLinuxNativesOnly() throws IOException {
    try (JarFile jar = new JarFile(jar("benchmarks/target/lhx.jar").toFile())) {
      assertLinuxModelOnly(jar);
    }
  }
}
