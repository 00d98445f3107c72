package io.github.noisecal.calibration.stats;

import io.github.noisecal.telemetry.Outcome;
import java.util.Objects;

/**
 * How often one tier's verifier changes its mind between runs of the same module, over the modules it ran at least
 * twice: the noise a calibration is about.
 *
 * <p>A module's <em>flip share</em> is the share of unordered pairs of its runs whose verdicts (success or not)
 * differ, {@code s(n - s) / C(n, 2)} for s successes of n runs: an unbiased estimate of the chance that two runs of
 * the module disagree, {@code 2q(1 - q)} for a module verified with probability q, whatever its number of runs. The
 * flip rate is its mean over modules, estimating the chance that two runs of a random module disagree; the outcome
 * flip rate does the same with outcome codes (a timeout against an invalid proof is an outcome flip, not a verdict
 * flip).
 *
 * <p>Intervals resample nothing: modules are the independent units. A module is flaky or not, so the flaky share is
 * a binomial proportion of modules with the chosen {@link IntervalMethod}. The flip rate is a mean of shares in
 * [0, 1]; its interval is the method's for effective counts, with the effective number of modules at a candidate
 * rate {@code r} equal to the modules divided by the ratio of the shares' spread about {@code r} to the spread of
 * all-or-nothing shares of the same mean (at most 1: no [0, 1] variable varies more). With more than two runs of some
 * module the interval is as narrow as the shares' agreement shows, but never narrower than if every pair of runs
 * were an independent check (the most a module's runs can tell about it, reached when it verifies half the time),
 * and its effective counts get the degrees-of-freedom correction {@code (z / t(m-1))²} for a spread estimated from
 * m modules. When every module ran exactly twice there is nothing to estimate: each share is a flip indicator, the
 * number of flipping modules is binomial over the modules, and the interval is the method's binomial one over them,
 * the flaky-module share's interval exactly (for two runs a module flips just when it is flaky).
 *
 * @param modules                  modules with at least two runs in the tier
 * @param flipRate                 mean flip share ({@code flip_rate})
 * @param flakyModuleShare         modules whose runs do not all have the same verdict, of {@code modules}
 *                                 ({@code flaky_module_share})
 * @param outcomeFlipRate          mean share of run pairs with different outcome codes ({@code outcome_flip_rate})
 * @param outcomeFlakyModuleShare  modules whose runs do not all have the same outcome code
 *                                 ({@code outcome_flaky_module_share})
 * @param alwaysVerified           modules whose every run succeeded
 * @param alwaysTimingOut          modules whose every run timed out
 * @param alwaysFailing            modules whose every run failed (neither success nor timeout)
 * @param mixed                    the other modules: runs of two or three of those kinds
 */
public record Repeatability(long modules, MeanEstimate flipRate, RateEstimate flakyModuleShare,
                            MeanEstimate outcomeFlipRate, RateEstimate outcomeFlakyModuleShare, long alwaysVerified,
                            long alwaysTimingOut, long alwaysFailing, long mixed) {

    public Repeatability {
        Objects.requireNonNull(flipRate, "flipRate");
        Objects.requireNonNull(flakyModuleShare, "flakyModuleShare");
        Objects.requireNonNull(outcomeFlipRate, "outcomeFlipRate");
        Objects.requireNonNull(outcomeFlakyModuleShare, "outcomeFlakyModuleShare");
        if (modules < 1) {
            throw new IllegalArgumentException("modules must be at least 1, got " + modules);
        }
        if (flipRate.modules() != modules || outcomeFlipRate.modules() != modules
                || flakyModuleShare.trials() != modules || outcomeFlakyModuleShare.trials() != modules) {
            throw new IllegalArgumentException("every estimate must be over the " + modules + " modules");
        }
        if (alwaysVerified < 0 || alwaysTimingOut < 0 || alwaysFailing < 0 || mixed < 0
                || alwaysVerified + alwaysTimingOut + alwaysFailing + mixed != modules) {
            throw new IllegalArgumentException("stability counts " + alwaysVerified + ", " + alwaysTimingOut + ", "
                    + alwaysFailing + ", " + mixed + " must add up to the " + modules + " modules");
        }
        long flaky = flakyModuleShare.successes();
        long outcomeFlaky = outcomeFlakyModuleShare.successes();
        // A verdict flip is an outcome flip, and a module whose verdict flips has runs of two kinds.
        if (!(flaky <= mixed && mixed <= outcomeFlaky)) {
            throw new IllegalArgumentException("flaky modules (" + flaky + ") <= mixed (" + mixed
                    + ") <= modules with differing outcomes (" + outcomeFlaky + ") must hold");
        }
        if (!(flipRate.mean() <= outcomeFlipRate.mean())) {
            throw new IllegalArgumentException("flip rate " + flipRate.mean() + " cannot exceed the outcome flip rate "
                    + outcomeFlipRate.mean());
        }
        if ((flipRate.mean() > 0) != (flaky > 0) || (outcomeFlipRate.mean() > 0) != (outcomeFlaky > 0)) {
            throw new IllegalArgumentException("a flip rate is positive exactly when some module is flaky");
        }
    }

    /**
     * The repeatability of the modules that ran at least twice; null when none did.
     *
     * @throws IllegalArgumentException if the confidence level is not in (0, 1)
     */
    public static Repeatability of(ModuleGroups groups, double confidenceLevel, IntervalMethod method) {
        int repeated = 0;
        for (int g = 0; g < groups.modules(); g++) {
            if (groups.runs(g) >= 2) {
                repeated++;
            }
        }
        if (repeated == 0) {
            return null;
        }
        double[] flipShares = new double[repeated];
        double[] outcomeFlipShares = new double[repeated];
        long pairs = 0;
        long flaky = 0;
        long outcomeFlaky = 0;
        long alwaysVerified = 0;
        long alwaysTimingOut = 0;
        long alwaysFailing = 0;
        int[] counts = new int[Outcome.values().length];
        for (int g = 0, k = 0; g < groups.modules(); g++) {
            int n = groups.runs(g);
            if (n < 2) {
                continue;
            }
            java.util.Arrays.fill(counts, 0);
            groups.tally(g, counts);
            long successes = 0;
            long timeouts = 0;
            long samePairs = 0;
            int largest = 0;
            for (Outcome outcome : Outcome.values()) {
                int c = counts[outcome.ordinal()];
                if (outcome.isSuccess()) {
                    successes += c;
                } else if (outcome.isTimeout()) {
                    timeouts += c;
                }
                samePairs += (long) c * (c - 1);
                largest = Math.max(largest, c);
            }
            // Whole numbers of ordered pairs over the same divisor: a verdict flip is an outcome flip, and the
            // shares keep that order exactly.
            long orderedPairs = (long) n * (n - 1);
            flipShares[k] = (double) (2 * successes * (n - successes)) / orderedPairs;
            outcomeFlipShares[k] = (double) (orderedPairs - samePairs) / orderedPairs;
            k++;
            pairs += (long) n * (n - 1) / 2;
            if (successes > 0 && successes < n) {
                flaky++;
            }
            if (largest < n) {
                outcomeFlaky++;
            }
            if (successes == n) {
                alwaysVerified++;
            } else if (timeouts == n) {
                alwaysTimingOut++;
            } else if (successes == 0 && timeouts == 0) {
                alwaysFailing++;
            }
        }
        long mixed = repeated - alwaysVerified - alwaysTimingOut - alwaysFailing;
        return new Repeatability(repeated, meanOfShares(flipShares, pairs, confidenceLevel, method),
                RateEstimate.of(flaky, repeated, confidenceLevel, method),
                meanOfShares(outcomeFlipShares, pairs, confidenceLevel, method),
                RateEstimate.of(outcomeFlaky, repeated, confidenceLevel, method), alwaysVerified, alwaysTimingOut,
                alwaysFailing, mixed);
    }

    /**
     * The mean of per-module shares in [0, 1] with its interval (see the class comment).
     *
     * @param pairs the most independent checks the runs could hold: one per pair of a module's runs
     */
    static MeanEstimate meanOfShares(double[] shares, long pairs, double confidenceLevel,
                                     IntervalMethod method) {
        int m = shares.length;
        if (pairs == m) {
            // Two runs of every module (one pair each): the shares are 0 or 1, and whole flips of whole modules are a
            // binomial count whose variance its mean fixes; no spread is estimated, so no t correction applies.
            long flipping = 0;
            for (double share : shares) {
                flipping += share == 1 ? 1 : 0;
            }
            RateEstimate binomial = RateEstimate.of(flipping, m, confidenceLevel, method);
            return new MeanEstimate(binomial.rate(), m, confidenceLevel, method, binomial.lower(), binomial.upper());
        }
        // Summed in ascending order: the result does not depend on the order of the modules, and a share that is
        // at most another module by module keeps its mean at most the other's.
        java.util.Arrays.sort(shares);
        double sum = 0;
        for (double share : shares) {
            sum += share;
        }
        double mean = sum / m;
        if (m == 1) {
            return new MeanEstimate(mean, 1, confidenceLevel, method, 0, 1);
        }
        double spread = 0;
        for (double share : shares) {
            spread += (share - mean) * (share - mean);
        }
        double t = EffectiveTrialsInterval.tQuantile(confidenceLevel, m - 1);
        double z = IntervalMethod.normalQuantile(confidenceLevel);
        double smallSample = (z / t) * (z / t);
        double squares = spread;
        double[] bounds = EffectiveTrialsInterval.bounds(mean, r -> {
            double shift = mean - r;
            double observed = squares + m * shift * shift;
            double allOrNothing = m * (mean * (1 - r) * (1 - r) + (1 - mean) * r * r);
            double ratio = allOrNothing > 0 ? Math.min(1, observed / allOrNothing) : 1;
            double effective = ratio > 0 ? Math.min(pairs, m / ratio) : pairs;
            return effective * smallSample;
        }, confidenceLevel, method);
        return new MeanEstimate(mean, m, confidenceLevel, method, bounds[0], bounds[1]);
    }
}
