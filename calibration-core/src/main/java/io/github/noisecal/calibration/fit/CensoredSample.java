package io.github.noisecal.calibration.fit;

import java.util.Arrays;

/**
 * Validated right-censored durations in the form the likelihoods need: the event durations sorted, the
 * censoring times grouped (a tier usually censors every timeout at the same budget, so the censored part of
 * a likelihood costs one term instead of one per timeout), and the event sums the closed forms use.
 *
 * <p>A sample may be left-truncated at {@link #truncationMs()}: it then holds only durations known to exceed that
 * time (the runs that did not end instantly, see {@link InstantEnds}), and every likelihood conditions on it.
 */
final class CensoredSample {

    /** A 0 ms reading means "finished within the first millisecond"; it is taken as the midpoint 0.5 ms. */
    static final double ZERO_DURATION_MS = 0.5;

    private final double[] events;
    private final double[] censorTimes;
    private final long[] censorCounts;
    private final long censoredCount;
    private final double eventSum;
    private final double totalTime;
    private final double truncationMs;
    /**
     * ln t of the events and its moments, computed when first asked for: the exponential family never needs them
     * (a quarter of the bootstrap's replicates), nor does a sample only cut into a truncated one.
     */
    private volatile Logs logs;

    /** ln of each event duration, their mean and Σ (ln t - mean)². */
    private record Logs(double[] values, double mean, double sumOfSquares) {
        static Logs of(double[] events) {
            double[] values = new double[events.length];
            double logSum = 0;
            for (int i = 0; i < events.length; i++) {
                values[i] = Math.log(events[i]);
                logSum += values[i];
            }
            double mean = events.length == 0 ? 0 : logSum / events.length;
            double squares = 0;
            for (double y : values) {
                double d = y - mean;
                squares += d * d;
            }
            return new Logs(values, mean, squares);
        }
    }

    /**
     * @param sortedEvents  event durations in ascending order, all positive and finite; only the first
     *                      {@code eventCount} entries are used and the array is kept, not copied
     * @param censorTimes   distinct censoring times in ascending order
     * @param censorCounts  how many samples were censored at each of those times (each at least 1)
     */
    CensoredSample(double[] sortedEvents, int eventCount, double[] censorTimes, long[] censorCounts) {
        this(sortedEvents, eventCount, censorTimes, censorCounts, 0);
    }

    /** As above, left-truncated at {@code truncationMs} (0: not truncated). */
    CensoredSample(double[] sortedEvents, int eventCount, double[] censorTimes, long[] censorCounts,
                   double truncationMs) {
        this.truncationMs = truncationMs;
        this.events = eventCount == sortedEvents.length ? sortedEvents : Arrays.copyOf(sortedEvents, eventCount);
        this.censorTimes = censorTimes;
        this.censorCounts = censorCounts;
        double sum = 0;
        for (int i = 0; i < eventCount; i++) {
            sum += events[i];
        }
        this.eventSum = sum;
        long censored = 0;
        double censoredTime = 0;
        for (int j = 0; j < censorTimes.length; j++) {
            censored += censorCounts[j];
            censoredTime += censorCounts[j] * censorTimes[j];
        }
        this.censoredCount = censored;
        this.totalTime = sum + censoredTime;
    }

    /**
     * Builds a sample from observations already checked to be finite and non-negative, replacing 0 ms by
     * {@link #ZERO_DURATION_MS} (events and censoring times alike, so the likelihood never sees ln 0).
     */
    static CensoredSample of(double[] durationsMs, boolean[] censored) {
        int eventCount = 0;
        for (boolean c : censored) {
            if (!c) {
                eventCount++;
            }
        }
        double[] events = new double[eventCount];
        double[] censoredTimes = new double[durationsMs.length - eventCount];
        int e = 0;
        int c = 0;
        for (int i = 0; i < durationsMs.length; i++) {
            double t = durationsMs[i] == 0 ? ZERO_DURATION_MS : durationsMs[i];
            if (censored[i]) {
                censoredTimes[c++] = t;
            } else {
                events[e++] = t;
            }
        }
        Arrays.sort(events);
        Arrays.sort(censoredTimes);
        Grouped groups = Grouped.of(censoredTimes);
        return new CensoredSample(events, eventCount, groups.values(), groups.counts());
    }

    /** Distinct values of a sorted array with their multiplicities. */
    record Grouped(double[] values, long[] counts) {
        static Grouped of(double[] sorted) {
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    distinct++;
                }
            }
            double[] values = new double[distinct];
            long[] counts = new long[distinct];
            int g = -1;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    values[++g] = sorted[i];
                }
                counts[g]++;
            }
            return new Grouped(values, counts);
        }
    }

    int eventCount() {
        return events.length;
    }

    long censoredCount() {
        return censoredCount;
    }

    long size() {
        return events.length + censoredCount;
    }

    /** Event durations, ascending. Callers must not modify the array. */
    double[] events() {
        return events;
    }

    /** ln of each event duration, in the order of {@link #events()}. Callers must not modify the array. */
    double[] eventLogs() {
        return logs().values();
    }

    /** The logs, computed once (two threads asking at once may both compute them, alike). */
    private Logs logs() {
        Logs computed = logs;
        if (computed == null) {
            computed = Logs.of(events);
            logs = computed;
        }
        return computed;
    }

    /** Distinct censoring times, ascending. Callers must not modify the array. */
    double[] censorTimes() {
        return censorTimes;
    }

    /** Samples censored at each of {@link #censorTimes()}. Callers must not modify the array. */
    long[] censorCounts() {
        return censorCounts;
    }

    double eventSum() {
        return eventSum;
    }

    double eventLogMean() {
        return logs().mean();
    }

    /** Σ (ln t - mean ln t)² over the events. */
    double eventLogSumOfSquares() {
        return logs().sumOfSquares();
    }

    /** Σ ln t over the events. */
    double eventLogSum() {
        return logs().mean() * events.length;
    }

    /** Total time on test: every event duration plus every censoring time. */
    double totalTime() {
        return totalTime;
    }

    /** Every duration in the sample is known to exceed this; 0 when the sample is not truncated. */
    double truncationMs() {
        return truncationMs;
    }

    /** The same durations, left-truncated at {@code truncation}. */
    CensoredSample truncatedAt(double truncation) {
        return new CensoredSample(events, events.length, censorTimes, censorCounts, truncation);
    }

    /** The events at or above {@code cut} with every censored sample, truncated at {@code truncation}. */
    CensoredSample eventsFrom(double cut, double truncation) {
        int first = 0;
        while (first < events.length && events[first] < cut) {
            first++;
        }
        return new CensoredSample(Arrays.copyOfRange(events, first, events.length), events.length - first,
                censorTimes, censorCounts, truncation);
    }
}
