package io.github.noisecal.calibration.plan;

/**
 * One verifier run of a plan: the run at execution {@code position} checks draw {@code draw} for the
 * {@code repeat}-th time, in the tiers of group {@code group} (see {@link SamplingPlan#runAt(long)}).
 *
 * @param position where the run comes in the plan's execution order, in [0, {@link SamplingPlan#totalRuns()})
 * @param draw     the module draw (the records' {@code sample_index}), in [0, {@link SamplingPlan#draws()})
 * @param repeat   which run of the draw, in [0, {@link SamplingPlan#repeats()})
 * @param group    index into {@link SamplingPlan#tierGroups()}
 */
public record PlannedRun(long position, long draw, int repeat, int group) {
}
