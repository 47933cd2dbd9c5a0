package io.lecturehighlights.transforms.common;

import org.apache.beam.sdk.util.BackOff;
import org.apache.beam.sdk.util.BackOffUtils;
import org.apache.beam.sdk.util.FluentBackoff;
import org.apache.beam.sdk.util.Sleeper;
import org.joda.time.Duration;

/**
 * Runs a stage's work and retries it with exponential backoff and jitter while it fails with a retryable
 * {@link StageException}. Permanent failures are rethrown at once.
 */
public final class Retry {
  /** Work that may fail with a {@link StageException}. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws StageException;
  }

  /** The outcome and how many attempts it took. */
  public static final class Outcome<T> {
    public final T value;
    public final int attempts;

    Outcome(T value, int attempts) {
      this.value = value;
      this.attempts = attempts;
    }
  }

  /** Thrown when all attempts failed; carries the last failure and the attempt count. */
  public static final class Exhausted extends Exception {
    public final StageException last;
    public final int attempts;

    Exhausted(StageException last, int attempts) {
      super(last.getMessage(), last);
      this.last = last;
      this.attempts = attempts;
    }
  }

  private final FluentBackoff backoff;
  private final Sleeper sleeper;

  public Retry(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
    this(maxRetries, initialBackoff, maxBackoff, Sleeper.DEFAULT);
  }

  Retry(int maxRetries, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper) {
    this.backoff =
        FluentBackoff.DEFAULT
            .withMaxRetries(maxRetries)
            .withInitialBackoff(initialBackoff)
            .withMaxBackoff(maxBackoff);
    this.sleeper = sleeper;
  }

  public static Retry defaults() {
    return new Retry(3, Duration.millis(500), Duration.standardSeconds(10));
  }

  public <T> Outcome<T> call(Work<T> work) throws Exhausted {
    BackOff b = backoff.backoff();
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        return new Outcome<>(work.run(), attempts);
      } catch (StageException e) {
        if (!e.retryable()) {
          throw new Exhausted(e, attempts);
        }
        try {
          if (!BackOffUtils.next(sleeper, b)) {
            throw new Exhausted(e, attempts);
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new Exhausted(e, attempts);
        }
      }
    }
  }
}
