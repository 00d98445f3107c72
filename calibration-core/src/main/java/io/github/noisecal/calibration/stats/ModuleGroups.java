package io.github.noisecal.calibration.stats;

import io.github.noisecal.telemetry.Outcome;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

/**
 * One tier's runs grouped by module, the input of every module-level statistic ({@link ClusteredRate},
 * {@link Repeatability}). Modules are told apart by their index into a module table alone, so the grouping holds
 * for any telemetry, however it was planned. Groups come in module-index order, the runs of a group in slot order.
 *
 * <p>Built in linear time by a counting sort; it keeps one byte per run and one int per module.
 */
public final class ModuleGroups {
    private static final Outcome[] OUTCOMES = Outcome.values();

    /** Outcome ordinals, grouped: group g holds {@code outcomes[start[g]]} up to {@code outcomes[start[g + 1]]}. */
    private final byte[] outcomes;
    private final int[] start;
    private final long[] outcomeCounts;
    private final long sumOfSquaredRuns;
    private final int minRuns;
    private final int maxRuns;

    private ModuleGroups(byte[] outcomes, int[] start) {
        this.outcomes = outcomes;
        this.start = start;
        this.outcomeCounts = new long[OUTCOMES.length];
        for (byte b : outcomes) {
            outcomeCounts[b]++;
        }
        long squares = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int g = 0; g + 1 < start.length; g++) {
            int size = start[g + 1] - start[g];
            squares += (long) size * size;
            min = Math.min(min, size);
            max = Math.max(max, size);
        }
        this.sumOfSquaredRuns = squares;
        this.minRuns = min;
        this.maxRuns = max;
    }

    /**
     * Groups {@code slots} runs by module.
     *
     * @param slots           runs, at least 1
     * @param moduleTableSize modules in the table the indexes point into (it may list modules without runs)
     * @param moduleOf        each slot's module index, in [0, moduleTableSize)
     * @param outcomeOf       each slot's outcome
     */
    public static ModuleGroups of(int slots, int moduleTableSize, IntUnaryOperator moduleOf,
                                  IntFunction<Outcome> outcomeOf) {
        Objects.requireNonNull(moduleOf, "moduleOf");
        Objects.requireNonNull(outcomeOf, "outcomeOf");
        if (slots < 1) {
            throw new IllegalArgumentException("at least one run is needed, got " + slots);
        }
        int[] next = new int[moduleTableSize + 1];
        for (int slot = 0; slot < slots; slot++) {
            int module = moduleOf.applyAsInt(slot);
            if (module < 0 || module >= moduleTableSize) {
                throw new IllegalArgumentException("slot " + slot + ": module index " + module
                        + " outside the table of " + moduleTableSize);
            }
            next[module + 1]++;
        }
        int distinct = 0;
        for (int module = 0; module < moduleTableSize; module++) {
            if (next[module + 1] > 0) {
                distinct++;
            }
            next[module + 1] += next[module];
        }
        int[] start = new int[distinct + 1];
        for (int module = 0, g = 0; module < moduleTableSize; module++) {
            if (next[module + 1] > next[module]) {
                start[g++] = next[module];
            }
        }
        start[distinct] = slots;
        byte[] grouped = new byte[slots];
        for (int slot = 0; slot < slots; slot++) {
            grouped[next[moduleOf.applyAsInt(slot)]++] = (byte) outcomeOf.apply(slot).ordinal();
        }
        return new ModuleGroups(grouped, start);
    }

    /** Distinct modules with at least one run. */
    public int modules() {
        return start.length - 1;
    }

    /** Runs in all. */
    public int runs() {
        return outcomes.length;
    }

    /** Runs of group {@code g}, in [0, {@link #modules()}). */
    public int runs(int g) {
        return start[g + 1] - start[g];
    }

    /** The outcome of run {@code run} of group {@code g}. */
    public Outcome outcome(int g, int run) {
        return OUTCOMES[outcomes[start[g] + run]];
    }

    public int minRuns() {
        return minRuns;
    }

    public int maxRuns() {
        return maxRuns;
    }

    /** Runs per module on average. */
    public double meanRuns() {
        return (double) runs() / modules();
    }

    /** {@code sum over modules of runs²}: divided by {@link #runs()}, the run-weighted mean module size. */
    public long sumOfSquaredRuns() {
        return sumOfSquaredRuns;
    }

    /** Whether every module ran exactly once. */
    public boolean allSingletons() {
        return modules() == runs();
    }

    /** Runs whose outcome is an event. */
    public long count(Predicate<Outcome> event) {
        long count = 0;
        for (Outcome outcome : OUTCOMES) {
            if (event.test(outcome)) {
                count += outcomeCounts[outcome.ordinal()];
            }
        }
        return count;
    }

    /** Events in group {@code g}; {@code isEvent} is indexed by outcome ordinal. */
    int events(int g, boolean[] isEvent) {
        int events = 0;
        for (int i = start[g], end = start[g + 1]; i < end; i++) {
            if (isEvent[outcomes[i]]) {
                events++;
            }
        }
        return events;
    }

    /** Adds the outcome counts of group {@code g} to {@code counts}, indexed by ordinal. */
    void tally(int g, int[] counts) {
        for (int i = start[g], end = start[g + 1]; i < end; i++) {
            counts[outcomes[i]]++;
        }
    }

    static boolean[] eventMask(Predicate<Outcome> event) {
        boolean[] mask = new boolean[OUTCOMES.length];
        for (Outcome outcome : OUTCOMES) {
            mask[outcome.ordinal()] = event.test(outcome);
        }
        return mask;
    }
}
