package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact coverage, {@code sum over x of pmf(x; n, p) * [p in CI(x)]}, on grids of p: deterministic, no simulation.
 */
class IntervalMethodCoverageTest {

    /** 1999 equally spaced values 0.0005, 0.0010, ..., 0.9995 (the grid of the reference notes' coverage table). */
    private static final double[] GRID = DoubleStream.iterate(0.0005, p -> p + 0.0005).limit(1999).toArray();

    /** Extra points near 0 and 1, where the coverage of every method is most fragile. */
    private static final double[] EDGES = DoubleStream.concat(
            DoubleStream.iterate(1e-5, p -> p * 1.25).takeWhile(p -> p < 0.02),
            DoubleStream.iterate(1e-5, p -> p * 1.25).takeWhile(p -> p < 0.02).map(p -> 1 - p)).toArray();

    private static final int[] SIZES = {1, 2, 3, 5, 10, 17, 30, 50, 100, 250, 1000};

    private static double[] coverage(IntervalMethod method, int n, double level, double[] rates) {
        double[] lower = new double[n + 1];
        double[] upper = new double[n + 1];
        for (int x = 0; x <= n; x++) {
            RateEstimate estimate = RateEstimate.of(x, n, level, method);
            lower[x] = estimate.lower();
            upper[x] = estimate.upper();
        }
        double[] coverage = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            double p = rates[i];
            BinomialDistribution binomial = BinomialDistribution.of(n, p);
            for (int x = 0; x <= n; x++) {
                if (lower[x] <= p && p <= upper[x]) {
                    coverage[i] += binomial.probability(x);
                }
            }
        }
        return coverage;
    }

    private static double[] gridAndEdges() {
        return DoubleStream.concat(Arrays.stream(GRID), Arrays.stream(EDGES)).toArray();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.8, 0.9, 0.95, 0.99})
    void clopperPearsonNeverCoversLessThanNominal(double level) {
        double[] rates = gridAndEdges();
        for (int n : SIZES) {
            double[] coverage = coverage(IntervalMethod.CLOPPER_PEARSON, n, level, rates);
            int worst = argMin(coverage);
            assertTrue(coverage[worst] >= level - 1e-9,
                    "n=" + n + " p=" + rates[worst] + " coverage " + coverage[worst]);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.8, 0.9, 0.95})
    void wilsonContinuityCorrectionCoversAtLeastNominalOnTheGrid(double level) {
        for (int n : new int[] {10, 30, 100, 300, 1000}) {
            double[] coverage = coverage(IntervalMethod.WILSON_CC, n, level, GRID);
            int worst = argMin(coverage);
            assertTrue(coverage[worst] >= level - 1e-9,
                    "n=" + n + " p=" + GRID[worst] + " coverage " + coverage[worst]);
        }
    }

    @Test
    void wilsonContinuityCorrectionFallsShortBelowItsLowerBoundAtOneSuccess() {
        // At 99% and n = 10 the corrected lower bound at x = 1 is 0.0033; p = 0.002 is covered by x = 0 alone.
        double p = 0.002;
        assertTrue(RateEstimate.of(1, 10, 0.99, IntervalMethod.WILSON_CC).lower() > p);
        double coverage = coverage(IntervalMethod.WILSON_CC, 10, 0.99, new double[] {p})[0];
        assertAll(
                () -> assertEquals(Math.pow(1 - p, 10), coverage, 1e-12),
                () -> assertTrue(coverage < 0.99));
    }

    /** Wilson, Jeffreys and Agresti-Coull aim at nominal coverage on average, not at every p. */
    @ParameterizedTest
    @CsvSource({
        "WILSON, 30", "WILSON, 100", "WILSON, 1000",
        "JEFFREYS, 30", "JEFFREYS, 100", "JEFFREYS, 1000",
        "AGRESTI_COULL, 30", "AGRESTI_COULL, 100", "AGRESTI_COULL, 1000",
    })
    void averageCoverageIsCloseToNominal(IntervalMethod method, int n) {
        double mean = Arrays.stream(coverage(method, n, 0.95, GRID)).average().orElseThrow();
        assertTrue(mean >= 0.94 && mean <= 0.965, method + " n=" + n + " mean coverage " + mean);
    }

    private static int argMin(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }
}
