package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
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
}
