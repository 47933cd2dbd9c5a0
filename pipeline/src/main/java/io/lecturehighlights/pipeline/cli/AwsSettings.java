package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.pipeline.LectureHighlightsOptions;
import io.lecturehighlights.transforms.common.PathStyleS3ClientBuilderFactory;
import java.net.URI;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * How the job reaches S3 (and SQS for {@code lhx stream}), and {@code lhx enqueue} both: AWS itself with the default
 * credential chain, or an S3-compatible server (S3Proxy, MinIO) with an endpoint, path-style addressing and static
 * keys for local use. The job gets Beam options ({@link #applyTo}); {@code lhx enqueue}, which calls S3 and SQS
 * itself, gets SDK clients built from the same settings ({@link #s3Client}, {@link #sqsClient}).
 */
final class AwsSettings {
  enum Credentials { DEFAULT, STATIC }

  @Option(names = "--aws-region", description = "AWS region (default: $AWS_REGION, else us-east-1).")
  String region;

  @Option(names = "--s3-endpoint", description = "S3 endpoint of an S3-compatible server, e.g. http://localhost:9000 "
      + "(default: AWS's for the region).")
  URI s3Endpoint;

  @Option(names = "--s3-path-style", negatable = true, fallbackValue = "true",
      description = "Path-style S3 addresses (http://host/bucket/key). Default: on with --s3-endpoint, off for AWS.")
  Boolean pathStyle;

  @Option(names = "--aws-credentials", defaultValue = "default", converter = CredentialsConverter.class,
      description = "default (the AWS default provider chain: environment, profile, instance or pod role) or static "
          + "(keys from --aws-access-key-env / --aws-secret-key-env; for local servers: static keys travel in the "
          + "job's options). Default: ${DEFAULT-VALUE}.")
  Credentials credentials;

  @Option(names = "--aws-access-key-env", defaultValue = "AWS_ACCESS_KEY_ID",
      description = "Environment variable with the access key, for --aws-credentials static (default: ${DEFAULT-VALUE}).")
  String accessKeyEnv;

  @Option(names = "--aws-secret-key-env", defaultValue = "AWS_SECRET_ACCESS_KEY",
      description = "Environment variable with the secret key, for --aws-credentials static (default: ${DEFAULT-VALUE}).")
  String secretKeyEnv;

  // Keys of local services lhx starts itself (lhx demo --stream); they win over --aws-credentials.
  private AwsCredentialsProvider localKeys;

  /**
   * Points the job and the clients at S3-compatible services lhx started itself ({@code lhx demo --stream}): their
   * endpoint, path-style addresses and fixed keys, which travel in the job's options as static keys do.
   */
  void useLocal(URI endpoint, String localRegion, String accessKey, String secretKey) {
    s3Endpoint = endpoint;
    region = localRegion;
    pathStyle = true;
    localKeys = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
  }

  /** The AWS option given on the command line, or null when all are at their defaults. */
  String givenOption() {
    return s3Endpoint != null ? "--s3-endpoint" : region != null ? "--aws-region" : pathStyle != null
        ? "--s3-path-style" : credentials == Credentials.STATIC ? "--aws-credentials" : null;
  }

  static final class CredentialsConverter implements picocli.CommandLine.ITypeConverter<Credentials> {
    @Override
    public Credentials convert(String value) {
      return Credentials.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Sets Beam's AWS options; throws IllegalArgumentException with a message for people when keys are missing. */
  void applyTo(LectureHighlightsOptions o) {
    o.setAwsRegion(region());
    if (s3Endpoint != null) {
      o.setEndpoint(s3Endpoint);
    }
    if (pathStyle()) {
      o.setS3ClientFactoryClass(PathStyleS3ClientBuilderFactory.class);
    }
    o.setAwsCredentialsProvider(credentialsProvider());
  }

  /** --aws-region, else $AWS_REGION, else us-east-1. */
  Region region() {
    String r = region != null ? region : System.getenv("AWS_REGION");
    return Region.of(r == null || r.isBlank() ? "us-east-1" : r);
  }

  private boolean pathStyle() {
    return pathStyle != null ? pathStyle : s3Endpoint != null;
  }

  /** The credentials the settings name; throws IllegalArgumentException when static keys are missing. */
  AwsCredentialsProvider credentialsProvider() {
    if (localKeys != null) {
      return localKeys;
    }
    if (credentials != Credentials.STATIC) {
      return DefaultCredentialsProvider.create();
    }
    String key = System.getenv(accessKeyEnv);
    String secret = System.getenv(secretKeyEnv);
    if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("--aws-credentials static needs the keys in $" + accessKeyEnv + " and $"
          + secretKeyEnv);
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
  }

  /** An S3 client for commands that call S3 themselves ({@code lhx enqueue}), with the job's endpoint and keys. */
  S3Client s3Client() {
    S3ClientBuilder b = S3Client.builder().region(region()).credentialsProvider(credentialsProvider())
        .forcePathStyle(pathStyle());
    return (s3Endpoint == null ? b : b.endpointOverride(s3Endpoint)).build();
  }

  /** Signs S3 links for {@code lhx serve} with the same endpoint, addressing and keys (signing calls nothing). */
  S3Presigner s3Presigner() {
    S3Presigner.Builder b = S3Presigner.builder().region(region()).credentialsProvider(credentialsProvider())
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle()).build());
    return (s3Endpoint == null ? b : b.endpointOverride(s3Endpoint)).build();
  }

  /** An SQS client; {@code endpoint}: an SQS-compatible server's (--sqs-endpoint), or null for AWS's. */
  SqsClient sqsClient(URI endpoint) {
    SqsClientBuilder b = SqsClient.builder().region(region()).credentialsProvider(credentialsProvider());
    return (endpoint == null ? b : b.endpointOverride(endpoint)).build();
  }
}
