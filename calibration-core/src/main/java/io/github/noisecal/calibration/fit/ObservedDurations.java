package io.github.noisecal.calibration.fit;

import io.github.noisecal.calibration.stats.ModuleSums;
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
 *
 * <p>Runs of one module are not independent proofs, so answers from the runs are clustered by module as the headline
 * rates are ({@link io.github.noisecal.calibration.stats.ClusteredRate}). For that the observations keep, beside the
 * durations, {@link ByModule}: the module sums ({@link ModuleSums}) of the runs longer than each budget, which change
 * only at the finished durations. {@link #exceedingByModule} gives them at any budget; null when the modules are not
 * known (durations fitted without them).
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
    /** The runs' modules as clustered answers need them; null when not known. */
    private final ByModule byModule;

    private ObservedDurations(double[] eventTimes, long[] eventCounts, long censored, double earliestCensoredMs,
                              Double binMs, ByModule byModule) {
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
        this.byModule = byModule;
        if (byModule != null) {
            byModule.check(this);
        }
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
        return new ObservedDurations(groups.values(), groups.counts(), durationsMs.length - eventCount, earliest, bin,
                null);
    }

    /**
     * As {@link #of(double[], boolean[])}, knowing each run's module: answers from these observations are then
     * clustered by module.
     *
     * @param moduleOf        each run's index into a module table
     * @param moduleTableSize modules in that table (it may list modules without runs)
     * @throws IllegalArgumentException for arrays of different lengths, a duration that is negative or not finite, or
     *                                  a module index outside the table
     */
    public static ObservedDurations of(double[] durationsMs, boolean[] censored, int[] moduleOf, int moduleTableSize) {
        return of(durationsMs, censored).withModulesOf(durationsMs, censored, moduleOf, moduleTableSize);
    }

    /**
     * These observations with the modules of their runs, given as the same runs in any order (a tier's slots, while
     * these were grouped from its durations sorted), each with its module.
     *
     * @throws IllegalArgumentException for arrays of different lengths, a module index outside the table, or runs
     *                                  that are not these observations'
     */
    public ObservedDurations withModulesOf(double[] durationsMs, boolean[] censored, int[] moduleOf,
                                           int moduleTableSize) {
        Objects.requireNonNull(durationsMs, "durationsMs");
        Objects.requireNonNull(censored, "censored");
        Objects.requireNonNull(moduleOf, "moduleOf");
        if (moduleOf.length != durationsMs.length || censored.length != durationsMs.length
                || durationsMs.length != size()) {
            throw new IllegalArgumentException("modules of " + size() + " runs need as many durations, censoring flags"
                    + " and module indexes, got " + durationsMs.length + ", " + censored.length + " and "
                    + moduleOf.length);
        }
        return withModules(ByModule.of(this, durationsMs, censored, moduleOf, moduleTableSize));
    }

    /**
     * The same observations with their modules, as a model file stores them.
     *
     * @throws IllegalArgumentException when the module sums do not fit these durations
     */
    public ObservedDurations withModules(ByModule modules) {
        return new ObservedDurations(eventTimes, eventCounts, censored, earliestCensoredMs, binMs,
                Objects.requireNonNull(modules, "modules"));
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
                earliestCensoredMs == null ? Double.POSITIVE_INFINITY : earliestCensoredMs, binMs, null);
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
        int[] from = exceedingFrom(budgetMs);
        return new Exceeding(censored + suffix[from[0]], censored + suffix[from[1]]);
    }

    /**
     * The module sums of the runs longer than {@code budgetMs} (as {@link #exceeding}: the runs certainly longer, or
     * with {@code possibly} those possibly longer when the budget lies inside a bin): the events of the clustered
     * rate at that budget. Null when the modules are not known.
     */
    public ModuleSums exceedingByModule(double budgetMs, boolean possibly) {
        if (byModule == null) {
            return null;
        }
        int[] from = exceedingFrom(budgetMs);
        return byModule.sums(this, possibly ? from[1] : from[0]);
    }

    /** The modules of the runs; null when not known. */
    public ByModule byModule() {
        return byModule;
    }

    /**
     * {first group of the runs certainly longer, first group of those possibly longer}: the runs longer than the
     * budget are the timeouts and the groups from there on.
     */
    private int[] exceedingFrom(double budgetMs) {
        double width = binMs == null ? 0 : binMs;
        // Events above the budget: binary search for the first time > budget.
        int first = firstAbove(budgetMs);
        int certain = first;
        // Only the bin holding the budget can straddle it; the rest lie wholly above.
        while (certain < eventTimes.length && eventTimes[certain] - width < budgetMs) {
            certain++;
        }
        return new int[] {certain, first};
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
                && Objects.equals(binMs, other.binMs) && Objects.equals(byModule, other.byModule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(eventTimes), Arrays.hashCode(eventCounts), censored, earliestCensoredMs,
                binMs, byModule);
    }

    /**
     * Which module each run came from, as far as answers clustered by module need it. With n_j the runs of module j
     * and y_j(b) those longer than a budget b, a clustered rate needs {@code sum y_j²} and {@code sum n_j y_j}
     * besides the counts ({@link ModuleSums}); they change only where runs finish, so they are kept per group of
     * finished durations, for the runs still running just before it: that group, every later one, and the timeouts.
     * When every module ran once nothing is clustered and the lists are not kept.
     *
     * @param modules          distinct modules with a run
     * @param runsSquared      {@code sum n_j²}
     * @param censoredSquared  {@code sum c_j²}, c_j the module's timeouts: {@code sum y_j²} beyond every finished run
     * @param censoredCross    {@code sum n_j c_j}
     * @param exceedingSquared per group of finished durations, {@code sum y_j²} just before it; null when every
     *                         module ran once
     * @param exceedingCross   likewise {@code sum n_j y_j}
     */
    public record ByModule(long modules, long runsSquared, long censoredSquared, long censoredCross,
                           long[] exceedingSquared, long[] exceedingCross) {

        public ByModule {
            if ((exceedingSquared == null) != (exceedingCross == null)) {
                throw new IllegalArgumentException("both per-duration lists, or neither");
            }
            exceedingSquared = exceedingSquared == null ? null : exceedingSquared.clone();
            exceedingCross = exceedingCross == null ? null : exceedingCross.clone();
        }

        /** The modules of {@code runs} runs, each of a module of its own. */
        public static ByModule singletons(long runs, long censored) {
            return new ByModule(runs, runs, censored, censored, null, null);
        }

        /** Whether every module ran once. */
        public boolean allSingletons() {
            return exceedingSquared == null;
        }

        @Override
        public long[] exceedingSquared() {
            return exceedingSquared == null ? null : exceedingSquared.clone();
        }

        @Override
        public long[] exceedingCross() {
            return exceedingCross == null ? null : exceedingCross.clone();
        }

        static ByModule of(ObservedDurations observed, double[] durationsMs, boolean[] censored, int[] moduleOf,
                           int moduleTableSize) {
            long[] runsOf = new long[moduleTableSize];
            long[] timeoutsOf = new long[moduleTableSize];
            for (int i = 0; i < moduleOf.length; i++) {
                int module = moduleOf[i];
                if (module < 0 || module >= moduleTableSize) {
                    throw new IllegalArgumentException("run " + i + ": module index " + module + " outside the table"
                            + " of " + moduleTableSize);
                }
                runsOf[module]++;
                if (censored[i]) {
                    timeoutsOf[module]++;
                }
            }
            long distinct = 0;
            long runsSquared = 0;
            long censoredSquared = 0;
            long censoredCross = 0;
            for (int j = 0; j < moduleTableSize; j++) {
                distinct += runsOf[j] > 0 ? 1 : 0;
                runsSquared += runsOf[j] * runsOf[j];
                censoredSquared += timeoutsOf[j] * timeoutsOf[j];
                censoredCross += runsOf[j] * timeoutsOf[j];
            }
            if (distinct == moduleOf.length) {
                return singletons(distinct, observed.censored);
            }
            // The finished runs by group (a counting sort on each run's group), then the sums from the last group
            // down: adding a run of module j to those longer raises sum y_j² by 2 y_j + 1 and sum n_j y_j by n_j.
            double[] times = observed.eventTimes;
            double width = observed.binMs == null ? 0 : observed.binMs;
            int groups = times.length;
            int[] groupOf = new int[moduleOf.length];
            int[] start = new int[groups + 1];
            for (int i = 0; i < moduleOf.length; i++) {
                if (!censored[i]) {
                    double key = width == 0 ? durationsMs[i] : Math.ceil(durationsMs[i] / width) * width;
                    int g = firstAtLeast(times, key);
                    if (g == groups || times[g] != key) {
                        throw new IllegalArgumentException("run " + i + " finished at " + durationsMs[i]
                                + " ms, which these observations do not hold");
                    }
                    groupOf[i] = g;
                    start[g + 1]++;
                }
            }
            for (int g = 0; g < groups; g++) {
                start[g + 1] += start[g];
            }
            int[] next = Arrays.copyOf(start, groups);
            int[] modulesByGroup = new int[start[groups]];
            for (int i = 0; i < moduleOf.length; i++) {
                if (!censored[i]) {
                    modulesByGroup[next[groupOf[i]]++] = moduleOf[i];
                }
            }
            long[] longer = timeoutsOf;
            long squared = censoredSquared;
            long cross = censoredCross;
            long[] exceedingSquared = new long[groups];
            long[] exceedingCross = new long[groups];
            for (int g = groups - 1; g >= 0; g--) {
                for (int k = start[g]; k < start[g + 1]; k++) {
                    int j = modulesByGroup[k];
                    squared += 2 * longer[j] + 1;
                    longer[j]++;
                    cross += runsOf[j];
                }
                exceedingSquared[g] = squared;
                exceedingCross[g] = cross;
            }
            return new ByModule(distinct, runsSquared, censoredSquared, censoredCross, exceedingSquared,
                    exceedingCross);
        }

        /** The index of the first time at or above {@code ms}: the group a finished run belongs to. */
        private static int firstAtLeast(double[] times, double ms) {
            int lo = 0;
            int hi = times.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < ms) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** The sums of the runs longer than those before group {@code from}: the timeouts and groups from there. */
        ModuleSums sums(ObservedDurations observed, int from) {
            long runs = observed.size();
            long longer = observed.censored + observed.suffix[from];
            if (allSingletons()) {
                return ModuleSums.singletons(runs, longer);
            }
            boolean beyondAll = from == exceedingSquared.length;
            return new ModuleSums(runs, longer, modules, runsSquared,
                    beyondAll ? censoredSquared : exceedingSquared[from], beyondAll ? censoredCross : exceedingCross[from]);
        }

        /** Fits the observations: one entry per group, and sums a clustered rate accepts at every budget. */
        void check(ObservedDurations observed) {
            long runs = observed.size();
            if (runs == 0) {
                throw new IllegalArgumentException("no runs to have modules");
            }
            if (allSingletons()) {
                if (modules != runs || runsSquared != runs || censoredSquared != observed.censored
                        || censoredCross != observed.censored) {
                    throw new IllegalArgumentException("without per-duration sums every one of the " + runs
                            + " runs must be a module of its own, got " + this);
                }
                return;
            }
            if (exceedingSquared.length != observed.eventTimes.length
                    || exceedingCross.length != observed.eventTimes.length) {
                throw new IllegalArgumentException("per-duration module sums need one entry per finished duration ("
                        + observed.eventTimes.length + "), got " + exceedingSquared.length + " and "
                        + exceedingCross.length);
            }
            if (modules >= runs) {
                throw new IllegalArgumentException(modules + " modules of " + runs + " runs: each ran once, so no"
                        + " per-duration sums are kept");
            }
            ModuleSums previous = null;
            for (int from = exceedingSquared.length; from >= 0; from--) {
                ModuleSums sums = sums(observed, from);
                if (previous != null && (sums.eventsSquared() < previous.eventsSquared()
                        || sums.runsTimesEvents() < previous.runsTimesEvents())) {
                    throw new IllegalArgumentException("module sums must not fall as the budget shrinks: entry " + from
                            + " has " + sums + " after " + previous);
                }
                previous = sums;
            }
            if (previous.eventsSquared() != runsSquared || previous.runsTimesEvents() != runsSquared) {
                throw new IllegalArgumentException("before the first finished duration every run is longer, so the sums"
                        + " must be sum n_j² = " + runsSquared + ", got " + previous);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByModule other && modules == other.modules && runsSquared == other.runsSquared
                    && censoredSquared == other.censoredSquared && censoredCross == other.censoredCross
                    && Arrays.equals(exceedingSquared, other.exceedingSquared)
                    && Arrays.equals(exceedingCross, other.exceedingCross);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modules, runsSquared, censoredSquared, censoredCross, Arrays.hashCode(exceedingSquared),
                    Arrays.hashCode(exceedingCross));
        }

        @Override
        public String toString() {
            return "ByModule[" + modules + " modules, sum n_j² " + runsSquared + (allSingletons() ? ", each ran once"
                    : ", " + exceedingSquared.length + " per-duration sums") + "]";
        }
    }

    @Override
    public String toString() {
        return "ObservedDurations[" + events + " finished in " + eventTimes.length + (binMs == null ? " values"
                : " bins of " + binMs + " ms") + ", " + censored + " timeouts]";
    }
}
