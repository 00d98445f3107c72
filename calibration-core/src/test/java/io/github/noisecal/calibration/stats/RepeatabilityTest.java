package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flips and stability counted on modules whose runs are known. */
class RepeatabilityTest {
    private static final Outcome V = Outcome.VERIFIED;
    private static final Outcome T = Outcome.VERIFIER_TIMEOUT;
    private static final Outcome I = Outcome.PROOF_INVALID;
    private static final Outcome E = Outcome.VERIFIER_INTERNAL_ERROR;
    private static final Outcome P = Outcome.VERIFIER_SPURIOUS_PASS;

    /** One module per row of outcomes. */
    static ModuleGroups modules(Outcome[]... runs) {
        List<Integer> moduleOf = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int j = 0; j < runs.length; j++) {
            for (Outcome outcome : runs[j]) {
                moduleOf.add(j);
                outcomes.add(outcome);
            }
        }
        return ModuleGroups.of(outcomes.size(), runs.length, moduleOf::get, outcomes::get);
    }

    private static Outcome[] runs(Outcome... outcomes) {
        return outcomes;
    }

    @Test
    void flipsAndStabilityOfKnownModules() {
        Repeatability r = Repeatability.of(modules(
                runs(V, V, V),        // always verified
                runs(V, P),           // always verified, but two outcome codes
                runs(T, T),           // always timing out
                runs(I, E, I),        // always failing; outcome flips 2 of 3 pairs
                runs(V, I, T),        // mixed, verdict flips 2 of 3 pairs, outcome flips 3 of 3
                runs(T, I),           // mixed: no verdict flip, one outcome flip
                runs(V, V, V, I),     // mixed: 3 of 6 pairs flip
                runs(V)), 0.95, IntervalMethod.WILSON);   // one run: not counted

        assertEquals(7, r.modules());
        assertEquals((0 + 0 + 0 + 0 + 2.0 / 3 + 0 + 0.5) / 7, r.flipRate().mean(), 1e-15);
        assertEquals((0 + 1 + 0 + 2.0 / 3 + 1 + 1 + 0.5) / 7, r.outcomeFlipRate().mean(), 1e-15);
        assertEquals(RateEstimate.wilson(2, 7, 0.95), r.flakyModuleShare());
        assertEquals(RateEstimate.wilson(5, 7, 0.95), r.outcomeFlakyModuleShare());
        assertEquals(2, r.alwaysVerified());
        assertEquals(1, r.alwaysTimingOut());
        assertEquals(1, r.alwaysFailing());
        assertEquals(3, r.mixed());
    }

    @Test
    void noModuleRunTwiceHasNoRepeatability() {
        assertNull(Repeatability.of(modules(runs(V), runs(T), runs(I)), 0.95, IntervalMethod.WILSON));
    }

    @Test
    void aModuleThatNeverFlipsHasAZeroRateWithAnUpperBoundOverTheModules() {
        Outcome[][] stable = new Outcome[40][];
        for (int j = 0; j < stable.length; j++) {
            stable[j] = j % 2 == 0 ? runs(V, V, V) : runs(T, T, T);
        }
        Repeatability r = Repeatability.of(modules(stable), 0.95, IntervalMethod.WILSON);

        assertEquals(0.0, r.flipRate().mean());
        assertEquals(0.0, r.flipRate().lower());
        // All or nothing is the worst case when nothing varies: the bound over 40 modules, corrected for 39 df.
        double z = IntervalMethod.normalQuantile(0.95);
        double modules = 40 * Math.pow(z / EffectiveTrialsInterval.tQuantile(0.95, 39), 2);
        assertEquals(z * z / (modules + z * z), r.flipRate().upper(), 1e-12);
        assertEquals(RateEstimate.wilson(0, 40, 0.95), r.flakyModuleShare());
    }

    /**
     * With two runs of every module a module flips exactly when it is flaky: the flip rate and the flaky-module share
     * are one binomial proportion of modules, and their intervals are the same, the method's over the modules (no
     * spread is estimated, so no t correction widens it).
     */
    @Test
    void withTwoRunsPerModuleTheFlipRateIsTheBinomialShareOfModules() {
        Outcome[][] pairs = new Outcome[50][];
        for (int j = 0; j < pairs.length; j++) {
            pairs[j] = j % 5 == 0 ? runs(V, T) : j % 5 == 1 ? runs(I, T) : runs(V, V);
        }
        Repeatability r = Repeatability.of(modules(pairs), 0.95, IntervalMethod.WILSON);

        assertEquals(0.2, r.flipRate().mean(), 1e-15);
        RateEstimate flaky = RateEstimate.wilson(10, 50, 0.95);
        assertEquals(flaky, r.flakyModuleShare());
        assertEquals(flaky.lower(), r.flipRate().lower());
        assertEquals(flaky.upper(), r.flipRate().upper());
        // The outcome flip rate likewise: 20 modules whose two runs differ in outcome code.
        assertEquals(RateEstimate.wilson(20, 50, 0.95).upper(), r.outcomeFlipRate().upper());
        assertEquals(r.outcomeFlakyModuleShare().lower(), r.outcomeFlipRate().lower());

        // calibrate --n 10 --repeats 2 with no flip: 0 of 5 modules, [0, 0.434] for both (not [0, 0.607]).
        Outcome[][] steady = {runs(V, V), runs(V, V), runs(T, T), runs(V, V), runs(I, I)};
        Repeatability none = Repeatability.of(modules(steady), 0.95, IntervalMethod.WILSON);
        assertEquals(none.flakyModuleShare().upper(), none.flipRate().upper());
        assertEquals(0.434, none.flipRate().upper(), 5e-4);
    }

    @Test
    void sharesThatAgreeGiveANarrowerIntervalThanAllOrNothingOnes() {
        double c = Math.pow(IntervalMethod.normalQuantile(0.95) / EffectiveTrialsInterval.tQuantile(0.95, 29), 2);
        // Every module of four runs verifies twice: each flips in 4 of its 6 pairs. Nothing varies between modules,
        // so only the cap of one independent check per pair of runs (30 x 6) bounds the precision.
        Outcome[][] agreeing = new Outcome[30][];
        // The same mean 2/3 from shares that are all or nothing: 20 modules flip in their one pair, 10 never.
        Outcome[][] allOrNothing = new Outcome[30][];
        for (int j = 0; j < 30; j++) {
            agreeing[j] = runs(V, V, T, T);
            allOrNothing[j] = j % 3 == 0 ? runs(V, V, V, V) : runs(V, T);
        }
        MeanEstimate narrow = Repeatability.of(modules(agreeing), 0.95, IntervalMethod.WILSON).flipRate();
        MeanEstimate wide = Repeatability.of(modules(allOrNothing), 0.95, IntervalMethod.WILSON).flipRate();

        assertEquals(4.0 / 6, narrow.mean(), 1e-15);
        assertEquals(2.0 / 3, wide.mean(), 1e-15);
        double[] capped = RateEstimate.bounds(narrow.mean() * 180 * c, 180 * c, 0.95, IntervalMethod.WILSON);
        assertEquals(capped[0], narrow.lower(), 1e-12);
        assertEquals(capped[1], narrow.upper(), 1e-12);
        double[] binomial = RateEstimate.bounds(wide.mean() * 30 * c, 30 * c, 0.95, IntervalMethod.WILSON);
        assertEquals(binomial[0], wide.lower(), 1e-12);
        assertEquals(binomial[1], wide.upper(), 1e-12);
        assertTrue(2 * (narrow.upper() - narrow.lower()) < wide.upper() - wide.lower());
    }

    @Test
    void oneRepeatedModuleSaysNothingAboutOthers() {
        Repeatability r = Repeatability.of(modules(runs(V, T, V), runs(V)), 0.95, IntervalMethod.WILSON);
        assertEquals(1, r.modules());
        assertEquals(0.0, r.flipRate().lower());
        assertEquals(1.0, r.flipRate().upper());
    }

    @Test
    void inconsistentCountsAreRejected() {
        Repeatability r = Repeatability.of(modules(runs(V, T), runs(V, V)), 0.95, IntervalMethod.WILSON);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Repeatability(2,
                r.flipRate(), r.flakyModuleShare(), r.outcomeFlipRate(), r.outcomeFlakyModuleShare(), 1, 0, 0, 0));
        assertEquals("stability counts 1, 0, 0, 0 must add up to the 2 modules", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Repeatability(2, r.flipRate(),
                r.flakyModuleShare(), r.outcomeFlipRate(), r.outcomeFlakyModuleShare(), 0, 0, 2, 0));
        assertEquals("flaky modules (1) <= mixed (0) <= modules with differing outcomes (1) must hold",
                e.getMessage());
    }
}
