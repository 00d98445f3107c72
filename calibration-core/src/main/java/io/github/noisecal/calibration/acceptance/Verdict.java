package io.github.noisecal.calibration.acceptance;

/**
 * The outcome of one acceptance criterion. {@link #NOT_CHECKED} says the envelope asked nothing of it (for example a
 * tier it gives no timeout-rate range for); it neither passes nor fails, and does not change the overall verdict.
 */
public enum Verdict {
    NOT_CHECKED, PASS, CONDITIONAL_PASS, FAIL;

    /** The worse of two verdicts; a criterion not checked counts as no worse than a pass. */
    public Verdict and(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public String label() {
        return switch (this) {
            case NOT_CHECKED -> "not checked";
            case PASS -> "pass";
            case CONDITIONAL_PASS -> "conditional pass";
            case FAIL -> "fail";
        };
    }
}
