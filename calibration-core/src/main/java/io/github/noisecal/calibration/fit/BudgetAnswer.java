package io.github.noisecal.calibration.fit;

/**
 * The smallest budget whose predicted timeout rate is at most a target.
 *
 * @param targetRate        YAML {@code target_rate}: the acceptable timeout rate
 * @param family            YAML {@code family}: key of the model used, null when none was fitted
 * @param budgetMs          YAML {@code budget_ms}: smallest b with S(b) ≤ target; null when the model cannot
 *                          answer (see {@code reason})
 * @param budgetLowerMs     YAML {@code budget_lower_ms}: where the band's lower edge reaches the target (the
 *                          optimistic end); null when {@code budgetMs} is
 * @param budgetUpperMs     YAML {@code budget_upper_ms}: where the band's upper edge reaches the target (the
 *                          cautious end); null when that does not happen below the search cap
 * @param extrapolated      YAML {@code extrapolated}: budgetMs exceeds the calibration budget, so the answer
 *                          rests on the model family
 * @param empiricalBudgetMs YAML {@code empirical_budget_ms}: the smallest observed duration b with
 *                          (samples with duration &gt; b) / samples ≤ target, when the data alone answer it
 *                          within the calibration budget; otherwise null
 * @param reason            YAML {@code reason}: why {@code budgetMs} is null; null when it is not
 */
public record BudgetAnswer(double targetRate, String family, Double budgetMs, Double budgetLowerMs,
                           Double budgetUpperMs, boolean extrapolated, Double empiricalBudgetMs, String reason) {
}
