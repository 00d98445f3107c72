package io.github.noisecal.calibration.fit;

/**
 * A model's survival probability S(b) = P(duration > b) (the timeout rate at budget b) with its
 * delta-method confidence band; always 0 &lt;= lower &lt;= estimate &lt;= upper &lt;= 1. The band is pointwise: it
 * covers S at this one budget, not the whole curve at once.
 *
 * @param estimate S(b) at the fitted parameters
 * @param lower    lower confidence bound
 * @param upper    upper confidence bound
 */
public record SurvivalBand(double estimate, double lower, double upper) {
}
