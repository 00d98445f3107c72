package io.github.noisecal.calibration.fit;

import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.ExponentialDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.WeibullDistribution;

/** Seeded censored samples for the tests. */
final class Samples {

    private Samples() {
    }

    /** Durations in ms and their timeout flags. */
    record Censored(double[] durations, boolean[] censored) {
        int censoredCount() {
            int count = 0;
            for (boolean c : censored) {
                if (c) {
                    count++;
                }
            }
            return count;
        }

        Censored scaled(double factor) {
            double[] scaled = new double[durations.length];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = durations[i] * factor;
            }
            return new Censored(scaled, censored.clone());
        }
    }

    /** The generating distribution of a family with natural parameters. */
    static ContinuousDistribution distribution(DistributionFamily family, double... parameters) {
        return switch (family) {
            case EXPONENTIAL -> ExponentialDistribution.of(parameters[0]);
            case GAMMA -> GammaDistribution.of(parameters[0], parameters[1]);
            case LOGNORMAL -> LogNormalDistribution.of(parameters[0], parameters[1]);
            case WEIBULL -> WeibullDistribution.of(parameters[0], parameters[1]);
        };
    }

    /** Typical parameters per family: a few to a few tens of ms. */
    static double[] typicalParameters(DistributionFamily family) {
        return switch (family) {
            case EXPONENTIAL -> new double[] {8};
            case GAMMA -> new double[] {2.5, 3};
            case LOGNORMAL -> new double[] {2, 0.8};
            case WEIBULL -> new double[] {0.8, 10};
        };
    }

    /** n draws, each censored at {@code budget} when it exceeds it (no censoring for +∞). */
    static Censored draw(ContinuousDistribution distribution, int n, double budget, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        UniformRandomProvider rng = random::nextLong;
        ContinuousDistribution.Sampler sampler = distribution.createSampler(rng);
        double[] durations = new double[n];
        boolean[] censored = new boolean[n];
        for (int i = 0; i < n; i++) {
            double t = sampler.sample();
            if (t > budget) {
                durations[i] = budget;
                censored[i] = true;
            } else {
                durations[i] = t;
            }
        }
        return new Censored(durations, censored);
    }

    /** n draws censored at the distribution's (1 - censoredFraction) quantile. */
    static Censored drawCensoring(ContinuousDistribution distribution, int n, double censoredFraction, long seed) {
        double budget = censoredFraction == 0 ? Double.POSITIVE_INFINITY
                : distribution.inverseSurvivalProbability(censoredFraction);
        return draw(distribution, n, budget, seed);
    }

    static DurationDistributionFit fit(Censored sample, int replicates) {
        return DurationFitter.fit(sample.durations(), sample.censored(), FitOptions.defaults().withBootstrapReplicates(replicates));
    }

    static CandidateFit.Fitted fitted(DurationDistributionFit fit, DistributionFamily family) {
        CandidateFit candidate = fit.candidates().get(family.key());
        if (!(candidate instanceof CandidateFit.Fitted fitted)) {
            throw new AssertionError(family.key() + " was not fitted: " + candidate);
        }
        return fitted;
    }

    /**
     * The hurdle likelihood of a fit that set {@code instant} apart (null: none): the binomial likelihood of the
     * instant share, and every other run's ln f or ln S less ln S(truncation), summed directly with
     * commons-statistics.
     */
    static double independentLogLikelihood(ContinuousDistribution distribution, Censored sample, InstantEnds instant) {
        if (instant == null) {
            return independentLogLikelihood(distribution, sample);
        }
        double logTruncation = Math.log(distribution.survivalProbability(instant.truncationMs()));
        double sum = instant.count() * Math.log(instant.share())
                + (instant.samples() - instant.count()) * Math.log1p(-instant.share());
        for (int i = 0; i < sample.durations().length; i++) {
            double t = sample.durations()[i];
            if (sample.censored()[i]) {
                sum += Math.log(distribution.survivalProbability(t)) - logTruncation;
            } else if (t >= instant.belowMs()) {
                sum += distribution.logDensity(t) - logTruncation;
            }
        }
        return sum;
    }

    /** Σ ln f(events) + Σ ln S(censored) computed directly with commons-statistics, independently of the fitter. */
    static double independentLogLikelihood(ContinuousDistribution distribution, Censored sample) {
        double sum = 0;
        for (int i = 0; i < sample.durations().length; i++) {
            double t = sample.durations()[i];
            sum += sample.censored()[i] ? Math.log(distribution.survivalProbability(t)) : distribution.logDensity(t);
        }
        return sum;
    }

    /** A tier's evidence for the budget questions: no limits, Wilson intervals at 95 %. */
    static TimeoutBudgets.Evidence evidence(String tier, double budgetMs, DurationDistributionFit fit) {
        return new TimeoutBudgets.Evidence(tier, java.util.Map.of(), budgetMs, fit, 0.95,
                io.github.noisecal.calibration.stats.IntervalMethod.WILSON);
    }

    /** Runs longer than b, every censored one included. */
    static long exceeding(Censored sample, double budget) {
        long count = 0;
        for (int i = 0; i < sample.durations().length; i++) {
            if (sample.censored()[i] || sample.durations()[i] > budget) {
                count++;
            }
        }
        return count;
    }

    static double[] values(CandidateFit.Fitted fitted) {
        return fitted.parameters().values().stream().mapToDouble(Double::doubleValue).toArray();
    }
}
