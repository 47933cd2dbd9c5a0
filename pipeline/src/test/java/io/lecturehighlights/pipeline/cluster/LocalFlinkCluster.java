package io.lecturehighlights.pipeline.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real local Flink session cluster for tests, started and stopped through deploy/flink-cluster.sh on free ports
 * and in its own work folder, so it never meets a cluster or an embedded run someone else has on 8081. close() stops
 * it by PID even when the script fails, and only the PIDs this cluster's PID files name.
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private final Path root;
  private final Path dir;
  private final int restPort;
  private final int rpcPort;
  private final int prometheusPort;
  private final Map<String, String> settings;

  private LocalFlinkCluster(Path root, Path dir, int restPort, int rpcPort, int prometheusPort,
      Map<String, String> settings) {
    this.root = root;
    this.dir = dir;
    this.restPort = restPort;
    this.rpcPort = rpcPort;
    this.prometheusPort = prometheusPort;
    this.settings = Map.copyOf(settings);
  }

  /** Starts a JobManager and {@code taskManagers} TaskManagers; returns once their slots are registered. */
  public static LocalFlinkCluster start(Path projectRoot, Path dir, int taskManagers) throws IOException {
    return start(projectRoot, dir, taskManagers, Map.of());
  }

  /**
   * As {@link #start(Path, Path, int)}, with more of the script's settings (environment variables such as
   * LHX_FLINK_HEARTBEAT_TIMEOUT or LHX_FLINK_SLOTS), used by every later script call too. Room is left on the
   * Prometheus port range for one TaskManager more than started (a replacement gets the next number).
   */
  public static LocalFlinkCluster start(Path projectRoot, Path dir, int taskManagers, Map<String, String> settings)
      throws IOException {
    int prometheus = freeRange(taskManagers + 2);
    LocalFlinkCluster c = new LocalFlinkCluster(projectRoot, dir, freePort(), freePort(), prometheus, settings);
    try {
      c.script(300, "start", "--taskmanagers", Integer.toString(taskManagers));
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** host:port of the REST endpoint, for --flink-master. */
  public String master() {
    return "localhost:" + restPort;
  }

  public String restUrl() {
    return "http://localhost:" + restPort;
  }

  /** Prometheus endpoint of TaskManager n (1-based); the JobManager's is n = 0. */
  public String prometheusUrl(int n) {
    return "http://localhost:" + (prometheusPort + n) + "/metrics";
  }

  public Path dir() {
    return dir;
  }

  /** PIDs of the TaskManagers still running, from their PID files. */
  public List<Long> taskManagerPids() throws IOException {
    List<Long> pids = new ArrayList<>();
    Path pidDir = dir.resolve("pids");
    if (!Files.isDirectory(pidDir)) {
      return pids;
    }
    try (Stream<Path> files = Files.list(pidDir)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith("taskmanager-"))::iterator) {
        long pid = Long.parseLong(Files.readString(f).trim());
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          pids.add(pid);
        }
      }
    }
    return pids;
  }

  /** Runs deploy/flink-cluster.sh with this cluster's settings; its output goes to script.log in the work folder. */
  public String script(int timeoutSeconds, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("deploy/flink-cluster.sh").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.putAll(settings);
    env.put("LHX_FLINK_DIR", dir.toString());
    env.put("LHX_FLINK_REST_PORT", Integer.toString(restPort));
    env.put("LHX_FLINK_RPC_PORT", Integer.toString(rpcPort));
    env.put("LHX_FLINK_PROMETHEUS_PORT", Integer.toString(prometheusPort));
    Files.createDirectories(dir);
    Path log = dir.resolve("script.log");
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("flink-cluster.sh " + String.join(" ", args) + " did not finish in " + timeoutSeconds
            + " s; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
    String out = Files.readString(log);
    if (p.exitValue() != 0) {
      throw new IOException("flink-cluster.sh " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + out);
    }
    return out;
  }

  @Override
  public void close() {
    try {
      script(120, "stop");
    } catch (IOException | RuntimeException e) {
      System.err.println("flink-cluster.sh stop failed: " + e.getMessage());
    }
    // Whatever the script left: kill by PID, ours only.
    Path pidDir = dir.resolve("pids");
    if (Files.isDirectory(pidDir)) {
      try (Stream<Path> files = Files.list(pidDir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          try {
            long pid = Long.parseLong(Files.readString(f).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          } catch (IOException | NumberFormatException ignored) {
            // a half-written PID file: nothing was started under it
          }
        }
      } catch (IOException ignored) {
        // the folder is gone
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The first of n consecutive free ports (the script gives the JobManager and each TaskManager one). */
  private static int freeRange(int n) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = freePort();
      if (first + n > 65535) {
        continue;
      }
      boolean ok = true;
      for (int p = first + 1; p < first + n && ok; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException busy) {
          ok = false;
        }
      }
      if (ok) {
        return first;
      }
    }
    throw new IOException("no " + n + " consecutive free ports found");
  }
}
