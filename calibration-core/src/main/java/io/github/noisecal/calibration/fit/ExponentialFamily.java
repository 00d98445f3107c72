package io.github.noisecal.calibration.fit;

import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.ExponentialDistribution;

/** Exponential: closed-form censored MLE, mean = total time on test / events. */
final class ExponentialFamily extends Family implements ClosedFormQuantile {

    static final ExponentialFamily INSTANCE = new ExponentialFamily();

    private ExponentialFamily() {
        super(DistributionFamily.EXPONENTIAL, true);
    }

    @Override
    double[] maximumLikelihood(CensoredSample sample, double[] hint) {
        if (sample.eventCount() == 0) {
            throw new FitFailure("exponential: no events, so the mean has no finite estimate");
        }
        return new double[] {sample.totalTime() / sample.eventCount()};
    }

    @Override
    double logLikelihood(CensoredSample sample, double[] internal) {
        double logMean = internal[0];
        return -sample.eventCount() * logMean - sample.totalTime() * Math.exp(-logMean);
    }

    @Override
    double cdf(double[] natural, double t) {
        return -Math.expm1(-t / natural[0]);
    }

    @Override
    double cumulativeHazard(double[] natural, double t) {
        return t / natural[0];
    }

    @Override
    double logDensity(double[] natural, double t) {
        return -Math.log(natural[0]) - t / natural[0];
    }

    @Override
    public double quantile(double[] natural, double lower, double upper) {
        return natural[0] * (lower < 0.5 ? -Math.log1p(-lower) : -Math.log(upper));
    }

    @Override
    ContinuousDistribution distribution(double[] natural) {
        return ExponentialDistribution.of(natural[0]);
    }
}
