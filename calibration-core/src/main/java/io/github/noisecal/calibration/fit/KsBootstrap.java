package io.github.noisecal.calibration.fit;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.ExponentialDistribution;

/**
 * Parametric-bootstrap p-value of the KS distance with refitting (the plain KS p-value assumes known
 * parameters and is far too large when they were fitted to the same data).
 *
 * <p>Each replicate keeps the observed censoring design slot by slot: a slot whose sample timed out at c is
 * censored at c again, and a slot whose sample finished is censored at the largest observed censoring time
 * (the tier's budget), or not at all when nothing was censored. A duration is drawn from the fitted model for
 * every slot, the family is refitted to the replicate, and its KS distance to the replicate's own
 * Kaplan-Meier curve is compared with the observed one: p = (1 + #{D* ≥ D}) / (1 + replicates). Replicates
 * that cannot be refitted (e.g. fewer than 2 events) are left out of both counts.
 *
 * <p>When every observed duration is a whole number of ms (a millisecond clock), replicate durations are
 * rounded the same way (0 ms becoming 0.5 ms as in the data): otherwise the ties in the observed data alone
 * would make its KS distance look large next to continuous replicates, and coarse data would always fail.
 *
 * <p>Where the family's quantile is a closed form the n draws are made already sorted: the order statistics
 * of n uniforms are partial sums of n + 1 standard exponentials over their total, and the sorted draws are
 * dealt to the slots by a random permutation, which is the same joint law as independent draws per slot.
 * This avoids sorting 10,000 values per replicate. The gamma family samples and sorts.
 */
final class KsBootstrap {

    /** Censoring time of each group of slots, ascending; +∞ for "never censored". */
    private final double[] groupBudgets;
    private final long[] groupSlots;
    /** The group of every slot, for dealing sorted draws to slots when there are several groups. */
    private final int[] slotGroups;
    private final boolean wholeMilliseconds;

    KsBootstrap(CensoredSample observed) {
        double[] times = observed.censorTimes();
        if (times.length == 0) {
            groupBudgets = new double[] {Double.POSITIVE_INFINITY};
            groupSlots = new long[] {observed.eventCount()};
        } else {
            groupBudgets = times.clone();
            groupSlots = observed.censorCounts().clone();
            groupSlots[groupSlots.length - 1] += observed.eventCount();
        }
        wholeMilliseconds = isWholeMilliseconds(observed);
        slotGroups = new int[(int) observed.size()];
        int slot = 0;
        for (int g = 0; g < groupSlots.length; g++) {
            for (long i = 0; i < groupSlots[g]; i++) {
                slotGroups[slot++] = g;
            }
        }
    }

    /** The p-value, or null when no replicate could be refitted or {@code replicates} is 0. */
    Double pValue(Family family, double[] fitted, double observedDistance, int replicates, long seed) {
        ContinuousDistribution model = family.distribution(fitted);
        int usable = 0;
        int atLeastAsFar = 0;
        for (int rep = 0; rep < replicates; rep++) {
            UniformRandomProvider rng = SplitMix64.forReplicate(seed, family.id(), rep);
            CensoredSample replicate = family instanceof ClosedFormQuantile quantile
                    ? simulateSorted(quantile, fitted, rng) : simulateBySorting(model.createSampler(rng));
            double[] refitted;
            try {
                refitted = family.refit(replicate, fitted);
            } catch (FitFailure | ArithmeticException | IllegalArgumentException e) {
                continue;
            }
            usable++;
            if (family.ksDistance(KaplanMeier.of(replicate), refitted) >= observedDistance) {
                atLeastAsFar++;
            }
        }
        return usable == 0 ? null : (1.0 + atLeastAsFar) / (1.0 + usable);
    }

    private CensoredSample simulateSorted(ClosedFormQuantile family, double[] fitted, UniformRandomProvider rng) {
        int n = slotGroups.length;
        ContinuousDistribution.Sampler exponential = ExponentialDistribution.of(1).createSampler(rng);
        double[] tailSums = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            tailSums[i] = exponential.sample();
        }
        // tailSums[i] becomes Σ_{j >= i} E_j, so the i-th uniform order statistic has upper tail tailSums[i+1]/total.
        for (int i = n - 1; i >= 0; i--) {
            tailSums[i] += tailSums[i + 1];
        }
        double total = tailSums[0];
        int[] groups = slotGroups;
        if (groupBudgets.length > 1) {
            groups = slotGroups.clone();
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int swap = groups[i];
                groups[i] = groups[j];
                groups[j] = swap;
            }
        }
        double maxBudget = groupBudgets[groupBudgets.length - 1];
        double[] events = new double[n];
        int eventCount = 0;
        long[] censored = new long[groupBudgets.length];
        boolean beyondEveryBudget = false;
        for (int i = 0; i < n; i++) {
            int g = groups[i];
            if (!beyondEveryBudget) {
                double upper = tailSums[i + 1] / total;
                double t = family.quantile(fitted, (total - tailSums[i + 1]) / total, upper);
                if (t <= groupBudgets[g]) {
                    events[eventCount++] = recorded(t);
                    continue;
                }
                // Draws are ascending: once one exceeds the largest budget, every later one does too.
                beyondEveryBudget = t > maxBudget;
            }
            censored[g]++;
        }
        return replicate(events, eventCount, censored);
    }

    private CensoredSample simulateBySorting(ContinuousDistribution.Sampler sampler) {
        double[] events = new double[slotGroups.length];
        int eventCount = 0;
        long[] censored = new long[groupBudgets.length];
        for (int g : slotGroups) {
            double t = sampler.sample();
            if (t > groupBudgets[g]) {
                censored[g]++;
            } else {
                events[eventCount++] = recorded(t);
            }
        }
        Arrays.sort(events, 0, eventCount);
        return replicate(events, eventCount, censored);
    }

    /** A simulated duration as the observed clock would have recorded it. */
    private double recorded(double t) {
        double value = wholeMilliseconds ? Math.rint(t) : t;
        return value == 0 ? CensoredSample.ZERO_DURATION_MS : value;
    }

    private static boolean isWholeMilliseconds(CensoredSample sample) {
        for (double t : sample.events()) {
            if (t != Math.rint(t) && t != CensoredSample.ZERO_DURATION_MS) {
                return false;
            }
        }
        for (double c : sample.censorTimes()) {
            if (c != Math.rint(c) && c != CensoredSample.ZERO_DURATION_MS) {
                return false;
            }
        }
        return true;
    }

    private CensoredSample replicate(double[] sortedEvents, int eventCount, long[] censoredPerGroup) {
        int used = 0;
        for (long count : censoredPerGroup) {
            if (count > 0) {
                used++;
            }
        }
        double[] censorTimes = new double[used];
        long[] counts = new long[used];
        int k = 0;
        for (int g = 0; g < censoredPerGroup.length; g++) {
            if (censoredPerGroup[g] > 0) {
                censorTimes[k] = groupBudgets[g];
                counts[k++] = censoredPerGroup[g];
            }
        }
        return new CensoredSample(sortedEvents, eventCount, censorTimes, counts);
    }
}
