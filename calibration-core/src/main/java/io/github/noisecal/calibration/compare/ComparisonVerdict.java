package io.github.noisecal.calibration.compare;

import java.util.Locale;

/** What a comparison of one rate between two calibrations concludes. */
public enum ComparisonVerdict {
    /** The difference lies within the equivalence margin (two one-sided tests, Holm-corrected). */
    SAME,
    /** The candidate is significantly better (the test of equality rejects, Holm-corrected). */
    BETTER,
    /** The candidate is significantly worse (the test of equality rejects, Holm-corrected). */
    WORSE,
    /** Neither a difference nor equivalence is shown: more samples are needed to tell. */
    INCONCLUSIVE;

    /** The lower-case name used in output: {@code same}, {@code better}, {@code worse}, {@code inconclusive}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
