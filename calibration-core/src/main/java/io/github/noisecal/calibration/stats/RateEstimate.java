package io.github.noisecal.calibration.stats;

import java.util.Objects;

/**
 * A binomial rate with its confidence interval.
 *
 * <p>Counts are {@code long} so that runs beyond {@code Integer.MAX_VALUE} trials work; the arithmetic is exact for
 * counts up to 2^53. Bounds satisfy {@code 0 <= lower <= rate() <= upper <= 1}; the behaviour at 0 and
 * {@code trials} successes is documented per {@link IntervalMethod}.
 *
 * @param successes       events counted, in [0, trials]
 * @param trials          samples, at least 1
 * @param confidenceLevel in (0, 1)
 * @param method          how the interval was computed; for a rate over a population of proofs from runs that
 *                        repeat modules ({@link ClusteredRate}), the method applied to effective counts
 * @param lower           lower bound, in [0, rate]
 * @param upper           upper bound, in [rate, 1]
 */
public record RateEstimate(long successes, long trials, double confidenceLevel, IntervalMethod method,
                           double lower, double upper) {

    public RateEstimate {
        validate(successes, trials, confidenceLevel);
        Objects.requireNonNull(method, "method");
        double rate = (double) successes / trials;
        if (!(lower >= 0 && lower <= rate)) {
            throw new IllegalArgumentException("lower must lie in [0, rate=" + rate + "], got " + lower);
        }
        if (!(upper >= rate && upper <= 1)) {
            throw new IllegalArgumentException("upper must lie in [rate=" + rate + ", 1], got " + upper);
        }
    }

    /** The Wilson score interval; see {@link IntervalMethod#WILSON}. */
    public static RateEstimate wilson(long successes, long trials, double confidenceLevel) {
        return of(successes, trials, confidenceLevel, IntervalMethod.WILSON);
    }

    /**
     * The interval of the given method for {@code successes} out of {@code trials}.
     *
     * @throws IllegalArgumentException if {@code trials < 1}, {@code successes} is outside [0, trials], or
     *                                  {@code confidenceLevel} is not in (0, 1) (NaN included)
     * @throws NullPointerException     if {@code method} is null
     */
    public static RateEstimate of(long successes, long trials, double confidenceLevel, IntervalMethod method) {
        validate(successes, trials, confidenceLevel);
        Objects.requireNonNull(method, "method");
        double[] bounds = bounds(successes, trials, confidenceLevel, method);
        double lower = bounds[0];
        double upper = bounds[1];
        return new RateEstimate(successes, trials, confidenceLevel, method, lower, upper);
    }

    /**
     * The method's {@code [lower, upper]} for {@code successes} of {@code trials}, which may be fractional: the
     * effective counts of a module-clustered interval. Whole counts give exactly the bounds of {@link #of}.
     */
    static double[] bounds(double successes, double trials, double confidenceLevel, IntervalMethod method) {
        double failures = trials - successes;
        double lower;
        double upper;
        if (successes <= failures) {
            lower = method.lowerForMinority(successes, trials, confidenceLevel);
            upper = method.upperForMinority(successes, trials, confidenceLevel);
        } else {
            // Reflect the interval of the failure rate: symmetry holds by construction and the numerics always
            // work on the rate that is at most 1/2, where they are most precise.
            lower = 1 - method.upperForMinority(failures, trials, confidenceLevel);
            upper = 1 - method.lowerForMinority(failures, trials, confidenceLevel);
        }
        double rate = successes / trials;
        // Clip to [0, 1] (Agresti-Coull by definition, the others against rounding) and make sure the interval
        // contains the rate (rounding, and Jeffreys below the 0.5 level).
        lower = Math.min(Math.max(lower, 0), rate);
        upper = Math.max(Math.min(upper, 1), rate);
        return new double[] {lower, upper};
    }

    /** The point estimate {@code successes / trials}. */
    public double rate() {
        return (double) successes / trials;
    }

    /** Half the interval's width, {@code (upper - lower) / 2}: the precision a sampling plan aims at. */
    public double halfWidth() {
        return (upper - lower) / 2;
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
