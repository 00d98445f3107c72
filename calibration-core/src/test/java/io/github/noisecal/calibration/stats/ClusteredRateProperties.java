package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of the module-clustered interval, for every interval method. */
class ClusteredRateProperties {

    /** Runs by module: slot i belongs to module {@code moduleOf[i]} and timed out when {@code timeout[i]}. */
    record Runs(int[] moduleOf, boolean[] timeout, int tableSize, double level) {
        ModuleGroups groups() {
            return ModuleGroups.of(moduleOf.length, tableSize, slot -> moduleOf[slot],
                    slot -> timeout[slot] ? Outcome.VERIFIER_TIMEOUT : Outcome.PROOF_INVALID);
        }
    }

    @Provide
    Arbitrary<Runs> runs() {
        Arbitrary<Integer> tables = Arbitraries.integers().between(1, 40);
        Arbitrary<Double> levels = Arbitraries.of(0.8, 0.9, 0.95, 0.99);
        return Combinators.combine(tables, levels, Arbitraries.integers().between(1, 300),
                Arbitraries.doubles().between(0, 1)).flatAs((table, level, slots, rate) -> Combinators.combine(
                        Arbitraries.integers().between(0, table - 1).array(int[].class).ofSize(slots),
                        Arbitraries.doubles().between(0, 1).map(u -> u < rate).array(boolean[].class).ofSize(slots))
                .as((moduleOf, timeout) -> new Runs(moduleOf, timeout, table, level)));
    }

    @Provide
    Arbitrary<Runs> singletons() {
        return Combinators.combine(Arbitraries.integers().between(1, 2000), Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0.5, 0.999).ofScale(4)).flatAs((n, rate, level) ->
                Arbitraries.doubles().between(0, 1).map(u -> u < rate).array(boolean[].class).ofSize(n)
                        .map(timeout -> new Runs(java.util.stream.IntStream.range(0, n).toArray(), timeout, n, level)));
    }

    @Property
    void everyModuleOnceGivesExactlyTheMethodsInterval(@ForAll("singletons") Runs runs,
                                                       @ForAll IntervalMethod method) {
        ModuleGroups groups = runs.groups();
        ClusteredRate rate = ClusteredRate.of(groups, Outcome::isTimeout, runs.level(), method);
        assertEquals(RateEstimate.of(groups.count(Outcome::isTimeout), groups.runs(), runs.level(), method),
                rate.population());
    }

    @Property
    void thePopulationIntervalHoldsTheRunsIntervalAndTheRate(@ForAll("runs") Runs runs,
                                                             @ForAll IntervalMethod method) {
        ClusteredRate rate = ClusteredRate.of(runs.groups(), Outcome::isTimeout, runs.level(), method);
        RateEstimate population = rate.population();
        RateEstimate within = rate.clustering().runs();
        assertTrue(population.lower() <= within.lower() && within.upper() <= population.upper(),
                () -> population + " does not hold " + within);
        assertEquals(within.successes(), population.successes());
        assertTrue(rate.clustering().designEffect() >= 1
                && rate.clustering().designEffect() <= runs.groups().maxRuns() + 1e-9, rate::toString);
    }

    @Property
    void aHigherLevelNeverNarrowsTheInterval(@ForAll("runs") Runs runs) {
        ModuleGroups groups = runs.groups();
        RateEstimate lower = ClusteredRate.of(groups, Outcome::isTimeout, 0.9, IntervalMethod.WILSON).population();
        RateEstimate higher = ClusteredRate.of(groups, Outcome::isTimeout, 0.99, IntervalMethod.WILSON).population();
        assertTrue(higher.lower() <= lower.lower() + 1e-12 && lower.upper() <= higher.upper() + 1e-12,
                () -> "99%: " + higher + ", 90%: " + lower);
    }
    /** The module sums of the runs' timeouts, as ModuleGroups gives them to the interval. */
    private static ModuleSums sums(Runs runs) {
        ModuleGroups groups = runs.groups();
        boolean[] isEvent = ModuleGroups.eventMask(Outcome::isTimeout);
        long squared = 0;
        long cross = 0;
        for (int g = 0; g < groups.modules(); g++) {
            long events = groups.events(g, isEvent);
            squared += events * events;
            cross += groups.runs(g) * events;
        }
        return new ModuleSums(groups.runs(), groups.count(Outcome::isTimeout), groups.modules(),
                groups.sumOfSquaredRuns(), squared, cross);
    }

    @Property
    void theSumsGiveTheIntervalTheGroupsGive(@ForAll("runs") Runs runs, @ForAll IntervalMethod method) {
        assertEquals(ClusteredRate.of(runs.groups(), Outcome::isTimeout, runs.level(), method),
                ClusteredRate.of(sums(runs), runs.level(), method));
    }

    /**
     * Deciding "this bound is at most t" by a bisection stopped once it is known answers exactly as comparing the
     * computed bound does: at thresholds anywhere, and at the bound itself and its neighbouring doubles.
     */
    @Property(tries = 400)
    void aBoundIsDecidedAsComparingItWould(@ForAll("runs") Runs runs, @ForAll IntervalMethod method,
                                           @ForAll("thresholds") double anywhere) {
        ModuleSums sums = sums(runs);
        RateEstimate population = ClusteredRate.of(sums, runs.level(), method).population();
        for (boolean upper : new boolean[] {false, true}) {
            double bound = upper ? population.upper() : population.lower();
            for (double t : new double[] {anywhere, bound, Math.nextUp(bound), Math.nextDown(bound)}) {
                boolean upperSide = upper;
                assertEquals(bound <= t, ClusteredRate.boundAtMost(sums, runs.level(), method, upper, t),
                        () -> (upperSide ? "upper " : "lower ") + bound + " vs " + t + " for " + sums);
            }
        }
    }

    @Provide
    Arbitrary<Double> thresholds() {
        return Arbitraries.doubles().between(0, 1);
    }
}
