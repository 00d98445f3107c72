package io.github.noisecal.calibration.fit;

/**
 * A model's survival probability S(b) = P(duration &gt; b) (the timeout rate at budget b) with its
 * delta-method confidence band; always 0 ≤ lower ≤ estimate ≤ upper ≤ 1.
 *
 * @param estimate S(b) at the fitted parameters
 * @param lower    lower confidence bound
 * @param upper    upper confidence bound
 */
public record SurvivalBand(double estimate, double lower, double upper) {
}
