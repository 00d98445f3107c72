package io.github.noisecal.calibration.fit;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.RegularizedGamma;
import org.apache.commons.numbers.gamma.Trigamma;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;

/**
 * Gamma: without censoring the shape solves ln k - ψ(k) = ln(mean t) - mean(ln t) (Newton from Minka's
 * start) and scale = mean / k. With censoring the timeouts add Σ ln Q(k, c/θ) and there is no profile
 * equation, so the likelihood is maximised over (ln k, ln θ) from the events-only shape and the
 * total-time-on-test mean.
 */
final class GammaFamily extends Family {

    static final GammaFamily INSTANCE = new GammaFamily();

    /** Shapes from which ln k - ψ(k) is taken from its asymptotic series. */
    private static final double ASYMPTOTIC_SHAPE = 30;

    private GammaFamily() {
        super(DistributionFamily.GAMMA, true, true);
    }

    @Override
    double[] maximumLikelihood(CensoredSample sample, double[] hint) {
        int events = sample.eventCount();
        if (events < 2) {
            throw new FitFailure("gamma: fewer than 2 events");
        }
        double eventMean = sample.eventSum() / events;
        double spread = Math.log(eventMean) - sample.eventLogMean();
        if (!(spread > 0)) {
            throw new FitFailure("gamma: the events have no spread, the shape diverges");
        }
        if (sample.censoredCount() == 0) {
            double shape = shapeFromSpread(spread);
            return new double[] {shape, eventMean / shape};
        }
        double[] start;
        if (hint != null) {
            start = toInternal(hint);
        } else {
            double shape = shapeFromSpread(spread);
            start = new double[] {Math.log(shape), Math.log(sample.totalTime() / events / shape)};
        }
        return toNatural(LikelihoodMaximiser.maximise(x -> logLikelihood(sample, x), start, "gamma"));
    }

    /** Solves ln k - ψ(k) = s (s &gt; 0) for k; the left side decreases from ∞ to 0. */
    static double shapeFromSpread(double s) {
        double k = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
        for (int iteration = 0; iteration < 100; iteration++) {
            double next = k - (logMinusDigamma(k) - s) / logMinusDigammaDerivative(k);
            if (!(next > 0)) {
                next = k / 2;
            }
            if (Math.abs(next - k) <= 1e-13 * k) {
                return next;
            }
            k = next;
        }
        throw new FitFailure("gamma: the shape equation did not converge");
    }

    /**
     * ln k - ψ(k). For large k both terms are nearly equal and their difference, about 1/(2k), would lose
     * every digit, so the asymptotic series is used there (its truncation error is below 1e-16 relative).
     */
    private static double logMinusDigamma(double k) {
        if (k < ASYMPTOTIC_SHAPE) {
            return Math.log(k) - Digamma.value(k);
        }
        double u = 1 / (k * k);
        return 1 / (2 * k) + u * (1.0 / 12 - u * (1.0 / 120 - u * (1.0 / 252 - u * (1.0 / 240 - u / 132))));
    }

    /** d/dk (ln k - ψ(k)) = 1/k - ψ'(k), by the same split. */
    private static double logMinusDigammaDerivative(double k) {
        if (k < ASYMPTOTIC_SHAPE) {
            return 1 / k - Trigamma.value(k);
        }
        double u = 1 / (k * k);
        return -u * (0.5 + (1 / k) * (1.0 / 6 - u * (1.0 / 30 - u * (1.0 / 42 - u / 30))));
    }

    @Override
    double logLikelihood(CensoredSample sample, double[] internal) {
        double shape = Math.exp(internal[0]);
        double logScale = internal[1];
        double scale = Math.exp(logScale);
        int r = sample.eventCount();
        double ll = (shape - 1) * sample.eventLogSum() - sample.eventSum() / scale
                - r * shape * logScale - r * LogGamma.value(shape);
        double[] censorTimes = sample.censorTimes();
        long[] counts = sample.censorCounts();
        for (int j = 0; j < censorTimes.length; j++) {
            ll -= counts[j] * standardHazard(shape, censorTimes[j] / scale);
        }
        return ll;
    }

    /** -ln Q(k, x) without cancellation when Q is near 1. */
    private static double standardHazard(double shape, double x) {
        double p = RegularizedGamma.P.value(shape, x);
        return p < 0.5 ? -Math.log1p(-p) : -Math.log(RegularizedGamma.Q.value(shape, x));
    }

    @Override
    double cdf(double[] natural, double t) {
        return RegularizedGamma.P.value(natural[0], t / natural[1]);
    }

    @Override
    double cumulativeHazard(double[] natural, double t) {
        return standardHazard(natural[0], t / natural[1]);
    }

    @Override
    double logDensity(double[] natural, double t) {
        double shape = natural[0];
        double x = t / natural[1];
        return (shape - 1) * Math.log(x) - x - LogGamma.value(shape) - Math.log(natural[1]);
    }

    @Override
    ContinuousDistribution distribution(double[] natural) {
        return GammaDistribution.of(natural[0], natural[1]);
    }
}
