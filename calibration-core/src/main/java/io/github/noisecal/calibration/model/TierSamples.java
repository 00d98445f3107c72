package io.github.noisecal.calibration.model;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome and duration of every sample of one tier, by sample index: all a model is computed from. Sample
 * {@code i} of one tier is paired with sample {@code i} of every other tier of the same plan.
 *
 * <p>A {@link Recorder} fills the slots from worker threads (each index once); the finished value is immutable.
 */
public final class TierSamples {
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final Tier tier;
    private final byte[] outcomes;
    private final double[] durationsMs;

    private TierSamples(Tier tier, byte[] outcomes, double[] durationsMs) {
        this.tier = tier;
        this.outcomes = outcomes;
        this.durationsMs = durationsMs;
    }

    /** Samples from parallel arrays (copied); index i of both describes sample i. */
    public static TierSamples of(Tier tier, Outcome[] outcomes, double[] durationsMs) {
        Objects.requireNonNull(tier, "tier");
        if (outcomes.length != durationsMs.length) {
            throw new IllegalArgumentException("outcomes (" + outcomes.length + ") and durations ("
                    + durationsMs.length + ") differ in length");
        }
        if (outcomes.length == 0) {
            throw new IllegalArgumentException("tier " + tier.name() + " has no samples");
        }
        Recorder recorder = new Recorder(tier, outcomes.length);
        for (int i = 0; i < outcomes.length; i++) {
            recorder.record(i, Objects.requireNonNull(outcomes[i], "outcome " + i), durationsMs[i]);
        }
        return recorder.finish();
    }

    public Tier tier() {
        return tier;
    }

    public int size() {
        return outcomes.length;
    }

    public Outcome outcome(int sampleIndex) {
        return OUTCOMES[outcomes[sampleIndex]];
    }

    public double durationMs(int sampleIndex) {
        return durationsMs[sampleIndex];
    }

    /** A copy of all durations, by sample index. */
    public double[] durationsMs() {
        return durationsMs.clone();
    }

    /** Whether each sample ended in a wall-clock timeout, by sample index. */
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
        return o instanceof TierSamples other && tier.equals(other.tier) && Arrays.equals(outcomes, other.outcomes)
                && Arrays.equals(durationsMs, other.durationsMs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tier, Arrays.hashCode(outcomes), Arrays.hashCode(durationsMs));
    }

    @Override
    public String toString() {
        return "TierSamples[" + tier.name() + ", " + outcomes.length + " samples]";
    }

    /** Fills the slots of one tier; distinct indices may be recorded from different threads. */
    public static final class Recorder {
        private static final byte EMPTY = -1;
        private final Tier tier;
        private final byte[] outcomes;
        private final double[] durationsMs;

        public Recorder(Tier tier, int size) {
            this.tier = Objects.requireNonNull(tier, "tier");
            this.outcomes = new byte[size];
            this.durationsMs = new double[size];
            Arrays.fill(outcomes, EMPTY);
        }

        public void record(int sampleIndex, VerificationTelemetry telemetry) {
            record(sampleIndex, telemetry.outcome(), telemetry.durationMs());
        }

        public void record(int sampleIndex, Outcome outcome, double durationMs) {
            if (outcomes[sampleIndex] != EMPTY) {
                throw new IllegalStateException("tier " + tier.name() + " sample " + sampleIndex
                        + " was recorded twice");
            }
            if (!(durationMs >= 0) || Double.isInfinite(durationMs)) {
                throw new IllegalArgumentException("tier " + tier.name() + " sample " + sampleIndex
                        + ": duration must be finite and non-negative, got " + durationMs);
            }
            outcomes[sampleIndex] = (byte) outcome.ordinal();
            durationsMs[sampleIndex] = durationMs;
        }

        /** The recorded samples; every slot must be filled. Call after the recording threads were joined. */
        public TierSamples finish() {
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == EMPTY) {
                    throw new IllegalStateException("tier " + tier.name() + " sample " + i + " was never recorded");
                }
            }
            return new TierSamples(tier, outcomes, durationsMs);
        }
    }
}
