package io.github.noisecal.calibration.fit;

import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * One family's maths: censored likelihood, maximum-likelihood fit and distribution functions.
 * Parameters come in two coordinate systems: "natural" (the reported values, in
 * {@link DistributionFamily#parameterNames()} order) and "internal" (the unconstrained coordinates the
 * optimiser and the observed information use: ln of each positive parameter, lognormal μ as is).
 */
abstract class Family {

    /** Finite-difference step of the observed-information Hessian, in internal coordinates. */
    private static final double INFORMATION_STEP = 1e-4;
    /** Event times per exactly evaluated anchor in {@link #ksDistance}. */
    static final int KS_BLOCK = 32;
    /** Event times per anchor inside a block that must be looked into. */
    static final int KS_SUB_BLOCK = 4;

    private final DistributionFamily id;
    private final boolean[] logScaled;

    Family(DistributionFamily id, boolean... logScaled) {
        this.id = id;
        this.logScaled = logScaled;
    }

    final DistributionFamily id() {
        return id;
    }

    /**
     * Natural parameters maximising the censored likelihood.
     *
     * @param hint natural parameters near the expected answer (a bootstrap replicate's generating model),
     *             or null
     * @throws FitFailure when there is no finite maximum or the iteration fails
     */
    abstract double[] maximumLikelihood(CensoredSample sample, double[] hint);

    /** Σ_events ln f(t) + Σ_censored ln S(c), densities per ms, at internal coordinates. */
    abstract double logLikelihood(CensoredSample sample, double[] internal);

    abstract double cdf(double[] natural, double t);

    /** H(t) = -ln S(t), computed without cancellation at both ends. */
    abstract double cumulativeHazard(double[] natural, double t);

    abstract double logDensity(double[] natural, double t);

    /** The commons-statistics distribution, used for sampling and inverse survival. */
    abstract ContinuousDistribution distribution(double[] natural);

    /** @throws IllegalArgumentException naming the parameter that is out of range */
    void checkParameters(double[] natural) {
        for (int i = 0; i < natural.length; i++) {
            String name = id.parameterNames().get(i);
            if (!Double.isFinite(natural[i])) {
                throw new IllegalArgumentException(id.key() + " parameter " + name + " must be finite, got "
                        + natural[i]);
            }
            if (logScaled[i] && !(natural[i] > 0)) {
                throw new IllegalArgumentException(id.key() + " parameter " + name + " must be positive, got "
                        + natural[i]);
            }
        }
    }

    final double[] toInternal(double[] natural) {
        double[] internal = new double[natural.length];
        for (int i = 0; i < natural.length; i++) {
            internal[i] = logScaled[i] ? Math.log(natural[i]) : natural[i];
        }
        return internal;
    }

    final double[] toNatural(double[] internal) {
        double[] natural = new double[internal.length];
        for (int i = 0; i < internal.length; i++) {
            natural[i] = logScaled[i] ? Math.exp(internal[i]) : internal[i];
        }
        return natural;
    }

    /**
     * The log-likelihood the fit maximises: {@link #logLikelihood} conditioned on exceeding the sample's
     * truncation time, which adds n·H(truncation) (every duration's ln f or ln S less ln S(truncation)).
     */
    final double objective(CensoredSample sample, double[] internal) {
        double logLikelihood = logLikelihood(sample, internal);
        double truncation = sample.truncationMs();
        return truncation > 0 ? logLikelihood + sample.size() * cumulativeHazard(toNatural(internal), truncation)
                : logLikelihood;
    }

    /** Whether {@link #objectiveDerivatives} has closed forms; finite differences of the objective are used if not. */
    boolean hasObjectiveDerivatives() {
        return false;
    }

    /** The gradient and Hessian of {@link #objective} at internal coordinates, where the family has closed forms. */
    LikelihoodMaximiser.Derivatives objectiveDerivatives(CensoredSample sample, double[] internal) {
        throw new UnsupportedOperationException(id.key() + " has no closed-form derivatives");
    }

    /** The maximiser of {@link #objective}: the closed forms where there is no truncation, polished where there is. */
    private double[] maximise(CensoredSample sample, double[] hint) {
        double[] natural = maximumLikelihood(sample, hint);
        if (sample.truncationMs() > 0) {
            checkFitted(natural);
            double[] start = toInternal(natural);
            java.util.function.Function<double[], LikelihoodMaximiser.Derivatives> derivatives =
                    hasObjectiveDerivatives() ? x -> objectiveDerivatives(sample, x) : null;
            natural = toNatural(LikelihoodMaximiser.maximise(x -> objective(sample, x), derivatives, start,
                    id.key()));
        }
        return natural;
    }

    /** Maximum-likelihood parameters, the maximised log-likelihood and the inverse observed information. */
    final FamilyFit fit(CensoredSample sample) {
        double[] natural = maximise(sample, null);
        checkFitted(natural);
        double[] internal = toInternal(natural);
        double logLikelihood = objective(sample, internal);
        if (!Double.isFinite(logLikelihood)) {
            throw new FitFailure(id.key() + ": log-likelihood at the fitted parameters is not finite");
        }
        double[][] hessian = hasObjectiveDerivatives() ? objectiveDerivatives(sample, internal).hessian()
                : LikelihoodMaximiser.hessian(x -> objective(sample, x), internal, INFORMATION_STEP, logLikelihood);
        int n = internal.length;
        double[][] information = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                information[i][j] = -hessian[i][j];
            }
        }
        double[][] internalCovariance = LikelihoodMaximiser.inversePositiveDefinite(information);
        if (internalCovariance == null) {
            throw new FitFailure(id.key() + ": observed information is not positive definite at the fitted "
                    + "parameters, so they have no standard errors");
        }
        // d natural / d internal is diagonal: the natural value itself for ln-scaled parameters, 1 otherwise.
        double[] jacobian = new double[n];
        for (int i = 0; i < n; i++) {
            jacobian[i] = logScaled[i] ? natural[i] : 1;
        }
        double[][] covariance = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                covariance[i][j] = jacobian[i] * internalCovariance[i][j] * jacobian[j];
                if (!Double.isFinite(covariance[i][j])) {
                    // Degenerate optima (e.g. a Weibull shape near 0 on sub-microsecond data) overflow here.
                    throw new FitFailure(id.key() + ": the covariance of the fitted parameters is not finite");
                }
            }
        }
        return new FamilyFit(natural, logLikelihood, covariance);
    }

    /** Fits a bootstrap replicate: parameters only, started from the model that generated it. */
    final double[] refit(CensoredSample replicate, double[] generating) {
        double[] natural = maximise(replicate, generating);
        checkFitted(natural);
        return natural;
    }

    /**
     * Kolmogorov-Smirnov distance between this model's cdf F and the Kaplan-Meier cdf 1 - Ŝ: the largest
     * |F(t_j) - (1 - Ŝ)| over the event times t_j, with Ŝ taken just before and just after each jump. For a sample
     * truncated at τ, F is the cdf conditioned on exceeding τ, 1 - S(t)/S(τ).
     *
     * <p>F is evaluated exactly at every {@value #KS_BLOCK}th event time first. Between two such anchors a and
     * b, F lies in [F(t_a), F(t_b)] and the Kaplan-Meier cdf in [1 - Ŝ(t_a), 1 - Ŝ(t_b-)], which bounds the
     * distance inside the block; only blocks whose bound exceeds the largest distance found so far are looked
     * into, the same way again with an anchor every {@value #KS_SUB_BLOCK}th time, and only sub-blocks whose bound
     * still exceeds it are evaluated point by point. A point left out cannot exceed the largest distance found, so
     * the result is the exact supremum, at a fraction of the cdf evaluations (about a third of the points with
     * blocks alone, a tenth with sub-blocks), which matters for the gamma cdf inside the bootstrap.
     */
    final double ksDistance(KaplanMeier km, double[] natural, double truncationMs) {
        int m = km.size();
        if (m == 0) {
            return 0;
        }
        double truncationHazard = truncationMs > 0 ? cumulativeHazard(natural, truncationMs) : 0;
        int anchors = (m - 1 + KS_BLOCK - 1) / KS_BLOCK + 1;
        double[] anchorCdf = new double[anchors];
        double best = 0;
        for (int a = 0; a < anchors; a++) {
            int j = anchorIndex(a, m);
            anchorCdf[a] = conditionalCdf(natural, km.timeAt(j), truncationHazard);
            best = Math.max(best, stepDistance(km, j, anchorCdf[a]));
        }
        for (int a = 0; a + 1 < anchors; a++) {
            int first = anchorIndex(a, m);
            int last = anchorIndex(a + 1, m);
            if (last - first >= 2 && blockBound(km, first, last, anchorCdf[a], anchorCdf[a + 1]) > best) {
                best = subBlocks(km, natural, truncationHazard, first, last, anchorCdf[a], anchorCdf[a + 1], best);
            }
        }
        return best;
    }

    /**
     * The largest of {@code best} and the distances at the event times strictly between {@code first} and
     * {@code last}, whose cdfs are given, by sub-blocks of {@value #KS_SUB_BLOCK}.
     */
    private double subBlocks(KaplanMeier km, double[] natural, double truncationHazard, int first, int last,
                             double firstCdf, double lastCdf, double best) {
        int from = first;
        double fromCdf = firstCdf;
        while (from < last) {
            int to = Math.min(from + KS_SUB_BLOCK, last);
            double toCdf = to == last ? lastCdf : conditionalCdf(natural, km.timeAt(to), truncationHazard);
            if (to < last) {
                best = Math.max(best, stepDistance(km, to, toCdf));
            }
            if (to - from >= 2 && blockBound(km, from, to, fromCdf, toCdf) > best) {
                for (int j = from + 1; j < to; j++) {
                    best = Math.max(best, stepDistance(km, j, conditionalCdf(natural, km.timeAt(j),
                            truncationHazard)));
                }
            }
            from = to;
            fromCdf = toCdf;
        }
        return best;
    }

    /** The most the distance can be at the event times strictly between {@code first} and {@code last}. */
    private static double blockBound(KaplanMeier km, int first, int last, double firstCdf, double lastCdf) {
        double lowestKm = 1 - km.survivalAt(first);
        double highestKm = 1 - km.survivalAt(last - 1);
        return Math.max(lastCdf - lowestKm, highestKm - firstCdf);
    }

    /** F(t) given T > τ, from H(τ); the plain cdf when there is no truncation (H(τ) = 0). */
    private double conditionalCdf(double[] natural, double t, double truncationHazard) {
        return truncationHazard == 0 ? cdf(natural, t)
                : -Math.expm1(-Math.max(0, cumulativeHazard(natural, t) - truncationHazard));
    }

    private static int anchorIndex(int anchor, int steps) {
        return Math.min(anchor * KS_BLOCK, steps - 1);
    }

    /** |F - (1 - Ŝ)| at the j-th step, on both sides of the jump. */
    private static double stepDistance(KaplanMeier km, int j, double cdf) {
        double before = j == 0 ? 0 : 1 - km.survivalAt(j - 1);
        double after = 1 - km.survivalAt(j);
        return Math.max(Math.abs(cdf - before), Math.abs(cdf - after));
    }

    private void checkFitted(double[] natural) {
        for (int i = 0; i < natural.length; i++) {
            if (!Double.isFinite(natural[i]) || (logScaled[i] && !(natural[i] > 0))) {
                throw new FitFailure(id.key() + ": fitted " + id.parameterNames().get(i) + " = " + natural[i]
                        + " is not a usable value");
            }
        }
    }
}
