package io.github.noisecal.calibration.acceptance;

/** The outcome of one acceptance criterion. */
public enum Verdict {
    PASS, CONDITIONAL_PASS, FAIL;

    /** The worse of two verdicts. */
    public Verdict and(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public String label() {
        return switch (this) {
            case PASS -> "pass";
            case CONDITIONAL_PASS -> "conditional pass";
            case FAIL -> "fail";
        };
    }
}
