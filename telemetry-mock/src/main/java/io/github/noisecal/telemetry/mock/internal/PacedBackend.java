package io.github.noisecal.telemetry.mock.internal;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The mock made to take wall-clock time: each verification waits {@value #DELAY_MS} milliseconds before answering,
 * as a real verifier would, so that a calibration can be interrupted mid-run (the tests of interruption and resume
 * do). The answer is the mock's, unchanged; closing ends the waits at once.
 */
final class PacedBackend implements VerifierBackend {
    /** The setting: milliseconds every verification takes. */
    static final String DELAY_MS = "delay_ms";

    private final VerifierBackend mock;
    private final long delayNanos;
    private final CountDownLatch closed = new CountDownLatch(1);

    private PacedBackend(VerifierBackend mock, long delayMs) {
        this.mock = mock;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMs);
    }

    /** The delay the settings ask for, in ms (0 when not set); at most a minute. */
    static long delayMs(BackendConfig config) {
        return config.getLong(DELAY_MS, 0, 60_000).orElse(0);
    }

    /** The settings without the delay, for the mock's profile. */
    static BackendConfig withoutDelay(BackendConfig config) {
        Map<String, List<String>> rest = new LinkedHashMap<>(config.values());
        rest.remove(DELAY_MS);
        return new BackendConfig(rest);
    }

    /** {@code mock} itself when no delay is asked for. */
    static VerifierBackend pace(VerifierBackend mock, long delayMs) {
        return delayMs == 0 ? mock : new PacedBackend(mock, delayMs);
    }

    @Override
    public String name() {
        return mock.name();
    }

    @Override
    public String verifierVersion() {
        return mock.verifierVersion();
    }

    @Override
    public VerificationTelemetry verify(VerificationRequest request) {
        try {
            if (closed.await(delayNanos, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("the mock backend is closed; create a new one to verify "
                        + request.verificationId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying " + request.verificationId(), e);
        }
        return mock.verify(request);
    }

    @Override
    public void preflight(java.util.Collection<String> moduleNames) {
        mock.preflight(moduleNames);
    }

    @Override
    public void close() {
        closed.countDown();
        mock.close();
    }
}
