package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.stat.interval.AgrestiCoullInterval;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;

/**
 * Each method against a value derived independently of its implementation: bisection on a defining equation, using
 * Commons Math 3's normal quantile, binomial cdf and incomplete beta function (a different implementation from the
 * Commons Numbers functions the production code uses).
 */
class IntervalMethodReferenceProperties {

    record Counts(long successes, long trials, double level) {
        double rate() {
            return (double) successes / trials;
        }

        double z() {
            return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + level / 2);
        }

        double halfAlpha() {
            return (1 - level) / 2;
        }
    }

    @Provide
    Arbitrary<Counts> counts() {
        Arbitrary<Long> trials = Arbitraries.longs().between(1, 20_000).withDistribution(RandomDistribution.biased());
        Arbitrary<Double> levels = Arbitraries.doubles().between(0.5, 0.999).ofScale(6);
        return Combinators.combine(trials, levels).flatAs((n, level) -> Arbitraries.longs().between(0, n)
                .map(k -> new Counts(k, n, level)));
    }

    /**
     * The root of a function that is negative below it and positive above it on [low, high] ({@code increasing}), or
     * the reverse, to the last representable bit.
     */
    private static double bisect(DoubleUnaryOperator f, double low, double high, boolean increasing) {
        while (true) {
            double middle = 0.5 * (low + high);
            if (middle <= low || middle >= high) {
                return middle;
            }
            if ((f.applyAsDouble(middle) < 0) == increasing) {
                low = middle;
            } else {
                high = middle;
            }
        }
    }

    private static void assertClose(double expected, double actual, double absolute, double relative) {
        assertEquals(expected, actual, absolute + relative * Math.abs(expected));
    }

    @Property
    void wilsonSolvesTheScoreEquation(@ForAll("counts") Counts c) {
        double z = c.z();
        double n = c.trials();
        double rate = c.rate();
        // |rate - p| = z sqrt(p (1 - p) / n), squared: one root on each side of the rate
        DoubleUnaryOperator score = p -> (rate - p) * (rate - p) - z * z * p * (1 - p) / n;
        RateEstimate estimate = RateEstimate.wilson(c.successes(), c.trials(), c.level());
        double lower = c.successes() == 0 ? 0 : bisect(score, 0, rate, false);
        double upper = c.successes() == c.trials() ? 1 : bisect(score, rate, 1, true);
        assertClose(lower, estimate.lower(), 1e-15, 1e-12);
        assertClose(upper, estimate.upper(), 1e-15, 1e-12);
    }

    @Property
    void wilsonContinuityCorrectionSolvesTheCorrectedScoreEquation(@ForAll("counts") Counts c) {
        double z = c.z();
        double n = c.trials();
        double rate = c.rate();
        double correction = 0.5 / n;
        RateEstimate estimate = RateEstimate.of(c.successes(), c.trials(), c.level(), IntervalMethod.WILSON_CC);
        // lower: rate - 1/(2n) - p = z sqrt(p(1-p)/n) with p below rate - 1/(2n); upper mirrored
        double lowerCentre = rate - correction;
        double upperCentre = rate + correction;
        double lower = c.successes() == 0 ? 0 : bisect(
                p -> (lowerCentre - p) * (lowerCentre - p) - z * z * p * (1 - p) / n, 0, lowerCentre, false);
        double upper = c.successes() == c.trials() ? 1 : bisect(
                p -> (p - upperCentre) * (p - upperCentre) - z * z * p * (1 - p) / n, upperCentre, 1, true);
        assertClose(lower, estimate.lower(), 1e-15, 1e-12);
        assertClose(upper, estimate.upper(), 1e-15, 1e-12);
    }

    @Property(tries = 300)
    void clopperPearsonInvertsTheBinomialTails(@ForAll("counts") Counts c) {
        int n = Math.toIntExact(c.trials());
        int k = Math.toIntExact(c.successes());
        RateEstimate estimate = RateEstimate.of(k, n, c.level(), IntervalMethod.CLOPPER_PEARSON);
        // lower: P(X >= k | p) = alpha/2; upper: P(X <= k | p) = alpha/2
        double lower = k == 0 ? 0 : bisect(
                p -> 1 - new BinomialDistribution(null, n, p).cumulativeProbability(k - 1) - c.halfAlpha(),
                0, c.rate(), true);
        double upper = k == n ? 1 : bisect(
                p -> new BinomialDistribution(null, n, p).cumulativeProbability(k) - c.halfAlpha(), c.rate(), 1,
                false);
        assertClose(lower, estimate.lower(), 1e-13, 1e-9);
        assertClose(upper, estimate.upper(), 1e-13, 1e-9);
    }

    @Property(tries = 300)
    void clopperPearsonMatchesTheFDistributionForm(@ForAll("counts") Counts c) {
        long k = c.successes();
        long n = c.trials();
        RateEstimate estimate = RateEstimate.of(k, n, c.level(), IntervalMethod.CLOPPER_PEARSON);
        double lower = 0;
        if (k > 0) {
            double f = new FDistribution(null, 2.0 * (n - k + 1), 2.0 * k, 1e-15)
                    .inverseCumulativeProbability(1 - c.halfAlpha());
            lower = k / (k + (n - k + 1) * f);
        }
        double upper = 1;
        if (k < n) {
            double f = new FDistribution(null, 2.0 * (k + 1), 2.0 * (n - k), 1e-15)
                    .inverseCumulativeProbability(1 - c.halfAlpha());
            upper = (k + 1) * f / (n - k + (k + 1) * f);
        }
        assertClose(lower, estimate.lower(), 1e-12, 1e-9);
        assertClose(upper, estimate.upper(), 1e-12, 1e-9);
    }

    @Property(tries = 300)
    void jeffreysInvertsTheBetaPosterior(@ForAll("counts") Counts c) {
        double a = c.successes() + 0.5;
        double b = c.trials() - c.successes() + 0.5;
        RateEstimate estimate = RateEstimate.of(c.successes(), c.trials(), c.level(), IntervalMethod.JEFFREYS);
        double lower = c.successes() == 0 ? 0
                : bisect(p -> Beta.regularizedBeta(p, a, b, 1e-15) - c.halfAlpha(), 0, 1, true);
        double upper = c.successes() == c.trials() ? 1
                : bisect(p -> Beta.regularizedBeta(p, a, b, 1e-15) - (1 - c.halfAlpha()), 0, 1, true);
        assertClose(lower, estimate.lower(), 1e-13, 1e-9);
        assertClose(upper, estimate.upper(), 1e-13, 1e-9);
    }

    @Property
    void agrestiCoullMatchesCommonsMath3ClippedToTheUnitInterval(@ForAll("counts") Counts c) {
        ConfidenceInterval reference = new AgrestiCoullInterval()
                .createInterval((int) c.trials(), (int) c.successes(), c.level());
        RateEstimate estimate = RateEstimate.of(c.successes(), c.trials(), c.level(), IntervalMethod.AGRESTI_COULL);
        assertClose(Math.max(0, reference.getLowerBound()), estimate.lower(), 1e-14, 1e-12);
        assertClose(Math.min(1, reference.getUpperBound()), estimate.upper(), 1e-14, 1e-12);
    }
}
