/**
 * Statistics on top of {@link io.github.noisecal.calibration.stats.RateEstimate}: how many samples a target precision
 * needs ({@link io.github.noisecal.calibration.stats.SampleSizePlanner}) and whether timeout rates differ between
 * tiers ({@link io.github.noisecal.calibration.stats.TierComparisons}).
 */
package io.github.noisecal.calibration.stats;
