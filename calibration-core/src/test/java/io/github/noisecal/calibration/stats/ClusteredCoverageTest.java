package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded coverage of the module-clustered intervals with a known module effect (beta-binomial, see
 * {@link ClusteredCoverage}): 10 runs per module, intra-module correlation 0.05, 0.3 and 0.9, true rates 0.05, 0.2
 * and 0.5. Few replicates keep this quick; {@code bench/coverage.sh} runs the README's table with 10,000.
 */
class ClusteredCoverageTest {
    private static final double[] ICCS = {0.05, 0.3, 0.9};
    private static final double[] RATES = {0.05, 0.2, 0.5};
    private static final int RUNS_PER_MODULE = 10;

    static long seed(int modules, double icc, double rate) {
        return 0x5EED_0000L + modules * 1_000_000L + Math.round(icc * 100) * 1_000 + Math.round(rate * 100);
    }

    @Test
    void theWilsonIntervalCoversNearNominalFromThirtyModulesOn() {
        List<String> failures = new ArrayList<>();
        for (int modules : new int[] {30, 300}) {
            for (double icc : ICCS) {
                for (double rate : RATES) {
                    ClusteredCoverage.Cell cell = ClusteredCoverage.rate(modules, RUNS_PER_MODULE, icc, rate, 1000,
                            seed(modules, icc, rate), IntervalMethod.WILSON);
                    if (!(cell.coverage() >= 0.92 && cell.coverage() <= 0.985)) {
                        failures.add(cell.toString());
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> "coverage outside [0.92, 0.985]: " + failures);
    }

    /** Three modules cannot support a claim about a population of proofs; the interval says so by its width. */
    @Test
    void withThreeModulesTheIntervalIsHonestByBeingWide() {
        for (double icc : ICCS) {
            for (double rate : RATES) {
                ClusteredCoverage.Cell cell = ClusteredCoverage.rate(3, RUNS_PER_MODULE, icc, rate, 300,
                        seed(3, icc, rate), IntervalMethod.WILSON);
                assertTrue(cell.coverage() >= 0.95 && cell.meanWidth() > 0.8, cell::toString);
            }
        }
    }

    /** The problem the clustered interval solves: the interval over runs, read as one over proofs, misses. */
    @Test
    void theIntervalOverRunsFailsAsAnIntervalOverProofs() {
        ClusteredCoverage.Cell cell = ClusteredCoverage.runs(300, RUNS_PER_MODULE, 0.3, 0.2, 400, 1);
        assertTrue(cell.coverage() < 0.7, cell::toString);
        ClusteredCoverage.Cell unclustered = ClusteredCoverage.runs(300, RUNS_PER_MODULE, 0.001, 0.2, 400, 2);
        assertTrue(unclustered.coverage() > 0.92, unclustered::toString);
    }

    /**
     * The other interval methods on the hardest cells, 30 modules with strong module effects. Jeffreys' interval is
     * the least conservative of them at a low rate (it covers about 0.91 at ICC 0.3, rate 0.05; README).
     */
    @Test
    void everyMethodCoversNearNominalAtThirtyModules() {
        List<String> failures = new ArrayList<>();
        for (IntervalMethod method : IntervalMethod.values()) {
            double floor = method == IntervalMethod.JEFFREYS ? 0.87 : 0.92;
            for (double icc : new double[] {0.3, 0.9}) {
                for (double rate : new double[] {0.05, 0.5}) {
                    ClusteredCoverage.Cell cell = ClusteredCoverage.rate(30, RUNS_PER_MODULE, icc, rate, 400,
                            seed(30, icc, rate) + method.ordinal(), method);
                    if (!(cell.coverage() >= floor)) {
                        failures.add(method.id() + " " + cell);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> "coverage below the floor: " + failures);
    }

    /**
     * With three or more runs per module the flip-rate interval covers near nominal. With two it is the method's
     * binomial interval over modules, so it covers as that interval does at the true flip rate, dips included
     * (Wilson over 30 modules covers 0.90 at a flip rate of 0.018): the simulation must agree with the exact
     * binomial coverage within Monte Carlo error.
     */
    @Test
    void theFlipRateIntervalCoversNearNominal() {
        List<String> failures = new ArrayList<>();
        for (int modules : new int[] {30, 300}) {
            for (int runs : new int[] {2, 3, 10}) {
                for (double icc : new double[] {0.3, 0.9}) {
                    for (double rate : new double[] {0.5, 0.9}) {
                        ClusteredCoverage.Cell cell = ClusteredCoverage.flipRate(modules, runs, icc, rate, 300,
                                seed(modules, icc, rate) + runs, IntervalMethod.WILSON);
                        double exact = IntervalCoverageTableTest.exactCoverage(IntervalMethod.WILSON, modules,
                                cell.rate());
                        double floor = runs == 2 ? exact - 0.05 : 0.92;
                        boolean binomial = runs != 2 || Math.abs(cell.coverage() - exact) <= 0.05;
                        if (!(cell.coverage() >= floor) || !binomial) {
                            failures.add(cell + (runs == 2 ? " exact binomial coverage " + exact : ""));
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> "flip-rate coverage off: " + failures);
    }
}
