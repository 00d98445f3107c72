package io.github.noisecal.calibration.bench;

import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.LogNormalDistribution;

/**
 * The two-component mixture: 57 % of runs lognormal with median 3 s (σ 0.7), 43 % with median 37.3 s
 * (σ 0.5). No fitted family is of this shape. Truth: S(10 s) = 0.4525, S(60 s) = 0.0735 (7 % timeouts at 60 s),
 * S(b) = 0.2 at b = 38.98 s, 0.05 at 67.76 s.
 */
final class Mixture {
    static final double FAST_SHARE = 0.57;
    private static final LogNormalDistribution FAST = LogNormalDistribution.of(Math.log(3_000), 0.7);
    private static final LogNormalDistribution SLOW = LogNormalDistribution.of(Math.log(37_300), 0.5);

    private Mixture() {
    }

    static double survival(double ms) {
        return FAST_SHARE * FAST.survivalProbability(ms) + (1 - FAST_SHARE) * SLOW.survivalProbability(ms);
    }

    /** n runs censored at {@code budgetMs}, in whole milliseconds as a millisecond clock records them. */
    static double[][] draw(int n, double budgetMs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] durations = new double[n];
        double[] censored = new double[n];
        for (int i = 0; i < n; i++) {
            boolean fast = random.nextDouble() < FAST_SHARE;
            double t = Math.exp((fast ? Math.log(3_000) : Math.log(37_300))
                    + (fast ? 0.7 : 0.5) * random.nextGaussian());
            censored[i] = t > budgetMs ? 1 : 0;
            durations[i] = t > budgetMs ? budgetMs : Math.rint(t);
        }
        return new double[][] {durations, censored};
    }

    static boolean[] flags(double[] censored) {
        boolean[] flags = new boolean[censored.length];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = censored[i] == 1;
        }
        return flags;
    }
}
