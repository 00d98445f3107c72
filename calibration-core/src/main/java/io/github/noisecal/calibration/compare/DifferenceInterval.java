package io.github.noisecal.calibration.compare;

/**
 * A confidence interval for a difference of two rates, candidate minus baseline; always
 * {@code -1 <= lower <= estimate <= upper <= 1}.
 *
 * @param estimate   the observed difference
 * @param lower      lower bound
 * @param upper      upper bound
 * @param confidence the two-sided confidence level
 */
public record DifferenceInterval(double estimate, double lower, double upper, double confidence) {

    public DifferenceInterval {
        if (!(lower >= -1 && lower <= estimate && estimate <= upper && upper <= 1)) {
            throw new IllegalArgumentException("need -1 <= lower <= estimate <= upper <= 1, got [" + lower + ", "
                    + upper + "] around " + estimate);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
    }

    /** Whether the interval lies entirely above or entirely below 0. */
    public boolean excludesZero() {
        return lower > 0 || upper < 0;
    }
}
