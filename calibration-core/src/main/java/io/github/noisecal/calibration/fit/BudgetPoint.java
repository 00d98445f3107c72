package io.github.noisecal.calibration.fit;

/**
 * The predicted timeout rate P(duration &gt; b) at one budget b.
 *
 * @param budgetMs       YAML {@code budget_ms}: the budget b
 * @param extrapolated   YAML {@code extrapolated}: b exceeds the calibration budget, so only the model speaks
 *                       and its answer depends on the family chosen, not just on the data
 * @param timeouts       YAML {@code timeouts}: samples that would have timed out at b (duration &gt; b, every
 *                       censored sample included); null where the empirical curve is not exact
 * @param empiricalRate  YAML {@code empirical_rate}: timeouts / samples; null like {@code timeouts}
 * @param empiricalLower YAML {@code empirical_lower}: Wilson lower bound; null like {@code timeouts}
 * @param empiricalUpper YAML {@code empirical_upper}: Wilson upper bound; null like {@code timeouts}
 * @param modelRate      YAML {@code model_rate}: the best model's S(b); null when no model was fitted
 * @param modelLower     YAML {@code model_lower}: delta-method lower bound of S(b); null like {@code modelRate}
 * @param modelUpper     YAML {@code model_upper}: delta-method upper bound of S(b); null like {@code modelRate}
 */
public record BudgetPoint(double budgetMs, boolean extrapolated, Long timeouts, Double empiricalRate,
                          Double empiricalLower, Double empiricalUpper, Double modelRate, Double modelLower,
                          Double modelUpper) {
}
