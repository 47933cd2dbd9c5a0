package io.lecturehighlights.transforms.transcription;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts of a remote request: exponential backoff with full jitter in [d/2, d], capped, and a
 * server's {@code Retry-After} honoured as a lower bound (never waiting less than the server asked).
 */
final class ApiRetryPolicy {
  final int maxRetries;
  private final long initialMillis;
  private final long maxMillis;

  ApiRetryPolicy(int maxRetries, long initialMillis, long maxMillis) {
    this.maxRetries = maxRetries;
    this.initialMillis = Math.max(1, initialMillis);
    this.maxMillis = Math.max(this.initialMillis, maxMillis);
  }

  /** Delay before retry number {@code retry} (1-based); {@code retryAfterMillis} < 0 when the server gave none. */
  long delayMillis(int retry, long retryAfterMillis) {
    double exp = initialMillis * Math.pow(2, Math.min(30, retry - 1));
    long capped = (long) Math.min(maxMillis, exp);
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return retryAfterMillis >= 0 ? Math.max(retryAfterMillis, jittered) : jittered;
  }

  /** Parses {@code Retry-After} (seconds, possibly fractional) or {@code retry-after-ms}; -1 when absent or bad. */
  static long parseRetryAfter(java.util.List<String> retryAfter, java.util.List<String> retryAfterMs) {
    try {
      if (!retryAfterMs.isEmpty()) {
        return Math.max(0, Math.round(Double.parseDouble(retryAfterMs.get(0).trim())));
      }
      if (!retryAfter.isEmpty()) {
        return Math.max(0, Math.round(Double.parseDouble(retryAfter.get(0).trim()) * 1000));
      }
    } catch (NumberFormatException e) {
      // An HTTP date: rare for this API; fall back to our own backoff.
    }
    return -1;
  }
}
