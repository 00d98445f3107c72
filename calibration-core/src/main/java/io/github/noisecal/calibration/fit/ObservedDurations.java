package io.github.noisecal.calibration.fit;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tier's durations as a model file keeps them, so that budget questions inside the observed range are answered
 * from the runs themselves, without a fitted family: the finished durations grouped by value, and how many runs
 * timed out and from when. Immutable.
 *
 * <p>Up to {@value #MAX_GROUPS} distinct finished durations are kept exactly. Beyond that (a mock run of 10^6
 * samples in continuous time) they are counted in bins of the finest width of the 1-2-5 ladder that needs no more
 * bins, each at its upper edge; a count at a budget inside a bin is then only known to lie between two values, and
 * {@link #exceeding} says so.
 */
public final class ObservedDurations {

    /** Distinct finished durations kept exactly. */
    public static final int MAX_GROUPS = 20_000;

    private final double[] eventTimes;
    private final long[] eventCounts;
    private final long censored;
    private final double earliestCensoredMs;
    private final Double binMs;
    private final long events;
    /** suffix[i] = runs at eventTimes[i] and later. */
    private final long[] suffix;

    private ObservedDurations(double[] eventTimes, long[] eventCounts, long censored, double earliestCensoredMs,
                              Double binMs) {
        this.eventTimes = eventTimes;
        this.eventCounts = eventCounts;
        this.censored = censored;
        this.earliestCensoredMs = earliestCensoredMs;
        this.binMs = binMs;
        this.suffix = new long[eventCounts.length + 1];
        for (int i = eventCounts.length - 1; i >= 0; i--) {
            suffix[i] = suffix[i + 1] + eventCounts[i];
        }
        this.events = suffix[0];
    }

    /**
     * The observations of a tier; {@code censored[i]} marks a timeout killed at {@code durationsMs[i]}.
     *
     * @throws IllegalArgumentException for arrays of different lengths or a negative or non-finite duration
     */
    public static ObservedDurations of(double[] durationsMs, boolean[] censored) {
        Objects.requireNonNull(durationsMs, "durationsMs");
        Objects.requireNonNull(censored, "censored");
        if (durationsMs.length != censored.length) {
            throw new IllegalArgumentException("durationsMs has " + durationsMs.length + " entries but censored has "
                    + censored.length);
        }
        int eventCount = 0;
        double earliest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < durationsMs.length; i++) {
            if (!Double.isFinite(durationsMs[i]) || durationsMs[i] < 0) {
                throw new IllegalArgumentException("durationsMs[" + i + "] must be finite and non-negative, got "
                        + durationsMs[i]);
            }
            if (censored[i]) {
                earliest = Math.min(earliest, durationsMs[i]);
            } else {
                eventCount++;
            }
        }
        double[] events = new double[eventCount];
        int e = 0;
        for (int i = 0; i < durationsMs.length; i++) {
            if (!censored[i]) {
                events[e++] = durationsMs[i];
            }
        }
        Arrays.sort(events);
        CensoredSample.Grouped groups = CensoredSample.Grouped.of(events);
        Double bin = null;
        if (groups.values().length > MAX_GROUPS) {
            bin = binWidth(events);
            double width = bin;
            double[] edges = new double[events.length];
            for (int i = 0; i < events.length; i++) {
                edges[i] = Math.ceil(events[i] / width) * width;
            }
            groups = CensoredSample.Grouped.of(edges);
        }
        return new ObservedDurations(groups.values(), groups.counts(), durationsMs.length - eventCount, earliest, bin);
    }

    /**
     * Observations as a model file stores them.
     *
     * @param eventTimesMs       distinct finished durations (bin upper edges when binned), ascending, non-negative
     * @param eventCounts        runs at each, at least 1 each
     * @param censored           timeouts
     * @param earliestCensoredMs when the first timeout was killed; null when nothing timed out
     * @param binMs              the bin width, or null when the durations are exact
     * @throws IllegalArgumentException naming what is inconsistent
     */
    public static ObservedDurations fromGroups(double[] eventTimesMs, long[] eventCounts, long censored,
                                               Double earliestCensoredMs, Double binMs) {
        if (eventTimesMs.length != eventCounts.length) {
            throw new IllegalArgumentException(eventTimesMs.length + " durations but " + eventCounts.length
                    + " counts");
        }
        for (int i = 0; i < eventTimesMs.length; i++) {
            if (!(eventTimesMs[i] >= 0) || Double.isInfinite(eventTimesMs[i])
                    || (i > 0 && !(eventTimesMs[i] > eventTimesMs[i - 1]))) {
                throw new IllegalArgumentException("durations must be finite, non-negative and ascending: entry " + i
                        + " is " + eventTimesMs[i]);
            }
            if (eventCounts[i] < 1) {
                throw new IllegalArgumentException("every count must be at least 1: entry " + i + " is "
                        + eventCounts[i]);
            }
        }
        if (censored < 0 || (censored == 0) != (earliestCensoredMs == null)) {
            throw new IllegalArgumentException("the earliest timeout is given exactly when there are timeouts: "
                    + censored + " timeouts, earliest " + earliestCensoredMs);
        }
        if (earliestCensoredMs != null && !(earliestCensoredMs >= 0 && earliestCensoredMs < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the earliest timeout must be finite and non-negative, got "
                    + earliestCensoredMs);
        }
        if (binMs != null && !(binMs > 0 && binMs < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the bin width must be positive, got " + binMs);
        }
        return new ObservedDurations(eventTimesMs.clone(), eventCounts.clone(), censored,
                earliestCensoredMs == null ? Double.POSITIVE_INFINITY : earliestCensoredMs, binMs);
    }

    /**
     * The finest 1-2-5 width from 1 µs that puts the sorted durations in at most {@link #MAX_GROUPS} bins. Widths a
     * decade below range / {@link #MAX_GROUPS} are not tried: with more than that many distinct durations they
     * would all need more bins.
     */
    private static double binWidth(double[] sorted) {
        double range = sorted[sorted.length - 1] - sorted[0];
        int first = (int) Math.max(-3, Math.floor(Math.log10(Math.max(range, 1e-300) / MAX_GROUPS)) - 1);
        for (int exponent = first; exponent <= 12; exponent++) {
            for (double mantissa : new double[] {1, 2, 5}) {
                double width = mantissa * Math.pow(10, exponent);
                int bins = 0;
                double last = Double.NaN;
                // A width needing more bins than allowed is known to fail once it has: stop counting there.
                for (int i = 0; i < sorted.length && bins <= MAX_GROUPS; i++) {
                    double edge = Math.ceil(sorted[i] / width);
                    if (edge != last) {
                        bins++;
                        last = edge;
                    }
                }
                if (bins <= MAX_GROUPS) {
                    return width;
                }
            }
        }
        return 1e13;
    }

    /** All runs: finished and timed out. */
    public long size() {
        return events + censored;
    }

    /** Finished runs. */
    public long events() {
        return events;
    }

    /** Timeouts. */
    public long censored() {
        return censored;
    }

    /** When the first timeout was killed; +∞ when nothing timed out. */
    public double earliestCensoredMs() {
        return earliestCensoredMs;
    }

    /** The bin width, or null when the durations are exact. */
    public Double binMs() {
        return binMs;
    }

    /** The distinct finished durations (bin upper edges when binned), ascending. */
    public double[] eventTimesMs() {
        return eventTimes.clone();
    }

    /** Runs at each of {@link #eventTimesMs()}. */
    public long[] eventCounts() {
        return eventCounts.clone();
    }

    /**
     * How many runs lasted longer than {@code budgetMs}, every timeout included; valid only at budgets no later
     * than the earliest timeout, where a timeout certainly ran longer. Exact unless binned, when a bin containing
     * the budget leaves a range.
     */
    public Exceeding exceeding(double budgetMs) {
        long certain = censored;
        long uncertain = 0;
        double width = binMs == null ? 0 : binMs;
        // Events above the budget: binary search for the first time > budget.
        int first = firstAbove(budgetMs);
        for (int i = first; i < eventTimes.length; i++) {
            if (eventTimes[i] - width >= budgetMs) {
                // The rest of the bins lie wholly above the budget.
                certain += suffix[i];
                break;
            }
            uncertain += eventCounts[i];
        }
        return new Exceeding(certain, certain + uncertain);
    }

    /** Index of the first event time above {@code budgetMs}. */
    private int firstAbove(double budgetMs) {
        int lo = 0;
        int hi = eventTimes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (eventTimes[mid] <= budgetMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Runs longer than a budget: exactly {@code least} when {@code least == most}, otherwise somewhere in between.
     *
     * @param least the runs certainly longer
     * @param most  the runs possibly longer
     */
    public record Exceeding(long least, long most) {
        public boolean exact() {
            return least == most;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObservedDurations other && Arrays.equals(eventTimes, other.eventTimes)
                && Arrays.equals(eventCounts, other.eventCounts) && censored == other.censored
                && Double.compare(earliestCensoredMs, other.earliestCensoredMs) == 0
                && Objects.equals(binMs, other.binMs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(eventTimes), Arrays.hashCode(eventCounts), censored, earliestCensoredMs,
                binMs);
    }

    @Override
    public String toString() {
        return "ObservedDurations[" + events + " finished in " + eventTimes.length + (binMs == null ? " values"
                : " bins of " + binMs + " ms") + ", " + censored + " timeouts]";
    }
}
