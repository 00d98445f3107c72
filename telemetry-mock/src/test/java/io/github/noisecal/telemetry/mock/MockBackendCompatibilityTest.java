package io.github.noisecal.telemetry.mock;

import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.tck.VerifierBackendCompatibilityKit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The mock keeps the SPI contract; its timeouts last exactly the budget, so it needs no slack. */
class MockBackendCompatibilityTest extends VerifierBackendCompatibilityKit {

    @Override
    protected VerifierBackend createBackend() {
        return new MockBackend(MockProfile.defaultProfile(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"),
                ZoneOffset.UTC));
    }

    @Override
    protected Duration durationSlack() {
        return Duration.ZERO;
    }
}
