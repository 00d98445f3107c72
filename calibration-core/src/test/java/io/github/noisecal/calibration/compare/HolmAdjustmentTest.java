package io.github.noisecal.calibration.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HolmAdjustmentTest {

    @Test
    void matchesRsPAdjustHolm() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") in R: 0.03 0.06 0.06 0.02
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02},
                HolmAdjustment.adjust(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-15);
        assertArrayEquals(new double[] {1, 1}, HolmAdjustment.adjust(new double[] {0.6, 0.9}), 0);
        assertArrayEquals(new double[0], HolmAdjustment.adjust(new double[0]), 0);
    }

    @Test
    void rejectsValuesThatAreNotPValues() {
        assertThrows(IllegalArgumentException.class, () -> HolmAdjustment.adjust(new double[] {0.1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> HolmAdjustment.adjust(new double[] {1.5}));
    }

    /** Holm lies between the raw p-values and Bonferroni's, and keeps the order of the raw ones. */
    @Property
    void liesBetweenRawAndBonferroniAndKeepsTheOrder(@ForAll @Size(min = 1, max = 12) double[] raw) {
        double[] p = java.util.Arrays.stream(raw).map(v -> Math.abs(v) % 1).toArray();
        double[] adjusted = HolmAdjustment.adjust(p);
        for (int i = 0; i < p.length; i++) {
            assertTrue(adjusted[i] >= p[i] && adjusted[i] <= Math.min(1, p.length * p[i]) + 1e-15);
            for (int j = 0; j < p.length; j++) {
                if (p[i] < p[j]) {
                    assertTrue(adjusted[i] <= adjusted[j]);
                }
            }
        }
    }

    @Property
    void aSingleTestIsNotAdjusted(@ForAll @DoubleRange(min = 0, max = 1) double p) {
        assertArrayEquals(new double[] {p}, HolmAdjustment.adjust(new double[] {p}), 0);
    }
}
