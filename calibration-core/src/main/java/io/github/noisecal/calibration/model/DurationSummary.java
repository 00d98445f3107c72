package io.github.noisecal.calibration.model;

import java.util.Arrays;

/**
 * Summary of the wall-clock durations of one tier's samples, in ms, timeouts included at their recorded duration.
 * Percentiles interpolate linearly between order statistics (type 7, as R and NumPy default); the standard
 * deviation is the sample one (n - 1), and 0 for a single sample.
 */
public record DurationSummary(double mean, double std, double min, double p50, double p90, double p99, double max) {

    public static DurationSummary of(double[] durationsMs) {
        if (durationsMs.length == 0) {
            throw new IllegalArgumentException("durationsMs must not be empty");
        }
        double[] sorted = durationsMs.clone();
        Arrays.sort(sorted);
        // Two-pass mean and variance over the sorted values: the order is fixed, so the result is reproducible.
        double sum = 0;
        for (double d : sorted) {
            sum += d;
        }
        double mean = sum / sorted.length;
        double squares = 0;
        for (double d : sorted) {
            squares += (d - mean) * (d - mean);
        }
        double std = sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : 0;
        return new DurationSummary(mean, std, sorted[0], quantile(sorted, 0.5), quantile(sorted, 0.9),
                quantile(sorted, 0.99), sorted[sorted.length - 1]);
    }

    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
