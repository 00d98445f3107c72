package io.github.noisecal.telemetry.mock;

import static io.github.noisecal.telemetry.Outcome.PROOF_INCOMPLETE;
import static io.github.noisecal.telemetry.Outcome.PROOF_INVALID;
import static io.github.noisecal.telemetry.Outcome.VERIFIED;
import static io.github.noisecal.telemetry.Outcome.VERIFIER_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import java.time.Duration;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Tiers are paired through the seed's latent uniform: timeouts nest across tiers, and each outcome owns a slice of
 * the latent in the documented order (timeout, then the others in declaration order, then verified).
 */
class MockBackendNestingProperties {

    private static final Tier A = new Tier("A", Duration.ofSeconds(10));
    private static final Tier B = new Tier("B", Duration.ofSeconds(20));

    private static Outcome outcome(MockProfile profile, Tier tier, long seed) {
        return new MockBackend(profile).verify(new VerificationRequest("v", "M", tier, seed, "")).outcome();
    }

    @Example
    void defaultProfileNestsTimeoutsFromSlowToFast() {
        MockBackend mock = new MockBackend(MockProfile.defaultProfile());
        int slowTimeouts = 0;
        int fastTimeouts = 0;
        for (long seed = 0; seed < 200_000; seed++) {
            boolean slow = timesOut(mock, Tier.SLOW, seed);
            boolean balanced = timesOut(mock, Tier.BALANCED, seed);
            boolean fast = timesOut(mock, Tier.FAST, seed);
            long s = seed;
            assertTrue(!slow || balanced, () -> "seed " + s + " timed out in SLOW but not in BALANCED");
            assertTrue(!balanced || fast, () -> "seed " + s + " timed out in BALANCED but not in FAST");
            slowTimeouts += slow ? 1 : 0;
            fastTimeouts += fast ? 1 : 0;
        }
        // Under independence only 5% of FAST timeouts would also time out in SLOW; nested, it is 0.05 / 0.20.
        assertEquals(0.25, slowTimeouts / (double) fastTimeouts, 0.01);
    }

    private static boolean timesOut(MockBackend mock, Tier tier, long seed) {
        return mock.verify(new VerificationRequest("v", "M", tier, seed, "")).outcome() == VERIFIER_TIMEOUT;
    }

    @Property
    void aTimeoutInATierImpliesATimeoutInEveryTierWithAHigherTimeoutRate(@ForAll long seed,
            @ForAll @DoubleRange(min = 0, max = 0.3) double lowerTimeoutRate,
            @ForAll @DoubleRange(min = 0, max = 0.3) double extraTimeoutRate,
            @ForAll @DoubleRange(min = 0, max = 0.4) double failRateA,
            @ForAll @DoubleRange(min = 0, max = 0.4) double failRateB) {
        MockProfile profile = MockProfile.builder()
                .rate("A", VERIFIER_TIMEOUT, lowerTimeoutRate + extraTimeoutRate).rate("A", PROOF_INVALID, failRateA)
                .rate("B", VERIFIER_TIMEOUT, lowerTimeoutRate).rate("B", PROOF_INCOMPLETE, failRateB)
                .build();
        boolean timesOutInB = outcome(profile, B, seed) == VERIFIER_TIMEOUT;
        boolean timesOutInA = outcome(profile, A, seed) == VERIFIER_TIMEOUT;
        assertTrue(!timesOutInB || timesOutInA, "timed out in B, whose timeout rate is lower, but not in A");
    }

    @Property
    void outcomesTakeConsecutiveSlicesOfTheLatentInTheDocumentedOrder(@ForAll long seed,
            @ForAll @DoubleRange(min = 0, max = 0.33) double timeout,
            @ForAll @DoubleRange(min = 0, max = 0.33) double invalid,
            @ForAll @DoubleRange(min = 0, max = 0.33) double incomplete) {
        // Given in reverse order, to show that the draw order does not follow the order rates were set in.
        MockProfile profile = MockProfile.builder().rate("A", PROOF_INCOMPLETE, incomplete)
                .rate("A", PROOF_INVALID, invalid).rate("A", VERIFIER_TIMEOUT, timeout).build();
        Outcome outcome = outcome(profile, A, seed);
        assertEquals(outcome == VERIFIER_TIMEOUT, timesOutWithRate(timeout, seed));
        assertEquals(outcome == VERIFIER_TIMEOUT || outcome == PROOF_INVALID,
                timesOutWithRate(timeout + invalid, seed));
        assertEquals(outcome != VERIFIED, timesOutWithRate(timeout + invalid + incomplete, seed));
    }

    private static boolean timesOutWithRate(double rate, long seed) {
        MockProfile onlyTimeouts = MockProfile.builder().rate("A", VERIFIER_TIMEOUT, rate).build();
        return outcome(onlyTimeouts, A, seed) == VERIFIER_TIMEOUT;
    }
}
