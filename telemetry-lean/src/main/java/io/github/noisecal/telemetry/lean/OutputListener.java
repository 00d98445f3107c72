package io.github.noisecal.telemetry.lean;

/**
 * Receives a supervised process's output as it is read, on the thread that drains the stream. Implementations
 * must not block and must keep bounded state: a verifier may print gigabytes.
 */
@FunctionalInterface
public interface OutputListener {
    /** A listener that ignores everything. */
    OutputListener NONE = (buffer, offset, length) -> { };

    /** The next {@code length} bytes of the stream; the array is reused after the call returns. */
    void onBytes(byte[] buffer, int offset, int length);

    /** The stream reached its end; called once, after the last {@link #onBytes}. */
    default void onEnd() {
    }
}
