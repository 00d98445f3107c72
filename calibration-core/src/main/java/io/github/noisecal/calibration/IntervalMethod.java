package io.github.noisecal.calibration;

/** How a binomial proportion's confidence interval is computed. */
public enum IntervalMethod {
    /** Wilson score interval: the default; good coverage without being conservative. */
    WILSON,
    /** Wilson score interval with continuity correction. */
    WILSON_CC,
    /** Clopper-Pearson exact interval: coverage at least nominal, conservative. */
    CLOPPER_PEARSON,
    /** Jeffreys interval: equal-tailed Beta(x + 1/2, n - x + 1/2) posterior interval. */
    JEFFREYS,
    /** Agresti-Coull interval, clipped to [0, 1]. */
    AGRESTI_COULL
}
