package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The radix sort gives bit for bit what Arrays.sort gives, whatever the values. */
class DurationSortTest {

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static void assertSortsLikeArraysSort(double[] values, int from, int to) {
        double[] expected = values.clone();
        Arrays.sort(expected, from, to);
        double[] actual = values.clone();
        DurationSort.sort(actual, from, to);
        assertArrayEquals(bits(expected), bits(actual));
    }

    @Property(tries = 60)
    void durationsOfEveryScaleWithTiesSortAsArraysSortSorts(@ForAll @IntRange(min = 0, max = 30_000) int size,
                                                           @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            int kind = random.nextInt(10);
            values[i] = kind == 0 ? Math.rint(random.nextDouble(0, 100)) * 1000      // whole seconds: ties
                    : kind == 1 ? 0.0
                    : kind == 2 ? Double.MIN_VALUE * random.nextInt(1, 5)
                    : kind == 3 ? Double.POSITIVE_INFINITY
                    : Math.exp(random.nextDouble(-30, 40));
        }
        int from = size == 0 ? 0 : random.nextInt(Math.min(size, 10) + 1);
        assertSortsLikeArraysSort(values, from, size);
    }

    @Test
    void negativeZeroNegativeValuesAndNanFallBackToArraysSort() {
        SplittableRandom random = new SplittableRandom(5);
        for (double odd : new double[] {-0.0, -1.5, Double.NaN, Double.longBitsToDouble(0x7FF8000000000123L)}) {
            double[] values = random.doubles(5_000, 0, 1e6).toArray();
            values[random.nextInt(values.length)] = odd;
            values[random.nextInt(values.length)] = 0.0;
            assertSortsLikeArraysSort(values, 0, values.length);
        }
    }

    @Test
    void sortedAndReversedInputAndOneRepeatedValue() {
        double[] ascending = new double[DurationSort.RADIX_MIN * 3];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = i * 0.25;
        }
        assertSortsLikeArraysSort(ascending, 0, ascending.length);
        double[] descending = ascending.clone();
        for (int i = 0; i < descending.length; i++) {
            descending[i] = ascending[ascending.length - 1 - i];
        }
        assertSortsLikeArraysSort(descending, 0, descending.length);
        double[] same = new double[DurationSort.RADIX_MIN * 2];
        Arrays.fill(same, 30_000.0);
        assertSortsLikeArraysSort(same, 0, same.length);
    }
}
