package io.github.noisecal.calibration.fit;

import java.util.Locale;

/** What a budget answer rests on. */
public enum AnswerBasis {
    /** The runs themselves: the empirical (Kaplan-Meier) rate, exact at budgets the runs covered. */
    OBSERVED,
    /**
     * The fitted families beyond the largest observed budget, up to {@link TimeoutBudgets#EXTRAPOLATION_LIMIT}
     * times it: their Akaike-weighted average, with the envelope of their bands.
     */
    EXTRAPOLATED,
    /** Further out: no number, only the range the plausible families span. */
    BEYOND_DATA,
    /** Nothing to answer from; the answer says what is missing. */
    NO_ANSWER;

    /** The id in model files: {@code observed}, {@code extrapolated}, {@code beyond_data}, {@code no_answer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The basis with this id; unknown ids are an {@link IllegalArgumentException} naming the known ones. */
    public static AnswerBasis fromId(String id) {
        for (AnswerBasis basis : values()) {
            if (basis.id().equals(id)) {
                return basis;
            }
        }
        throw new IllegalArgumentException("unknown basis '" + id + "'; expected observed, extrapolated, beyond_data or"
                + " no_answer");
    }
}
