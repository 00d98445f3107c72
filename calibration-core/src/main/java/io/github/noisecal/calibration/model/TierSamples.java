package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.stats.ModuleGroups;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The outcome, duration and module of every sample of one tier, by slot: all a model is computed from.
 *
 * <p>Slot {@code i} holds draw {@code i / repeats}, repeat {@code i % repeats} (telemetry without plan coordinates
 * has one repeat and slots in file order). Slot {@code i} of one tier is paired with slot {@code i} of every other
 * tier of the same plan: same module, same run seed. Modules are indexes into a module table shared by the tiers
 * of one model; statistics that respect clustering group slots by module.
 *
 * <p>A {@link Recorder} fills the slots from worker threads (each slot once); the finished value is immutable.
 */
public final class TierSamples {
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final Tier tier;
    private final int repeats;
    private final byte[] outcomes;
    private final double[] durationsMs;
    private final int[] moduleOf;
    private final List<String> modules;

    private TierSamples(Tier tier, int repeats, byte[] outcomes, double[] durationsMs, int[] moduleOf,
                        List<String> modules) {
        this.tier = tier;
        this.repeats = repeats;
        this.outcomes = outcomes;
        this.durationsMs = durationsMs;
        this.moduleOf = moduleOf;
        this.modules = modules;
    }

    /**
     * Samples from parallel arrays (copied); index i of each describes slot i.
     *
     * @param moduleOf index into {@code modules} of each slot's module
     * @param modules  the module table
     * @param repeats  runs per draw: slot i is draw i / repeats, repeat i % repeats
     */
    public static TierSamples of(Tier tier, Outcome[] outcomes, double[] durationsMs, int[] moduleOf,
                                 List<String> modules, int repeats) {
        Objects.requireNonNull(tier, "tier");
        if (outcomes.length != durationsMs.length || outcomes.length != moduleOf.length) {
            throw new IllegalArgumentException("outcomes (" + outcomes.length + "), durations ("
                    + durationsMs.length + ") and modules (" + moduleOf.length + ") differ in length");
        }
        if (outcomes.length == 0) {
            throw new IllegalArgumentException("tier " + tier.name() + " has no samples");
        }
        Recorder recorder = new Recorder(tier, outcomes.length, repeats, modules);
        for (int i = 0; i < outcomes.length; i++) {
            recorder.record(i, Objects.requireNonNull(outcomes[i], "outcome " + i), durationsMs[i], moduleOf[i]);
        }
        return recorder.finish();
    }

    /** Samples of distinct modules, one run each, named {@code M0}, {@code M1}, ...: a plan without repeats. */
    public static TierSamples of(Tier tier, Outcome[] outcomes, double[] durationsMs) {
        return of(tier, outcomes, durationsMs, IntStream.range(0, outcomes.length).toArray(),
                IntStream.range(0, outcomes.length).mapToObj(i -> "M" + i).toList(), 1);
    }

    public Tier tier() {
        return tier;
    }

    public int size() {
        return outcomes.length;
    }

    /** Runs per draw; slot i is draw {@code i / repeats()}, repeat {@code i % repeats()}. */
    public int repeats() {
        return repeats;
    }

    public Outcome outcome(int slot) {
        return OUTCOMES[outcomes[slot]];
    }

    public double durationMs(int slot) {
        return durationsMs[slot];
    }

    /** The slot's module, as an index into {@link #modules()}. */
    public int moduleIndex(int slot) {
        return moduleOf[slot];
    }

    /** The slot's module name. */
    public String moduleName(int slot) {
        return modules.get(moduleOf[slot]);
    }

    /** The module table the slots' indexes point into; it may name modules this tier never ran. */
    public List<String> modules() {
        return modules;
    }

    /** A copy of every slot's module index. */
    public int[] moduleIndexes() {
        return moduleOf.clone();
    }

    /** The runs grouped by module (by index into {@link #modules()}), for module-level statistics. */
    public ModuleGroups byModule() {
        return ModuleGroups.of(outcomes.length, modules.size(), slot -> moduleOf[slot], slot -> OUTCOMES[outcomes[slot]]);
    }

    /** A copy of all durations, by slot. */
    public double[] durationsMs() {
        return durationsMs.clone();
    }

    /** Whether each sample ended in a wall-clock timeout, by slot. */
    public boolean[] timeouts() {
        boolean[] result = new boolean[outcomes.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = outcome(i).isTimeout();
        }
        return result;
    }

    /** Count of samples per outcome, indexed by {@link Outcome#ordinal()}. */
    public long[] outcomeCounts() {
        long[] counts = new long[OUTCOMES.length];
        for (byte b : outcomes) {
            counts[b]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TierSamples other && tier.equals(other.tier) && repeats == other.repeats
                && Arrays.equals(outcomes, other.outcomes) && Arrays.equals(durationsMs, other.durationsMs)
                && sameModules(other);
    }

    private boolean sameModules(TierSamples other) {
        for (int i = 0; i < moduleOf.length; i++) {
            if (!moduleName(i).equals(other.moduleName(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tier, repeats, Arrays.hashCode(outcomes), Arrays.hashCode(durationsMs));
    }

    @Override
    public String toString() {
        return "TierSamples[" + tier.name() + ", " + outcomes.length + " samples]";
    }

    /** Fills the slots of one tier; distinct slots may be recorded from different threads. */
    public static final class Recorder {
        private static final byte EMPTY = -1;
        private final Tier tier;
        private final int repeats;
        private final byte[] outcomes;
        private final double[] durationsMs;
        private final int[] moduleOf;
        private final List<String> modules;

        /**
         * @param size    slots: samples per tier
         * @param repeats runs per draw
         * @param modules the module table the recorded indexes point into
         */
        public Recorder(Tier tier, int size, int repeats, List<String> modules) {
            this.tier = Objects.requireNonNull(tier, "tier");
            this.modules = List.copyOf(modules);
            if (repeats < 1 || size % repeats != 0) {
                throw new IllegalArgumentException("tier " + tier.name() + ": " + size
                        + " slots are not whole draws of " + repeats + " repeats");
            }
            this.repeats = repeats;
            this.outcomes = new byte[size];
            this.durationsMs = new double[size];
            this.moduleOf = new int[size];
            Arrays.fill(outcomes, EMPTY);
        }

        public void record(int slot, VerificationTelemetry telemetry, int moduleIndex) {
            record(slot, telemetry.outcome(), telemetry.durationMs(), moduleIndex);
        }

        public void record(int slot, Outcome outcome, double durationMs, int moduleIndex) {
            if (outcomes[slot] != EMPTY) {
                throw new IllegalStateException("tier " + tier.name() + " slot " + slot + " was recorded twice");
            }
            if (!(durationMs >= 0) || Double.isInfinite(durationMs)) {
                throw new IllegalArgumentException("tier " + tier.name() + " slot " + slot
                        + ": duration must be finite and non-negative, got " + durationMs);
            }
            if (moduleIndex < 0 || moduleIndex >= modules.size()) {
                throw new IllegalArgumentException("tier " + tier.name() + " slot " + slot + ": module index "
                        + moduleIndex + " outside the table of " + modules.size());
            }
            outcomes[slot] = (byte) outcome.ordinal();
            durationsMs[slot] = durationMs;
            moduleOf[slot] = moduleIndex;
        }

        /** Whether the slot holds a sample already. */
        public boolean isRecorded(int slot) {
            return outcomes[slot] != EMPTY;
        }

        /** Slots recorded so far. Call after the recording threads were joined. */
        public int recordedCount() {
            int count = 0;
            for (byte outcome : outcomes) {
                if (outcome != EMPTY) {
                    count++;
                }
            }
            return count;
        }

        /** The recorded slots, in order. Call after the recording threads were joined. */
        public int[] recordedSlots() {
            int[] slots = new int[recordedCount()];
            int next = 0;
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] != EMPTY) {
                    slots[next++] = i;
                }
            }
            return slots;
        }

        /**
         * The samples of the given recorded slots only, in that order (an incomplete plan): slot {@code i} of the
         * result holds {@code slots[i]}.
         *
         * @param repeats runs per draw among the result's slots
         */
        public TierSamples finishRecorded(int[] slots, int repeats) {
            Outcome[] kept = new Outcome[slots.length];
            double[] durations = new double[slots.length];
            int[] modulesOf = new int[slots.length];
            for (int i = 0; i < slots.length; i++) {
                if (outcomes[slots[i]] == EMPTY) {
                    throw new IllegalStateException("tier " + tier.name() + " slot " + slots[i] + " was never recorded");
                }
                kept[i] = OUTCOMES[outcomes[slots[i]]];
                durations[i] = durationsMs[slots[i]];
                modulesOf[i] = moduleOf[slots[i]];
            }
            return TierSamples.of(tier, kept, durations, modulesOf, modules, repeats);
        }

        /** The recorded samples; every slot must be filled. Call after the recording threads were joined. */
        public TierSamples finish() {
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == EMPTY) {
                    throw new IllegalStateException("tier " + tier.name() + " slot " + i + " was never recorded");
                }
            }
            return new TierSamples(tier, repeats, outcomes, durationsMs, moduleOf, modules);
        }
    }
}
