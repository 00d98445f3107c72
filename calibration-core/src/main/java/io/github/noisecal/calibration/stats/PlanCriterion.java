package io.github.noisecal.calibration.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a sample size promises about the interval the calibration will report. The interval depends on the count X
 * the calibration happens to see, X ~ Binomial(n, p), so "n gives half-width h" needs a rule for which X.
 */
public enum PlanCriterion {
    /**
     * The interval at the expected count {@code round(n p)} meets the target. This is the usual textbook plan; about
     * half of the calibrations planned this way see a count that gives a wider interval.
     */
    EXPECTED_COUNT,
    /** The expected precision over X ~ Binomial(n, p) meets the target. */
    EXPECTED,
    /** The precision meets the target with probability at least the assurance, exactly over X ~ Binomial(n, p). */
    ASSURANCE;

    /** The id on the command line: {@code expected-count}, {@code expected}, {@code assurance}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The criterion with this id.
     *
     * @throws IllegalArgumentException naming the accepted ids
     */
    public static PlanCriterion fromId(String id) {
        for (PlanCriterion criterion : values()) {
            if (criterion.id().equals(id)) {
                return criterion;
            }
        }
        throw new IllegalArgumentException("criterion must be one of "
                + Arrays.stream(values()).map(PlanCriterion::id).collect(Collectors.joining(", ")) + ", got '" + id
                + "'");
    }
}
