package io.github.noisecal.calibration.stats;

import io.github.noisecal.telemetry.Outcome;
import java.math.BigInteger;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A rate over the population of proofs a module list samples, from runs that may repeat modules.
 *
 * <p>Runs of one module are not independent proofs: a hard module times out again and again. The estimand is the
 * rate of a run of a random module of the population, estimated by the share of runs ({@code x / n}, the ratio
 * estimator over modules). Its interval comes from the chosen {@link IntervalMethod} applied to effective counts,
 * as Korn and Graubard (1998) do for complex samples:
 * <ul>
 *   <li>the design effect at a candidate rate {@code p0} is the cluster-robust (sandwich) variance of the estimating
 *       equation {@code sum (y - p0) = 0} divided by the same variance as if every run were its own module:
 *       {@code sum over modules (y_j - n_j p0)² / sum over runs (y - p0)²}, at least 1. At the estimate it is
 *       {@code 1 + (n̄ - 1) ICC}; away from it, it tends to the worst case {@code n̄} (every module all or nothing),
 *       so rates the data must rule out are judged with the precision the data would have under them (the score
 *       principle, see {@link EffectiveTrialsInterval});</li>
 *   <li>the effective trials {@code n / deff(p0)} are scaled by {@code (t(n-1) / t(m-1))²}, Korn and Graubard's
 *       degrees-of-freedom correction for a variance estimated from {@code m} modules;</li>
 *   <li>when every module ran once the interval is exactly the method's over the runs; when a single module ran,
 *       it is [0, 1]: one module says nothing about others.</li>
 * </ul>
 * The seeded coverage simulation in the tests and the README's table show what this achieves: about nominal from
 * 30 modules on, whatever the intra-module correlation; with 3 modules the interval is honest by being wide.
 *
 * @param population the rate with the interval over the population of proofs ({@code *_rate_ci})
 * @param clustering the interval over these runs and the design effect behind the difference
 */
public record ClusteredRate(RateEstimate population, RateClustering clustering) {

    public ClusteredRate {
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(clustering, "clustering");
    }

    /**
     * The rate of runs whose outcome is an {@code event}, over the population of proofs.
     *
     * @throws IllegalArgumentException if the confidence level is not in (0, 1)
     */
    public static ClusteredRate of(ModuleGroups groups, Predicate<Outcome> event, double confidenceLevel,
                                   IntervalMethod method) {
        long n = groups.runs();
        long x = groups.count(event);
        if (groups.allSingletons()) {
            return of(ModuleSums.singletons(n, x), confidenceLevel, method);
        }
        boolean[] isEvent = ModuleGroups.eventMask(event);
        long eventSquares = 0;
        long sizeTimesEvents = 0;
        for (int g = 0; g < groups.modules(); g++) {
            long events = groups.events(g, isEvent);
            eventSquares += events * events;
            sizeTimesEvents += groups.runs(g) * events;
        }
        return of(new ModuleSums(n, x, groups.modules(), groups.sumOfSquaredRuns(), eventSquares, sizeTimesEvents),
                confidenceLevel, method);
    }

    /**
     * The rate of the events the sums count, over the population of proofs: the one place every module-clustered
     * rate interval is computed (the headline rates, and budget answers from the runs).
     *
     * @throws IllegalArgumentException if the confidence level is not in (0, 1)
     */
    public static ClusteredRate of(ModuleSums sums, double confidenceLevel, IntervalMethod method) {
        long n = sums.runs();
        long x = sums.events();
        RateEstimate runs = RateEstimate.of(x, n, confidenceLevel, method);
        if (sums.allSingletons()) {
            return new ClusteredRate(runs, RateClustering.unclustered(runs));
        }
        // Run-weighted mean module size: the design effect of modules that are all or nothing.
        double meanSize = (double) sums.runsSquared() / n;
        if (sums.modules() == 1) {
            return new ClusteredRate(new RateEstimate(x, n, confidenceLevel, method, 0, 1),
                    new RateClustering(runs, null, meanSize, n / meanSize));
        }
        Sandwich sandwich = new Sandwich(sums, confidenceLevel);
        double p = (double) x / n;
        Double icc = null;
        double designEffect = meanSize;
        if (x > 0 && x < n) {
            double observed = sandwich.squares / (n * p * (1 - p));
            icc = Math.max(-1, Math.min(1, (observed - 1) / (meanSize - 1)));
            designEffect = Math.max(1, observed);
        }
        double[] bounds = EffectiveTrialsInterval.bounds(p, sandwich::trials, confidenceLevel, method);
        RateEstimate population = new RateEstimate(x, n, confidenceLevel, method,
                Math.min(bounds[0], runs.lower()), Math.max(bounds[1], runs.upper()));
        return new ClusteredRate(population, new RateClustering(runs, icc, designEffect, n / designEffect));
    }

    /**
     * Whether the population interval's bound ({@code upper} or lower) is at most {@code threshold}: exactly
     * {@code of(sums, ...).population().upper() <= threshold} (or {@code lower()}), but computing only that side,
     * and only until the answer is known: a budget search asks it at every run's end.
     *
     * @throws IllegalArgumentException if the confidence level is not in (0, 1)
     */
    public static boolean boundAtMost(ModuleSums sums, double confidenceLevel, IntervalMethod method, boolean upper,
                                      double threshold) {
        long n = sums.runs();
        RateEstimate runs = RateEstimate.of(sums.events(), n, confidenceLevel, method);
        if (sums.allSingletons()) {
            return (upper ? runs.upper() : runs.lower()) <= threshold;
        }
        if (sums.modules() == 1) {
            return (upper ? 1 : 0) <= threshold;
        }
        Sandwich sandwich = new Sandwich(sums, confidenceLevel);
        double runsBound = upper ? runs.upper() : runs.lower();
        return EffectiveTrialsInterval.boundAtMost((double) sums.events() / n, sandwich::trials, confidenceLevel,
                method, upper, upper ? b -> Math.max(b, runsBound) : b -> Math.min(b, runsBound), threshold);
    }

    /**
     * The cluster-robust variance of the rate's estimating equation, as effective trials at each candidate rate.
     * Module residuals e_j = y_j - n_j p: their squares and size-weighted sum give the sandwich at any p0. They are
     * computed exactly, from integer sums, so that the result does not depend on the order of the modules (a refit
     * numbers them by name, a plan by its list).
     */
    private static final class Sandwich {
        final long n;
        final double p;
        final double meanSize;
        /** sum e_j² at the estimate. */
        final double squares;
        /** sum n_j e_j at the estimate. */
        final double sizeWeighted;
        final double sizeSquares;
        /** Korn and Graubard's degrees-of-freedom correction (t(n-1) / t(m-1))². */
        final double smallSample;

        Sandwich(ModuleSums sums, double confidenceLevel) {
            n = sums.runs();
            long x = sums.events();
            p = (double) x / n;
            meanSize = (double) sums.runsSquared() / n;
            BigInteger bigN = BigInteger.valueOf(n);
            BigInteger bigX = BigInteger.valueOf(x);
            BigInteger sizeSquareSum = BigInteger.valueOf(sums.runsSquared());
            BigInteger crossSum = BigInteger.valueOf(sums.runsTimesEvents());
            // n² sum e_j² = n² sum y_j² - 2 n x sum n_j y_j + x² sum n_j², and n sum n_j e_j = n sum n_j y_j - x sum n_j²
            squares = bigN.pow(2).multiply(BigInteger.valueOf(sums.eventsSquared()))
                    .subtract(bigN.multiply(bigX).shiftLeft(1).multiply(crossSum))
                    .add(bigX.pow(2).multiply(sizeSquareSum)).doubleValue() / ((double) n * n);
            sizeWeighted = bigN.multiply(crossSum).subtract(bigX.multiply(sizeSquareSum)).doubleValue() / n;
            sizeSquares = sums.runsSquared();
            double t = EffectiveTrialsInterval.tQuantile(confidenceLevel, sums.modules() - 1);
            double tRuns = EffectiveTrialsInterval.tQuantile(confidenceLevel, n - 1);
            smallSample = (tRuns / t) * (tRuns / t);
        }

        /** The effective trials if {@code p0} were the rate: n over the design effect there, corrected. */
        double trials(double p0) {
            double shift = p - p0;
            double clustered = squares + 2 * shift * sizeWeighted + shift * shift * sizeSquares;
            double independent = n * (p * (1 - p) + shift * shift);
            double deff = independent > 0 ? Math.max(1, clustered / independent) : meanSize;
            return n / deff * smallSample;
        }
    }
}
