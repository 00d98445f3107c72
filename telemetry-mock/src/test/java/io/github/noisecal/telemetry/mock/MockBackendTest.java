package io.github.noisecal.telemetry.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockBackendTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private final MockBackend mock = new MockBackend(MockProfile.defaultProfile(), Clock.fixed(NOW, ZoneOffset.UTC));

    private VerificationTelemetry verify(Tier tier, long seed) {
        return mock.verify(new VerificationRequest("id-" + seed, "Mathlib.Data.Nat.Basic", tier, seed, "calibration"));
    }

    @Test
    void recordsAreMarkedAsSimulatedNoiseFromTheSeed() {
        VerificationTelemetry record = verify(Tier.BALANCED, -77);
        assertEquals("id--77", record.verificationId());
        assertEquals("Mathlib.Data.Nat.Basic", record.moduleName());
        assertEquals("calibration", record.context());
        assertEquals("BALANCED", record.tier());
        assertEquals(60.0, record.timeoutS());
        assertEquals(NOW, record.timestamp());
        assertEquals(MockBackend.VERSION, record.leanVersion());
        assertTrue(record.noiseInjected());
        assertEquals("mock_profile", record.noiseType());
        assertEquals(-77L, record.noiseSeed());
        assertNull(record.returncode());
        assertNull(record.signal());
        assertNull(record.cpuTimeMs());
        assertNull(record.memoryPeakMb());
        assertNull(record.groundTruth());
        assertEquals("", record.stderr());
        assertEquals(Map.of(), record.metadata());
    }

    @Test
    void timeoutsLastExactlyTheBudgetAndOtherOutcomesBetweenOneAndThirtySeconds() {
        Tier overnight = new Tier("OVERNIGHT", Duration.ofMinutes(10));
        for (long seed = 0; seed < 2_000; seed++) {
            for (Tier tier : new Tier[] {Tier.FAST, Tier.SLOW, overnight}) {
                VerificationTelemetry record = verify(tier, seed);
                if (record.outcome() == Outcome.VERIFIER_TIMEOUT) {
                    assertEquals(tier.budget().toMillis(), record.durationMs());
                } else {
                    assertTrue(record.durationMs() >= 1_000 && record.durationMs() < 30_000, record::toString);
                }
            }
        }
    }

    @Test
    void shortBudgetsBoundTheDuration() {
        Tier quick = new Tier("QUICK", Duration.ofSeconds(5));
        Tier instant = new Tier("INSTANT", Duration.ofMillis(250));
        for (long seed = 0; seed < 2_000; seed++) {
            double quickMs = verify(quick, seed).durationMs();
            assertTrue(quickMs >= 1_000 && quickMs <= 5_000, () -> "QUICK lasted " + quickMs);
            assertEquals(250.0, verify(instant, seed).durationMs());
        }
    }

    @Test
    void theClockStampsEachRecord() {
        Instant later = NOW.plusSeconds(3600);
        MockBackend laterMock = new MockBackend(MockProfile.defaultProfile(), Clock.fixed(later, ZoneOffset.UTC));
        VerificationRequest request = new VerificationRequest("a", "M", Tier.FAST, 5, "");
        assertEquals(later, laterMock.verify(request).timestamp());
        assertEquals(mock.verify(request).toBuilder().timestamp(later).build(), laterMock.verify(request));
    }

    @Test
    void closingIsIdempotentAndStopsVerification() {
        mock.close();
        mock.close();
        var thrown = assertThrows(IllegalStateException.class, () -> verify(Tier.FAST, 1));
        assertEquals("the mock backend is closed; create a new one to verify id-1", thrown.getMessage());
    }

    @Test
    void rejectsNullArguments() {
        assertEquals("request", assertThrows(NullPointerException.class, () -> mock.verify(null)).getMessage());
        assertEquals("profile", assertThrows(NullPointerException.class, () -> new MockBackend(null)).getMessage());
        assertEquals("clock", assertThrows(NullPointerException.class,
                () -> new MockBackend(MockProfile.defaultProfile(), null)).getMessage());
    }
}
