package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.pipeline.serve.PresignedLinks;
import io.lecturehighlights.pipeline.serve.ServeApp;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves an output folder read-only over HTTP: a JSON API (/api/health, /api/jobs, /api/jobs/{jobId},",
      "/api/jobs/{jobId}/results, /api/search), the batch index and reports, a search page (/search) whose results",
      "open the lecture's video at the moment, clip pages, and the videos and clips with range requests.",
      "Listens on loopback unless --bind says otherwise. Runs until stopped (Ctrl-C). Exit 2 for unusable input."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = {"-o", "--output"}, defaultValue = "lhx-out/demo",
      description = "The output folder a batch wrote (default: ${DEFAULT-VALUE}); local folders only for now.")
  String output;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every interface).")
  String bind;

  @Option(names = "--token-env", paramLabel = "VAR",
      description = "Environment variable holding a bearer token that every request but /api/health must carry "
          + "(default: none, no token).")
  String tokenEnv;

  @Option(names = "--presign-expiry-minutes", defaultValue = "60",
      description = "How long the presigned S3 links of videos stored in S3 work (default: ${DEFAULT-VALUE}; "
          + "at most 10080, 7 days).")
  long presignExpiryMinutes;

  @Mixin AwsSettings aws = new AwsSettings();

  @Mixin EmbeddingSettings embedding = new EmbeddingSettings();

  @Override
  public Integer call() throws Exception {
    ServeApp.Settings settings;
    EmbeddingConfig models;
    try {
      settings = settings();
      models = embedding.config();
    } catch (IllegalArgumentException e) {
      System.err.println("lhx serve: " + e.getMessage());
      return 2;
    }
    ServeApp app;
    try {
      app = ServeApp.start(settings, models);
    } catch (IOException | RuntimeException e) {
      System.err.println("lhx serve: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
      return 2;
    }
    String host = bind.contains(":") ? "[" + bind + "]" : bind;
    System.out.println("Serving " + settings.output() + " on http://" + host + ":" + app.port() + "/ (search: /search, "
        + "API: /api/jobs, /api/search" + (settings.token() != null ? "; token required" : "") + "). Ctrl-C stops.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close();
      } catch (IOException e) {
        // stopping anyway
      }
      stopped.countDown();
    }, "lhx-serve-stop"));
    stopped.await();
    return 0;
  }

  /** The checked settings; IllegalArgumentException with a message for people for anything unusable. */
  ServeApp.Settings settings() {
    if (!LocalMediaFile.isLocal(output)) {
      throw new IllegalArgumentException(output + " is not a local folder: lhx serve reads local output folders only, "
          + "for now (copy the folder, e.g. aws s3 sync, or run the batch into a local one)");
    }
    Path out = Path.of(output.startsWith("file://") ? URI.create(output).getPath() : output).toAbsolutePath()
        .normalize();
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException("no output folder " + out + " (--output: the folder lhx batch wrote)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + bind + " is not an address of this machine");
    }
    String token = null;
    if (tokenEnv != null) {
      token = System.getenv(tokenEnv);
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("--token-env " + tokenEnv + ": the environment variable " + tokenEnv
            + " is not set or empty");
      }
      token = token.trim();
    }
    if (!address.isLoopbackAddress() && token == null) {
      System.err.println("lhx serve: warning: listening on " + bind + " without a token: anyone who can reach this "
          + "machine can read the output folder (--token-env VAR to require one)");
    }
    if (presignExpiryMinutes < 1 || presignExpiryMinutes > PresignedLinks.MAX_EXPIRY.toMinutes()) {
      throw new IllegalArgumentException("--presign-expiry-minutes must be between 1 and "
          + PresignedLinks.MAX_EXPIRY.toMinutes() + ", not " + presignExpiryMinutes);
    }
    PresignedLinks s3 = new PresignedLinks(aws.s3Presigner(), Duration.ofMinutes(presignExpiryMinutes));
    return new ServeApp.Settings(out, bind, port, token, s3);
  }
}
