package io.lecturehighlights.pipeline.serve;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * Links to media in S3: a presigned GET URL that the browser fetches from S3 itself (with its own range requests),
 * so the service never proxies video bytes, and needs no public bucket. Signing is local (no call to S3); the URL
 * works for {@code expiry}, then a page reload signs a new one.
 */
public final class PresignedLinks implements AutoCloseable {
  public static final Duration MAX_EXPIRY = Duration.ofDays(7);

  private final S3Presigner presigner;
  private final Duration expiry;

  /** {@code expiry}: 1 s to 7 days (SigV4's limit). */
  public PresignedLinks(S3Presigner presigner, Duration expiry) {
    if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(MAX_EXPIRY) > 0) {
      throw new IllegalArgumentException("the expiry of presigned links must be between 1 second and 7 days, not "
          + expiry);
    }
    this.presigner = presigner;
    this.expiry = expiry;
  }

  public Duration expiry() {
    return expiry;
  }

  /** A presigned GET URL of {@code s3://bucket/key}. */
  public URI get(String s3Uri) {
    String[] bk = bucketAndKey(s3Uri);
    GetObjectPresignRequest request = GetObjectPresignRequest.builder().signatureDuration(expiry)
        .getObjectRequest(GetObjectRequest.builder().bucket(bk[0]).key(bk[1]).build()).build();
    return URI.create(presigner.presignGetObject(request).url().toString());
  }

  /** Bucket and key of an {@code s3://bucket/key} URI (the key as written: S3 keys are not URL-encoded in it). */
  static String[] bucketAndKey(String s3Uri) {
    if (s3Uri == null || !s3Uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an s3:// location: " + s3Uri);
    }
    String rest = s3Uri.substring(5);
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("an s3:// location needs a bucket and a key: " + s3Uri);
    }
    return new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
  }

  @Override
  public void close() {
    presigner.close();
  }
}
