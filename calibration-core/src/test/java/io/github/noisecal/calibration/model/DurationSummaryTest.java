package io.github.noisecal.calibration.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DurationSummaryTest {
    @Test
    void withoutTimeoutsQuantilesAreOrderStatisticsAndTheRestrictedMeanIsTheMean() {
        // 1..10: the q quantile is the ceil(10 q)-th smallest: p50 = 5, p90 = 9, p99 = 10.
        DurationSummary s = DurationSummary.of(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
        assertEquals(new DurationSummary(1, 5.0, 9.0, 10.0, 10, 5.5, 10, 0), s);
    }

    /** The FAST tier: 15 % timeouts at a 30 s budget; p90 is not 30000 (the budget), it is beyond it. */
    @Test
    void quantilesBeyondTheLastFinishedRunAreNotInventedFromTimeouts() {
        double[] durations = new double[100];
        boolean[] censored = new boolean[100];
        for (int i = 0; i < 100; i++) {
            censored[i] = i >= 85;
            durations[i] = censored[i] ? 30_000 : 1000 + 100 * i;
        }
        DurationSummary s = DurationSummary.of(durations, censored);
        assertEquals(1000 + 100 * 49, s.p50(), "the 50th run of 100");
        assertNull(s.p90(), "90 % of runs are not known to have finished: p90 > 30 s");
        assertNull(s.p99());
        assertEquals(30_000, s.restrictedTo());
        assertEquals(15, s.timeouts());
        // The mean of min(duration, 30 s): the finished runs' durations and 30 s for each timeout.
        double expected = 0;
        for (double d : durations) {
            expected += d;
        }
        assertEquals(expected / 100, s.restrictedMean(), 1e-9);
    }

    @Test
    void aSingleSampleAndNoSampleAtAll() {
        assertEquals(new DurationSummary(42, 42.0, 42.0, 42.0, 42, 42, 42, 0), DurationSummary.of(new double[] {42}));
        assertThrows(IllegalArgumentException.class, () -> DurationSummary.of(new double[0]));
    }

    @Property
    void statisticsAreOrderedAndInsideTheRange(@ForAll @Size(min = 1, max = 200) double[] raw,
                                               @ForAll @Size(min = 200, max = 200) boolean[] flags) {
        double[] durations = java.util.Arrays.stream(raw).map(d -> Math.abs(d) % 1e7).toArray();
        boolean[] censored = java.util.Arrays.copyOf(flags, durations.length);
        DurationSummary s = DurationSummary.of(durations, censored);
        double previous = s.min();
        for (Double q : new Double[] {s.p50(), s.p90(), s.p99()}) {
            if (q != null) {
                assertTrue(q >= previous && q <= s.max(), s.toString());
                previous = q;
            } else {
                previous = Double.POSITIVE_INFINITY;
            }
        }
        assertTrue(s.min() <= s.restrictedMean() + 1e-6 && s.restrictedMean() <= s.max() + 1e-6, s.toString());
    }

    @Property
    void theSummaryIgnoresInputOrder(@ForAll @Size(min = 1, max = 50) double[] raw) {
        double[] durations = java.util.Arrays.stream(raw).map(d -> Math.abs(d) % 1e6).toArray();
        double[] reversed = new double[durations.length];
        for (int i = 0; i < durations.length; i++) {
            reversed[i] = durations[durations.length - 1 - i];
        }
        DurationSummary a = DurationSummary.of(durations);
        DurationSummary b = DurationSummary.of(reversed);
        assertEquals(a.p50(), b.p50());
        assertEquals(a.p99(), b.p99());
        assertEquals(a.restrictedMean(), b.restrictedMean(), 1e-9 * Math.max(1, a.restrictedMean()));
    }
}
