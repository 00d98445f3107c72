package io.github.noisecal.calibration.run;

import io.github.noisecal.telemetry.VerificationTelemetry;

/**
 * Receives telemetry records as verifications complete, from several worker threads at once. A sink streams: it
 * must not need the whole run in memory.
 *
 * <p>Life cycle: {@link #accept} for each record, then {@link #complete()} once when the run succeeded, then
 * {@link #close()}. A sink closed without {@code complete()} belongs to a failed run and must not leave partial
 * output behind where a finished one would be expected.
 */
public interface TelemetrySink extends AutoCloseable {

    /** Takes one record; safe to call from several threads. */
    void accept(VerificationTelemetry telemetry);

    /** The run succeeded and every record was accepted: make the output final. */
    default void complete() {
    }

    /** Releases resources; after a failed run, discards partial output. Idempotent. */
    @Override
    default void close() {
    }

    /** A sink that drops everything. */
    static TelemetrySink discarding() {
        return telemetry -> { };
    }
}
