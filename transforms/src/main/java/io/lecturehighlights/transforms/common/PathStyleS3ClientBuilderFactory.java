package io.lecturehighlights.transforms.common;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client, made to work with S3-compatible servers (S3Proxy, MinIO, on-premises stores) as well as AWS.
 * Everything else (endpoint, region, credentials, HTTP settings) comes from the options as usual. Select it with
 * {@code --s3ClientFactoryClass=io.lecturehighlights.transforms.common.PathStyleS3ClientBuilderFactory}.
 *
 * <ul>
 *   <li>Path-style addressing ({@code http://host/bucket/key}): Beam 2.70 has no option for it, and servers
 *       reached by host name do not serve virtual-host addresses like {@code bucket.localhost}.
 *   <li>No {@code x-amz-server-side-encryption-bucket-key-enabled: false}: Beam's writer always sends it (its
 *       option is a primitive boolean), and servers without encryption support refuse every upload that
 *       carries it (S3Proxy: 501). Leaving it out means "the bucket's default", which AWS applies anyway unless
 *       a bucket enables bucket keys; a {@code true} from {@code --bucketKeyEnabled} is still sent.
 * </ul>
 */
public class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {
  static final String BUCKET_KEY_HEADER = "x-amz-server-side-encryption-bucket-key-enabled";

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    S3ClientBuilder builder = new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
    // Add to, not replace, whatever override configuration (retries, timeouts) Beam set up.
    ClientOverrideConfiguration existing = builder.overrideConfiguration();
    ClientOverrideConfiguration.Builder override =
        existing == null ? ClientOverrideConfiguration.builder() : existing.toBuilder();
    return builder.overrideConfiguration(override.addExecutionInterceptor(new DropDefaultBucketKeyHeader()).build());
  }

  static final class DropDefaultBucketKeyHeader implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      SdkHttpRequest request = context.httpRequest();
      return request.firstMatchingHeader(BUCKET_KEY_HEADER).filter("false"::equalsIgnoreCase).isPresent()
          ? request.toBuilder().removeHeader(BUCKET_KEY_HEADER).build()
          : request;
    }
  }
}
