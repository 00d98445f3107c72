package io.github.noisecal.calibration.fit;

import java.util.List;
import java.util.Objects;

/**
 * The smallest budget whose timeout rate is at most a target, from observations where they reach it.
 *
 * @param targetRate    the acceptable timeout rate
 * @param basis         what the answer rests on
 * @param sourceTier    the tier whose runs or fit answer, when not the tier asked about (identical verifier limits)
 * @param budgetMs      observed: the smallest observed duration b with (runs longer than b) / runs &lt;= target;
 *                      extrapolated: where the plausible families' Akaike-weighted average reaches the target; null
 *                      beyond the data and without an answer
 * @param budgetLowerMs the optimistic end: the first budget whose interval's lower bound reaches the target, the
 *                      runs' interval inside the observed budgets and the families' lowest bound only beyond them
 *                      (so never earlier than where the runs' lower bound reaches it); null when none does within
 *                      the search
 * @param budgetUpperMs the cautious end: the first budget whose upper bound reaches the target; null when that lies
 *                      beyond the observations (observed) or beyond the search (otherwise)
 * @param factor        the answer's budget over the largest observed budget, when beyond it
 * @param family        the best family of the tier asked about, shown beside as a model only; null when none
 * @param modelBudgetMs where that family alone reaches the target; null when it does not within the search
 * @param notes         what the answer should be read with (source, flags)
 * @param reason        why there is no budget; null when there is one
 */
public record BudgetAnswer(double targetRate, AnswerBasis basis, String sourceTier, Double budgetMs,
                           Double budgetLowerMs, Double budgetUpperMs, Double factor, String family,
                           Double modelBudgetMs, List<String> notes, String reason) {

    public BudgetAnswer {
        Objects.requireNonNull(basis, "basis");
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
    }
}
