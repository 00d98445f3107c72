package io.github.noisecal.calibration.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Kaplan-Meier estimate of the survival function S(t) = P(duration > t) from right-censored durations:
 * Ŝ(t) = Π_{t_j &lt;= t} (1 - d_j / n_j) over the distinct event times t_j, with d_j events at t_j and n_j
 * samples still at risk just before t_j. A sample censored at exactly t_j counts as at risk at t_j (the
 * usual convention: the timeout happened after the events at that instant). Standard errors use
 * Greenwood's formula Var Ŝ(t) = Ŝ(t)² Σ_{t_j &lt;= t} d_j / (n_j (n_j - d_j)); once Ŝ reaches 0 that sum
 * diverges and the standard error is reported as 0 (the estimate 0 then has no sampling spread in the formula).
 * Immutable.
 */
public final class KaplanMeier {

    private final double[] times;
    private final long[] atRisk;
    private final long[] events;
    private final double[] survival;
    /** Running Greenwood sums Σ d/(n(n-d)); standard errors are derived on demand. */
    private final double[] greenwood;

    private KaplanMeier(double[] times, long[] atRisk, long[] events, double[] survival, double[] greenwood) {
        this.times = times;
        this.atRisk = atRisk;
        this.events = events;
        this.survival = survival;
        this.greenwood = greenwood;
    }

    /**
     * Estimates S(t) from durations (ms) where {@code censored[i]} marks a sample known only to exceed
     * {@code durationsMs[i]}.
     *
     * @throws IllegalArgumentException when the arrays differ in length or a duration is negative or not finite
     */
    public static KaplanMeier estimate(double[] durationsMs, boolean[] censored) {
        Objects.requireNonNull(durationsMs, "durationsMs");
        Objects.requireNonNull(censored, "censored");
        if (durationsMs.length != censored.length) {
            throw new IllegalArgumentException("durationsMs has " + durationsMs.length + " entries but censored has "
                    + censored.length);
        }
        int eventCount = 0;
        for (int i = 0; i < durationsMs.length; i++) {
            if (!Double.isFinite(durationsMs[i]) || durationsMs[i] < 0) {
                throw new IllegalArgumentException("durationsMs[" + i + "] must be finite and non-negative, got "
                        + durationsMs[i]);
            }
            if (!censored[i]) {
                eventCount++;
            }
        }
        double[] eventTimes = new double[eventCount];
        double[] censorTimes = new double[durationsMs.length - eventCount];
        int e = 0;
        int c = 0;
        for (int i = 0; i < durationsMs.length; i++) {
            if (censored[i]) {
                censorTimes[c++] = durationsMs[i];
            } else {
                eventTimes[e++] = durationsMs[i];
            }
        }
        Arrays.sort(eventTimes);
        Arrays.sort(censorTimes);
        CensoredSample.Grouped groups = CensoredSample.Grouped.of(censorTimes);
        return fromSorted(eventTimes, groups.values(), groups.counts());
    }

    /** The estimate for an already validated sample (0 ms readings as the sample replaced them). */
    static KaplanMeier of(CensoredSample sample) {
        return fromSorted(sample.events(), sample.censorTimes(), sample.censorCounts(), true);
    }

    /**
     * The curve alone (times and Ŝ, the same values as {@link #of}) for a bootstrap replicate's KS distance: without
     * the numbers at risk, events and Greenwood sums it needs a third of the memory, and a replicate needs no more
     * ({@link #atRiskAt}, {@link #eventsAt}, standard errors and {@link #steps} throw).
     */
    static KaplanMeier curveOf(CensoredSample sample) {
        return fromSorted(sample.events(), sample.censorTimes(), sample.censorCounts(), false);
    }

    private static KaplanMeier fromSorted(double[] sortedEvents, double[] censorTimes, long[] censorCounts) {
        return fromSorted(sortedEvents, censorTimes, censorCounts, true);
    }

    private static KaplanMeier fromSorted(double[] sortedEvents, double[] censorTimes, long[] censorCounts,
                                          boolean full) {
        int distinct = 0;
        for (int i = 0; i < sortedEvents.length; i++) {
            if (i == 0 || sortedEvents[i] != sortedEvents[i - 1]) {
                distinct++;
            }
        }
        long remaining = sortedEvents.length;
        for (long count : censorCounts) {
            remaining += count;
        }
        double[] times = new double[distinct];
        long[] risk = full ? new long[distinct] : null;
        long[] deaths = full ? new long[distinct] : null;
        double[] surv = new double[distinct];
        double[] sums = full ? new double[distinct] : null;
        double s = 1;
        double greenwood = 0;
        int group = 0;
        int i = 0;
        for (int j = 0; j < distinct; j++) {
            double t = sortedEvents[i];
            long d = 0;
            while (i < sortedEvents.length && sortedEvents[i] == t) {
                d++;
                i++;
            }
            while (group < censorTimes.length && censorTimes[group] < t) {
                remaining -= censorCounts[group++];
            }
            s *= (double) (remaining - d) / remaining;
            times[j] = t;
            surv[j] = s;
            if (full) {
                if (remaining > d) {
                    greenwood += (double) d / ((double) remaining * (remaining - d));
                }
                risk[j] = remaining;
                deaths[j] = d;
                sums[j] = greenwood;
            }
            remaining -= d;
        }
        return new KaplanMeier(times, risk, deaths, surv, sums);
    }

    /** Number of distinct event times (steps of the curve). */
    public int size() {
        return times.length;
    }

    /** The j-th distinct event time, ascending (ms). */
    public double timeAt(int j) {
        return times[j];
    }

    /** Samples at risk just before the j-th event time. */
    public long atRiskAt(int j) {
        return full(atRisk)[j];
    }

    /** Events at the j-th event time. */
    public long eventsAt(int j) {
        return full(events)[j];
    }

    /** Ŝ just after the j-th event time. */
    public double survivalAt(int j) {
        return survival[j];
    }

    /** Greenwood standard error of Ŝ just after the j-th event time. */
    public double standardErrorAt(int j) {
        return survival[j] == 0 ? 0 : survival[j] * Math.sqrt(full(greenwood)[j]);
    }

    private static <T> T full(T part) {
        if (part == null) {
            throw new IllegalStateException("a survival curve alone (a bootstrap replicate's) has no numbers at risk, "
                    + "events or standard errors");
        }
        return part;
    }

    /** Ŝ(t): right-continuous, 1 before the first event, flat after the last. */
    public double survival(double t) {
        int j = lastStepAtOrBefore(t);
        return j < 0 ? 1 : survival[j];
    }

    /** Greenwood standard error of Ŝ(t); 0 before the first event. */
    public double standardError(double t) {
        int j = lastStepAtOrBefore(t);
        return j < 0 ? 0 : standardErrorAt(j);
    }

    /** All steps in time order. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>(times.length);
        for (int j = 0; j < times.length; j++) {
            steps.add(new Step(times[j], atRiskAt(j), eventsAt(j), survival[j], standardErrorAt(j)));
        }
        return Collections.unmodifiableList(steps);
    }

    private int lastStepAtOrBefore(double t) {
        int found = Arrays.binarySearch(times, t);
        if (found >= 0) {
            return found;
        }
        return -found - 2;
    }

    /**
     * One step of the curve.
     *
     * @param timeMs        distinct event time
     * @param atRisk        samples at risk just before it
     * @param events        events at it
     * @param survival      Ŝ just after it
     * @param standardError Greenwood standard error of that Ŝ
     */
    public record Step(double timeMs, long atRisk, long events, double survival, double standardError) {
    }
}
