package io.github.noisecal.calibration.fit;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.Erfcx;
import org.apache.commons.numbers.gamma.InverseErfc;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;

/**
 * Lognormal: without censoring μ and σ are the mean and (1/n) standard deviation of ln t. With censoring the
 * likelihood is maximised over (μ, ln σ) from the events-only values; the censored normal likelihood is
 * concave in (μ/σ, 1/σ), so it has a single stationary point and the damped Newton ascent finds it.
 */
final class LognormalFamily extends Family implements ClosedFormQuantile {

    static final LognormalFamily INSTANCE = new LognormalFamily();

    private static final double LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT_TWO = Math.sqrt(2);

    private LognormalFamily() {
        super(DistributionFamily.LOGNORMAL, false, true);
    }

    @Override
    double[] maximumLikelihood(CensoredSample sample, double[] hint) {
        int events = sample.eventCount();
        if (events < 2) {
            throw new FitFailure("lognormal: fewer than 2 events");
        }
        double sigma = Math.sqrt(sample.eventLogSumOfSquares() / events);
        if (!(sigma > 0)) {
            throw new FitFailure("lognormal: the events have no spread, sigma is 0");
        }
        double[] eventsOnly = {sample.eventLogMean(), sigma};
        if (sample.censoredCount() == 0) {
            return eventsOnly;
        }
        double[] start = toInternal(hint != null ? hint : eventsOnly);
        return toNatural(LikelihoodMaximiser.maximise(x -> logLikelihood(sample, x), start, "lognormal"));
    }

    @Override
    double logLikelihood(CensoredSample sample, double[] internal) {
        double mu = internal[0];
        double logSigma = internal[1];
        double sigma = Math.exp(logSigma);
        int r = sample.eventCount();
        double offset = sample.eventLogMean() - mu;
        double squares = sample.eventLogSumOfSquares() + r * offset * offset;
        double ll = -sample.eventLogSum() - r * (logSigma + LOG_SQRT_TWO_PI) - squares / (2 * sigma * sigma);
        double[] censorTimes = sample.censorTimes();
        long[] counts = sample.censorCounts();
        for (int j = 0; j < censorTimes.length; j++) {
            ll += counts[j] * logUpperTail((Math.log(censorTimes[j]) - mu) / sigma);
        }
        return ll;
    }

    /** ln(1 - Φ(z)), accurate far into the upper tail where 1 - Φ(z) underflows. */
    static double logUpperTail(double z) {
        if (z < 0) {
            return Math.log1p(-0.5 * Erfc.value(-z / SQRT_TWO));
        }
        return Math.log(0.5 * Erfcx.value(z / SQRT_TWO)) - z * z / 2;
    }

    @Override
    double cdf(double[] natural, double t) {
        return 0.5 * Erfc.value(-(Math.log(t) - natural[0]) / (natural[1] * SQRT_TWO));
    }

    @Override
    double cumulativeHazard(double[] natural, double t) {
        return -logUpperTail((Math.log(t) - natural[0]) / natural[1]);
    }

    @Override
    double logDensity(double[] natural, double t) {
        double logT = Math.log(t);
        double z = (logT - natural[0]) / natural[1];
        return -logT - Math.log(natural[1]) - LOG_SQRT_TWO_PI - z * z / 2;
    }

    @Override
    public double quantile(double[] natural, double lower, double upper) {
        double z = lower < 0.5 ? -SQRT_TWO * InverseErfc.value(2 * lower) : SQRT_TWO * InverseErfc.value(2 * upper);
        return Math.exp(natural[0] + natural[1] * z);
    }

    @Override
    ContinuousDistribution distribution(double[] natural) {
        return LogNormalDistribution.of(natural[0], natural[1]);
    }
}
