/**
 * Wall-clock duration models for a calibration tier, fitted properly to right-censored data.
 *
 * <p>Samples that hit the tier's wall-clock budget are right-censored: their duration is only known to
 * exceed the budget. {@link io.github.noisecal.calibration.fit.DurationFitter} fits the exponential, gamma,
 * lognormal and Weibull families (location 0, durations in ms) by censored maximum likelihood (events
 * contribute ln f, timeouts ln S), ranks them by AIC with Akaike weights and ΔAIC &lt; 2 ties, and checks each
 * with a Kolmogorov-Smirnov distance to the {@link io.github.noisecal.calibration.fit.KaplanMeier} curve whose
 * p-value comes from a seeded parametric bootstrap that simulates the same censoring and refits every
 * replicate. {@link io.github.noisecal.calibration.fit.TimeoutBudgets} turns a fit into timeout rates at other
 * budgets and answers "which budget keeps timeouts under x%"; a
 * {@link io.github.noisecal.calibration.fit.FittedDistribution} rebuilt from stored parameters and covariance
 * answers the same from a model file alone.
 *
 * <p>The records carry javadoc naming the YAML key of each component; maps keep their documented order.
 */
package io.github.noisecal.calibration.fit;
