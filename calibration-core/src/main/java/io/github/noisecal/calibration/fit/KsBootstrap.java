package io.github.noisecal.calibration.fit;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * Parametric-bootstrap p-value of the KS distance with refitting (the plain KS p-value assumes known
 * parameters and is far too large when they were fitted to the same data).
 *
 * <p>Each replicate keeps the observed censoring design slot by slot: a slot whose sample timed out at c is
 * censored at c again, and a slot whose sample finished is censored at the largest observed censoring time
 * (the tier's budget), or not at all when nothing was censored. A duration is drawn from the fitted model for
 * every slot, the family is refitted to the replicate, and its KS distance to the replicate's own
 * Kaplan-Meier curve is compared with the observed one: p = (1 + #{D* >= D}) / (1 + replicates). Replicates
 * that cannot be refitted (e.g. fewer than 2 events) are left out of both counts.
 */
final class KsBootstrap {

    private final CensoredSample observed;
    /** Censoring time of each group of slots, ascending; +∞ for "never censored". */
    private final double[] slotBudgets;
    private final long[] slotCounts;

    KsBootstrap(CensoredSample observed) {
        this.observed = observed;
        double[] times = observed.censorTimes();
        long[] counts = observed.censorCounts();
        if (times.length == 0) {
            slotBudgets = new double[] {Double.POSITIVE_INFINITY};
            slotCounts = new long[] {observed.eventCount()};
        } else {
            slotBudgets = times.clone();
            slotCounts = counts.clone();
            slotCounts[slotCounts.length - 1] += observed.eventCount();
        }
    }

    /** The p-value, or null when no replicate could be refitted or {@code replicates} is 0. */
    Double pValue(Family family, double[] fitted, double observedDistance, int replicates, long seed) {
        ContinuousDistribution model = family.distribution(fitted);
        int usable = 0;
        int atLeastAsFar = 0;
        for (int rep = 0; rep < replicates; rep++) {
            CensoredSample replicate = simulate(model.createSampler(SplitMix64.forReplicate(seed, family.id(), rep)));
            double[] refitted;
            try {
                refitted = family.refit(replicate, fitted);
            } catch (FitFailure | ArithmeticException e) {
                continue;
            }
            usable++;
            if (family.ksDistance(KaplanMeier.of(replicate), refitted) >= observedDistance) {
                atLeastAsFar++;
            }
        }
        return usable == 0 ? null : (1.0 + atLeastAsFar) / (1.0 + usable);
    }

    private CensoredSample simulate(ContinuousDistribution.Sampler sampler) {
        double[] events = new double[(int) observed.size()];
        int eventCount = 0;
        long[] censoredCounts = new long[slotBudgets.length];
        int groupsUsed = 0;
        for (int g = 0; g < slotBudgets.length; g++) {
            double budget = slotBudgets[g];
            for (long slot = 0; slot < slotCounts[g]; slot++) {
                double t = sampler.sample();
                if (t > budget) {
                    censoredCounts[g]++;
                } else {
                    events[eventCount++] = t == 0 ? CensoredSample.ZERO_DURATION_MS : t;
                }
            }
            if (censoredCounts[g] > 0) {
                groupsUsed++;
            }
        }
        Arrays.sort(events, 0, eventCount);
        double[] censorTimes = new double[groupsUsed];
        long[] counts = new long[groupsUsed];
        int used = 0;
        for (int g = 0; g < slotBudgets.length; g++) {
            if (censoredCounts[g] > 0) {
                censorTimes[used] = slotBudgets[g];
                counts[used++] = censoredCounts[g];
            }
        }
        return new CensoredSample(events, eventCount, censorTimes, counts);
    }
}
