package io.github.noisecal.telemetry.mock;

import static io.github.noisecal.telemetry.Outcome.PROOF_INCOMPLETE;
import static io.github.noisecal.telemetry.Outcome.PROOF_INVALID;
import static io.github.noisecal.telemetry.Outcome.VERIFIED;
import static io.github.noisecal.telemetry.Outcome.VERIFIER_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MockProfileTest {

    private static MockProfile fromSettings(String... keyValues) {
        BackendConfig.Builder config = BackendConfig.builder();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.set(keyValues[i], keyValues[i + 1]);
        }
        return MockProfile.fromConfig(config.build());
    }

    @Nested
    @DisplayName("The default profile")
    class DefaultProfile {

        @Test
        @DisplayName("has the origin plan's timeout and proof_invalid rates per tier")
        void originPlanRates() {
            MockProfile profile = MockProfile.defaultProfile();
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.20, PROOF_INVALID, 0.10), profile.ratesFor("FAST"));
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.10, PROOF_INVALID, 0.05), profile.ratesFor("BALANCED"));
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.05, PROOF_INVALID, 0.02), profile.ratesFor("SLOW"));
        }

        @Test
        @DisplayName("gives a tier it does not name the default entry")
        void unnamedTierUsesDefaultEntry() {
            MockProfile profile = MockProfile.defaultProfile();
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.10, PROOF_INVALID, 0.05), profile.defaultRates());
            assertSame(profile.defaultRates(), profile.ratesFor("OVERNIGHT"));
        }

        @Test
        @DisplayName("is what an empty configuration gives")
        void emptyConfig() {
            assertEquals(MockProfile.defaultProfile(), MockProfile.fromConfig(BackendConfig.empty()));
        }
    }

    @Nested
    @DisplayName("The builder")
    class Building {

        @Test
        @DisplayName("starts empty, so every tier verifies everything")
        void emptyBuilder() {
            MockProfile profile = MockProfile.builder().build();
            assertEquals(Map.of(), profile.tierRates());
            assertEquals(Map.of(), profile.ratesFor("FAST"));
        }

        @Test
        @DisplayName("round-trips a profile and drops zero rates")
        void roundTrip() {
            MockProfile profile = MockProfile.defaultProfile().toBuilder()
                    .rate("FAST", PROOF_INVALID, 0).rate("HUGE", PROOF_INCOMPLETE, 0.3).build();
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.20), profile.ratesFor("FAST"));
            assertEquals(Map.of(PROOF_INCOMPLETE, 0.3), profile.ratesFor("HUGE"));
            assertEquals(profile, profile.toBuilder().build());
        }

        @Test
        @DisplayName("copies what it is given, so later changes to the builder or the map do not leak in")
        void immutable() {
            var rates = new EnumMap<Outcome, Double>(Outcome.class);
            rates.put(VERIFIER_TIMEOUT, 0.4);
            MockProfile.Builder builder = MockProfile.builder().tier("FAST", rates);
            MockProfile profile = builder.build();
            rates.put(PROOF_INVALID, 0.1);
            builder.rate("FAST", VERIFIER_TIMEOUT, 0.9);
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.4), profile.ratesFor("FAST"));
            assertThrows(UnsupportedOperationException.class, () -> profile.ratesFor("FAST").put(PROOF_INVALID, 0.1));
            assertThrows(UnsupportedOperationException.class, () -> profile.tierRates().remove("FAST"));
        }

        @Test
        @DisplayName("accepts rates whose decimal sum is 1 up to rounding")
        void sumOfOneWithRounding() {
            MockProfile profile = MockProfile.builder().rate("FAST", VERIFIER_TIMEOUT, 0.7)
                    .rate("FAST", PROOF_INVALID, 0.2).rate("FAST", PROOF_INCOMPLETE, 0.1).build();
            assertEquals(3, profile.ratesFor("FAST").size());
        }

        @Test
        @DisplayName("rejects a rate outside [0, 1], naming it")
        void rateOutOfRange() {
            var thrown = assertThrows(IllegalArgumentException.class,
                    () -> MockProfile.builder().rate("FAST", VERIFIER_TIMEOUT, 1.5).build());
            assertEquals("rate.FAST.verifier_timeout: the rate 1.5 is outside [0, 1]", thrown.getMessage());
            var nan = assertThrows(IllegalArgumentException.class,
                    () -> MockProfile.builder().defaultRate(PROOF_INVALID, Double.NaN).build());
            assertEquals("rate.default.proof_invalid: the rate NaN is outside [0, 1]", nan.getMessage());
        }

        @Test
        @DisplayName("rejects a rate for verified, which is the remainder")
        void verifiedRate() {
            var thrown = assertThrows(IllegalArgumentException.class,
                    () -> MockProfile.builder().rate("SLOW", VERIFIED, 0.9).build());
            assertEquals("rate.SLOW.verified: verified takes the probability the other outcomes leave,"
                    + " so it has no rate of its own", thrown.getMessage());
        }

        @Test
        @DisplayName("rejects rates of one tier summing above 1")
        void sumAboveOne() {
            var thrown = assertThrows(IllegalArgumentException.class, () -> MockProfile.builder()
                    .rate("FAST", VERIFIER_TIMEOUT, 0.7).rate("FAST", PROOF_INVALID, 0.5).build());
            assertEquals("rate.FAST.*: the rates sum to 1.2, more than 1: {proof_invalid=0.5, verifier_timeout=0.7}",
                    thrown.getMessage());
        }

        @Test
        @DisplayName("rejects a name that no tier can have")
        void badTierName() {
            var thrown = assertThrows(IllegalArgumentException.class,
                    () -> MockProfile.builder().rate("fast", VERIFIER_TIMEOUT, 0.1).build());
            assertEquals("'fast' is not a tier name: use upper-case letters, digits and '_', starting with a letter,"
                    + " such as FAST", thrown.getMessage());
        }
    }

    @Nested
    @DisplayName("Backend settings")
    class Settings {

        @Test
        @DisplayName("override single rates and keep the others of the default profile")
        void overrideOneRate() {
            MockProfile profile = fromSettings("rate.FAST.verifier_timeout", "0.3");
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.3, PROOF_INVALID, 0.10), profile.ratesFor("FAST"));
            assertEquals(MockProfile.defaultProfile().ratesFor("SLOW"), profile.ratesFor("SLOW"));
            assertEquals(MockProfile.defaultProfile().defaultRates(), profile.defaultRates());
        }

        @Test
        @DisplayName("add outcomes, and remove them with a rate of 0")
        void addAndRemoveOutcomes() {
            MockProfile profile = fromSettings("rate.BALANCED.proof_incomplete", "0.01",
                    "rate.BALANCED.proof_invalid", "0", "rate.SLOW.verifier_timeout", " 0.07 ");
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.10, PROOF_INCOMPLETE, 0.01), profile.ratesFor("BALANCED"));
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.07, PROOF_INVALID, 0.02), profile.ratesFor("SLOW"));
        }

        @Test
        @DisplayName("rate.default.* changes the entry of unnamed tiers, and a new tier starts from it")
        void defaultEntryAndNewTier() {
            MockProfile profile = fromSettings("rate.default.verifier_timeout", "0.3",
                    "rate.OVERNIGHT.proof_invalid", "0.01");
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.3, PROOF_INVALID, 0.05), profile.ratesFor("UNNAMED"));
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.3, PROOF_INVALID, 0.01), profile.ratesFor("OVERNIGHT"));
            assertEquals(Map.of(VERIFIER_TIMEOUT, 0.20, PROOF_INVALID, 0.10), profile.ratesFor("FAST"));
        }

        @ParameterizedTest(name = "{0}={1}")
        @DisplayName("are rejected with a message naming the setting")
        @CsvSource(delimiter = '|', textBlock = """
                seed                          | 1    | unknown mock backend setting 'seed'; its settings are rate.<TIER>.<outcome_code>, such as rate.FAST.verifier_timeout, with <TIER> a tier name or 'default'
                rate.FAST                     | 0.1  | unknown mock backend setting 'rate.FAST'; its settings are rate.<TIER>.<outcome_code>, such as rate.FAST.verifier_timeout, with <TIER> a tier name or 'default'
                rates.FAST.verifier_timeout   | 0.1  | unknown mock backend setting 'rates.FAST.verifier_timeout'; its settings are rate.<TIER>.<outcome_code>, such as rate.FAST.verifier_timeout, with <TIER> a tier name or 'default'
                rate.FAST.verifier.timeout    | 0.1  | unknown mock backend setting 'rate.FAST.verifier.timeout'; its settings are rate.<TIER>.<outcome_code>, such as rate.FAST.verifier_timeout, with <TIER> a tier name or 'default'
                rate.fast.verifier_timeout    | 0.1  | backend setting 'rate.fast.verifier_timeout': 'fast' is neither 'default' nor a tier name (upper-case letters, digits and '_', such as FAST)
                rate.FAST.timeout             | 0.1  | backend setting 'rate.FAST.timeout': unknown outcome code 'timeout'; known codes: proof_invalid, proof_incomplete, verifier_timeout, verifier_spurious_fail, verifier_spurious_pass, verifier_internal_error, budget_exhausted, memory_limit_exceeded, abstention_mock_mode, abstention_controlled_only
                rate.FAST.verified            | 0.7  | backend setting 'rate.FAST.verified': verified takes the probability the other outcomes leave, so it has no rate of its own
                rate.FAST.verifier_timeout    | high | backend setting 'rate.FAST.verifier_timeout': 'high' is not a number
                rate.FAST.verifier_timeout    | 1.5  | backend setting 'rate.FAST.verifier_timeout': 1.5 is outside [0.0, 1.0]
                rate.default.proof_invalid    | -0.1 | backend setting 'rate.default.proof_invalid': -0.1 is outside [0.0, 1.0]
                rate.SLOW.proof_invalid       | NaN  | backend setting 'rate.SLOW.proof_invalid': NaN is outside [0.0, 1.0]
                rate.FAST.verifier_timeout    | 0.95 | backend settings rate.FAST.*: the rates sum to 1.05, more than 1: {proof_invalid=0.1, verifier_timeout=0.95}; rates not set keep the default profile's value
                """)
        void badSetting(String key, String value, String message) {
            var thrown = assertThrows(VerifierConfigurationException.class, () -> fromSettings(key, value));
            assertEquals(message, thrown.getMessage());
        }

        @Test
        @DisplayName("given twice are rejected")
        void repeatedSetting() {
            BackendConfig config = BackendConfig.builder().add("rate.FAST.verifier_timeout", "0.1")
                    .add("rate.FAST.verifier_timeout", "0.2").build();
            var thrown = assertThrows(VerifierConfigurationException.class, () -> MockProfile.fromConfig(config));
            assertTrue(thrown.getMessage().startsWith("backend setting 'rate.FAST.verifier_timeout' may be given once"),
                    thrown.getMessage());
        }

        @Test
        @DisplayName("summing above 1 in the default entry are rejected")
        void defaultEntrySumAboveOne() {
            var thrown = assertThrows(VerifierConfigurationException.class,
                    () -> fromSettings("rate.default.proof_invalid", "0.95"));
            assertTrue(thrown.getMessage().startsWith("backend settings rate.default.*: the rates sum to 1.05"),
                    thrown.getMessage());
        }
    }
}
