package io.github.noisecal.calibration.yaml;

/** A confidence interval as a model file holds it: {@code [lower, upper]}. */
record Interval(double lower, double upper) {

    boolean contains(double value) {
        return lower <= value && value <= upper;
    }
}
