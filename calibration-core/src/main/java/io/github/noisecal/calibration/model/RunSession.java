package io.github.noisecal.calibration.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One process that ran samples of a plan: a calibration, or each resumption of it, records one in its journal. A
 * merged model lists them, so that samples from different machines or loads are not mistaken for each other.
 *
 * @param startedAt       when the process began running samples, UTC
 * @param toolVersion     the noisecal version that ran them
 * @param verifierVersion the backend's verifier version in that process
 * @param workers         parallel workers, or null when not known
 * @param availableCores  the cores the process could use ({@link Runtime#availableProcessors()}), or null
 * @param loadAverage     the machine's one-minute load average when the process started, or null where the system
 *                        does not report one
 * @param environment     the machine, or null when not known
 */
public record RunSession(Instant startedAt, String toolVersion, String verifierVersion, Integer workers,
                         Integer availableCores, Double loadAverage, EnvironmentFingerprint environment) {
    public RunSession {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(verifierVersion, "verifierVersion");
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (availableCores != null && availableCores < 1) {
            throw new IllegalArgumentException("availableCores must be at least 1, got " + availableCores);
        }
        if (loadAverage != null && (!(loadAverage >= 0) || loadAverage.isInfinite())) {
            throw new IllegalArgumentException("loadAverage must be finite and non-negative, got " + loadAverage);
        }
    }
}
