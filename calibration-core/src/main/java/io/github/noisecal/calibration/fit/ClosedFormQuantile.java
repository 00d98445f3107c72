package io.github.noisecal.calibration.fit;

/**
 * A family whose quantile is a cheap closed form, so bootstrap replicates can be drawn already sorted by
 * transforming sorted uniforms instead of sampling and sorting (the gamma quantile needs a root search).
 */
interface ClosedFormQuantile {

    /**
     * F⁻¹(lower), given both tail probabilities (lower + upper = 1, each to full relative precision) so the
     * transform stays accurate at either end.
     */
    double quantile(double[] natural, double lower, double upper);
}
