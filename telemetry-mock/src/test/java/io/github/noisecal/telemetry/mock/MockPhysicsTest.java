package io.github.noisecal.telemetry.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * The physical mock behaves like a verifier under a budget: modules keep their properties, durations decide
 * timeouts, timeouts nest across budgets, modules near a budget flip, and the defaults reproduce the origin's timeout
 * rates. Tolerances are binomial (4 standard errors) over fixed seeds, so nothing here flakes.
 */
class MockPhysicsTest {
    private static final int MODULES = 100_000;
    private static final MockBackend MOCK = new MockBackend(MockPhysics.defaults(),
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 0);
    private static final MockPhysics PHYSICS = MockPhysics.defaults();

    private static VerificationTelemetry verify(Tier tier, long moduleSeed, long runSeed) {
        return MOCK.verify(new VerificationRequest("v", "M", tier, runSeed, "", "p", 0, 0, moduleSeed));
    }

    private static Tier tier(Duration budget) {
        return new Tier("T", budget);
    }

    private static void assertNear(double expected, double actual, long n, String what) {
        double se = Math.sqrt(expected * (1 - expected) / n);
        assertTrue(Math.abs(actual - expected) <= 4 * se + 1e-12, () -> what + ": expected " + expected + " ± "
                + 4 * se + ", got " + actual);
    }

    @Test
    void theDefaultsGiveTheOriginsTimeoutRatesAtItsBudgets() {
        SplittableRandom seeds = new SplittableRandom(2026);
        int fast = 0;
        int balanced = 0;
        int slow = 0;
        for (int i = 0; i < MODULES; i++) {
            long module = seeds.nextLong();
            long run = seeds.nextLong();
            fast += verify(Tier.FAST, module, run).outcome().isTimeout() ? 1 : 0;
            balanced += verify(Tier.BALANCED, module, run).outcome().isTimeout() ? 1 : 0;
            slow += verify(Tier.SLOW, module, run).outcome().isTimeout() ? 1 : 0;
        }
        assertNear(0.200, fast / (double) MODULES, MODULES, "FAST");
        assertNear(0.107, balanced / (double) MODULES, MODULES, "BALANCED");
        assertNear(0.050, slow / (double) MODULES, MODULES, "SLOW");
    }

    @Test
    void theBudgetDecidesTheTimeoutRate() {
        SplittableRandom seeds = new SplittableRandom(7);
        int atOneSecond = 0;
        int atOneHour = 0;
        for (int i = 0; i < 20_000; i++) {
            long module = seeds.nextLong();
            long run = seeds.nextLong();
            atOneSecond += verify(tier(Duration.ofSeconds(1)), module, run).outcome().isTimeout() ? 1 : 0;
            atOneHour += verify(tier(Duration.ofHours(1)), module, run).outcome().isTimeout() ? 1 : 0;
        }
        // ln(1 s / 7.02 s) / 1.7258 = -1.13 → 87 % time out; at 1 h, z = 3.61 → 0.015 %.
        assertNear(0.871, atOneSecond / 20_000.0, 20_000, "1 s");
        assertTrue(atOneHour < 20, "at one hour almost nothing times out: " + atOneHour);
    }

    @Property
    void aRunThatTimesOutAtABudgetTimesOutAtEverySmallerOne(@ForAll long module, @ForAll long run,
            @ForAll @DoubleRange(min = 0.01, max = 500) double smallerSeconds,
            @ForAll @DoubleRange(min = 0, max = 500) double extraSeconds) {
        Tier small = tier(Duration.ofMillis(Math.round(smallerSeconds * 1000) + 1));
        Tier large = tier(small.budget().plusMillis(Math.round(extraSeconds * 1000)));
        VerificationTelemetry atLarge = verify(large, module, run);
        VerificationTelemetry atSmall = verify(small, module, run);
        if (atLarge.outcome().isTimeout()) {
            assertTrue(atSmall.outcome().isTimeout(), "timed out at " + large.budget() + " but not at " + small.budget());
        }
        // One run at the larger budget decides the smaller one exactly: what shared tier runs rely on.
        double smallMs = small.budget().toMillis();
        if (!atLarge.outcome().isTimeout() && atLarge.durationMs() <= smallMs) {
            assertEquals(atLarge.outcome(), atSmall.outcome());
            assertEquals(atLarge.durationMs(), atSmall.durationMs());
        } else {
            assertEquals(Outcome.VERIFIER_TIMEOUT, atSmall.outcome());
            assertEquals(smallMs, atSmall.durationMs());
        }
    }

    @Property
    void aModuleKeepsItsVerdictClassInEveryRun(@ForAll long module, @ForAll long runA, @ForAll long runB) {
        Tier overnight = tier(Duration.ofDays(1));
        VerificationTelemetry a = verify(overnight, module, runA);
        VerificationTelemetry b = verify(overnight, module, runB);
        assertEquals(a.groundTruth(), b.groundTruth());
        assertEquals(PHYSICS.verdictOf(module).code(), a.groundTruth());
        for (VerificationTelemetry t : new VerificationTelemetry[] {a, b}) {
            assertTrue(t.outcome().code().equals(t.groundTruth()) || t.outcome() == Outcome.VERIFIER_INTERNAL_ERROR
                    || t.outcome().isTimeout(), t::toString);
        }
    }

    @Test
    void modulesNearTheBudgetFlipBetweenRunsAndOthersDoNot() {
        SplittableRandom seeds = new SplittableRandom(11);
        int flaky = 0;
        int modules = 20_000;
        for (int m = 0; m < modules; m++) {
            long module = seeds.nextLong();
            boolean first = verify(Tier.FAST, module, seeds.nextLong()).success();
            boolean second = verify(Tier.FAST, module, seeds.nextLong()).success();
            flaky += first != second ? 1 : 0;
        }
        double share = flaky / (double) modules;
        // Jitter of 20 % moves a run across 30 s only for modules whose median lies near it: a few percent flip.
        assertTrue(share > 0.02 && share < 0.10, "share of modules whose two FAST runs disagree: " + share);
        // A module far from every budget never flips on time (it can still crash, 3 in 1,000 runs).
        long quick = findModule(median -> median < 1_000);
        int verdicts = 0;
        for (long run = 0; run < 1_000; run++) {
            verdicts += verify(Tier.FAST, quick, run).outcome().isTimeout() ? 0 : 1;
        }
        assertEquals(1_000, verdicts);
    }

    private static long findModule(java.util.function.DoublePredicate median) {
        for (long seed = 0; ; seed++) {
            if (median.test(PHYSICS.medianMsOf(seed))) {
                return seed;
            }
        }
    }

    @Test
    void durationsAreLognormalOverModulesAndRuns() {
        SplittableRandom seeds = new SplittableRandom(3);
        MockPhysics noCrashes = new MockPhysics(7.0205, 1.7142, 0.2, 0.08, 0.02, 0);
        int n = 50_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double log = Math.log(noCrashes.run(seeds.nextLong(), seeds.nextLong(), Double.MAX_VALUE).durationMs());
            sum += log;
            sumSq += log * log;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        double expectedSd = Math.hypot(1.7142, 0.2);
        assertEquals(Math.log(7020.5), mean, 4 * expectedSd / Math.sqrt(n));
        assertEquals(expectedSd, sd, 4 * expectedSd / Math.sqrt(2.0 * n));
    }

    @Test
    void crashesAndVerdictSharesFollowTheSettings() {
        MockPhysics physics = MockPhysics.fromConfig(BackendConfig.of(Map.of("crash_rate", "0.1",
                "invalid_share", "0.3", "incomplete_share", "0", "median_s", "0.001")));
        SplittableRandom seeds = new SplittableRandom(5);
        int crashes = 0;
        int invalid = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            Outcome outcome = physics.run(seeds.nextLong(), seeds.nextLong(), 3_600_000).outcome();
            crashes += outcome == Outcome.VERIFIER_INTERNAL_ERROR ? 1 : 0;
            invalid += outcome == Outcome.PROOF_INVALID ? 1 : 0;
        }
        assertNear(0.1, crashes / (double) n, n, "crashes");
        assertNear(0.27, invalid / (double) n, n, "invalid among runs that did not crash");
    }

    @Test
    void recordsArePureFunctionsOfModuleSeedRunSeedAndBudget() {
        VerificationRequest request = new VerificationRequest("p-FAST-3-1", "A.B", Tier.FAST, 99, "calibration_FAST",
                "p", 3, 1, 1234);
        VerificationTelemetry once = MOCK.verify(request);
        assertEquals(once, MOCK.verify(request));
        assertEquals(once.outcome(), MOCK.verify(new VerificationRequest("other", "C.D", Tier.FAST, 99, "x", "q", 8, 0,
                1234)).outcome(), "the module name, ids and coordinates play no part, only the seeds");
        assertEquals(MockBackend.PHYSICAL_NOISE_TYPE, once.noiseType());
        assertEquals(99L, once.noiseSeed());
        assertEquals("p", once.planId());
        assertNotEquals(PHYSICS.medianMsOf(1), PHYSICS.medianMsOf(2));
    }

    @Test
    void settingsAreValidatedNamingTheSetting() {
        assertEquals("backend setting 'rate.FAST.verifier_timeout' sets a rate of the origin profile; add"
                + " --backend-option profile=origin to use per-tier rates, or shape the physical mock with median_s,"
                + " module_spread, run_jitter, invalid_share, incomplete_share, crash_rate",
                assertThrows(VerifierConfigurationException.class, () -> MockBackend.fromConfig(
                        BackendConfig.of(Map.of("rate.FAST.verifier_timeout", "0.3")), Clock.systemUTC()))
                        .getMessage());
        // Every setting the mock accepts is listed, its own (profile, delay_ms) with the profile's.
        assertEquals("unknown mock backend setting 'median'; known: crash_rate, delay_ms, incomplete_share,"
                + " invalid_share, median_s, module_spread, profile, run_jitter",
                assertThrows(VerifierConfigurationException.class, () -> MockBackend.fromConfig(
                        BackendConfig.of(Map.of("median", "3")), Clock.systemUTC())).getMessage());
        assertEquals("unknown mock backend setting 'bogus'; known: delay_ms, profile, rate.<TIER>.<outcome_code>",
                assertThrows(VerifierConfigurationException.class, () -> MockBackend.fromConfig(
                        BackendConfig.of(Map.of("bogus", "1", "profile", "origin")), Clock.systemUTC()))
                        .getMessage());
        assertEquals("backend setting 'profile': unknown mock profile 'fancy'; use physical (the default) or origin",
                assertThrows(VerifierConfigurationException.class, () -> MockBackend.fromConfig(
                        BackendConfig.of(Map.of("profile", "fancy")), Clock.systemUTC())).getMessage());
        assertEquals("backend setting 'delay_ms': 70000 is outside [0, 60000]",
                assertThrows(VerifierConfigurationException.class, () -> MockBackend.fromConfig(
                        BackendConfig.of(Map.of("delay_ms", "70000")), Clock.systemUTC())).getMessage());
        assertEquals("backend setting 'invalid_share + incomplete_share': 1.2 must be at most 1",
                assertThrows(VerifierConfigurationException.class, () -> MockPhysics.fromConfig(
                        BackendConfig.of(Map.of("invalid_share", "0.6", "incomplete_share", "0.6")))).getMessage());
        assertEquals(MockBackend.ORIGIN, MockBackend.fromConfig(BackendConfig.of(Map.of("profile", "origin",
                "rate.FAST.verifier_timeout", "0.3")), Clock.systemUTC()).profileName());
    }

    @Test
    void aDelayPausesEachRun() {
        MockBackend slow = MockBackend.fromConfig(BackendConfig.of(Map.of("delay_ms", "20")), Clock.systemUTC());
        long start = System.nanoTime();
        slow.verify(new VerificationRequest("v", "M", Tier.FAST, 1, ""));
        assertTrue(System.nanoTime() - start >= 20_000_000L, "the run lasted at least its delay");
    }
}
