package io.lecturehighlights.transforms.testing;

import io.lecturehighlights.transforms.localaws.LocalAwsServices;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link LocalAwsServices} (S3Proxy and ElasticMQ in child JVMs, the same launcher {@code lhx demo --stream} uses)
 * for tests, with the project's classpaths and SDK clients that reach them.
 */
public final class LocalAws implements AutoCloseable {
  public static final String ACCESS_KEY = LocalAwsServices.ACCESS_KEY;
  public static final String SECRET_KEY = LocalAwsServices.SECRET_KEY;
  public static final Region REGION = Region.of(LocalAwsServices.REGION);
  /** The account id ElasticMQ puts in queue URLs. */
  public static final String ACCOUNT = LocalAwsServices.ACCOUNT;

  private final LocalAwsServices services;

  private LocalAws(LocalAwsServices services) {
    this.services = services;
  }

  /** Starts both services, with the given SQS queues declared, and waits until both answer HTTP. */
  public static LocalAws start(Path workDir, String... queues) throws IOException, InterruptedException {
    return new LocalAws(LocalAwsServices.start(LocalAwsServices.classpathDir(Fixtures.projectRoot()), workDir,
        List.of(queues)));
  }

  /** {@link #start} with S3Proxy's in-memory store, which keeps object versions (PutBucketVersioning works). */
  public static LocalAws startVersioning(Path workDir, String... queues) throws IOException, InterruptedException {
    return new LocalAws(LocalAwsServices.start(LocalAwsServices.classpathDir(Fixtures.projectRoot()), workDir,
        List.of(queues), LocalAwsServices.Store.TRANSIENT));
  }

  public URI s3Endpoint() {
    return services.s3Endpoint();
  }

  public URI sqsEndpoint() {
    return services.sqsEndpoint();
  }

  public String queueUrl(String queue) {
    return services.queueUrl(queue);
  }

  public List<Long> pids() {
    return services.pids();
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

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

  /** An SDK client for S3Proxy (path-style, as any S3-compatible server reached by address wants). */
  public S3Client s3Client() {
    return S3Client.builder().endpointOverride(s3Endpoint()).region(REGION).credentialsProvider(credentials())
        .forcePathStyle(true).build();
  }

  public SqsClient sqsClient() {
    return SqsClient.builder().endpointOverride(sqsEndpoint()).region(REGION).credentialsProvider(credentials())
        .build();
  }

  @Override
  public void close() {
    services.close();
  }
}
