package io.github.noisecal.telemetry.mock;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.mock.internal.MockBackendProvider;
import io.github.noisecal.telemetry.tck.VerifierBackendProviderCompatibilityKit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The mock's provider keeps the provider contract; it is "unavailable" only with settings it cannot use. */
class MockBackendProviderCompatibilityTest extends VerifierBackendProviderCompatibilityKit {

    @Override
    protected VerifierBackendProvider provider() {
        return new MockBackendProvider();
    }

    @Override
    protected BackendConfig workingConfig() {
        return BackendConfig.of(Map.of("median_s", "12"));
    }

    @Override
    protected Optional<BackendConfig> unavailableConfig() {
        return Optional.of(BackendConfig.of(Map.of("median_s", "-1")));
    }

    @Override
    protected List<BackendConfig> moreConfigs() {
        return List.of(BackendConfig.of(Map.of("profile", "origin", "rate.FAST.no_such_outcome", "0.1")),
                BackendConfig.of(Map.of("profile", "origin", "rate.FAST.verifier_timeout", "lots")),
                BackendConfig.of(Map.of("profile", "origin", "rate.FAST.verifier_timeout", "0.3")),
                BackendConfig.of(Map.of("rate.FAST.verifier_timeout", "0.3")),
                BackendConfig.of(Map.of("profile", "nonsense")));
    }
}
