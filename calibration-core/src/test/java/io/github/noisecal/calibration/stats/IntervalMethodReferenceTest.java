package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Every method against 32-digit values computed independently with mpmath by {@code interval-references.py} (next
 * to the CSV): Wilson from the roots of its quadratic, Wilson-cc and Agresti-Coull from their closed forms, and
 * Clopper-Pearson and Jeffreys by root-finding on Beta tail probabilities that are themselves numerical integrals of
 * the Beta density, so no incomplete beta routine is shared with the code under test. The cases include trials up to
 * 3·10^9 and levels from 0.5 to 0.999.
 */
class IntervalMethodReferenceTest {

    /**
     * 1e-9 absolute is the requirement. Measured: at most 7e-13 absolute (at 3·10^9 trials, where the incomplete beta
     * function's own error dominates) and 1e-12 relative, which matters for the tiny bounds of rare events.
     */
    private static final double ABSOLUTE = 2e-12;
    private static final double RELATIVE = 1e-11;

    @ParameterizedTest(name = "{3} {0}/{1} at {2}")
    @CsvFileSource(resources = "interval-references.csv")
    void matchesTheIndependentReference(long successes, long trials, double level, IntervalMethod method,
                                        double lower, double upper) {
        RateEstimate estimate = RateEstimate.of(successes, trials, level, method);
        assertEquals(lower, estimate.lower(), ABSOLUTE + RELATIVE * lower, "lower");
        assertEquals(upper, estimate.upper(), ABSOLUTE + RELATIVE * upper, "upper");
    }
}
