package io.github.noisecal.telemetry.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierBackends;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockBackendDiscoveryTest {

    private final VerifierBackendProvider provider = VerifierBackends.load().provider("mock");

    @Test
    void serviceLoaderFindsTheMockProvider() {
        VerifierBackends backends = VerifierBackends.load();
        assertTrue(backends.names().contains("mock"), () -> "discovered: " + backends.names());
        assertEquals("mock", provider.name());
        assertEquals(java.util.List.of(), backends.loadFailures());
    }

    @Test
    void describesItselfOnOneLine() {
        String description = provider.description();
        assertFalse(description.isBlank());
        assertFalse(description.contains("\n"), description);
    }

    @Test
    void isAvailableWithValidSettingsAndReportsItsVersion() {
        assertEquals(BackendAvailability.available(MockBackend.VERSION), provider.availability(BackendConfig.empty()));
        assertEquals(BackendAvailability.available(MockBackend.VERSION),
                provider.availability(BackendConfig.of(Map.of("profile", "origin", "rate.FAST.verifier_timeout",
                        "0.5"))));
    }

    @Test
    void settingsThatCreateWouldRejectMakeItUnavailableWithTheSameReason() {
        BackendConfig misspelt = BackendConfig.of(Map.of("profile", "origin", "rate.FAST.verifier_timeuot", "0.5"));
        VerifierConfigurationException rejected = assertThrows(VerifierConfigurationException.class,
                () -> provider.create(misspelt));
        assertEquals(BackendAvailability.unavailable(rejected.getMessage()), provider.availability(misspelt));
    }

    @Test
    void createsTheOriginProfileWithItsRates() {
        try (VerifierBackend backend = provider.create(BackendConfig.of(Map.of("profile", "origin",
                "rate.FAST.verifier_timeout", "0.5")))) {
            MockBackend mock = assertInstanceOf(MockBackend.class, backend);
            assertEquals("mock", mock.name());
            assertEquals(MockBackend.VERSION, mock.verifierVersion());
            assertEquals(Map.of(Outcome.VERIFIER_TIMEOUT, 0.5, Outcome.PROOF_INVALID, 0.10),
                    mock.profile().ratesFor("FAST"));
        }
    }

    @Test
    void rejectsABadConfigWhenCreating() {
        var thrown = assertThrows(VerifierConfigurationException.class,
                () -> provider.create(BackendConfig.of(Map.of("profile", "origin", "rate.FAST.verifier_timeout",
                        "lots"))));
        assertEquals("backend setting 'rate.FAST.verifier_timeout': 'lots' is not a number", thrown.getMessage());
    }

    @Test
    void createsThePhysicalMockByDefault() {
        try (VerifierBackend backend = provider.create(BackendConfig.of(Map.of("median_s", "12")))) {
            MockBackend mock = assertInstanceOf(MockBackend.class, backend);
            assertEquals(MockBackend.PHYSICAL, mock.profileName());
            assertEquals(12.0, mock.physics().orElseThrow().medianSeconds());
        }
    }
}
