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
 * It reflects sampling error only, not the choice of family, and it is pointwise: each budget's band covers the
 * truth at that budget with the stated confidence, not every budget at once.
 *
 * <p>With instant ends set apart ({@link InstantEnds}) the model is the hurdle S(t) = (1 - π) S_F(t) / S_F(τ) for
 * t &gt;= τ, and 1 - π below (instant ends count as ending at 0): the band then adds the binomial variance of
 * ln(1 - π̂), π/((1 - π) n), to that of the family's part on the same log(-log) scale.
 */
public final class FittedDistribution {

    private static final double GRADIENT_STEP = 1e-6;

    private final DistributionFamily family;
    private final double[] parameters;
    private final double[][] covariance;
    private final InstantEnds instantEnds;

    private FittedDistribution(DistributionFamily family, double[] parameters, double[][] covariance,
                               InstantEnds instantEnds) {
        this.family = family;
        this.parameters = parameters;
        this.covariance = covariance;
        this.instantEnds = instantEnds;
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
        return of(family, parameters, covariance, null);
    }

    /**
     * Rebuilds a model with its instant ends (null: none) from stored values.
     *
     * @throws IllegalArgumentException naming what is missing, unknown or out of range
     */
    public static FittedDistribution of(String family, Map<String, Double> parameters, List<List<Double>> covariance,
                                        InstantEnds instantEnds) {
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
        return of(id, values, matrix, instantEnds);
    }

    static FittedDistribution of(DistributionFamily family, double[] parameters, double[][] covariance,
                                 InstantEnds instantEnds) {
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
        return new FittedDistribution(family, parameters.clone(), copy, instantEnds);
    }

    /** The instant ends modelled apart, or null. */
    public InstantEnds instantEnds() {
        return instantEnds;
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

    /** S(t) = P(duration &gt; t): the timeout rate at budget t. 1 for t &lt;= 0. */
    public double survival(double ms) {
        return Math.exp(-cumulativeHazard(ms));
    }

    /** P(duration &lt;= t). */
    public double cdf(double ms) {
        checkTime(ms);
        if (instantEnds != null) {
            return ms <= 0 ? 0 : -Math.expm1(-cumulativeHazard(ms));
        }
        return ms <= 0 ? 0 : family.maths().cdf(parameters, ms);
    }

    /** Density per ms of the durations that are not instant ends; 0 for t &lt;= 0 (and below the truncation). */
    public double density(double ms) {
        return Math.exp(logDensity(ms));
    }

    /** ln of {@link #density}; -∞ where it is 0. */
    public double logDensity(double ms) {
        checkTime(ms);
        if (ms <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double logDensity = family.maths().logDensity(parameters, ms);
        if (instantEnds == null) {
            return logDensity;
        }
        double truncation = instantEnds.truncationMs();
        return ms <= truncation ? Double.NEGATIVE_INFINITY
                : logDensity + Math.log1p(-instantEnds.share()) + family.maths().cumulativeHazard(parameters, truncation);
    }

    /** H(t) = -ln S(t), accurate where S is close to 1 and where it is tiny. */
    public double cumulativeHazard(double ms) {
        checkTime(ms);
        if (ms <= 0) {
            return 0;
        }
        if (ms == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        return instantHazard() + familyHazard(parameters, ms);
    }

    /** -ln(1 - π), 0 without instant ends. */
    private double instantHazard() {
        return instantEnds == null ? 0 : -Math.log1p(-instantEnds.share());
    }

    /** The family's part of the hazard at t: H_F(t), or H_F(t) - H_F(τ) beyond the truncation (0 below it). */
    private double familyHazard(double[] natural, double ms) {
        Family maths = family.maths();
        if (instantEnds == null) {
            return maths.cumulativeHazard(natural, ms);
        }
        double truncation = instantEnds.truncationMs();
        return ms <= truncation ? 0 : Math.max(0, maths.cumulativeHazard(natural, ms)
                - maths.cumulativeHazard(natural, truncation));
    }

    /** The duration exceeded with the given probability, i.e. S⁻¹(p), for p in (0, 1). */
    public double inverseSurvival(double probability) {
        if (!(probability > 0 && probability < 1)) {
            throw new IllegalArgumentException("probability must lie in (0, 1), got " + probability);
        }
        if (instantEnds == null) {
            return family.maths().distribution(parameters).inverseSurvivalProbability(probability);
        }
        double notInstant = 1 - instantEnds.share();
        double truncation = instantEnds.truncationMs();
        if (probability >= notInstant) {
            return truncation;
        }
        double atTruncation = Math.exp(-family.maths().cumulativeHazard(parameters, truncation));
        return family.maths().distribution(parameters).inverseSurvivalProbability(
                atTruncation * probability / notInstant);
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

    /**
     * S(b) beyond a budget the runs observed, anchored to them: the observed rate at the anchor times this model's
     * conditional survival beyond it, S*(b) = p̂ S(b)/S(anchor) with p̂ = {@code exceeding / samples}. Only the
     * shape of the tail beyond the anchor comes from the model, so S* meets the observed rate at the anchor. The band
     * is the delta method on the log(-log) scale, η = ln(-ln p̂ + H(b) - H(anchor)), with the binomial variance of
     * ln p̂, (1 - p̂)/(n p̂), that of the model's H(b) - H(anchor), and their covariance (both come from the same
     * runs); it is pointwise.
     *
     * @param exceeding runs longer than the anchor, at least 1
     * @throws IllegalArgumentException when {@code ms} precedes the anchor or the counts are out of range
     */
    public SurvivalBand splicedBand(double anchorMs, long exceeding, long samples, double ms, double confidence) {
        return splicedBand(anchorMs, exceeding, samples, 1, ms, confidence);
    }

    /**
     * As {@link #splicedBand(double, long, long, double, double)} for runs whose rate at the anchor varies
     * {@code designEffect} times as much as a binomial one (runs that repeat modules): the anchor's part of the
     * variance is multiplied by it.
     *
     * @throws IllegalArgumentException also for a design effect below 1 or not finite
     */
    public SurvivalBand splicedBand(double anchorMs, long exceeding, long samples, double designEffect, double ms,
                                    double confidence) {
        if (!(designEffect >= 1) || Double.isInfinite(designEffect)) {
            throw new IllegalArgumentException("designEffect must be finite and at least 1, got " + designEffect);
        }
        double z = zFor(confidence);
        if (!(ms >= anchorMs) || !(anchorMs > 0) || exceeding < 1 || exceeding > samples) {
            throw new IllegalArgumentException("a spliced band needs 0 < anchor <= budget and 1 <= exceeding <= samples,"
                    + " got anchor " + anchorMs + ", budget " + ms + ", " + exceeding + " of " + samples);
        }
        double observed = (double) exceeding / samples;
        double observedHazard = -Math.log(observed);
        double tailHazard = Math.max(0, cumulativeHazard(ms) - cumulativeHazard(anchorMs));
        double total = observedHazard + tailHazard;
        double estimate = Math.exp(-total);
        if (total == 0 || tailHazard == Double.POSITIVE_INFINITY) {
            return new SurvivalBand(estimate, estimate, estimate);
        }
        // ln p̂ and the fitted tail come from the same runs: to first order Cov(θ̂, p̂) = Σ ∇S(anchor), so
        // Var(ln p̂ - ΔH) = (1 - p̂)/(n p̂) + ∇ΔHᵀΣ∇ΔH + 2 ∇ΔHᵀΣ∇H(anchor) = (1 - p̂)/(n p̂) + ∇H(b)ᵀΣ∇H(b)
        // - ∇H(anchor)ᵀΣ∇H(anchor): the model's variance at b, plus what the runs' rate at the anchor adds to it.
        double[] atBudget = hazardGradient(ms);
        double[] atAnchor = hazardGradient(anchorMs);
        double variance = Math.max(0, (1 - observed) * designEffect / (samples * observed) + quadratic(atBudget)
                - quadratic(atAnchor)) / (total * total);
        double se = Double.isNaN(variance) ? Double.POSITIVE_INFINITY : Math.sqrt(variance);
        double eta = Math.log(total);
        double lower = Math.exp(-Math.exp(eta + z * se));
        double upper = Math.exp(-Math.exp(eta - z * se));
        return new SurvivalBand(estimate, Math.min(lower, estimate), Math.max(upper, estimate));
    }

    /** ∇_θ H_F(t) in the natural parameters, by central differences (0 below the truncation). */
    private double[] hazardGradient(double ms) {
        int k = parameters.length;
        double[] gradient = new double[k];
        double[] shifted = parameters.clone();
        for (int i = 0; i < k; i++) {
            double h = GRADIENT_STEP * Math.max(Math.abs(parameters[i]), 1e-3);
            shifted[i] = parameters[i] + h;
            double up = familyHazard(shifted, ms);
            shifted[i] = parameters[i] - h;
            double down = familyHazard(shifted, ms);
            shifted[i] = parameters[i];
            gradient[i] = (up - down) / (2 * h);
        }
        return gradient;
    }

    /** gᵀ Σ g. */
    private double quadratic(double[] gradient) {
        double sum = 0;
        for (int i = 0; i < gradient.length; i++) {
            for (int j = 0; j < gradient.length; j++) {
                sum += gradient[i] * covariance[i][j] * gradient[j];
            }
        }
        return sum;
    }

    /** The two-sided normal quantile for a confidence level. */
    static double zFor(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        return NormalDistribution.of(0, 1).inverseSurvivalProbability((1 - confidence) / 2);
    }

    /** Var(ln H(t)) by the delta method: the family's part from its covariance, plus the instant share's. */
    private double logHazardVariance(double ms) {
        double familyPart = familyHazard(parameters, ms);
        double total = instantHazard() + familyPart;
        double variance = 0;
        if (familyPart > 0) {
            int k = parameters.length;
            double[] gradient = new double[k];
            double[] shifted = parameters.clone();
            for (int i = 0; i < k; i++) {
                double h = GRADIENT_STEP * Math.max(Math.abs(parameters[i]), 1e-3);
                shifted[i] = parameters[i] + h;
                double up = Math.log(familyHazard(shifted, ms));
                shifted[i] = parameters[i] - h;
                double down = Math.log(familyHazard(shifted, ms));
                shifted[i] = parameters[i];
                gradient[i] = (up - down) / (2 * h);
            }
            double logVariance = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    logVariance += gradient[i] * covariance[i][j] * gradient[j];
                }
            }
            // Var(H_F) = H_F² Var(ln H_F): computed on the log scale, where the gradient is well conditioned.
            variance = logVariance * familyPart * familyPart;
        }
        if (instantEnds != null && instantEnds.count() > 0) {
            double share = instantEnds.share();
            variance += share / ((1 - share) * instantEnds.samples());
        }
        variance /= total * total;
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
        return family.key() + parameters() + (instantEnds == null ? "" : " with " + instantEnds);
    }
}
