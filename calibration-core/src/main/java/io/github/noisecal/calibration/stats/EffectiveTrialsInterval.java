package io.github.noisecal.calibration.stats;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Confidence bounds for a rate whose data are worth a varying number of independent trials: the set of every
 * {@code p0} that lies inside the interval method's bounds for {@code estimate · n(p0)} successes of {@code n(p0)}
 * trials, where {@code n(p0)} is the effective number of trials if {@code p0} were the truth.
 *
 * <p>Judging each candidate bound by the precision the data would have under it is the score principle (Wilson's
 * interval judges each p by the binomial variance {@code p(1-p)}, not by {@code p̂(1-p̂)}): a clustered sample with
 * few events cannot make its own design effect look small at the rates it has to rule out. With {@code n(p0)}
 * constant the bounds are exactly the method's for those effective counts.
 *
 * <p>The bounds are found by bisection, on the side of the estimate at most 1/2 and reflected for the other, so
 * {@code lower(x) = 1 - upper(1 - x)} holds by construction.
 */
final class EffectiveTrialsInterval {
    private static final int MAX_HALVINGS = 2_000;

    private EffectiveTrialsInterval() {
    }

    /**
     * {@code [lower, upper]} around {@code estimate}, in [0, 1] and containing it.
     *
     * @param trials the effective number of trials at each candidate rate (on the scale of {@code estimate}); positive
     */
    static double[] bounds(double estimate, DoubleUnaryOperator trials, double level, IntervalMethod method) {
        if (estimate > 0.5) {
            double[] reflected = minoritySide(1 - estimate, q -> trials.applyAsDouble(1 - q), level, method);
            return new double[] {1 - reflected[1], 1 - reflected[0]};
        }
        return minoritySide(estimate, trials, level, method);
    }

    private static double[] minoritySide(double estimate, DoubleUnaryOperator trials, double level,
                                         IntervalMethod method) {
        double lower = lowerBound(estimate, trials, level, method, null);
        double upper = upperBound(estimate, trials, level, method, null);
        return new double[] {Math.min(lower, estimate), Math.max(upper, estimate)};
    }

    /**
     * Whether bound {@code upper ? 1 : 0} of {@link #bounds}, passed through the non-decreasing {@code outer}, is at
     * most {@code threshold}: the answer comparing the computed bound would give, found by the same bisection stopped
     * as soon as the bracket decides it. The bisection keeps its final value within its bracket, so once both ends
     * of the bracket, carried through to the bound, fall on the same side of the threshold, so does the final value.
     * Only the side asked about is computed. A search over many candidate rates (a budget's interval, run by run)
     * needs only these answers, mostly a few halvings from the start.
     */
    static boolean boundAtMost(double estimate, DoubleUnaryOperator trials, double level, IntervalMethod method,
                               boolean upper, DoubleUnaryOperator outer, double threshold) {
        if (estimate > 0.5) {
            // bounds() reflects the failure rate's interval: lower = 1 - max(its upper, e), upper = 1 - min(its lower, e).
            double e = 1 - estimate;
            DoubleUnaryOperator reflected = q -> trials.applyAsDouble(1 - q);
            return upper
                    ? sideAtMost(e, reflected, level, method, false, r -> outer.applyAsDouble(1 - Math.min(r, e)),
                    threshold)
                    : sideAtMost(e, reflected, level, method, true, r -> outer.applyAsDouble(1 - Math.max(r, e)),
                    threshold);
        }
        return upper
                ? sideAtMost(estimate, trials, level, method, true, r -> outer.applyAsDouble(Math.max(r, estimate)),
                threshold)
                : sideAtMost(estimate, trials, level, method, false, r -> outer.applyAsDouble(Math.min(r, estimate)),
                threshold);
    }

    /** Whether {@code bound} of minoritySide's upper or lower bound is at most {@code threshold}. */
    private static boolean sideAtMost(double estimate, DoubleUnaryOperator trials, double level, IntervalMethod method,
                                      boolean upperSide, DoubleUnaryOperator bound, double threshold) {
        BracketDecided decided = (lo, hi) -> (bound.applyAsDouble(lo) <= threshold)
                == (bound.applyAsDouble(hi) <= threshold);
        double result = upperSide ? upperBound(estimate, trials, level, method, decided)
                : lowerBound(estimate, trials, level, method, decided);
        return bound.applyAsDouble(result) <= threshold;
    }

    /** Whether every point of the bracket {@code [lo, hi]} gives the caller the same answer. */
    private interface BracketDecided {
        boolean test(double lo, double hi);
    }

    /**
     * minoritySide's lower bound: the bisection's final upper end, or, once {@code decided} (when not null) says
     * the bracket decides the caller's question, that end early.
     */
    private static double lowerBound(double estimate, DoubleUnaryOperator trials, double level, IntervalMethod method,
                                     BracketDecided decided) {
        if (!(estimate > 0 && lowerAt(0, estimate, trials, level, method) > 0)) {
            return 0;
        }
        // Invariant: p0 - lower(p0) < 0 at lo, >= 0 at hi (the estimate itself is inside its interval).
        double lo = 0;
        double hi = estimate;
        for (int i = 0; i < MAX_HALVINGS; i++) {
            if (decided != null && decided.test(lo, hi)) {
                return hi;
            }
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (mid >= lowerAt(mid, estimate, trials, level, method)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** minoritySide's upper bound: the bisection's final lower end, or that end early once {@code decided}. */
    private static double upperBound(double estimate, DoubleUnaryOperator trials, double level, IntervalMethod method,
                                     BracketDecided decided) {
        if (!(upperAt(1, estimate, trials, level, method) < 1)) {
            return 1;
        }
        // Invariant: upper(p0) - p0 >= 0 at lo, < 0 at hi.
        double lo = estimate;
        double hi = 1;
        for (int i = 0; i < MAX_HALVINGS; i++) {
            if (decided != null && decided.test(lo, hi)) {
                return lo;
            }
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (upperAt(mid, estimate, trials, level, method) >= mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double lowerAt(double p0, double estimate, DoubleUnaryOperator trials, double level,
                                  IntervalMethod method) {
        double n = trials.applyAsDouble(p0);
        return RateEstimate.bounds(estimate * n, n, level, method)[0];
    }

    private static double upperAt(double p0, double estimate, DoubleUnaryOperator trials, double level,
                                  IntervalMethod method) {
        double n = trials.applyAsDouble(p0);
        return RateEstimate.bounds(estimate * n, n, level, method)[1];
    }

    /**
     * The two-sided level's Student t quantile with {@code degreesOfFreedom}, {@code P(|T| <= t) = level}; the
     * standard normal's for infinite degrees of freedom.
     */
    static double tQuantile(double level, double degreesOfFreedom) {
        if (degreesOfFreedom == Double.POSITIVE_INFINITY) {
            return IntervalMethod.normalQuantile(level);
        }
        return TDistribution.of(degreesOfFreedom).inverseSurvivalProbability((1 - level) / 2);
    }
}
