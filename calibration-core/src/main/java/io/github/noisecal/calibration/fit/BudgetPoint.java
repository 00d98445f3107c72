package io.github.noisecal.calibration.fit;

import java.util.List;
import java.util.Objects;

/**
 * The timeout rate P(duration &gt; b) at one budget b, from observations where they exist.
 *
 * <p>Every interval is pointwise: it covers the rate at this budget with the stated confidence, not every budget of a
 * curve at once.
 *
 * @param budgetMs    YAML {@code budget_ms}: the budget b
 * @param basis       YAML {@code basis}: what the answer rests on
 * @param sourceTier  the tier whose runs (observed) or fit (extrapolated, beyond the data) answer, when that is not
 *                    the tier asked about (a tier with identical verifier limits); null otherwise, and in stored
 *                    curves
 * @param factor      YAML {@code factor}: b over the largest observed budget, when the answer is beyond it
 * @param timeouts    YAML {@code timeouts}: runs that lasted longer than b (every timeout included), when observed
 *                    and exact
 * @param rate        YAML {@code rate}: the answer: the observed rate, or the families' Akaike-weighted average when
 *                    extrapolated; null beyond the data and without an answer
 * @param lower       YAML {@code lower}: observed: the lower bound over the population of proofs, clustered by module
 *                    as the headline rates are (the interval method's over the runs when every module ran once);
 *                    extrapolated and beyond the data: the lowest lower bound of the plausible families' bands
 * @param upper       YAML {@code upper}: likewise, the upper bound
 * @param modelRate   YAML {@code model_rate}: the best family's S(b), shown beside the answer as a model only; null
 *                    when no family was fitted
 * @param modelLower  YAML {@code model_lower}: its delta-method lower bound
 * @param modelUpper  YAML {@code model_upper}: its delta-method upper bound
 * @param notes       what the answer should be read with (source, flags, what is missing); not stored in curves
 */
public record BudgetPoint(double budgetMs, AnswerBasis basis, String sourceTier, Double factor, Long timeouts,
                          Double rate, Double lower, Double upper, Double modelRate, Double modelLower,
                          Double modelUpper, List<String> notes) {

    public BudgetPoint {
        Objects.requireNonNull(basis, "basis");
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
    }

    /** Whether the answer goes beyond the observed budgets. */
    public boolean extrapolated() {
        return basis == AnswerBasis.EXTRAPOLATED || basis == AnswerBasis.BEYOND_DATA;
    }

    /** The same point without source and notes, as a stored curve holds it. */
    BudgetPoint stored() {
        return new BudgetPoint(budgetMs, basis, null, factor, timeouts, rate, lower, upper, modelRate, modelLower,
                modelUpper, List.of());
    }
}
