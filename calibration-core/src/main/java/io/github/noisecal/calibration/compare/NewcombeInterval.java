package io.github.noisecal.calibration.compare;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions (Newcombe 1998, "Interval
 * estimation for the difference between independent proportions", method 10), with the test p-values found by
 * inverting it, so that every verdict agrees with the interval printed beside it.
 *
 * <p>With p̂₁, p̂₂ the candidate's and the baseline's rates and [l₁, u₁], [l₂, u₂] their Wilson score intervals at
 * the same z, the interval for θ = p₁ − p₂ is
 * [θ̂ − √((p̂₁ − l₁)² + (u₂ − p̂₂)²), θ̂ + √((u₁ − p̂₁)² + (p̂₂ − l₂)²)]: each bound combines the two rates'
 * own distances to their bounds ("square and add"), so it inherits Wilson's good coverage near 0 and 1 and never
 * leaves [−1, 1]. Where a side's samples are clustered (modules run repeatedly), its Wilson interval is taken at
 * the effective counts ({@link ComparedProportion#effectiveTrials()}), the usual design-effect correction.
 *
 * <p>p-values: the interval's bounds move monotonically with z (Wilson intervals nest), so for each null value
 * there is one z at which a bound touches it; the p-value is the normal tail of that z. It is exactly the level at
 * which the interval starts to exclude the null value.
 */
public final class NewcombeInterval {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
    /** Beyond this z the normal tail underflows the double range: p-values there are reported as 0. */
    private static final double MAX_Z = 40;

    private NewcombeInterval() {
    }

    /**
     * The interval for candidate minus baseline at a two-sided confidence level.
     *
     * @throws IllegalArgumentException when the level is not in (0, 1)
     */
    public static DifferenceInterval of(ComparedProportion candidate, ComparedProportion baseline, double confidence) {
        double z = twoSidedZ(confidence);
        return new DifferenceInterval(estimate(candidate, baseline), lower(candidate, baseline, z),
                upper(candidate, baseline, z), confidence);
    }

    /** The interval for independent samples: {@code x1} of {@code n1} (candidate) against {@code x2} of {@code n2}. */
    public static DifferenceInterval of(long x1, long n1, long x2, long n2, double confidence) {
        return of(ComparedProportion.of(x1, n1), ComparedProportion.of(x2, n2), confidence);
    }

    /** Two-sided p-value of "the rates are equal", by inverting the interval; 1 when the estimates are equal. */
    public static double pValueEqual(ComparedProportion candidate, ComparedProportion baseline) {
        double theta = estimate(candidate, baseline);
        if (theta == 0) {
            return 1;
        }
        double z = theta > 0
                ? crossing(zz -> lower(candidate, baseline, zz), 0)
                : crossing(zz -> -upper(candidate, baseline, zz), 0);
        return Math.min(1, 2 * STANDARD_NORMAL.survivalProbability(z));
    }

    /**
     * p-value of the two one-sided tests (TOST) of "the difference lies within ±margin": the larger of the one-sided
     * p-values of "θ ≤ −margin" and "θ ≥ margin". Small values are evidence that the rates are the same to within
     * the margin; 1 when the estimate itself lies outside it.
     *
     * @throws IllegalArgumentException when the margin is not in (0, 1]
     */
    public static double pValueEquivalent(ComparedProportion candidate, ComparedProportion baseline, double margin) {
        if (!(margin > 0 && margin <= 1)) {
            throw new IllegalArgumentException("margin must lie in (0, 1], got " + margin);
        }
        double theta = estimate(candidate, baseline);
        if (theta <= -margin || theta >= margin) {
            return 1;
        }
        double zBelow = crossing(zz -> lower(candidate, baseline, zz) + margin, 0);
        double zAbove = crossing(zz -> margin - upper(candidate, baseline, zz), 0);
        return Math.max(STANDARD_NORMAL.survivalProbability(zBelow), STANDARD_NORMAL.survivalProbability(zAbove));
    }

    private static double estimate(ComparedProportion candidate, ComparedProportion baseline) {
        return candidate.rate() - baseline.rate();
    }

    static double lower(ComparedProportion candidate, ComparedProportion baseline, double z) {
        double p1 = candidate.rate();
        double p2 = baseline.rate();
        double below = p1 - WilsonScore.lower(candidate, z);
        double above = WilsonScore.upper(baseline, z) - p2;
        return Math.max(-1, Math.min(p1 - p2, p1 - p2 - Math.sqrt(below * below + above * above)));
    }

    static double upper(ComparedProportion candidate, ComparedProportion baseline, double z) {
        double p1 = candidate.rate();
        double p2 = baseline.rate();
        double above = WilsonScore.upper(candidate, z) - p1;
        double below = p2 - WilsonScore.lower(baseline, z);
        return Math.min(1, Math.max(p1 - p2, p1 - p2 + Math.sqrt(above * above + below * below)));
    }

    /**
     * The z in [0, MAX_Z] where a function decreasing in z, positive at 0, falls to {@code target}; MAX_Z when it
     * stays above it (the p-value then underflows to 0).
     */
    private static double crossing(DoubleUnaryOperator decreasing, double target) {
        if (decreasing.applyAsDouble(MAX_Z) > target) {
            return MAX_Z;
        }
        double low = 0;
        double high = MAX_Z;
        for (int i = 0; i < 200 && high - low > 1e-12 * Math.max(1, high); i++) {
            double mid = (low + high) / 2;
            if (decreasing.applyAsDouble(mid) > target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    /** The two-sided standard normal quantile of a confidence level. */
    static double twoSidedZ(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        return STANDARD_NORMAL.inverseSurvivalProbability((1 - confidence) / 2);
    }

    /** The Wilson score bounds at the effective counts (real-valued when the design effect is not 1). */
    static final class WilsonScore {
        private WilsonScore() {
        }

        static double lower(ComparedProportion side, double z) {
            Objects.requireNonNull(side, "side");
            double n = side.effectiveTrials();
            double x = side.rate() * n;
            // Work on the minority side, where the formula keeps full precision, and reflect.
            return x <= n - x ? minorityLower(x, n, z) : 1 - minorityUpper(n - x, n, z);
        }

        static double upper(ComparedProportion side, double z) {
            double n = side.effectiveTrials();
            double x = side.rate() * n;
            return x <= n - x ? minorityUpper(x, n, z) : 1 - minorityLower(n - x, n, z);
        }

        private static double minorityUpper(double x, double n, double z) {
            double z2 = z * z;
            return (x + z2 / 2 + z * Math.sqrt(x * ((n - x) / n) + z2 / 4)) / (n + z2);
        }

        /** The smaller root as the product of the roots over the larger one: precise for rates near 0. */
        private static double minorityLower(double x, double n, double z) {
            return x == 0 ? 0 : x * (x / n) / ((n + z * z) * minorityUpper(x, n, z));
        }
    }
}
