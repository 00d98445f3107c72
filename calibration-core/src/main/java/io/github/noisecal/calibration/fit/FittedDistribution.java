package io.github.noisecal.calibration.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * A fitted duration model rebuilt from its family, parameters and parameter covariance alone, e.g. from a
 * model file, so timeout rates at other budgets can be predicted without the raw durations. Durations are in
 * ms. Immutable.
 *
 * <p>The confidence band of S(b) is the delta method on the complementary log-log scale
 * η(b) = ln(-ln S(b)): se(η) = √(∇ηᵀ Σ ∇η) with ∇η the gradient in the natural parameters (central
 * differences) and Σ the stored covariance; the band exp(-exp(η ± z·se)) always lies in [0, 1], and for the
 * exponential and Weibull families η is linear in the log-parameters, so the band is the textbook one.
 * It reflects sampling error only, not the choice of family.
 */
public final class FittedDistribution {

    private static final double GRADIENT_STEP = 1e-6;

    private final DistributionFamily family;
    private final double[] parameters;
    private final double[][] covariance;

    private FittedDistribution(DistributionFamily family, double[] parameters, double[][] covariance) {
        this.family = family;
        this.parameters = parameters;
        this.covariance = covariance;
    }

    /**
     * Rebuilds a model from stored values.
     *
     * @param family     family key ("exponential", "gamma", "lognormal", "weibull")
     * @param parameters exactly the family's parameter names (e.g. {@code shape}, {@code scale_ms})
     * @param covariance square symmetric matrix in {@link DistributionFamily#parameterNames()} order
     * @throws IllegalArgumentException naming what is missing, unknown or out of range
     */
    public static FittedDistribution of(String family, Map<String, Double> parameters, List<List<Double>> covariance) {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(covariance, "covariance");
        DistributionFamily id = DistributionFamily.fromKey(family);
        List<String> names = id.parameterNames();
        if (!parameters.keySet().equals(new HashSet<>(names))) {
            throw new IllegalArgumentException(family + " parameters must be exactly " + names + ", got "
                    + parameters.keySet());
        }
        double[] values = new double[names.size()];
        for (int i = 0; i < values.length; i++) {
            Double value = parameters.get(names.get(i));
            if (value == null) {
                throw new IllegalArgumentException(family + " parameter " + names.get(i) + " is null");
            }
            values[i] = value;
        }
        int k = values.length;
        if (covariance.size() != k) {
            throw new IllegalArgumentException(family + " covariance must be " + k + "x" + k + ", got "
                    + covariance.size() + " rows");
        }
        double[][] matrix = new double[k][k];
        for (int i = 0; i < k; i++) {
            List<Double> row = covariance.get(i);
            if (row == null || row.size() != k) {
                throw new IllegalArgumentException(family + " covariance row " + i + " must have " + k + " entries");
            }
            for (int j = 0; j < k; j++) {
                Double value = row.get(j);
                if (value == null || !Double.isFinite(value)) {
                    throw new IllegalArgumentException(family + " covariance[" + i + "][" + j
                            + "] must be finite, got " + value);
                }
                matrix[i][j] = value;
            }
        }
        return of(id, values, matrix);
    }

    static FittedDistribution of(DistributionFamily family, double[] parameters, double[][] covariance) {
        family.maths().checkParameters(parameters);
        int k = parameters.length;
        for (int i = 0; i < k; i++) {
            if (!(covariance[i][i] >= 0)) {
                throw new IllegalArgumentException(family.key() + " covariance[" + i + "][" + i
                        + "] is a variance and must be >= 0, got " + covariance[i][i]);
            }
            for (int j = 0; j < i; j++) {
                double a = covariance[i][j];
                double b = covariance[j][i];
                if (Math.abs(a - b) > 1e-9 * Math.max(Math.abs(a), Math.abs(b))) {
                    throw new IllegalArgumentException(family.key() + " covariance must be symmetric, but ["
                            + i + "][" + j + "] = " + a + " and [" + j + "][" + i + "] = " + b);
                }
            }
        }
        double[][] copy = new double[k][];
        for (int i = 0; i < k; i++) {
            copy[i] = covariance[i].clone();
        }
        return new FittedDistribution(family, parameters.clone(), copy);
    }

    public DistributionFamily family() {
        return family;
    }

    /** Parameters by name, in the family's fixed order. */
    public Map<String, Double> parameters() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i++) {
            map.put(family.parameterNames().get(i), parameters[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Parameter covariance, rows and columns in the family's parameter order. */
    public List<List<Double>> covariance() {
        List<List<Double>> rows = new ArrayList<>();
        for (double[] row : covariance) {
            List<Double> values = new ArrayList<>();
            for (double v : row) {
                values.add(v);
            }
            rows.add(Collections.unmodifiableList(values));
        }
        return Collections.unmodifiableList(rows);
    }

    /** S(t) = P(duration &gt; t): the timeout rate at budget t. 1 for t ≤ 0. */
    public double survival(double ms) {
        return Math.exp(-cumulativeHazard(ms));
    }

    /** P(duration ≤ t). */
    public double cdf(double ms) {
        checkTime(ms);
        return ms <= 0 ? 0 : family.maths().cdf(parameters, ms);
    }

    /** Density per ms; 0 for t ≤ 0. */
    public double density(double ms) {
        checkTime(ms);
        return ms <= 0 ? 0 : Math.exp(family.maths().logDensity(parameters, ms));
    }

    /** ln of the density per ms; -∞ for t ≤ 0. */
    public double logDensity(double ms) {
        checkTime(ms);
        return ms <= 0 ? Double.NEGATIVE_INFINITY : family.maths().logDensity(parameters, ms);
    }

    /** H(t) = -ln S(t), accurate where S is close to 1 and where it is tiny. */
    public double cumulativeHazard(double ms) {
        checkTime(ms);
        if (ms <= 0) {
            return 0;
        }
        return ms == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : family.maths().cumulativeHazard(parameters, ms);
    }

    /** The duration exceeded with the given probability, i.e. S⁻¹(p), for p in (0, 1). */
    public double inverseSurvival(double probability) {
        if (!(probability > 0 && probability < 1)) {
            throw new IllegalArgumentException("probability must lie in (0, 1), got " + probability);
        }
        return family.maths().distribution(parameters).inverseSurvivalProbability(probability);
    }

    /**
     * S(t) with its delta-method band at the given confidence level (see the class comment).
     *
     * @throws IllegalArgumentException when the level is not in (0, 1) or t is NaN
     */
    public SurvivalBand survivalBand(double ms, double confidence) {
        double z = zFor(confidence);
        double hazard = cumulativeHazard(ms);
        double estimate = Math.exp(-hazard);
        if (hazard == 0 || hazard == Double.POSITIVE_INFINITY) {
            return new SurvivalBand(estimate, estimate, estimate);
        }
        double se = Math.sqrt(logHazardVariance(ms));
        double eta = Math.log(hazard);
        double lower = Math.exp(-Math.exp(eta + z * se));
        double upper = Math.exp(-Math.exp(eta - z * se));
        return new SurvivalBand(estimate, Math.min(lower, estimate), Math.max(upper, estimate));
    }

    /** The two-sided normal quantile for a confidence level. */
    static double zFor(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        return NormalDistribution.of(0, 1).inverseSurvivalProbability((1 - confidence) / 2);
    }

    private double logHazardVariance(double ms) {
        int k = parameters.length;
        double[] gradient = new double[k];
        double[] shifted = parameters.clone();
        Family maths = family.maths();
        for (int i = 0; i < k; i++) {
            double h = GRADIENT_STEP * Math.max(Math.abs(parameters[i]), 1e-3);
            shifted[i] = parameters[i] + h;
            double up = Math.log(maths.cumulativeHazard(shifted, ms));
            shifted[i] = parameters[i] - h;
            double down = Math.log(maths.cumulativeHazard(shifted, ms));
            shifted[i] = parameters[i];
            gradient[i] = (up - down) / (2 * h);
        }
        double variance = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                variance += gradient[i] * covariance[i][j] * gradient[j];
            }
        }
        // An undefined variance means unknown precision: the band becomes all of [0, 1].
        return Double.isNaN(variance) ? Double.POSITIVE_INFINITY : Math.max(variance, 0);
    }

    private static void checkTime(double ms) {
        if (Double.isNaN(ms)) {
            throw new IllegalArgumentException("duration must not be NaN");
        }
    }

    @Override
    public String toString() {
        return family.key() + parameters();
    }
}
