package io.github.noisecal.calibration.fit;

import java.util.List;
import java.util.Objects;

/**
 * Timeout rate as a function of the budget, from one calibration at budget B: observed up to the budget the runs
 * covered, extrapolated by the plausible families up to {@link TimeoutBudgets#EXTRAPOLATION_LIMIT} times it, only a
 * range beyond. Each point's interval is pointwise.
 *
 * @param family              YAML {@code family}: key of the best fitted family (the model shown beside), null
 *                            when none
 * @param averagedFamilies    YAML {@code averaged_families}: the families extrapolated answers average, by Akaike
 *                            weight (within ΔAIC 10 of the best, and not rejected by their goodness-of-fit test)
 * @param calibrationBudgetMs YAML {@code calibration_budget_ms}: B, the budget the samples ran under
 * @param observedUpToMs      YAML {@code observed_up_to_ms}: the largest budget the runs answer exactly: B, or the
 *                            earliest timeout if a run was killed before B; 0 without observations
 * @param extrapolationLimit  YAML {@code extrapolation_limit}: beyond this multiple of {@code observedUpToMs} the
 *                            curve gives no number
 * @param samples             YAML {@code samples}: samples behind the observed points
 * @param confidence          YAML {@code confidence}: level of every interval in the points
 * @param notes               YAML {@code notes}: flags for every point, e.g. a family that fails its goodness-of-fit
 *                            test
 * @param points              YAML {@code points}: one entry per requested budget, in request order
 */
public record BudgetCurve(String family, List<String> averagedFamilies, double calibrationBudgetMs,
                          double observedUpToMs, double extrapolationLimit, int samples, double confidence,
                          List<String> notes, List<BudgetPoint> points) {

    public BudgetCurve {
        averagedFamilies = List.copyOf(Objects.requireNonNull(averagedFamilies, "averagedFamilies"));
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
        points = List.copyOf(Objects.requireNonNull(points, "points"));
    }
}
