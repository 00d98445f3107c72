package io.github.noisecal.calibration.stats;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The verifier time a sampling plan implies, for both ways of running its tiers: every tier running every sample
 * itself ({@code independent}), or tiers with identical verifier limits sharing one run per (draw, repeat) at their
 * largest budget ({@code shared}). Figures are verifier wall time, the time runs occupy a worker (not CPU time: a
 * Lean run may use several cores, or wait); the wall-clock figure on {@code workers} assumes they are kept busy all
 * the time, so it is a lower bound.
 *
 * @param runsPerTier         runs per tier, at least 1
 * @param independentRunMeans per tier, the mean wall time of one of its runs
 * @param sharedRunMeans      per group of tiers with identical limits, the mean wall time of one run at the group's
 *                            largest budget
 * @param workers             runs in parallel, at least 1
 */
public record ComputeBudget(long runsPerTier, List<Duration> independentRunMeans, List<Duration> sharedRunMeans,
                            int workers) {

    private static final double SECONDS_PER_HOUR = 3600;

    public ComputeBudget {
        if (runsPerTier < 1) {
            throw new IllegalArgumentException("runsPerTier must be at least 1, got " + runsPerTier);
        }
        independentRunMeans = List.copyOf(Objects.requireNonNull(independentRunMeans, "independentRunMeans"));
        sharedRunMeans = List.copyOf(Objects.requireNonNull(sharedRunMeans, "sharedRunMeans"));
        if (independentRunMeans.isEmpty() || sharedRunMeans.isEmpty()
                || sharedRunMeans.size() > independentRunMeans.size()) {
            throw new IllegalArgumentException("a plan needs at least one tier and at most one shared group per tier, got "
                    + independentRunMeans.size() + " tiers and " + sharedRunMeans.size() + " groups");
        }
        for (Duration mean : independentRunMeans) {
            checkPositive(mean);
        }
        for (Duration mean : sharedRunMeans) {
            checkPositive(mean);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        try {
            Math.multiplyExact(runsPerTier, independentRunMeans.size());
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("runsPerTier=" + runsPerTier + " times " + independentRunMeans.size()
                    + " tiers overflows a long", overflow);
        }
    }

    /** Every tier with the same mean run time, each tier its own group when {@code sharedGroups} equals tiers. */
    public static ComputeBudget uniform(long runsPerTier, int tiers, int sharedGroups, Duration meanRunDuration,
                                        int workers) {
        return new ComputeBudget(runsPerTier, java.util.Collections.nCopies(tiers, meanRunDuration),
                java.util.Collections.nCopies(sharedGroups, meanRunDuration), workers);
    }

    private static void checkPositive(Duration mean) {
        Objects.requireNonNull(mean, "mean run duration");
        if (mean.isNegative() || mean.isZero()) {
            throw new IllegalArgumentException("mean run durations must be positive, got " + mean);
        }
    }

    /** Verifier runs when every tier runs every sample: runs per tier × tiers. */
    public long independentRuns() {
        return runsPerTier * independentRunMeans.size();
    }

    /** Verifier runs when tiers with identical limits share runs: runs per tier × groups. */
    public long sharedRuns() {
        return runsPerTier * sharedRunMeans.size();
    }

    /** Verifier wall time of the independent runs, in hours. */
    public double independentVerifierHours() {
        return hours(independentRunMeans);
    }

    /** Verifier wall time of the shared runs, in hours. */
    public double sharedVerifierHours() {
        return hours(sharedRunMeans);
    }

    /** {@code verifierHours} spread over the workers. */
    public double wallClockHours(double verifierHours) {
        return verifierHours / workers;
    }

    private double hours(List<Duration> means) {
        double seconds = 0;
        for (Duration mean : means) {
            seconds += mean.getSeconds() + mean.getNano() / 1e9;
        }
        return runsPerTier * seconds / SECONDS_PER_HOUR;
    }
}
