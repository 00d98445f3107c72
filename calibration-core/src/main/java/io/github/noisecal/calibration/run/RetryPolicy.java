package io.github.noisecal.calibration.run;

import io.github.noisecal.calibration.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * How often a verifier run is tried again after a transient harness error
 * ({@link io.github.noisecal.telemetry.VerifierHarnessException#isRetryable()}), and how long to wait first: the
 * first retry waits {@code firstBackoff}, each later one twice as long, never more than {@code maxBackoff}. A run
 * that still fails stops the calibration; an environment error stops it at once.
 *
 * @param maxRetries   retries per run, at least 0
 * @param firstBackoff the wait before the first retry
 * @param maxBackoff   the longest wait
 */
public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxBackoff) {
    /** Three retries after 1, 2 and 4 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30));
    /** No retries: the first harness error stops the run. */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRetries < 0 || maxRetries > 100) {
            throw new InvalidInputException("retries must lie in [0, 100], got " + maxRetries);
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new InvalidInputException("retry backoff must be non-negative and at most " + maxBackoff
                    + ", got " + firstBackoff);
        }
    }

    /** The wait before retry number {@code retry} (from 1). */
    public Duration backoff(int retry) {
        Duration wait = firstBackoff;
        for (int i = 1; i < retry && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
