package io.github.noisecal.calibration.stats;

/**
 * What a module-clustered rate needs to know of its runs: with {@code n_j} runs and {@code x_j} events of module j,
 * the totals and three sums over modules. Any grouping of runs by module gives them: outcomes ({@link ModuleGroups})
 * or the runs that outlasted a budget ({@code fit.ObservedDurations}), so that every clustered interval is
 * {@link ClusteredRate}'s.
 *
 * @param runs            n, all runs, at least 1
 * @param events          x, the runs that are events, in [0, n]
 * @param modules         m, the distinct modules with a run, in [1, n]
 * @param runsSquared     {@code sum n_j²}
 * @param eventsSquared   {@code sum x_j²}
 * @param runsTimesEvents {@code sum n_j x_j}
 */
public record ModuleSums(long runs, long events, long modules, long runsSquared, long eventsSquared,
                         long runsTimesEvents) {

    public ModuleSums {
        if (runs < 1 || events < 0 || events > runs || modules < 1 || modules > runs) {
            throw new IllegalArgumentException("need 1 <= modules <= runs and 0 <= events <= runs, got " + events
                    + " events of " + runs + " runs of " + modules + " modules");
        }
        // Each module's x_j <= n_j gives x <= sum x_j² <= sum n_j x_j <= sum n_j²; sum n_j² >= n (every n_j >= 1).
        if (!(events <= eventsSquared && eventsSquared <= runsTimesEvents && runsTimesEvents <= runsSquared
                && runs <= runsSquared)) {
            throw new IllegalArgumentException("module sums out of order: events " + events + ", sum x_j² "
                    + eventsSquared + ", sum n_j x_j " + runsTimesEvents + ", sum n_j² " + runsSquared);
        }
    }

    /** The sums of runs whose every module ran once: nothing is clustered. */
    public static ModuleSums singletons(long runs, long events) {
        return new ModuleSums(runs, events, runs, runs, events, events);
    }

    /** Whether every module ran exactly once. */
    public boolean allSingletons() {
        return modules == runs;
    }
}
