package io.github.noisecal.calibration.bench;

import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.fit.DurationFitter;
import io.github.noisecal.calibration.fit.FitOptions;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.WeibullDistribution;

/**
 * How often the true family fails the bootstrap KS test at α = 0.05 when durations are recorded in whole seconds:
 * the long version of {@code CoarseClockLevelTest}. Uses only the public fit API, so the same file runs against
 * older versions of noisecal for a before/after figure.
 *
 * <pre>
 * bench/stats.sh KsResolutionBench [datasets] [bootstrap]   # default 400 data sets, 200 replicates
 * </pre>
 */
public final class KsResolutionBench {

    private KsResolutionBench() {
    }

    public static void main(String[] args) {
        int datasets = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int bootstrap = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        ContinuousDistribution lognormal = LogNormalDistribution.of(Math.log(10_000), 0.8);
        ContinuousDistribution weibull = WeibullDistribution.of(1.3, 12_000);
        for (int n : new int[] {500, 2000}) {
            report("lognormal", lognormal, n, datasets, bootstrap);
            report("weibull", weibull, n, datasets, bootstrap);
        }
    }

    private static void report(String family, ContinuousDistribution truth, int n, int datasets, int bootstrap) {
        int rejected = 0;
        double sum = 0;
        long started = System.nanoTime();
        for (int d = 0; d < datasets; d++) {
            SplittableRandom random = new SplittableRandom(31L * n + d);
            UniformRandomProvider rng = random::nextLong;
            ContinuousDistribution.Sampler sampler = truth.createSampler(rng);
            double[] durations = new double[n];
            boolean[] censored = new boolean[n];
            for (int i = 0; i < n; i++) {
                double t = sampler.sample();
                censored[i] = t > 60_000;
                durations[i] = censored[i] ? 60_000 : 1000 * Math.rint(t / 1000);
            }
            DurationDistributionFit fit = DurationFitter.fit(durations, censored,
                    FitOptions.defaults().withBootstrapReplicates(bootstrap).withSeed(d));
            Double p = ((CandidateFit.Fitted) fit.candidates().get(family)).ksPValue();
            sum += p;
            if (p <= 0.05) {
                rejected++;
            }
        }
        double rate = (double) rejected / datasets;
        System.out.printf(Locale.ROOT, "%-9s n=%-5d whole seconds, censored at 60 s: true family rejected at 0.05 in "
                        + "%.3f of %d data sets (±%.3f), mean p %.3f, %.1f s%n", family, n, rate, datasets,
                2 * Math.sqrt(rate * (1 - rate) / datasets), sum / datasets, (System.nanoTime() - started) / 1e9);
    }
}
