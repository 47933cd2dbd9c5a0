package io.lecturehighlights.pipeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares the configuration of the embedded Flink cluster: the template in {@code flink-conf/embedded/}
 * (packaged in the jar) with the dashboard port, slot count and work folder filled in.
 */
final class EmbeddedFlink {
  static final String TEMPLATE = "flink-conf/embedded/flink-conf.yaml";

  private EmbeddedFlink() {}

  /** Writes the filled-in configuration to {@code <workDir>/flink/conf} and returns that folder. */
  static Path writeConfig(Path workDir, int port, int parallelism) throws IOException {
    String template;
    try (InputStream in = EmbeddedFlink.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IOException("missing resource " + TEMPLATE);
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String conf = template
        .replace("${rest.port}", Integer.toString(port))
        .replace("${work.dir}", workDir.toAbsolutePath().toString())
        .replace("${slots}", Integer.toString(parallelism))
        .replace("${parallelism}", Integer.toString(parallelism));
    Path dir = workDir.resolve("flink/conf");
    Files.createDirectories(dir);
    for (String sub : new String[] {"flink/web-upload", "flink/web-tmp", "flink/tmp"}) {
      Files.createDirectories(workDir.resolve(sub));
    }
    Files.writeString(dir.resolve("flink-conf.yaml"), conf);
    return dir;
  }

  /**
   * The preferred port if it is free, else the next free one above it (up to 20 tries), else (or for 0) a free
   * port the system picks: the caller always knows the port, e.g. to drain a streaming job over REST.
   */
  static int freePort(int preferred) {
    if (preferred != 0) {
      for (int p = preferred; p < preferred + 20; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
          return p;
        } catch (IOException busy) {
          // try the next one
        }
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      return 0;
    }
  }
}
