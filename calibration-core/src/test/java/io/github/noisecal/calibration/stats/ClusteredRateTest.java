package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The module-clustered interval on data whose answer is known. */
class ClusteredRateTest {

    /** Modules of the given sizes, the first {@code events[j]} runs of module j timing out. */
    static ModuleGroups groups(int[] sizes, int[] events) {
        int slots = 0;
        for (int size : sizes) {
            slots += size;
        }
        int[] moduleOf = new int[slots];
        boolean[] timeout = new boolean[slots];
        for (int j = 0, slot = 0; j < sizes.length; j++) {
            for (int i = 0; i < sizes[j]; i++, slot++) {
                moduleOf[slot] = j;
                timeout[slot] = i < events[j];
            }
        }
        return ModuleGroups.of(slots, sizes.length, slot -> moduleOf[slot],
                slot -> timeout[slot] ? Outcome.VERIFIER_TIMEOUT : Outcome.VERIFIED);
    }

    private static int[] filled(int length, int value) {
        int[] array = new int[length];
        java.util.Arrays.fill(array, value);
        return array;
    }

    private static ClusteredRate timeouts(ModuleGroups groups, IntervalMethod method) {
        return ClusteredRate.of(groups, Outcome::isTimeout, 0.95, method);
    }

    @ParameterizedTest
    @EnumSource(IntervalMethod.class)
    void modulesRunOnceGiveExactlyTheMethodsInterval(IntervalMethod method) {
        int[] events = new int[40];
        for (int j = 0; j < 7; j++) {
            events[j * 5] = 1;
        }
        ClusteredRate rate = timeouts(groups(filled(40, 1), events), method);

        assertEquals(RateEstimate.of(7, 40, 0.95, method), rate.population());
        assertEquals(rate.population(), rate.clustering().runs());
        assertNull(rate.clustering().icc());
        assertEquals(1.0, rate.clustering().designEffect());
        assertEquals(40.0, rate.clustering().effectiveSampleSize());
    }

    @Test
    void allOrNothingModulesAreWorthOneRunEach() {
        // 10 modules of 10 runs, 3 of them always timing out: the correlation is perfect, the design effect the size.
        int[] events = new int[10];
        events[0] = events[4] = events[7] = 10;
        ClusteredRate rate = timeouts(groups(filled(10, 10), events), IntervalMethod.WILSON);

        assertEquals(1.0, rate.clustering().icc(), 1e-12);
        assertEquals(10.0, rate.clustering().designEffect(), 1e-12);
        assertEquals(10.0, rate.clustering().effectiveSampleSize(), 1e-12);
        assertEquals(0.3, rate.population().rate());
        RateEstimate runs = RateEstimate.wilson(30, 100, 0.95);
        assertEquals(runs, rate.clustering().runs());
        // As wide as 10 modules corrected for 9 degrees of freedom, far wider than 100 independent runs.
        double width = rate.population().upper() - rate.population().lower();
        assertTrue(width > 0.45 && width > 2.5 * (runs.upper() - runs.lower()), rate.population().toString());
    }

    @Test
    void modulesThatAgreeExactlyShowNoClusteringAndKeepTheIntervalNearTheRunsOne() {
        // Every module times out in exactly 2 of its 10 runs: less spread than independent runs would show.
        int[] events = filled(50, 2);
        ClusteredRate rate = timeouts(groups(filled(50, 10), events), IntervalMethod.WILSON);

        assertEquals(-1.0 / 9, rate.clustering().icc(), 1e-12);
        assertEquals(1.0, rate.clustering().designEffect());
        assertEquals(500.0, rate.clustering().effectiveSampleSize());
        RateEstimate runs = rate.clustering().runs();
        assertTrue(rate.population().lower() <= runs.lower() && runs.upper() <= rate.population().upper());
        assertTrue(rate.population().upper() - runs.upper() < 0.02, rate.population() + " vs " + runs);
    }

    @Test
    void noEventAtAllAssumesTheWorstCaseOfAllOrNothingModules() {
        // 0 of 3000 runs of 300 modules: the data cannot show how events would cluster, so the bound is the one over
        // 300 modules (corrected for 299 degrees of freedom), not over 3000 runs.
        ClusteredRate rate = timeouts(groups(filled(300, 10), new int[300]), IntervalMethod.WILSON);

        assertNull(rate.clustering().icc());
        assertEquals(10.0, rate.clustering().designEffect());
        double z = IntervalMethod.normalQuantile(0.95);
        double correction = Math.pow(EffectiveTrialsInterval.tQuantile(0.95, 2999)
                / EffectiveTrialsInterval.tQuantile(0.95, 299), 2);
        double modules = 300 * correction;
        assertEquals(0.0, rate.population().lower());
        assertEquals(z * z / (modules + z * z), rate.population().upper(), 1e-12);
        assertEquals(z * z / (3000 + z * z), rate.clustering().runs().upper(), 1e-15);
    }

    @Test
    void aSingleModuleSaysNothingAboutOthers() {
        ClusteredRate rate = timeouts(groups(new int[] {50}, new int[] {20}), IntervalMethod.WILSON);

        assertEquals(0.0, rate.population().lower());
        assertEquals(1.0, rate.population().upper());
        assertEquals(0.4, rate.population().rate());
        assertNull(rate.clustering().icc());
        assertEquals(50.0, rate.clustering().designEffect());
        assertEquals(1.0, rate.clustering().effectiveSampleSize());
        assertEquals(RateEstimate.wilson(20, 50, 0.95), rate.clustering().runs());
    }

    /**
     * The Wilson bounds solve the score equation with the design effect at the bound: {@code n(p0) (p̂ - p0)² =
     * z² p0 (1 - p0)}, with {@code n(p0)} recomputed here from the runs themselves.
     */
    @Test
    void wilsonBoundsSolveTheScoreEquationWithTheDesignEffectAtTheBound() {
        int[] sizes = {3, 7, 5, 5, 9, 2, 6, 4, 8, 1, 5, 5};
        int[] events = {0, 4, 1, 5, 2, 0, 6, 0, 3, 1, 0, 2};
        ClusteredRate rate = timeouts(groups(sizes, events), IntervalMethod.WILSON);
        double n = 60;
        double p = 24 / n;
        double correction = Math.pow(EffectiveTrialsInterval.tQuantile(0.95, n - 1)
                / EffectiveTrialsInterval.tQuantile(0.95, sizes.length - 1), 2);
        double z = IntervalMethod.normalQuantile(0.95);
        for (double bound : new double[] {rate.population().lower(), rate.population().upper()}) {
            double clustered = 0;
            for (int j = 0; j < sizes.length; j++) {
                clustered += Math.pow(events[j] - sizes[j] * bound, 2);
            }
            double independent = 24 * Math.pow(1 - bound, 2) + 36 * bound * bound;
            double effective = n / Math.max(1, clustered / independent) * correction;
            double score = effective * (p - bound) * (p - bound) - z * z * bound * (1 - bound);
            assertEquals(0, score, 1e-9, "bound " + bound);
        }
        // The reported design effect is the one at the estimate: 1 + (n̄ - 1) ICC with n̄ = sum n_j² / n.
        double meanSize = 360 / n;
        assertEquals(rate.clustering().designEffect(), 1 + (meanSize - 1) * rate.clustering().icc(), 1e-12);
    }

    @Test
    void theIntervalIsSymmetricInEventsAndNonEvents() {
        int[] sizes = {4, 4, 6, 2, 9, 3, 3};
        int[] events = {1, 0, 5, 2, 3, 0, 1};
        int[] complement = new int[sizes.length];
        for (int j = 0; j < sizes.length; j++) {
            complement[j] = sizes[j] - events[j];
        }
        for (IntervalMethod method : IntervalMethod.values()) {
            RateEstimate rate = timeouts(groups(sizes, events), method).population();
            RateEstimate mirrored = timeouts(groups(sizes, complement), method).population();
            assertEquals(rate.lower(), 1 - mirrored.upper(), 1e-14, method.id());
            assertEquals(rate.upper(), 1 - mirrored.lower(), 1e-14, method.id());
        }
    }

    @Test
    void groupsAreFormedByModuleIndexWhateverTheSlotOrder() {
        // Slots interleave three modules; module 1 of the table of 5 never ran.
        int[] moduleOf = {0, 2, 4, 0, 2, 4, 0, 2, 4, 4};
        Outcome[] outcomes = {Outcome.VERIFIED, Outcome.VERIFIER_TIMEOUT, Outcome.VERIFIED, Outcome.VERIFIED,
            Outcome.VERIFIER_TIMEOUT, Outcome.PROOF_INVALID, Outcome.VERIFIED, Outcome.VERIFIER_TIMEOUT,
            Outcome.VERIFIED, Outcome.VERIFIED};
        ModuleGroups groups = ModuleGroups.of(10, 5, slot -> moduleOf[slot], slot -> outcomes[slot]);

        assertEquals(3, groups.modules());
        assertEquals(10, groups.runs());
        assertEquals(3, groups.minRuns());
        assertEquals(4, groups.maxRuns());
        assertEquals(9 + 9 + 16, groups.sumOfSquaredRuns());
        assertEquals(10.0 / 3, groups.meanRuns());
        assertEquals(Outcome.PROOF_INVALID, groups.outcome(2, 1));
        assertEquals(3, groups.count(Outcome::isTimeout));
        assertEquals(timeouts(groups(new int[] {3, 3, 4}, new int[] {0, 3, 0}), IntervalMethod.WILSON),
                timeouts(groups, IntervalMethod.WILSON));
    }

    @Test
    void aModuleIndexOutsideTheTableIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModuleGroups.of(2, 1, slot -> slot, slot -> Outcome.VERIFIED));
        assertEquals("slot 1: module index 1 outside the table of 1", e.getMessage());
    }
}
