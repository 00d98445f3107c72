package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.stats.ModuleSums;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ObservedDurationsTest {

    @Test
    void exactDurationsCountEveryRunLongerThanABudget() {
        double[] durations = {5, 1, 3, 3, 30, 30};
        boolean[] censored = {false, false, false, false, true, true};
        ObservedDurations observed = ObservedDurations.of(durations, censored);
        assertNull(observed.binMs());
        assertEquals(6, observed.size());
        assertEquals(2, observed.censored());
        assertEquals(30, observed.earliestCensoredMs());
        assertEquals(new ObservedDurations.Exceeding(5, 5), observed.exceeding(2));
        assertEquals(new ObservedDurations.Exceeding(3, 3), observed.exceeding(3));
        assertEquals(new ObservedDurations.Exceeding(2, 2), observed.exceeding(5));
        assertEquals(observed, ObservedDurations.fromGroups(new double[] {1, 3, 5}, new long[] {1, 2, 1}, 2, 30.0,
                null));
    }

    /** Beyond 20,000 distinct durations they are binned; a budget inside a bin leaves a range of counts. */
    @Test
    void manyDistinctDurationsAreBinnedAndSaySo() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 200_000;
        double[] durations = new double[n];
        for (int i = 0; i < n; i++) {
            durations[i] = 1000 + 29_000 * random.nextDouble();
        }
        ObservedDurations observed = ObservedDurations.of(durations, new boolean[n]);
        assertEquals(2.0, observed.binMs(), "29 s in 2 ms bins: 14,500 bins");
        assertTrue(observed.eventTimesMs().length <= ObservedDurations.MAX_GROUPS);
        for (double budget : new double[] {1500.0, 1501.3, 20_000.7}) {
            long truth = java.util.Arrays.stream(durations).filter(t -> t > budget).count();
            ObservedDurations.Exceeding exceeding = observed.exceeding(budget);
            assertTrue(exceeding.least() <= truth && truth <= exceeding.most(), budget + ": " + exceeding);
            assertEquals(budget % 2 == 0, exceeding.exact(), "exact at bin edges");
        }
    }

    @Test
    void inconsistentGroupsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ObservedDurations.fromGroups(new double[] {3, 1},
                new long[] {1, 1}, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> ObservedDurations.fromGroups(new double[] {1},
                new long[] {0}, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> ObservedDurations.fromGroups(new double[] {1},
                new long[] {1}, 2, null, null));
    }
    /** The module sums of the runs longer than b, counted run by run: what the kept sums must give. */
    private static ModuleSums bruteForce(double[] durations, boolean[] censored, int[] moduleOf, int modules,
                                         double budget) {
        long[] runs = new long[modules];
        long[] longer = new long[modules];
        long total = 0;
        for (int i = 0; i < durations.length; i++) {
            runs[moduleOf[i]]++;
            if (censored[i] || durations[i] > budget) {
                longer[moduleOf[i]]++;
                total++;
            }
        }
        long distinct = 0;
        long runsSquared = 0;
        long squared = 0;
        long cross = 0;
        for (int j = 0; j < modules; j++) {
            distinct += runs[j] > 0 ? 1 : 0;
            runsSquared += runs[j] * runs[j];
            squared += longer[j] * longer[j];
            cross += runs[j] * longer[j];
        }
        return new ModuleSums(durations.length, total, distinct, runsSquared, squared, cross);
    }

    /**
     * At every budget the kept module sums are those of the runs longer than it, counted run by run: whatever the
     * ties, the timeouts and the modules' sizes.
     */
    @Property(tries = 200)
    void moduleSumsAtEveryBudgetAreThoseOfTheRunsLongerThanIt(@ForAll @IntRange(min = 2, max = 60) int n,
                                                              @ForAll @IntRange(min = 1, max = 12) int modules,
                                                              @ForAll @LongRange(min = 0, max = 1000) long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] durations = new double[n];
        boolean[] censored = new boolean[n];
        int[] moduleOf = new int[n];
        for (int i = 0; i < n; i++) {
            moduleOf[i] = random.nextInt(modules);
            // Whole milliseconds up to 40 (ties), killed at 30.
            double t = random.nextInt(41);
            censored[i] = t > 30;
            durations[i] = Math.min(t, 30);
        }
        ObservedDurations observed = ObservedDurations.of(durations, censored, moduleOf, modules);
        for (double budget = 0; budget <= 30; budget += 0.5) {
            ModuleSums expected = bruteForce(durations, censored, moduleOf, modules, budget);
            assertEquals(expected, observed.exceedingByModule(budget, false), "at " + budget);
            assertEquals(expected, observed.exceedingByModule(budget, true), "at " + budget);
            assertEquals(observed.exceeding(budget).least(), expected.events());
        }
        assertEquals(expected(moduleOf, modules), observed.byModule().modules());
        // As a model file stores them.
        ObservedDurations stored = ObservedDurations.fromGroups(observed.eventTimesMs(), observed.eventCounts(),
                observed.censored(), observed.censored() == 0 ? null : observed.earliestCensoredMs(), null)
                .withModules(observed.byModule());
        assertEquals(observed, stored);
    }

    private static long expected(int[] moduleOf, int modules) {
        return java.util.Arrays.stream(moduleOf).distinct().count();
    }

    /** Binned durations: the sums bracket the truth as the counts do, whole bins in or out. */
    @Test
    void binnedDurationsKeepModuleSumsPerBin() {
        SplittableRandom random = new SplittableRandom(2);
        int n = 60_000;
        double[] durations = new double[n];
        int[] moduleOf = new int[n];
        for (int i = 0; i < n; i++) {
            moduleOf[i] = i % 3000;
            durations[i] = 1000 + 29_000 * random.nextDouble();
        }
        ObservedDurations observed = ObservedDurations.of(durations, new boolean[n], moduleOf, 3000);
        assertTrue(observed.binMs() != null);
        for (double budget : new double[] {1500.0, 1501.3, 20_000.7}) {
            ModuleSums least = observed.exceedingByModule(budget, false);
            ModuleSums most = observed.exceedingByModule(budget, true);
            ObservedDurations.Exceeding exceeding = observed.exceeding(budget);
            assertEquals(exceeding.least(), least.events());
            assertEquals(exceeding.most(), most.events());
            double width = observed.binMs();
            double edge = Math.ceil(budget / width) * width;
            // Whole bins: the certain runs are those of later bins, the possible ones include the budget's own bin
            // (none straddles a budget at a bin edge).
            assertEquals(bruteForce(durations, new boolean[n], moduleOf, 3000, edge), least);
            assertEquals(bruteForce(durations, new boolean[n], moduleOf, 3000, budget == edge ? edge : edge - width),
                    most);
        }
    }

    @Test
    void everyModuleRunOnceKeepsNoPerDurationSums() {
        double[] durations = {5, 1, 3, 3, 30, 30};
        boolean[] censored = {false, false, false, false, true, true};
        ObservedDurations observed = ObservedDurations.of(durations, censored, new int[] {5, 4, 3, 2, 1, 0}, 8);
        assertTrue(observed.byModule().allSingletons());
        assertEquals(ModuleSums.singletons(6, 3), observed.exceedingByModule(3, false));
        assertEquals(ObservedDurations.ByModule.singletons(6, 2), observed.byModule());
    }

    @Test
    void moduleSumsThatDoNotFitTheDurationsAreRejected() {
        ObservedDurations plain = ObservedDurations.fromGroups(new double[] {1, 3}, new long[] {1, 2}, 1, 30.0, null);
        // Two modules: {1, 3} and {3, 30}: n_j = 2, 2.
        ObservedDurations.ByModule good = ObservedDurations.ByModule.of(plain, new double[] {1, 3, 3, 30},
                new boolean[] {false, false, false, true}, new int[] {0, 0, 1, 1}, 2);
        assertEquals(new ObservedDurations.ByModule(2, 8, 1, 2, new long[] {8, 5}, new long[] {8, 6}), good);
        assertEquals(good, plain.withModules(good).byModule());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plain.withModules(new ObservedDurations.ByModule(
                2, 8, 1, 2, new long[] {8}, new long[] {8}))).getMessage().contains("one entry per finished duration"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plain.withModules(new ObservedDurations.ByModule(
                2, 8, 1, 2, new long[] {5, 8}, new long[] {6, 8}))).getMessage().contains("must not fall"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plain.withModules(new ObservedDurations.ByModule(
                2, 9, 1, 2, new long[] {8, 5}, new long[] {8, 6}))).getMessage().contains("sum n_j² = 9"));
        assertThrows(IllegalArgumentException.class, () -> plain.withModules(ObservedDurations.ByModule.singletons(3,
                1)));
    }
}
