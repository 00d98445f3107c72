package io.github.noisecal.calibration.model;

import java.util.List;
import java.util.Objects;

/**
 * How a model's samples came to be, beyond the plan: the conditions of the process that ran them, the harness
 * errors it retried, and for a model merged by {@code fit}, the journals it was built from and what was let through.
 *
 * @param availableCores  the cores the calibrating process could use, or null (merged models: see the sessions)
 * @param loadAverage     the one-minute load average when the calibration started, or null
 * @param harnessRetries  verifier runs that were tried again after a transient harness error
 * @param shards          the journals a merged model was built from; empty for a model made by one calibration
 * @param allowIncomplete whether missing samples were accepted ({@code fit --allow-incomplete})
 * @param missingSamples  planned samples absent from the model (non-zero only when incomplete input was allowed)
 * @param allowMixed      whether telemetry of different plans, backends or verifier versions was merged
 *                        ({@code fit --allow-mixed})
 */
public record Provenance(Integer availableCores, Double loadAverage, long harnessRetries, List<ShardSource> shards,
                         boolean allowIncomplete, long missingSamples, boolean allowMixed) {
    /** Nothing known beyond the plan. */
    public static final Provenance NONE = new Provenance(null, null, 0, List.of(), false, 0, false);

    public Provenance {
        shards = List.copyOf(Objects.requireNonNull(shards, "shards"));
        if (availableCores != null && availableCores < 1) {
            throw new IllegalArgumentException("availableCores must be at least 1, got " + availableCores);
        }
        if (loadAverage != null && (!(loadAverage >= 0) || loadAverage.isInfinite())) {
            throw new IllegalArgumentException("loadAverage must be finite and non-negative, got " + loadAverage);
        }
        if (harnessRetries < 0) {
            throw new IllegalArgumentException("harnessRetries must be non-negative, got " + harnessRetries);
        }
        if (missingSamples < 0) {
            throw new IllegalArgumentException("missingSamples must be non-negative, got " + missingSamples);
        }
        if (missingSamples > 0 && !allowIncomplete) {
            throw new IllegalArgumentException(missingSamples + " missing samples, but incomplete input was not allowed");
        }
    }

    /** The conditions of one calibrating process: its cores, the load when it started and its retries. */
    public static Provenance ofProcess(Integer availableCores, Double loadAverage, long harnessRetries) {
        return new Provenance(availableCores, loadAverage, harnessRetries, List.of(), false, 0, false);
    }
}
