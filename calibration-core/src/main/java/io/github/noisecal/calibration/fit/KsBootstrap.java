package io.github.noisecal.calibration.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.ExponentialDistribution;

/**
 * Parametric-bootstrap p-value of the KS distance with refitting (the plain KS p-value assumes known
 * parameters and is far too large when they were fitted to the same data).
 *
 * <p>Each replicate keeps the observed sample's design: slot by slot, a slot whose sample timed out at c is
 * censored at c again, and a slot whose sample finished is censored at the largest observed censoring time
 * (the tier's budget), or not at all when nothing was censored; a truncated sample (the runs that did not end
 * instantly) is drawn from the model conditioned on exceeding its truncation time. A duration is drawn from the
 * fitted model for every slot, the family is refitted to the replicate, and its KS distance to the replicate's own
 * Kaplan-Meier curve is compared with the observed one. Replicates that cannot be refitted (e.g. fewer than 2
 * events) are left out.
 *
 * <p>Replicates are recorded as the data were: on the data's own clock ({@link RecordingGrid}), to the nearest step.
 * Durations in whole seconds are full of ties; continuous replicates have none, so their KS distances are smaller
 * and the true family would be rejected every time at n = 2,000. Rounded the same way, data and replicates tie
 * alike and the test keeps its level.
 *
 * <p>Replicates come in batches ({@link #pValue}): after each batch the Monte Carlo interval of the p-value is
 * checked against the decision levels, and the bootstrap stops once both decisions are clear, when no replicate was
 * as far as the data (the p-value is then a bound, at its floor), or at its limit.
 *
 * <p>Where the family's quantile is a closed form the n draws are made already sorted: the order statistics
 * of n uniforms are partial sums of n + 1 standard exponentials over their total, and the sorted draws are
 * dealt to the slots by a random permutation, which is the same joint law as independent draws per slot.
 * This avoids sorting 10,000 values per replicate. The gamma family samples and sorts.
 */
final class KsBootstrap {

    /** The levels whose decisions the sequential bootstrap makes clear: the default acceptance thresholds. */
    static final double[] DECISION_LEVELS = {FitOptions.GOODNESS_OF_FIT_CONDITIONAL_AT,
            FitOptions.GOODNESS_OF_FIT_PASS_AT};

    /** Censoring time of each group of slots, ascending; +∞ for "never censored". */
    private final double[] groupBudgets;
    private final long[] groupSlots;
    /** The group of every slot, for dealing sorted draws to slots when there are several groups. */
    private final int[] slotGroups;
    private final double recordingStep;
    private final double truncationMs;

    /**
     * @param observed      the sample the test is about (truncated when instant ends were set apart)
     * @param recordingStep the step of the data's clock in ms, 0 for a continuous clock
     */
    KsBootstrap(CensoredSample observed, double recordingStep) {
        double[] times = observed.censorTimes();
        if (times.length == 0) {
            groupBudgets = new double[] {Double.POSITIVE_INFINITY};
            groupSlots = new long[] {observed.eventCount()};
        } else {
            groupBudgets = times.clone();
            groupSlots = observed.censorCounts().clone();
            groupSlots[groupSlots.length - 1] += observed.eventCount();
        }
        this.recordingStep = recordingStep;
        this.truncationMs = observed.truncationMs();
        slotGroups = new int[(int) observed.size()];
        int slot = 0;
        for (int g = 0; g < groupSlots.length; g++) {
            for (long i = 0; i < groupSlots[g]; i++) {
                slotGroups[slot++] = g;
            }
        }
    }

    /** Replicates per task: a few milliseconds of work on 10,000 runs, so that the cores share a batch evenly. */
    static final int REPLICATES_PER_TASK = 25;

    /**
     * The p-value from batches of {@code batch} replicates, continued while a decision at
     * {@link #DECISION_LEVELS} is undecided, up to {@code maxReplicates}; null when {@code batch} is 0 or no
     * replicate could be refitted. Computed in the calling thread.
     */
    BootstrapPValue pValue(Family family, double[] fitted, double observedDistance, int batch, int maxReplicates,
                           long seed) {
        return Workers.join(pValue(family, fitted, observedDistance, batch, maxReplicates, seed, Runnable::run));
    }

    /**
     * As {@link #pValue(Family, double[], double, int, int, long)}, the replicates running as tasks on
     * {@code executor}. Every replicate draws from its own seeded stream and the counts are sums, so the p-value
     * does not depend on how the tasks are scheduled.
     */
    CompletableFuture<BootstrapPValue> pValue(Family family, double[] fitted, double observedDistance, int batch,
                                              int maxReplicates, long seed, Executor executor) {
        if (batch <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        ContinuousDistribution model = family.distribution(fitted);
        return batchesFrom(0, 0, 0, replicates -> {
            List<CompletableFuture<long[]>> tasks = new ArrayList<>();
            for (int from = replicates; from < replicates + batch; from += REPLICATES_PER_TASK) {
                int first = from;
                int end = Math.min(from + REPLICATES_PER_TASK, replicates + batch);
                tasks.add(CompletableFuture.supplyAsync(() -> replicates(family, model, fitted, observedDistance,
                        seed, first, end), executor));
            }
            return CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).thenApply(done -> {
                long[] counts = new long[2];
                for (CompletableFuture<long[]> task : tasks) {
                    counts[0] += task.join()[0];
                    counts[1] += task.join()[1];
                }
                return counts;
            });
        }, batch, maxReplicates);
    }

    /** The batch of replicates starting at the given index: {usable, at least as far as the data}. */
    private interface Batch {
        CompletableFuture<long[]> from(int replicate);
    }

    /** Runs batches from {@code drawn} replicates on, stopping as the sequential rule says. */
    private static CompletableFuture<BootstrapPValue> batchesFrom(int drawn, long usable, long atLeastAsFar,
                                                                  Batch next, int batch, int maxReplicates) {
        return next.from(drawn).thenCompose(counts -> {
            long nowUsable = usable + counts[0];
            long nowAsFar = atLeastAsFar + counts[1];
            int nowDrawn = drawn + batch;
            if (nowUsable > 0) {
                BootstrapPValue p = new BootstrapPValue(nowAsFar, nowUsable);
                if (nowDrawn + batch > maxReplicates || decided(p)) {
                    return CompletableFuture.completedFuture(p);
                }
            } else if (nowDrawn + batch > maxReplicates) {
                return CompletableFuture.completedFuture(null);
            }
            return batchesFrom(nowDrawn, nowUsable, nowAsFar, next, batch, maxReplicates);
        });
    }

    /** Replicates {@code first} to {@code end - 1}: {refitted, at least as far from their model as the data}. */
    private long[] replicates(Family family, ContinuousDistribution model, double[] fitted, double observedDistance,
                              long seed, int first, int end) {
        long usable = 0;
        long atLeastAsFar = 0;
        for (int rep = first; rep < end; rep++) {
            UniformRandomProvider rng = SplitMix64.forReplicate(seed, family.id(), rep);
            CensoredSample replicate = family instanceof ClosedFormQuantile quantile
                    ? simulateSorted(family, quantile, fitted, rng) : simulateBySorting(model.createSampler(rng));
            double[] refitted;
            try {
                refitted = family.refit(replicate, fitted);
            } catch (FitFailure | ArithmeticException | IllegalArgumentException e) {
                continue;
            }
            usable++;
            if (family.ksDistance(KaplanMeier.curveOf(replicate), refitted, truncationMs) >= observedDistance) {
                atLeastAsFar++;
            }
        }
        return new long[] {usable, atLeastAsFar};
    }

    /**
     * Whether to stop: every decision is clear; or, when no replicate was as far as the data, the decision at the
     * pass level is. At that floor more replicates only lower a bound (showing p &lt; 0.01 beyond Monte Carlo error
     * would take 528 of them), and every family the data reject outright would cost the limit.
     */
    private static boolean decided(BootstrapPValue p) {
        if (p.atFloor()) {
            double pass = DECISION_LEVELS[DECISION_LEVELS.length - 1];
            return p.decide(pass) != BootstrapPValue.Decision.UNDECIDED;
        }
        for (double level : DECISION_LEVELS) {
            if (p.decide(level) == BootstrapPValue.Decision.UNDECIDED) {
                return false;
            }
        }
        return true;
    }

    private CensoredSample simulateSorted(Family family, ClosedFormQuantile quantile, double[] fitted,
                                          UniformRandomProvider rng) {
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
        // Truncated at τ: uniforms are taken from (F(τ), 1), i.e. upper tails scaled by S(τ).
        double survivingTruncation = truncationMs > 0 ? Math.exp(-family.cumulativeHazard(fitted, truncationMs)) : 1;
        double truncatedMass = truncationMs > 0 ? family.cdf(fitted, truncationMs) : 0;
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
                double upper = survivingTruncation * tailSums[i + 1] / total;
                double lower = truncatedMass + survivingTruncation * (total - tailSums[i + 1]) / total;
                double t = quantile.quantile(fitted, lower, upper);
                if (t <= groupBudgets[g]) {
                    events[eventCount++] = recorded(t);
                    continue;
                }
                // Draws are ascending: once one exceeds the largest budget, every later one does too.
                beyondEveryBudget = t > maxBudget;
            }
            censored[g]++;
        }
        // Rounding keeps the order of sorted draws.
        return replicate(events, eventCount, censored);
    }

    private CensoredSample simulateBySorting(ContinuousDistribution.Sampler sampler) {
        double[] events = new double[slotGroups.length];
        int eventCount = 0;
        long[] censored = new long[groupBudgets.length];
        for (int g : slotGroups) {
            double t = sampler.sample();
            // Truncated: draw again until past τ (S(τ) is near 1: τ is where instant ends stop).
            for (int attempt = 0; t <= truncationMs && attempt < 10_000; attempt++) {
                t = sampler.sample();
            }
            if (t > groupBudgets[g]) {
                censored[g]++;
            } else {
                events[eventCount++] = recorded(t);
            }
        }
        DurationSort.sort(events, 0, eventCount);
        return replicate(events, eventCount, censored);
    }

    /** A simulated duration as the observed clock would have recorded it. */
    private double recorded(double t) {
        double value = RecordingGrid.record(t, recordingStep);
        return value == 0 ? CensoredSample.ZERO_DURATION_MS : value;
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
        return new CensoredSample(sortedEvents, eventCount, censorTimes, counts, truncationMs);
    }
}
