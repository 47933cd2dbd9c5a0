package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned GET links (signed locally; S3BatchIT fetches one from S3Proxy). */
class PresignedLinksTest {
  private static S3Presigner presigner(boolean pathStyle) {
    return S3Presigner.builder().region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
        .endpointOverride(pathStyle ? URI.create("http://127.0.0.1:9000") : null).build();
  }

  @Test
  void signsAGetOfTheKeyForTheExpiry() {
    try (PresignedLinks links = new PresignedLinks(presigner(true), Duration.ofMinutes(15))) {
      URI u = links.get("s3://lectures/fall 2026/l01.mp4");
      assertEquals("127.0.0.1", u.getHost());
      assertEquals("/lectures/fall%202026/l01.mp4", u.getRawPath());
      String q = u.getRawQuery();
      // The SDK counts the expiry from its own clock reading: a second may have passed.
      assertTrue(q.matches(".*X-Amz-Expires=(900|899)(&.*|$)"), q);
      assertTrue(q.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256"), q);
      assertTrue(q.contains("X-Amz-Credential=AKIDEXAMPLE%2F"), q);
      assertTrue(q.matches(".*X-Amz-Signature=[0-9a-f]{64}.*"), q);
      assertTrue(!q.contains("secret"), "the secret key is never in a link");
    }
  }

  @Test
  void bucketAndKeyAndTheExpiryLimits() {
    assertArrayEquals(new String[] {"b", "a/b c.mp4"}, PresignedLinks.bucketAndKey("s3://b/a/b c.mp4"));
    assertThrows(IllegalArgumentException.class, () -> PresignedLinks.bucketAndKey("s3://bucket-only/"));
    assertThrows(IllegalArgumentException.class, () -> PresignedLinks.bucketAndKey("/local/file.mp4"));
    assertThrows(IllegalArgumentException.class, () -> new PresignedLinks(presigner(false), Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new PresignedLinks(presigner(false), Duration.ofDays(8)));
    try (PresignedLinks week = new PresignedLinks(presigner(false), Duration.ofDays(7))) {
      URI u = week.get("s3://lectures/l01.mp4");
      assertEquals("lectures.s3.eu-west-1.amazonaws.com", u.getHost());
      assertTrue(u.getRawQuery().matches(".*X-Amz-Expires=(604800|604799)(&.*|$)"), u::toString);
    }
  }
}
