/**
 * Wall-clock duration models for a calibration tier, fitted properly to right-censored data, and the budget
 * questions answered from them.
 *
 * <p>Samples that hit the tier's wall-clock budget are right-censored: their duration is only known to
 * exceed the budget. {@link io.github.noisecal.calibration.fit.DurationFitter} fits the exponential, gamma,
 * lognormal and Weibull families (location 0, durations in ms) by censored maximum likelihood (events
 * contribute ln f, timeouts ln S), sets instant ends apart as a point mass
 * ({@link io.github.noisecal.calibration.fit.InstantEnds}), ranks the families by AIC with Akaike weights and
 * ΔAIC &lt; 2 ties, and checks each with a Kolmogorov-Smirnov distance to the
 * {@link io.github.noisecal.calibration.fit.KaplanMeier} curve whose p-value
 * ({@link io.github.noisecal.calibration.fit.BootstrapPValue}) comes from a seeded parametric bootstrap that
 * simulates the same censoring on the data's own clock and refits every replicate.
 * {@link io.github.noisecal.calibration.fit.TimeoutBudgets} answers "what timeout rate at budget b" and "which
 * budget keeps timeouts under x %" from the runs themselves
 * ({@link io.github.noisecal.calibration.fit.ObservedDurations}) wherever a tier with the same verifier limits
 * observed the budget, and beyond from the plausible families, saying which
 * ({@link io.github.noisecal.calibration.fit.AnswerBasis}). A
 * {@link io.github.noisecal.calibration.fit.FittedDistribution} rebuilt from stored parameters and covariance
 * serves the same from a model file alone.
 *
 * <p>The records carry javadoc naming the YAML key of each component; maps keep their documented order.
 */
package io.github.noisecal.calibration.fit;
