package io.lecturehighlights.transforms.testing;

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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Real S3 (S3Proxy, filesystem blob store) and SQS (ElasticMQ) APIs on loopback, each in its own child JVM,
 * for tests. Their classpaths come from the {@code deploy/local-aws} module, which the build resolves before
 * this module ({@code target/s3proxy.classpath}, {@code target/elasticmq.classpath}); running them in our own
 * JVM would drag their newer AWS SDK and Jackson onto our classpath. Both use free ports, answer to fixed
 * credentials, and are stopped by {@link #close()} (and by a shutdown hook, should a test JVM exit early).
 */
public final class LocalAws implements AutoCloseable {
  public static final String ACCESS_KEY = "local-access-key";
  public static final String SECRET_KEY = "local-secret-key";
  public static final Region REGION = Region.US_EAST_1;
  /** The account id ElasticMQ puts in queue URLs. */
  public static final String ACCOUNT = "000000000000";

  private final Path dir;
  private final int s3Port;
  private final int sqsPort;
  private final List<Process> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "local-aws-stop");

  private LocalAws(Path dir, int s3Port, int sqsPort) {
    this.dir = dir;
    this.s3Port = s3Port;
    this.sqsPort = sqsPort;
  }

  /** Starts both services, with the given SQS queues declared, and waits until both answer HTTP. */
  public static LocalAws start(Path workDir, String... queues) throws IOException, InterruptedException {
    Path classpaths = Fixtures.projectRoot().resolve("deploy/local-aws/target");
    String s3proxyCp = readClasspath(classpaths.resolve("s3proxy.classpath"));
    String elasticmqCp = readClasspath(classpaths.resolve("elasticmq.classpath"));
    Path dir = Files.createDirectories(workDir.toAbsolutePath().normalize());
    LocalAws aws = new LocalAws(dir, freePort(), freePort());
    Runtime.getRuntime().addShutdownHook(aws.shutdownHook);
    try {
      // Both JVMs start at once; each takes a few seconds.
      aws.processes.add(aws.startS3Proxy(s3proxyCp));
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

  public List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** An SDK client for S3Proxy (path-style, as any S3-compatible server reached by address wants). */
  /**
   * Makes the local services' credentials the AWS default chain's for code that runs in this JVM (lhx run in-process,
   * an embedded Flink job): the chain reads these system properties first. Undo with {@link #clearDefaultCredentials}.
   */
  public static void useAsDefaultCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  public static void clearDefaultCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  public S3Client s3Client() {
    return S3Client.builder().endpointOverride(s3Endpoint()).region(REGION).credentialsProvider(credentials())
        .forcePathStyle(true).build();
  }

  public SqsClient sqsClient() {
    return SqsClient.builder().endpointOverride(sqsEndpoint()).region(REGION).credentialsProvider(credentials())
        .build();
  }

  private Process startS3Proxy(String classpath) throws IOException {
    Path blobs = Files.createDirectories(dir.resolve("s3proxy-data"));
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=" + s3Endpoint(),
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem",
        // jclouds wants an absolute path without '..' segments.
        "jclouds.filesystem.basedir=" + blobs,
        ""));
    return launch(List.of("-Xmx256m", "-cp", classpath, "org.gaul.s3proxy.Main", "--properties", props.toString()),
        dir.resolve("s3proxy.log"));
  }

  private Process startElasticMq(String classpath, String... queues) throws IOException {
    StringBuilder conf = new StringBuilder()
        .append("include classpath(\"application.conf\")\n")
        .append("node-address { protocol = http, host = \"127.0.0.1\", port = ").append(sqsPort)
        .append(", context-path = \"\" }\n")
        .append("rest-sqs { enabled = true, bind-port = ").append(sqsPort)
        .append(", bind-hostname = \"127.0.0.1\", sqs-limits = strict }\n")
        .append("rest-stats { enabled = false }\n")
        .append("aws { region = \"").append(REGION.id()).append("\", accountId = \"").append(ACCOUNT).append("\" }\n")
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
      throw new IOException(file + " is missing: build with -am (or run "
          + "`mvn -pl deploy/local-aws generate-resources`) so Maven resolves S3Proxy and ElasticMQ first");
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
