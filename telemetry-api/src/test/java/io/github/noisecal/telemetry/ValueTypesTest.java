package io.github.noisecal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    private static final VerificationRequest REQUEST =
            new VerificationRequest("run-FAST-1", "Mathlib.Data.Nat.Basic", Tier.FAST, 7, "calibration_FAST");

    private static VerificationTelemetry.Builder record() {
        return VerificationTelemetry.builder(REQUEST).timestamp(Instant.EPOCH).outcome(Outcome.VERIFIED)
                .durationMs(10);
    }

    @Test
    void outcomeCodesAreStableSnakeCaseAndUnique() {
        List<String> codes = Arrays.stream(Outcome.values()).map(Outcome::code).toList();
        assertEquals(List.of("verified", "proof_invalid", "proof_incomplete", "verifier_timeout",
                "verifier_spurious_fail", "verifier_spurious_pass", "verifier_internal_error", "budget_exhausted",
                "memory_limit_exceeded", "abstention_mock_mode", "abstention_controlled_only"), codes);
        for (Outcome outcome : Outcome.values()) {
            assertEquals(outcome, Outcome.parseCode(outcome.code()));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Outcome.parseCode("timeout")).getMessage()
                .startsWith("unknown outcome code 'timeout'; known codes: verified, "));
    }

    @Test
    void everyOutcomeCountsTowardsExactlyOneRate() {
        for (Outcome outcome : Outcome.values()) {
            int rates = (outcome.isSuccess() ? 1 : 0) + (outcome.isTimeout() ? 1 : 0) + (outcome.isFailure() ? 1 : 0);
            assertEquals(1, rates, outcome.code());
        }
        Set<Outcome> successes = Arrays.stream(Outcome.values()).filter(Outcome::isSuccess).collect(Collectors.toSet());
        assertEquals(Set.of(Outcome.VERIFIED, Outcome.VERIFIER_SPURIOUS_PASS), successes);
        assertTrue(Outcome.VERIFIER_TIMEOUT.isTimeout());
        assertFalse(Outcome.BUDGET_EXHAUSTED.isTimeout(), "deterministic limits are kept apart from timeouts");
        assertTrue(Outcome.BUDGET_EXHAUSTED.isResource());
        assertTrue(Outcome.MEMORY_LIMIT_EXCEEDED.isResource());
        assertTrue(Outcome.ABSTENTION_MOCK_MODE.isAbstention());
    }

    @Test
    void predefinedTiersHaveTheOriginBudgets() {
        assertEquals(Duration.ofSeconds(30), Tier.FAST.budget());
        assertEquals(Duration.ofSeconds(60), Tier.BALANCED.budget());
        assertEquals(Duration.ofSeconds(120), Tier.SLOW.budget());
        assertEquals(Tier.BALANCED, Tier.predefined("balanced").orElseThrow());
        assertTrue(Tier.predefined("TURBO").isEmpty());
        assertEquals(60.0, Tier.BALANCED.timeoutSeconds());
    }

    @Test
    void tiersValidateNamesBudgetsAndCopyLimits() {
        assertThrows(IllegalArgumentException.class, () -> new Tier("fast", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Tier("X", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Tier("X", Duration.ofSeconds(-1)));
        Tier limited = Tier.FAST.withLimit(Tier.LIMIT_MAX_HEARTBEATS, "400000");
        assertEquals("400000", limited.limit(Tier.LIMIT_MAX_HEARTBEATS).orElseThrow());
        assertTrue(Tier.FAST.limits().isEmpty(), "withLimit leaves the original alone");
        assertThrows(UnsupportedOperationException.class, () -> limited.limits().put("x", "y"));
    }

    @Test
    void theBuilderCopiesTheRequestAndDerivesSuccess() {
        VerificationTelemetry t = record().build();
        assertEquals("run-FAST-1", t.verificationId());
        assertEquals("FAST", t.tier());
        assertEquals(30.0, t.timeoutS());
        assertEquals("calibration_FAST", t.context());
        assertTrue(t.success());
        assertFalse(record().outcome(Outcome.VERIFIER_TIMEOUT).build().success());
        assertEquals(t, t.toBuilder().build());
        assertNull(t.planId(), "a request outside any plan leaves the plan coordinates unknown");
        assertNull(t.sampleIndex());
        assertNull(t.repeat());
    }

    @Test
    void theBuilderCopiesThePlanCoordinatesOfAPlannedRequest() {
        VerificationRequest planned = new VerificationRequest("p1-FAST-12-2", "M.A", Tier.FAST, 7, "calibration_FAST",
                "p1", 12, 2, 99);
        VerificationTelemetry t = VerificationTelemetry.builder(planned).timestamp(Instant.EPOCH)
                .outcome(Outcome.VERIFIED).durationMs(1).build();
        assertEquals("p1", t.planId());
        assertEquals(12L, t.sampleIndex());
        assertEquals(2, t.repeat());
        assertEquals(t, t.toBuilder().build());
        VerificationRequest slow = planned.forTier(Tier.SLOW, "p1-SLOW-12-2", "calibration_SLOW");
        assertEquals(List.of("p1-SLOW-12-2", "SLOW", 12L, 2, 7L, 99L), List.of(slow.verificationId(),
                slow.tier().name(), slow.sampleIndex(), slow.repeat(), slow.seed(), slow.moduleSeed()));
    }

    @Test
    void recordsRejectInconsistentValuesNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VerificationTelemetry("id", Instant.EPOCH,
                "M", "", "FAST", 30, "", Outcome.VERIFIED, false, 1, null, null, null, null, null, null, null, "",
                null, null, false, null, null, null, null, null, Map.of(), null, null, null)).getMessage()
                .contains("success=false contradicts outcome verified"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> record().durationMs(-1).build()).getMessage()
                .startsWith("durationMs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> record().durationMs(Double.NaN).build())
                .getMessage().startsWith("durationMs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> record().cpuTimeMs(-0.5).build()).getMessage()
                .startsWith("cpuTimeMs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> record().signal(0).build()).getMessage()
                .startsWith("signal"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> record().repeat(-1).build()).getMessage()
                .startsWith("repeat"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> record().sampleIndex(-1L).build())
                .getMessage().startsWith("sampleIndex"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> record().planId(" ").build()).getMessage()
                .startsWith("planId"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> record().policyConfidence(1.5).build())
                .getMessage().startsWith("policyConfidence"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> record().timeoutS(0).build()).getMessage()
                .startsWith("timeoutS"));
        assertEquals("verificationId", assertThrows(NullPointerException.class,
                () -> VerificationTelemetry.builder().timestamp(Instant.EPOCH).outcome(Outcome.VERIFIED).build())
                .getMessage());
    }

    @Test
    void longStderrIsCutAndMarked() {
        String flood = "x".repeat(100_000);
        String kept = record().stderr(flood).build().stderr();
        assertEquals(VerificationTelemetry.MAX_STDERR_CHARS, kept.length());
        assertTrue(kept.endsWith("[... truncated " + (100_000 - VerificationTelemetry.MAX_STDERR_CHARS)
                + " more characters]"), kept.substring(kept.length() - 60));
        assertEquals("short", record().stderr("short").build().stderr());
    }

    @Test
    void requestsRejectBlankIdsAndModules() {
        assertThrows(IllegalArgumentException.class, () -> new VerificationRequest(" ", "M", Tier.FAST, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new VerificationRequest("id", "", Tier.FAST, 0, ""));
        assertThrows(NullPointerException.class, () -> new VerificationRequest("id", "M", null, 0, ""));
        assertThrows(IllegalArgumentException.class,
                () -> new VerificationRequest("id", "M", Tier.FAST, 0, "", "p", -1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new VerificationRequest("id", "M", Tier.FAST, 0, "", "p", 0, -1, 0));
    }

    @Test
    void backendConfigParsesAndRejectsNamingTheKey() {
        BackendConfig config = BackendConfig.builder().set("threads", "4").add("lean_option", "a=1")
                .add("lean_option", "b=2").set("ratio", "0.5").build();
        assertEquals(4, config.getLong("threads", 1, 64).getAsLong());
        assertEquals(List.of("a=1", "b=2"), config.getAll("lean_option"));
        assertEquals(0.5, config.getDouble("ratio", 0, 1).getAsDouble());
        assertTrue(config.getLong("absent", 0, 1).isEmpty());
        assertEquals("backend setting 'lean_option' may be given once, got 2 values: [a=1, b=2]",
                assertThrows(VerifierConfigurationException.class, () -> config.get("lean_option")).getMessage());
        assertEquals("backend setting 'threads': 4 is outside [1, 2]",
                assertThrows(VerifierConfigurationException.class, () -> config.getLong("threads", 1, 2)).getMessage());
        assertEquals("backend setting 'x': 'four' is not a whole number",
                assertThrows(VerifierConfigurationException.class,
                        () -> BackendConfig.of(Map.of("x", "four")).getLong("x", 0, 9)).getMessage());
        assertEquals("unknown backend setting 'ratio'; known: lean_option, threads",
                assertThrows(VerifierConfigurationException.class,
                        () -> config.requireOnlyKeys(List.of("threads", "lean_option"))).getMessage());
        BackendConfig three = BackendConfig.of(Map.of("b", "1", "a", "2", "c", "3"));
        assertEquals("unknown mock backend settings 'a', 'b' and 'c'; known: crash_rate, delay_ms",
                assertThrows(VerifierConfigurationException.class,
                        () -> three.requireOnlyKeys("mock", List.of("delay_ms", "crash_rate"))).getMessage());
    }
}
