package io.github.noisecal.calibration;

import java.util.Objects;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A binomial rate with its confidence interval.
 *
 * @param successes       events counted, in [0, trials]
 * @param trials          samples, at least 1
 * @param confidenceLevel in (0, 1)
 * @param method          how the interval was computed
 * @param lower           lower bound, in [0, rate]
 * @param upper           upper bound, in [rate, 1]
 */
public record RateEstimate(long successes, long trials, double confidenceLevel, IntervalMethod method,
                           double lower, double upper) {

    public RateEstimate {
        validate(successes, trials, confidenceLevel);
        Objects.requireNonNull(method, "method");
    }

    /** The Wilson score interval. */
    public static RateEstimate wilson(long successes, long trials, double confidenceLevel) {
        return of(successes, trials, confidenceLevel, IntervalMethod.WILSON);
    }

    public static RateEstimate of(long successes, long trials, double confidenceLevel, IntervalMethod method) {
        validate(successes, trials, confidenceLevel);
        Objects.requireNonNull(method, "method");
        return switch (method) {
            case WILSON -> wilsonInterval(successes, trials, confidenceLevel);
            default -> throw new IllegalArgumentException("interval method " + method + " is not available yet");
        };
    }

    public double rate() {
        return (double) successes / trials;
    }

    private static RateEstimate wilsonInterval(long successes, long trials, double confidenceLevel) {
        double z = new NormalDistribution().inverseCumulativeProbability(0.5 + confidenceLevel / 2);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double lower = successes == 0 ? 0 : Math.max(0, centre - half);
        double upper = successes == trials ? 1 : Math.min(1, centre + half);
        return new RateEstimate(successes, trials, confidenceLevel, IntervalMethod.WILSON, lower, upper);
    }

    private static void validate(long successes, long trials, double confidenceLevel) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be at least 1, got " + trials);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("successes must lie in [0, trials=" + trials + "], got " + successes);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must lie in (0, 1), got " + confidenceLevel);
        }
    }
}
