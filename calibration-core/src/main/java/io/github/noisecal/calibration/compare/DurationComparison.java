package io.github.noisecal.calibration.compare;

import io.github.noisecal.calibration.fit.BudgetAnswer;
import java.util.Objects;

/**
 * The duration models and budget answers of one tier in both calibrations. Descriptive only: no test is made on
 * them, so they carry no verdict.
 *
 * @param tier      the tier's name
 * @param baseline  the baseline's fitted durations
 * @param candidate the candidate's fitted durations
 */
public record DurationComparison(String tier, FittedDurations baseline, FittedDurations candidate) {

    public DurationComparison {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
    }

    /** Whether both models answered the budget question with a budget. */
    public boolean budgetsComparable() {
        return baseline.budget() != null && baseline.budget().budgetMs() != null
                && candidate.budget() != null && candidate.budget().budgetMs() != null;
    }

    /**
     * One side's duration model.
     *
     * @param family   the best fitted family, or null when none was fitted
     * @param medianMs that family's median duration in ms, or null when none was fitted
     * @param budget   the answer to the budget question for the target timeout rate (from the runs where they reach
     *                 it, see {@link io.github.noisecal.calibration.fit.TimeoutBudgets#budgetFor}), or null when none
     *                 was asked
     */
    public record FittedDurations(String family, Double medianMs, BudgetAnswer budget) {
    }
}
