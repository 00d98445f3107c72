package io.github.noisecal.calibration.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DurationSummaryTest {
    @Test
    void percentilesInterpolateBetweenOrderStatistics() {
        // 1..10: p50 at position 4.5 -> 5.5; p90 at 8.1 -> 9.1; p99 at 8.91 -> 9.91 (R type 7).
        DurationSummary s = DurationSummary.of(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
        assertEquals(5.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(82.5 / 9), s.std(), 1e-12);
        assertEquals(1, s.min());
        assertEquals(5.5, s.p50(), 1e-12);
        assertEquals(9.1, s.p90(), 1e-12);
        assertEquals(9.91, s.p99(), 1e-12);
        assertEquals(10, s.max());
    }

    @Test
    void aSingleSampleHasZeroSpread() {
        DurationSummary s = DurationSummary.of(new double[] {42});
        assertEquals(new DurationSummary(42, 0, 42, 42, 42, 42, 42), s);
        assertThrows(IllegalArgumentException.class, () -> DurationSummary.of(new double[0]));
    }

    @Property
    void statisticsAreOrderedAndInsideTheRange(@ForAll @Size(min = 1, max = 200) double[] raw) {
        double[] durations = java.util.Arrays.stream(raw).map(d -> Math.abs(d) % 1e7).toArray();
        DurationSummary s = DurationSummary.of(durations);
        assertTrue(s.min() <= s.p50() && s.p50() <= s.p90() && s.p90() <= s.p99() && s.p99() <= s.max());
        assertTrue(s.min() <= s.mean() + 1e-6 && s.mean() <= s.max() + 1e-6);
        assertTrue(s.std() >= 0);
    }

    @Property
    void theSummaryIgnoresInputOrder(@ForAll @Size(min = 1, max = 50) double[] raw,
                                     @ForAll @DoubleRange(min = 0, max = 1) double unused) {
        double[] durations = java.util.Arrays.stream(raw).map(d -> Math.abs(d) % 1e6).toArray();
        double[] reversed = new double[durations.length];
        for (int i = 0; i < durations.length; i++) reversed[i] = durations[durations.length - 1 - i];
        assertEquals(DurationSummary.of(durations), DurationSummary.of(reversed));
    }
}
