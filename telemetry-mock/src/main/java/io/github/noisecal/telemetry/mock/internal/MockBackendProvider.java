package io.github.noisecal.telemetry.mock.internal;

import com.google.auto.service.AutoService;
import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.mock.MockBackend;

/** Discovers the mock backend as {@code mock}; its settings are those of {@link MockBackend#fromConfig}. */
@AutoService(VerifierBackendProvider.class)
public final class MockBackendProvider implements VerifierBackendProvider {

    @Override
    public String name() {
        return MockBackend.NAME;
    }

    @Override
    public String description() {
        return "Simulated verifier: seeded modules whose run times decide timeouts (or per-tier rates with"
                + " profile=origin); runs nothing";
    }

    /** Available on any machine (the mock needs nothing from it) whenever its settings are valid. */
    @Override
    public BackendAvailability availability(BackendConfig config) {
        try {
            // Validating the settings is all creating a mock does; it holds no resources.
            MockBackend.fromConfig(config, java.time.Clock.systemUTC()).close();
            return BackendAvailability.available(MockBackend.VERSION);
        } catch (VerifierConfigurationException e) {
            return BackendAvailability.unavailable(e.getMessage());
        }
    }

    @Override
    public VerifierBackend create(BackendConfig config) {
        return MockBackend.fromConfig(config, java.time.Clock.systemUTC());
    }
}
