package io.github.noisecal.calibration.compare;

/**
 * How two calibrations are compared.
 *
 * @param confidence        the family-wise confidence level: 1 - confidence bounds the chance of any false "worse"
 *                          or "better" across all comparisons, and separately of any false "same"
 * @param margin            the equivalence margin: rates whose difference is shown to lie within ±margin are "same"
 * @param targetTimeoutRate a timeout rate whose budget both models are asked for, or null for none
 */
public record ComparisonOptions(double confidence, double margin, Double targetTimeoutRate) {

    /** The default confidence level. */
    public static final double DEFAULT_CONFIDENCE = 0.95;
    /** The default equivalence margin: two percentage points. */
    public static final double DEFAULT_MARGIN = 0.02;

    public ComparisonOptions {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        if (!(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException("margin must lie in (0, 1), got " + margin);
        }
        if (targetTimeoutRate != null && !(targetTimeoutRate > 0 && targetTimeoutRate < 1)) {
            throw new IllegalArgumentException("targetTimeoutRate must lie in (0, 1), got " + targetTimeoutRate);
        }
    }

    /** Level 0.95, margin 0.02, no budget question. */
    public static ComparisonOptions defaults() {
        return new ComparisonOptions(DEFAULT_CONFIDENCE, DEFAULT_MARGIN, null);
    }

    /** 1 - confidence. */
    public double alpha() {
        return java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(confidence)).doubleValue();
    }
}
