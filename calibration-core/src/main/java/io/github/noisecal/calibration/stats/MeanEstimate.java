package io.github.noisecal.calibration.stats;

import java.util.Objects;

/**
 * The mean of per-module shares in [0, 1] (such as the share of a module's run pairs whose verdicts differ), with
 * its confidence interval over the population of modules.
 *
 * @param mean            the mean over {@code modules}, in [0, 1]
 * @param modules         the modules averaged, at least 1
 * @param confidenceLevel in (0, 1)
 * @param method          the interval method the interval was computed with
 * @param lower           lower bound, in [0, mean]
 * @param upper           upper bound, in [mean, 1]
 */
public record MeanEstimate(double mean, long modules, double confidenceLevel, IntervalMethod method, double lower,
                           double upper) {

    public MeanEstimate {
        Objects.requireNonNull(method, "method");
        if (modules < 1) {
            throw new IllegalArgumentException("modules must be at least 1, got " + modules);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must lie in (0, 1), got " + confidenceLevel);
        }
        if (!(mean >= 0 && mean <= 1)) {
            throw new IllegalArgumentException("mean must lie in [0, 1], got " + mean);
        }
        if (!(lower >= 0 && lower <= mean)) {
            throw new IllegalArgumentException("lower must lie in [0, mean=" + mean + "], got " + lower);
        }
        if (!(upper >= mean && upper <= 1)) {
            throw new IllegalArgumentException("upper must lie in [mean=" + mean + ", 1], got " + upper);
        }
    }
}
