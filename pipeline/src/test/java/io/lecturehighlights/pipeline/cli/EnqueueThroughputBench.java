package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.testing.LocalAws;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The throughput of {@code lhx enqueue} over a 10,000-object prefix in the local S3 (S3Proxy) to a local SQS queue
 * (ElasticMQ), both started as the tests start them: the figure in docs/operations.md. Not part of the test suite
 * (the name does not end in Test); run it with
 * {@code mvn -q -o -pl schemas,transforms,pipeline -am test -Dtest=EnqueueThroughputBench
 * -Dsurefire.failIfNoSpecifiedTests=false} (or {@code -Dlhx.bench.objects=N}).
 */
class EnqueueThroughputBench {
  private static final String QUEUE = "bench";

  @TempDir Path tmp;

  @Test
  void enqueueTenThousandListedObjects() throws Exception {
    int objects = Integer.getInteger("lhx.bench.objects", 10_000);
    try (LocalAws aws = LocalAws.start(tmp.resolve("aws"), QUEUE); S3Client s3 = aws.s3Client()) {
      s3.createBucket(b -> b.bucket("bench"));
      long fill = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < objects; i++) {
        String key = String.format("ws-2026/kurs-%03d/Vorlesung %05d – Übung.mp4", i % 100, i);
        puts.add(pool.submit(() -> s3.putObject(b -> b.bucket("bench").key(key), RequestBody.fromString(key))));
      }
      for (Future<?> f : puts) {
        f.get();
      }
      pool.shutdown();
      double fillSeconds = (System.nanoTime() - fill) / 1e9;

      LocalAws.useAsDefaultCredentials();
      long start = System.nanoTime();
      String[] r = LhxRun.run("enqueue", "--input", "s3://bench/ws-2026/", "--queue", aws.queueUrl(QUEUE),
          "--sqs-endpoint", aws.sqsEndpoint().toString(), "--s3-endpoint", aws.s3Endpoint().toString(),
          "--aws-region", "us-east-1");
      double seconds = (System.nanoTime() - start) / 1e9;
      LocalAws.clearDefaultCredentials();
      assertEquals("0", r[0], r[2]);
      String summary = String.join("; ", r[1].lines().filter(l -> l.startsWith("Sent ") || l.startsWith("Found "))
          .toList());
      String queued = aws.sqsClient().getQueueAttributes(b -> b.queueUrl(aws.queueUrl(QUEUE))
          .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().toString();
      assertTrue(queued.contains("ApproximateNumberOfMessages=" + objects), queued);
      System.out.printf("ENQUEUE-BENCH: %d objects (filled in %.1f s); lhx enqueue listed and sent them in %.2f s = "
          + "%.0f messages/s end to end; its own summary: %s; queue: %s%n", objects, fillSeconds, seconds,
          objects / seconds, summary, queued);
    }
  }
}
