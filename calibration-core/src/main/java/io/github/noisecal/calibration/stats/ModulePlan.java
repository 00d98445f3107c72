package io.github.noisecal.calibration.stats;

/**
 * How many distinct modules a precision needs when modules are run several times and their runs are correlated;
 * see {@link SampleSizePlanner#modules}.
 *
 * @param icc             the assumed intra-module correlation, in [0, 1)
 * @param repeats         runs per module
 * @param designEffect    {@code 1 + (repeats - 1) icc}: how much the variance of the rate grows over independent runs
 * @param modules         distinct modules needed
 * @param runsPerTier     {@code modules × repeats}
 * @param independentRuns the runs an independent sample (one run per module) needs for the same precision
 */
public record ModulePlan(double icc, int repeats, double designEffect, long modules, long runsPerTier,
                         long independentRuns) {

    /** The runs are worth this many independent ones: {@code runsPerTier / designEffect}. */
    public double effectiveSampleSize() {
        return runsPerTier / designEffect;
    }

    /** However many repeats, never fewer modules than this: {@code independentRuns × icc}. */
    public double moduleFloor() {
        return independentRuns * icc;
    }
}
