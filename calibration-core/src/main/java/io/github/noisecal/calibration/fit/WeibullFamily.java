package io.github.noisecal.calibration.fit;

import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.WeibullDistribution;

/**
 * Weibull: the censored profile likelihood in the shape k has the score
 * g(k) = Σ_all t^k ln t / Σ_all t^k - 1/k - mean_events(ln t), which increases in k from -∞ to a positive
 * limit unless all events are equal, so its single root is found by Newton's method kept inside a bracket;
 * then λ^k = Σ_all t^k / events. Logs are centred on the event log-mean and the powers are taken relative to
 * the largest one, so t^k cannot overflow whatever the time unit.
 */
final class WeibullFamily extends Family implements ClosedFormQuantile {

    static final WeibullFamily INSTANCE = new WeibullFamily();

    /** π/√6: a Weibull with shape k has sd(ln T) = π/(k√6), which gives the starting shape. */
    private static final double LOG_SD_TIMES_SHAPE = Math.PI / Math.sqrt(6);

    private WeibullFamily() {
        super(DistributionFamily.WEIBULL, true, true);
    }

    @Override
    double[] maximumLikelihood(CensoredSample sample, double[] hint) {
        int events = sample.eventCount();
        if (events < 2) {
            throw new FitFailure("weibull: fewer than 2 events");
        }
        ProfileScore score = new ProfileScore(sample);
        if (!(score.max > 0)) {
            throw new FitFailure("weibull: every event lies at or beyond every other sample, the shape diverges");
        }
        double start = hint != null ? hint[0]
                : LOG_SD_TIMES_SHAPE / Math.sqrt(sample.eventLogSumOfSquares() / events);
        double shape = solve(score, start);
        score.evaluate(shape);
        double logScale = sample.eventLogMean() + score.max + (Math.log(score.sumWeights) - Math.log(events)) / shape;
        return new double[] {shape, Math.exp(logScale)};
    }

    private static double solve(ProfileScore score, double start) {
        double lo = start;
        double hi = start;
        int expansions = 0;
        while (score.evaluate(lo) > 0) {
            lo /= 2;
            if (++expansions > 200) {
                throw new FitFailure("weibull: no lower bracket for the shape");
            }
        }
        while (score.evaluate(hi) < 0) {
            hi *= 2;
            if (++expansions > 200) {
                throw new FitFailure("weibull: no upper bracket for the shape, it diverges");
            }
        }
        double k = Math.min(Math.max(start, lo), hi);
        for (int iteration = 0; iteration < 200; iteration++) {
            double g = score.evaluate(k);
            if (g == 0) {
                return k;
            }
            if (g < 0) {
                lo = k;
            } else {
                hi = k;
            }
            double next = k - g / score.derivative;
            if (!(next > lo && next < hi)) {
                next = (lo + hi) / 2;
            }
            if (Math.abs(next - k) <= 1e-13 * k || hi - lo <= 1e-13 * k) {
                return next;
            }
            k = next;
        }
        throw new FitFailure("weibull: the shape equation did not converge");
    }

    @Override
    double logLikelihood(CensoredSample sample, double[] internal) {
        double shape = Math.exp(internal[0]);
        double logScale = internal[1];
        double sumPowers = 0;
        for (double y : sample.eventLogs()) {
            sumPowers += Math.exp(shape * (y - logScale));
        }
        double[] censorTimes = sample.censorTimes();
        long[] counts = sample.censorCounts();
        for (int j = 0; j < censorTimes.length; j++) {
            sumPowers += counts[j] * Math.exp(shape * (Math.log(censorTimes[j]) - logScale));
        }
        int r = sample.eventCount();
        return r * internal[0] - r * shape * logScale + (shape - 1) * sample.eventLogSum() - sumPowers;
    }

    /**
     * With u = ln k, v = ln λ, z = ln t - v and w = e^{kz}, the objective is r·u - r·k·v + (k-1)·Σ_events ln t
     * - Σ c·w, where c is 1 for an event, the count of a censoring time, and -n for the truncation time. Its
     * derivatives need only A = Σ c·w, B = Σ c·w·z and C = Σ c·w·z², one pass over the sample where finite
     * differences take nine.
     */
    @Override
    boolean hasObjectiveDerivatives() {
        return true;
    }

    @Override
    LikelihoodMaximiser.Derivatives objectiveDerivatives(CensoredSample sample, double[] internal) {
        double shape = Math.exp(internal[0]);
        double logScale = internal[1];
        double a = 0;
        double b = 0;
        double c = 0;
        for (double y : sample.eventLogs()) {
            double z = y - logScale;
            double w = Math.exp(shape * z);
            a += w;
            b += w * z;
            c += w * z * z;
        }
        double[] censorTimes = sample.censorTimes();
        long[] counts = sample.censorCounts();
        for (int j = 0; j < censorTimes.length; j++) {
            double z = Math.log(censorTimes[j]) - logScale;
            double w = counts[j] * Math.exp(shape * z);
            a += w;
            b += w * z;
            c += w * z * z;
        }
        if (sample.truncationMs() > 0) {
            double z = Math.log(sample.truncationMs()) - logScale;
            double w = -sample.size() * Math.exp(shape * z);
            a += w;
            b += w * z;
            c += w * z * z;
        }
        int r = sample.eventCount();
        double eventZ = sample.eventLogSum() - r * logScale;
        double du = r + shape * eventZ - shape * b;
        double dv = -r * shape + shape * a;
        double duu = shape * eventZ - shape * b - shape * shape * c;
        double duv = -r * shape + shape * shape * b + shape * a;
        double dvv = -shape * shape * a;
        return new LikelihoodMaximiser.Derivatives(new double[] {du, dv}, new double[][] {{duu, duv}, {duv, dvv}});
    }

    @Override
    double cdf(double[] natural, double t) {
        return -Math.expm1(-cumulativeHazard(natural, t));
    }

    @Override
    double cumulativeHazard(double[] natural, double t) {
        return Math.exp(natural[0] * (Math.log(t) - Math.log(natural[1])));
    }

    @Override
    double logDensity(double[] natural, double t) {
        double shape = natural[0];
        double logRatio = Math.log(t) - Math.log(natural[1]);
        return Math.log(shape) - Math.log(natural[1]) + (shape - 1) * logRatio - Math.exp(shape * logRatio);
    }

    @Override
    public double quantile(double[] natural, double lower, double upper) {
        double hazard = lower < 0.5 ? -Math.log1p(-lower) : -Math.log(upper);
        return natural[1] * Math.exp(Math.log(hazard) / natural[0]);
    }

    @Override
    ContinuousDistribution distribution(double[] natural) {
        return WeibullDistribution.of(natural[0], natural[1]);
    }

    /** The profile score g(k) and g'(k), with the sums it needs for the scale. */
    private static final class ProfileScore {
        private final double[] eventLogs;
        private final double[] censorLogs;
        private final long[] censorCounts;
        /**
         * Largest centred log over all samples: powers are taken relative to it. It is also lim g(k) as
         * k → ∞, so a finite root exists exactly when it is positive.
         */
        private final double max;
        private double sumWeights;
        private double derivative;

        ProfileScore(CensoredSample sample) {
            double mean = sample.eventLogMean();
            double[] logs = sample.eventLogs();
            eventLogs = new double[logs.length];
            double largest = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < logs.length; i++) {
                eventLogs[i] = logs[i] - mean;
                largest = Math.max(largest, eventLogs[i]);
            }
            double[] times = sample.censorTimes();
            censorLogs = new double[times.length];
            for (int j = 0; j < times.length; j++) {
                censorLogs[j] = Math.log(times[j]) - mean;
                largest = Math.max(largest, censorLogs[j]);
            }
            censorCounts = sample.censorCounts();
            max = largest;
        }

        /** g(k); also sets {@link #derivative} and {@link #sumWeights} = Σ exp(k(x - max)). */
        double evaluate(double k) {
            double a = 0;
            double b = 0;
            double c = 0;
            for (double x : eventLogs) {
                double w = Math.exp(k * (x - max));
                a += w;
                b += w * x;
                c += w * x * x;
            }
            for (int j = 0; j < censorLogs.length; j++) {
                double x = censorLogs[j];
                double w = censorCounts[j] * Math.exp(k * (x - max));
                a += w;
                b += w * x;
                c += w * x * x;
            }
            double meanX = b / a;
            sumWeights = a;
            derivative = c / a - meanX * meanX + 1 / (k * k);
            return meanX - 1 / k;
        }
    }
}
