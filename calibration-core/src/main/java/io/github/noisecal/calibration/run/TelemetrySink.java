package io.github.noisecal.calibration.run;

import io.github.noisecal.telemetry.VerificationTelemetry;
import java.util.List;

/**
 * Receives telemetry records as verifications complete, from several worker threads at once. A sink streams: it
 * must not need the whole run in memory.
 *
 * <p>Life cycle: {@link #acceptRuns} (or {@link #accept}) as verifier runs complete, then {@link #complete()} once when
 * every planned record was accepted, then {@link #close()}. A sink closed without {@code complete()} belongs to a
 * run that stopped early (interrupted, or failed); what it keeps then is its own policy — the journal keeps every
 * record, so that the run can be resumed.
 */
public interface TelemetrySink extends AutoCloseable {

    /** Takes one record; safe to call from several threads. */
    void accept(VerificationTelemetry telemetry);

    /**
     * Takes the records of one or more whole verifier runs: each run's own record and those derived from it for the
     * other tiers of its group. A sink that keeps records durably keeps all of them or none, so a run is either
     * recorded or not. The default accepts them one by one.
     */
    default void acceptRuns(List<VerificationTelemetry> records) {
        records.forEach(this::accept);
    }

    /** Every planned record was accepted: make the output final. */
    default void complete() {
    }

    /** Releases resources. Idempotent. */
    @Override
    default void close() {
    }

    /** A sink that drops everything. */
    static TelemetrySink discarding() {
        return telemetry -> { };
    }
}
