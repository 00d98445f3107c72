/**
 * Step 2: executing a plan on a verifier backend with parallel workers
 * ({@link io.github.noisecal.calibration.run.PlanExecutor}), streaming each record to a
 * {@link io.github.noisecal.calibration.run.TelemetrySink} and reporting progress.
 */
package io.github.noisecal.calibration.run;
