package io.github.noisecal.calibration.compare;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down adjustment (Holm 1979): rejecting every hypothesis whose adjusted p-value is at most alpha
 * controls the family-wise error rate at alpha under any dependence between the tests, and rejects at least as much
 * as Bonferroni.
 */
public final class HolmAdjustment {
    private HolmAdjustment() {
    }

    /**
     * Adjusted p-values in the input's order: sorted ascending, p_(i) is multiplied by (m - i + 1), made monotone
     * with a running maximum and capped at 1.
     *
     * @throws IllegalArgumentException when a p-value is not in [0, 1]
     */
    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        for (double p : pValues) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p-values must lie in [0, 1], got " + Arrays.toString(pValues));
            }
        }
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> pValues[i]))
                .toArray(Integer[]::new);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
