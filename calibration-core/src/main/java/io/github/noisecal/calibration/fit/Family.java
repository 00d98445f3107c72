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

    /** Maximum-likelihood parameters, the maximised log-likelihood and the inverse observed information. */
    final FamilyFit fit(CensoredSample sample) {
        double[] natural = maximumLikelihood(sample, null);
        checkFitted(natural);
        double[] internal = toInternal(natural);
        double logLikelihood = logLikelihood(sample, internal);
        if (!Double.isFinite(logLikelihood)) {
            throw new FitFailure(id.key() + ": log-likelihood at the fitted parameters is not finite");
        }
        double[][] hessian = LikelihoodMaximiser.hessian(x -> logLikelihood(sample, x), internal, INFORMATION_STEP);
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
            }
        }
        return new FamilyFit(natural, logLikelihood, covariance);
    }

    /** Fits a bootstrap replicate: parameters only, started from the model that generated it. */
    final double[] refit(CensoredSample replicate, double[] generating) {
        double[] natural = maximumLikelihood(replicate, generating);
        checkFitted(natural);
        return natural;
    }

    /** Kolmogorov-Smirnov distance between this model's cdf and the Kaplan-Meier estimate of the sample. */
    final double ksDistance(KaplanMeier km, double[] natural) {
        double distance = 0;
        double previous = 1;
        for (int j = 0; j < km.size(); j++) {
            double f = cdf(natural, km.timeAt(j));
            double survival = km.survivalAt(j);
            distance = Math.max(distance, Math.max(Math.abs(f - (1 - previous)), Math.abs(f - (1 - survival))));
            previous = survival;
        }
        return distance;
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
