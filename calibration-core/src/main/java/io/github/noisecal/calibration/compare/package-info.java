/**
 * Comparing two calibrations: did the noise change after a verifier upgrade, on another machine, under more
 * workers? {@link io.github.noisecal.calibration.compare.ModelComparison#of} compares every tier the two models
 * share; {@link io.github.noisecal.calibration.compare.NewcombeInterval} gives the interval for a difference of
 * rates, each side at its effective sample size where modules recur (the model's design effect, see
 * {@link io.github.noisecal.calibration.compare.ComparedProportion}), and
 * {@link io.github.noisecal.calibration.compare.HolmAdjustment} the multiplicity correction behind the verdicts.
 * The metadata that differs comes as {@link io.github.noisecal.calibration.compare.MetadataDifference}s, each with
 * its {@link io.github.noisecal.calibration.compare.MetadataAspect}: what it says about a calibration, and whether it
 * changes what the models' own intervals mean.
 */
package io.github.noisecal.calibration.compare;
