package io.github.noisecal.calibration.fit;

import java.util.List;
import java.util.Objects;

/**
 * Timeout rate as a function of the budget, from one calibration at budget B.
 *
 * @param family              YAML {@code family}: key of the model behind the model columns, null when none
 * @param calibrationBudgetMs YAML {@code calibration_budget_ms}: B, the budget the samples ran under
 * @param samples             YAML {@code samples}: samples behind the empirical columns; 0 for a curve built
 *                            from a model file alone
 * @param confidence          YAML {@code confidence}: level of every interval in the points
 * @param points              YAML {@code points}: one entry per requested budget, in request order
 */
public record BudgetCurve(String family, double calibrationBudgetMs, int samples, double confidence,
                          List<BudgetPoint> points) {

    public BudgetCurve {
        points = List.copyOf(Objects.requireNonNull(points, "points"));
    }
}
