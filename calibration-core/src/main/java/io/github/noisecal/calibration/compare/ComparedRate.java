package io.github.noisecal.calibration.compare;

/** The headline rates a comparison tests, and which direction of change is worse. */
public enum ComparedRate {
    /** Wall-clock timeouts: more is worse. */
    TIMEOUT("timeout_rate", true),
    /** Outcomes that are neither a success nor a timeout: more is worse. */
    FAIL("fail_rate", true),
    /** Successes: fewer is worse. */
    SUCCESS("success_rate", false);

    private final String key;
    private final boolean higherIsWorse;

    ComparedRate(String key, boolean higherIsWorse) {
        this.key = key;
        this.higherIsWorse = higherIsWorse;
    }

    /** The rate's name in model files and output, e.g. {@code timeout_rate}. */
    public String key() {
        return key;
    }

    /** Whether a higher rate in the candidate is a change for the worse. */
    public boolean higherIsWorse() {
        return higherIsWorse;
    }
}
