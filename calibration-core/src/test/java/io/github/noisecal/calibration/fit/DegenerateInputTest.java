package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Samples that cannot be fitted give a reason for every family, never NaN or an exception. */
class DegenerateInputTest {

    private static DurationDistributionFit fit(double[] durations, boolean[] censored) {
        return DurationFitter.fit(durations, censored, FitOptions.defaults());
    }

    private static void assertNothingFitted(DurationDistributionFit fit, String reasonPart) {
        assertNull(fit.best());
        assertTrue(fit.tieWith().isEmpty());
        assertEquals(4, fit.candidates().size());
        for (CandidateFit candidate : fit.candidates().values()) {
            CandidateFit.NotFitted notFitted = (CandidateFit.NotFitted) candidate;
            assertTrue(notFitted.reason().contains(reasonPart), notFitted.reason());
        }
    }

    @Test
    void fewerThanTwoEvents() {
        DurationDistributionFit fit = fit(new double[] {3, 60, 60}, new boolean[] {false, true, true});
        assertNothingFitted(fit, "at least 2 uncensored durations");
        assertEquals(1, fit.nEvents());
        assertEquals(2, fit.nCensored());
        assertEquals(60.0, fit.censoredAtMs());
    }

    @Test
    void allCensored() {
        assertNothingFitted(fit(new double[] {60, 60}, new boolean[] {true, true}), "all 2 samples were censored");
    }

    @Test
    void allEventsEqual() {
        assertNothingFitted(fit(new double[] {7, 7, 7, 60}, new boolean[] {false, false, false, true}), "equal 7.0 ms");
    }

    @Test
    void allZeroDurationsAreEqualAfterTheHalfMillisecondRule() {
        assertNothingFitted(fit(new double[] {0, 0, 0}, new boolean[3]), "equal 0.5 ms");
    }

    /** Readings of 0 on a millisecond clock are runs that ended within its first tick: instant ends, set apart. */
    @Test
    void zeroReadingsAreInstantEndsAndTheFamiliesFitTheRest() {
        double[] withZeros = {0, 0, 3, 5, 8, 12, 20, 40, 60};
        boolean[] censored = {false, false, false, false, false, false, false, false, true};
        DurationDistributionFit a = fit(withZeros, censored);
        assertEquals(1.0, a.resolutionMs());
        assertEquals(new InstantEnds(2, 1, 0.5, 9), a.instantEnds());
        assertEquals(8, a.nEvents());
        assertTrue(a.best() != null);
        // The families see the six other finished runs and the timeout, truncated at half a tick.
        double[] rest = {3, 5, 8, 12, 20, 40, 60};
        boolean[] restCensored = {false, false, false, false, false, false, true};
        CensoredSample truncated = CensoredSample.of(rest, restCensored).truncatedAt(0.5);
        for (DistributionFamily family : DistributionFamily.values()) {
            CandidateFit.Fitted fitted = Samples.fitted(a, family);
            double[] internal = family.maths().toInternal(Samples.values(fitted));
            // log-likelihood = the truncated family part + 2 ln(2/9) + 7 ln(7/9)
            double instantPart = 2 * Math.log(2.0 / 9) + 7 * Math.log(7.0 / 9);
            assertEquals(family.maths().objective(truncated, internal) + instantPart, fitted.logLikelihood(), 1e-9,
                    family.key());
        }
    }

    @Test
    void nonFiniteAndNegativeDurations() {
        assertNothingFitted(fit(new double[] {1, Double.NaN, 3}, new boolean[3]), "durationsMs[1] is not finite");
        assertNothingFitted(fit(new double[] {1, 2, Double.POSITIVE_INFINITY}, new boolean[3]), "durationsMs[2] is not finite");
        assertNothingFitted(fit(new double[] {1, -2, 3}, new boolean[3]), "durationsMs[1] is negative");
    }

    @Test
    void noSamples() {
        assertNothingFitted(fit(new double[0], new boolean[0]), "no samples");
    }

    @Test
    void mismatchedLengthsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fit(new double[] {1, 2, 3}, new boolean[2]));
        assertTrue(e.getMessage().contains("durationsMs has 3 entries but censored has 2"));
    }

    @Test
    void twoDistinctEventsAreEnoughForEveryFamily() {
        DurationDistributionFit fit = fit(new double[] {2, 5}, new boolean[2]);
        for (CandidateFit candidate : fit.candidates().values()) {
            assertTrue(candidate instanceof CandidateFit.Fitted, candidate.toString());
        }
        assertNull(((CandidateFit.Fitted) fit.candidates().get("gamma")).aicc(), "n = 2 leaves AICc undefined");
    }
}
