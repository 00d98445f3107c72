package io.github.noisecal.telemetry.mock.internal;

import com.google.auto.service.AutoService;
import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.mock.MockBackend;
import io.github.noisecal.telemetry.mock.MockProfile;

/**
 * Discovers the mock backend as {@code mock}; its settings are those of {@link MockProfile#fromConfig}, and
 * {@code delay_ms=N}, which makes every verification take N ms of wall-clock time ({@link PacedBackend}).
 */
@AutoService(VerifierBackendProvider.class)
public final class MockBackendProvider implements VerifierBackendProvider {

    @Override
    public String name() {
        return MockBackend.NAME;
    }

    @Override
    public String description() {
        return "Simulated verifier: seeded outcomes drawn from per-tier rates; runs nothing";
    }

    /** Always available: the mock needs nothing from the machine. */
    @Override
    public BackendAvailability availability(BackendConfig config) {
        return BackendAvailability.available(MockBackend.VERSION);
    }

    @Override
    public VerifierBackend create(BackendConfig config) {
        long delayMs = PacedBackend.delayMs(config);
        return PacedBackend.pace(new MockBackend(MockProfile.fromConfig(PacedBackend.withoutDelay(config))), delayMs);
    }
}
