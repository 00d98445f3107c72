package io.github.noisecal.calibration.fit;

import java.util.List;

/**
 * The duration families fitted to a tier's samples, all on (0, ∞) with the location fixed at 0 ms.
 * {@link #key()} is the name used in the model file and in {@link DurationDistributionFit#candidates()}.
 */
public enum DistributionFamily {
    /** Exponential with mean {@code mean_ms}. */
    EXPONENTIAL("exponential", List.of("mean_ms")),
    /** Gamma with {@code shape} k and {@code scale_ms} θ (mean kθ). */
    GAMMA("gamma", List.of("shape", "scale_ms")),
    /** Lognormal: {@code mu} and {@code sigma} are the mean and standard deviation of ln(duration in ms). */
    LOGNORMAL("lognormal", List.of("mu", "sigma")),
    /** Weibull with {@code shape} k and {@code scale_ms} λ: S(t) = exp(-(t/λ)^k). */
    WEIBULL("weibull", List.of("shape", "scale_ms"));

    private final String key;
    private final List<String> parameterNames;

    DistributionFamily(String key, List<String> parameterNames) {
        this.key = key;
        this.parameterNames = parameterNames;
    }

    /** The family's name in the model file: "exponential", "gamma", "lognormal" or "weibull". */
    public String key() {
        return key;
    }

    /** The parameter names in their fixed order (also the row/column order of the covariance matrix). */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /** Number of free parameters, as counted by AIC/BIC. */
    public int parameterCount() {
        return parameterNames.size();
    }

    /**
     * The family with the given key.
     *
     * @throws IllegalArgumentException when no family has that key
     */
    public static DistributionFamily fromKey(String key) {
        for (DistributionFamily family : values()) {
            if (family.key.equals(key)) {
                return family;
            }
        }
        throw new IllegalArgumentException("unknown distribution family '" + key
                + "', expected one of exponential, gamma, lognormal, weibull");
    }

    Family maths() {
        return switch (this) {
            case EXPONENTIAL -> ExponentialFamily.INSTANCE;
            case GAMMA -> GammaFamily.INSTANCE;
            case LOGNORMAL -> LognormalFamily.INSTANCE;
            case WEIBULL -> WeibullFamily.INSTANCE;
        };
    }
}
