package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Found by the YAML round-trip property: a fit whose covariance overflows must be "not fitted", not a crash. */
class DegenerateOptimumTest {
    @Test
    void anOverflowingCovarianceMakesTheFamilyNotFitted() {
        double[] durations = {0.3, 0.0, 4.9E-324, 0.3, 1.0E-300};
        boolean[] censored = {true, true, false, true, false};
        DurationDistributionFit fit = DurationFitter.fit(durations, censored, FitOptions.defaults());
        for (CandidateFit candidate : fit.candidates().values()) {
            if (candidate instanceof CandidateFit.Fitted fitted) {
                assertTrue(fitted.covariance().stream().flatMap(java.util.List::stream).allMatch(Double::isFinite));
                assertDoesNotThrow(fitted::distribution);
            }
        }
        assertDoesNotThrow(() -> TimeoutBudgets.curve(Samples.evidence("T", 0.3, fit),
                TimeoutBudgets.defaultGrid(0.3)));
    }
}
