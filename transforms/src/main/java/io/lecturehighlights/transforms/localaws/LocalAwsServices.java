package io.lecturehighlights.transforms.localaws;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real S3 (S3Proxy, filesystem blob store) and SQS (ElasticMQ) APIs on loopback, each in its own child JVM: for
 * {@code lhx demo --stream} and the tests, one implementation of what {@code deploy/local-aws.sh} does by hand.
 *
 * <p>Their classpaths come from the {@code deploy/local-aws} module ({@code target/s3proxy.classpath},
 * {@code target/elasticmq.classpath}, written by the build that {@code ./lhx} runs); running them in our own JVM would
 * drag their newer AWS SDK and Jackson onto our classpath. Both use free ports and answer to fixed credentials.
 * {@link #close()} stops them; a shutdown hook does the same when the JVM ends early (Ctrl-C, a failing test), so no
 * service outlives the process that started it (only a SIGKILL of that process can leave them behind).
 */
public final class LocalAwsServices implements AutoCloseable {
  public static final String ACCESS_KEY = "local-access-key";
  public static final String SECRET_KEY = "local-secret-key";
  public static final String REGION = "us-east-1";
  /** The account id ElasticMQ puts in queue URLs. */
  public static final String ACCOUNT = "000000000000";

  /** The classpath files are not there: the build that resolves S3Proxy and ElasticMQ has not run. */
  public static final class NotBuilt extends IOException {
    NotBuilt(String message) {
      super(message);
    }
  }

  /** S3Proxy's blob store. */
  public enum Store {
    /** Objects as files under the work folder; keeps no versions (S3Proxy refuses PutBucketVersioning). */
    FILESYSTEM("filesystem"),
    /** Objects in S3Proxy's memory, gone when it stops; the one local store S3Proxy 4.1 keeps object versions in. */
    TRANSIENT("transient");

    private final String provider;

    Store(String provider) {
      this.provider = provider;
    }
  }

  private final Path dir;
  private final int s3Port;
  private final int sqsPort;
  private final List<Process> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "local-aws-stop");

  private LocalAwsServices(Path dir, int s3Port, int sqsPort) {
    this.dir = dir;
    this.s3Port = s3Port;
    this.sqsPort = sqsPort;
  }

  /** Where the {@code deploy/local-aws} module writes the classpaths, in a project checkout. */
  public static Path classpathDir(Path projectRoot) {
    return projectRoot.resolve("deploy/local-aws/target");
  }

  /**
   * Starts both services, with the given SQS queues declared, and waits until both answer HTTP.
   *
   * @param classpaths the folder with {@code s3proxy.classpath} and {@code elasticmq.classpath}
   * @param workDir configuration, logs ({@code s3proxy.log}, {@code elasticmq.log}) and S3Proxy's blobs
   * @throws NotBuilt when a classpath file is missing
   */
  public static LocalAwsServices start(Path classpaths, Path workDir, List<String> queues)
      throws IOException, InterruptedException {
    return start(classpaths, workDir, queues, Store.FILESYSTEM);
  }

  /** {@link #start(Path, Path, List)} with the given S3Proxy store. */
  public static LocalAwsServices start(Path classpaths, Path workDir, List<String> queues, Store store)
      throws IOException, InterruptedException {
    String s3proxyCp = readClasspath(classpaths.resolve("s3proxy.classpath"));
    String elasticmqCp = readClasspath(classpaths.resolve("elasticmq.classpath"));
    Path dir = Files.createDirectories(workDir.toAbsolutePath().normalize());
    LocalAwsServices aws = new LocalAwsServices(dir, freePort(), freePort());
    Runtime.getRuntime().addShutdownHook(aws.shutdownHook);
    try {
      // Both JVMs start at once; each takes a few seconds.
      aws.processes.add(aws.startS3Proxy(s3proxyCp, store));
      aws.processes.add(aws.startElasticMq(elasticmqCp, queues));
      aws.awaitHttp("S3Proxy", aws.processes.get(0), aws.s3Endpoint(), dir.resolve("s3proxy.log"));
      aws.awaitHttp("ElasticMQ", aws.processes.get(1), aws.sqsEndpoint(), dir.resolve("elasticmq.log"));
      return aws;
    } catch (IOException | InterruptedException | RuntimeException e) {
      aws.close();
      throw e;
    }
  }

  public URI s3Endpoint() {
    return URI.create("http://127.0.0.1:" + s3Port);
  }

  public URI sqsEndpoint() {
    return URI.create("http://127.0.0.1:" + sqsPort);
  }

  public String queueUrl(String queue) {
    return sqsEndpoint() + "/" + ACCOUNT + "/" + queue;
  }

  /** S3Proxy's and ElasticMQ's process ids, in that order. */
  public List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  /** The folder with the services' configuration, logs and blobs. */
  public Path dir() {
    return dir;
  }

  private Process startS3Proxy(String classpath, Store store) throws IOException {
    Path blobs = Files.createDirectories(dir.resolve("s3proxy-data"));
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=" + s3Endpoint(),
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=" + store.provider,
        // jclouds wants an absolute path without '..' segments.
        "jclouds.filesystem.basedir=" + blobs,
        ""));
    return launch(List.of("-Xmx256m", "-cp", classpath, "org.gaul.s3proxy.Main", "--properties", props.toString()),
        dir.resolve("s3proxy.log"));
  }

  private Process startElasticMq(String classpath, List<String> queues) throws IOException {
    StringBuilder conf = new StringBuilder()
        .append("include classpath(\"application.conf\")\n")
        .append("node-address { protocol = http, host = \"127.0.0.1\", port = ").append(sqsPort)
        .append(", context-path = \"\" }\n")
        .append("rest-sqs { enabled = true, bind-port = ").append(sqsPort)
        .append(", bind-hostname = \"127.0.0.1\", sqs-limits = strict }\n")
        .append("rest-stats { enabled = false }\n")
        .append("aws { region = \"").append(REGION).append("\", accountId = \"").append(ACCOUNT).append("\" }\n")
        .append("queues {\n");
    for (String q : queues) {
      conf.append("  \"").append(q).append("\" { defaultVisibilityTimeout = 30 seconds, receiveMessageWait = 0 seconds }\n");
    }
    conf.append("}\n");
    Path confFile = dir.resolve("elasticmq.conf");
    Files.writeString(confFile, conf);
    return launch(List.of("-Xmx256m", "-Dconfig.file=" + confFile, "-cp", classpath, "org.elasticmq.server.Main"),
        dir.resolve("elasticmq.log"));
  }

  private static Process launch(List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Any HTTP answer (even 403 or 404) means the server is up. */
  private void awaitHttp(String name, Process p, URI endpoint, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException(name + " (pid " + p.pid() + ") exited with " + p.exitValue() + ":\n" + tail(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) new URL(endpoint + "/").openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        c.getResponseCode();
        c.disconnect();
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException(name + " did not answer on " + endpoint + " within 60 s:\n" + tail(log));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String readClasspath(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NotBuilt(file + " is missing: S3Proxy and ElasticMQ have not been resolved. ./lhx builds them with "
          + "the project (delete benchmarks/target/lhx.jar to force a build), or run "
          + "`mvn -pl deploy/local-aws generate-resources`; tests: build with -am");
    }
    return Files.readString(file).trim();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void stopAll() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops both services and waits until their processes have ended. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run; nothing to remove.
    }
  }
}
