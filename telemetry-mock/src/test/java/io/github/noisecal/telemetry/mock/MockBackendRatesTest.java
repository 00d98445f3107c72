package io.github.noisecal.telemetry.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over many seeds the mock reproduces its profile: outcome frequencies within binomial tolerance of the rates,
 * uniform durations, and durations independent of the outcome and of other tiers. Checked for consecutive seeds (the
 * hardest case for a weak mixer) and for seeds drawn like a calibration planner's.
 */
class MockBackendRatesTest {

    private static final int SAMPLES = 200_000;
    /** Standard errors allowed; the seeds are fixed, so this never flakes, and 4 keeps real bias visible. */
    private static final double SIGMAS = 4;
    private static final Tier OVERNIGHT = new Tier("OVERNIGHT", Duration.ofHours(1));

    private final MockBackend mock = new MockBackend(MockProfile.defaultProfile());

    static Stream<Arguments> seedFamilies() {
        long[] drawn = new SplittableRandom(20261127).longs(SAMPLES).toArray();
        return Stream.of(
                Arguments.of("consecutive seeds", (LongUnaryOperator) i -> i),
                Arguments.of("random seeds", (LongUnaryOperator) i -> drawn[(int) i]));
    }

    private VerificationTelemetry verify(Tier tier, long seed) {
        return mock.verify(new VerificationRequest("v", "M", tier, seed, ""));
    }

    private static void assertNear(double expected, double actual, double standardError, String what) {
        assertTrue(Math.abs(actual - expected) <= SIGMAS * standardError, () -> what + ": expected " + expected
                + " within " + SIGMAS + " standard errors (" + standardError + "), got " + actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedFamilies")
    @DisplayName("outcome frequencies match the default profile in every tier, and the default entry elsewhere")
    void outcomeFrequencies(String family, LongUnaryOperator seeds) {
        for (Tier tier : new Tier[] {Tier.FAST, Tier.BALANCED, Tier.SLOW, OVERNIGHT}) {
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            for (int i = 0; i < SAMPLES; i++) {
                counts.merge(verify(tier, seeds.applyAsLong(i)).outcome(), 1, Integer::sum);
            }
            Map<Outcome, Double> rates = MockProfile.defaultProfile().ratesFor(tier.name());
            double verifiedRate = 1 - rates.values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(java.util.Set.of(Outcome.VERIFIER_TIMEOUT, Outcome.PROOF_INVALID, Outcome.VERIFIED),
                    counts.keySet(), tier.name());
            for (var entry : counts.entrySet()) {
                double p = entry.getKey() == Outcome.VERIFIED ? verifiedRate : rates.get(entry.getKey());
                assertNear(p, entry.getValue() / (double) SAMPLES, Math.sqrt(p * (1 - p) / SAMPLES),
                        family + ", " + tier.name() + " " + entry.getKey());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedFamilies")
    @DisplayName("durations of non-timeouts are uniform on [1 s, 30 s] and do not depend on the outcome")
    void durationsAreUniformAndIndependentOfOutcome(String family, LongUnaryOperator seeds) {
        int bins = 10;
        int[] histogram = new int[bins];
        int nonTimeouts = 0;
        Map<Outcome, double[]> sumAndCount = new EnumMap<>(Outcome.class);
        for (int i = 0; i < SAMPLES; i++) {
            VerificationTelemetry record = verify(Tier.FAST, seeds.applyAsLong(i));
            if (record.outcome() != Outcome.VERIFIER_TIMEOUT) {
                nonTimeouts++;
                histogram[(int) ((record.durationMs() - 1_000) / 29_000 * bins)]++;
                double[] acc = sumAndCount.computeIfAbsent(record.outcome(), o -> new double[2]);
                acc[0] += record.durationMs();
                acc[1]++;
            }
        }
        double binShare = 1.0 / bins;
        for (int bin = 0; bin < bins; bin++) {
            assertNear(binShare, histogram[bin] / (double) nonTimeouts,
                    Math.sqrt(binShare * (1 - binShare) / nonTimeouts), family + ", duration decile " + bin);
        }
        double uniformSd = 29_000 / Math.sqrt(12);
        for (var entry : sumAndCount.entrySet()) {
            double n = entry.getValue()[1];
            assertNear(15_500, entry.getValue()[0] / n, uniformSd / Math.sqrt(n),
                    family + ", mean duration of " + entry.getKey());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedFamilies")
    @DisplayName("the durations of one seed in two tiers are uncorrelated")
    void durationsAcrossTiersAreUncorrelated(String family, LongUnaryOperator seeds) {
        double sumX = 0, sumY = 0, sumXX = 0, sumYY = 0, sumXY = 0;
        int n = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long seed = seeds.applyAsLong(i);
            VerificationTelemetry fast = verify(Tier.FAST, seed);
            VerificationTelemetry balanced = verify(Tier.BALANCED, seed);
            if (fast.outcome() != Outcome.VERIFIER_TIMEOUT && balanced.outcome() != Outcome.VERIFIER_TIMEOUT) {
                double x = fast.durationMs(), y = balanced.durationMs();
                sumX += x; sumY += y; sumXX += x * x; sumYY += y * y; sumXY += x * y;
                n++;
            }
        }
        double covariance = sumXY / n - (sumX / n) * (sumY / n);
        double correlation = covariance / Math.sqrt((sumXX / n - sumX * sumX / n / n) * (sumYY / n - sumY * sumY / n / n));
        assertNear(0, correlation, 1 / Math.sqrt(n), family + ", correlation of FAST and BALANCED durations");
    }
}
