package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class KaplanMeierTest {

    /*
     * Seven runs: 1, 2+, 3, 3, 4+, 5, 6+ ms ("+" = timed out there).
     *   t=1: at risk 7, 1 event   -> S = 6/7             = 0.857142857; Greenwood sum 1/(7*6)          = 1/42
     *   t=3: at risk 7-1-1 = 5 (the event at 1 and the timeout at 2 left), 2 events
     *                             -> S = 6/7 * 3/5 = 18/35 = 0.514285714; sum 1/42 + 2/(5*3) = 11/70
     *   t=5: at risk 5-2-1 = 2 (the events at 3 and the timeout at 4 left), 1 event
     *                             -> S = 18/35 * 1/2 = 9/35 = 0.257142857; sum 11/70 + 1/(2*1) = 23/35
     * Standard errors S * sqrt(sum): 6/7*sqrt(1/42), 18/35*sqrt(11/70), 9/35*sqrt(23/35).
     */
    @Test
    void handComputedExample() {
        KaplanMeier km = KaplanMeier.estimate(new double[] {3, 1, 6, 2, 5, 3, 4},
                new boolean[] {false, false, true, true, false, false, true});

        double[] times = {1, 3, 5};
        long[] atRisk = {7, 5, 2};
        long[] events = {1, 2, 1};
        double[] survival = {6.0 / 7, 18.0 / 35, 9.0 / 35};
        double[] greenwoodSums = {1.0 / 42, 11.0 / 70, 23.0 / 35};
        assertEquals(3, km.size());
        for (int j = 0; j < 3; j++) {
            KaplanMeier.Step step = km.steps().get(j);
            assertEquals(times[j], step.timeMs());
            assertEquals(atRisk[j], step.atRisk());
            assertEquals(events[j], step.events());
            assertEquals(survival[j], step.survival(), 1e-15);
            assertEquals(survival[j] * Math.sqrt(greenwoodSums[j]), step.standardError(), 1e-15);
        }
        assertEquals(1, km.survival(0.5));
        assertEquals(6.0 / 7, km.survival(2.9), 1e-15);
        assertEquals(18.0 / 35, km.survival(3), 1e-15);
        assertEquals(9.0 / 35, km.survival(100), 1e-15);
        assertEquals(0, km.standardError(0.5));
    }

    /*
     * Runs 2, 2+, 3: the timeout at 2 is still at risk at 2 (it happened after the event at that instant).
     *   t=2: at risk 3, 1 event -> S = 2/3;  t=3: at risk 1, 1 event -> S = 0, standard error reported as 0.
     */
    @Test
    void timeoutTiedWithAnEventCountsAsAtRisk() {
        KaplanMeier km = KaplanMeier.estimate(new double[] {2, 2, 3}, new boolean[] {false, true, false});
        assertEquals(2, km.size());
        assertEquals(3, km.atRiskAt(0));
        assertEquals(2.0 / 3, km.survivalAt(0), 1e-15);
        assertEquals(1, km.atRiskAt(1));
        assertEquals(0, km.survivalAt(1));
        assertEquals(0, km.standardErrorAt(1));
    }

    @Property(tries = 200)
    void withoutCensoringItIsTheEmpiricalSurvivalFunction(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 20) Integer> durations,
            @ForAll @DoubleRange(min = -1, max = 22) double t) {
        double[] values = durations.stream().mapToDouble(Integer::doubleValue).toArray();
        KaplanMeier km = KaplanMeier.estimate(values, new boolean[values.length]);
        long exceeding = durations.stream().filter(d -> d > t).count();
        assertEquals((double) exceeding / values.length, km.survival(t), 1e-12);
    }

    @Property(tries = 200)
    void belowASingleCensoringTimeItIsTheFractionStillRunning(
            @ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = 0, max = 30) Double> durations,
            @ForAll @DoubleRange(min = 0, max = 20) double t) {
        double budget = 20;
        double[] values = new double[durations.size()];
        boolean[] censored = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            censored[i] = durations.get(i) > budget;
            values[i] = censored[i] ? budget : durations.get(i);
        }
        KaplanMeier km = KaplanMeier.estimate(values, censored);
        long exceeding = durations.stream().filter(d -> d > t).count();
        if (t < budget) {
            assertEquals((double) exceeding / values.length, km.survival(t), 1e-12);
        }
        double previous = 1;
        for (KaplanMeier.Step step : km.steps()) {
            assertTrue(step.survival() <= previous && step.survival() >= 0, "non-increasing within [0, 1]");
            assertTrue(step.standardError() >= 0);
            previous = step.survival();
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> KaplanMeier.estimate(new double[] {1, 2}, new boolean[1]));
        assertThrows(IllegalArgumentException.class, () -> KaplanMeier.estimate(new double[] {Double.NaN}, new boolean[1]));
        assertThrows(IllegalArgumentException.class, () -> KaplanMeier.estimate(new double[] {-1}, new boolean[1]));
    }

    @Test
    void allCensoredHasNoSteps() {
        KaplanMeier km = KaplanMeier.estimate(new double[] {5, 5}, new boolean[] {true, true});
        assertEquals(0, km.size());
        assertEquals(1, km.survival(10));
    }
}
