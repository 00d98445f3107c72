/**
 * Step 1 of a calibration: what is checked, and in which order. A
 * {@link io.github.noisecal.calibration.plan.SamplingPlan} is a pure function of its seed, tiers, sample counts and
 * module list ({@link io.github.noisecal.calibration.plan.ModuleList}), whatever later executes it.
 */
package io.github.noisecal.calibration.plan;
