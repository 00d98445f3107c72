package io.github.noisecal.telemetry;

/** The coarse class of an {@link Outcome}, which decides which rate an outcome counts towards. */
public enum OutcomeCategory {
    /** The verifier accepted the proof. */
    SUCCESS,
    /** The verifier rejected the proof or broke while checking it. */
    FAILURE,
    /** The wall-clock budget expired before the verifier answered. */
    TIMEOUT,
    /** A deterministic or memory limit stopped the verifier. */
    RESOURCE,
    /** No verdict was asked for (simulation or controlled-only modes). */
    ABSTENTION
}
