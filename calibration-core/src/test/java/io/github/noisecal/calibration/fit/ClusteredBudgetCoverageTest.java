package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.RateEstimate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Budget answers from the runs are intervals over the population of proofs, as the headline rates are: a seeded
 * simulation with a module effect. Each module has a median duration drawn across modules (lognormal, σ 1), each of
 * its runs that median times run-to-run jitter (lognormal, σ 0.35), so a slow module is slow on every run; 40
 * modules run 4 times each, killed at 30 s. The truth at a budget b is the population's P(duration &gt; b). The
 * interval over the runs, which budget answered before, treats the 160 runs as 160 proofs and misses it far more
 * often than 5 %; the clustered one covers it near nominal.
 */
class ClusteredBudgetCoverageTest {
    private static final int MODULES = 40;
    private static final int REPEATS = 4;
    private static final double BUDGET_MS = 30_000;
    private static final double LOG_MEDIAN = Math.log(8_000);
    private static final double MODULE_SIGMA = 1.0;
    private static final double RUN_SIGMA = 0.35;
    private static final int REPLICATES = 500;

    /** The population's P(duration > b): log durations are normal with the two variances added. */
    private static double truth(double budgetMs) {
        double sd = Math.sqrt(MODULE_SIGMA * MODULE_SIGMA + RUN_SIGMA * RUN_SIGMA);
        return NormalDistribution.of(LOG_MEDIAN, sd).survivalProbability(Math.log(budgetMs));
    }

    /** A tier's evidence from its runs alone: observations with their modules, no family fitted. */
    private static TimeoutBudgets.Evidence evidence(double[] durations, boolean[] censored, int[] moduleOf) {
        ObservedDurations observed = ObservedDurations.of(durations, censored, moduleOf, MODULES);
        Map<String, CandidateFit> candidates = new LinkedHashMap<>();
        for (DistributionFamily family : DistributionFamily.values()) {
            candidates.put(family.key(), new CandidateFit.NotFitted(family, "not fitted in this simulation"));
        }
        int timeouts = (int) observed.censored();
        DurationDistributionFit fit = new DurationDistributionFit(null, List.of(), (int) observed.events(), timeouts,
                timeouts == 0 ? null : BUDGET_MS, null, null, null, observed, candidates);
        return new TimeoutBudgets.Evidence("FAST", Map.of(), BUDGET_MS, fit, 0.95, IntervalMethod.WILSON);
    }

    @Test
    void observedAnswersCoverThePopulationRateWhereTheIntervalOverRunsDoesNot() {
        double[] budgets = {12_000, BUDGET_MS};
        int[] clusteredCovered = new int[budgets.length];
        int[] runsCovered = new int[budgets.length];
        SplittableRandom random = new SplittableRandom(0xB0D6E7L);
        int n = MODULES * REPEATS;
        double[] durations = new double[n];
        boolean[] censored = new boolean[n];
        int[] moduleOf = new int[n];
        for (int r = 0; r < REPLICATES; r++) {
            for (int j = 0; j < MODULES; j++) {
                double logMedian = LOG_MEDIAN + MODULE_SIGMA * gaussian(random);
                for (int k = 0; k < REPEATS; k++) {
                    int slot = j * REPEATS + k;
                    double t = Math.exp(logMedian + RUN_SIGMA * gaussian(random));
                    moduleOf[slot] = j;
                    censored[slot] = t > BUDGET_MS;
                    durations[slot] = Math.min(t, BUDGET_MS);
                }
            }
            TimeoutBudgets.Evidence tier = evidence(durations, censored, moduleOf);
            for (int i = 0; i < budgets.length; i++) {
                BudgetPoint answer = TimeoutBudgets.rateAt(tier, List.of(tier), budgets[i]);
                double truth = truth(budgets[i]);
                if (answer.lower() <= truth && truth <= answer.upper()) {
                    clusteredCovered[i]++;
                }
                RateEstimate overRuns = RateEstimate.wilson(answer.timeouts(), n, 0.95);
                if (overRuns.lower() <= truth && truth <= overRuns.upper()) {
                    runsCovered[i]++;
                }
            }
        }
        for (int i = 0; i < budgets.length; i++) {
            double clustered = (double) clusteredCovered[i] / REPLICATES;
            double runs = (double) runsCovered[i] / REPLICATES;
            String context = String.format("at %.0f s (truth %.3f): over proofs %.3f, over runs %.3f",
                    budgets[i] / 1000, truth(budgets[i]), clustered, runs);
            assertTrue(clustered >= 0.92 && clustered <= 0.99, context);
            assertTrue(runs < 0.86, context);
        }
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: two uniforms, one normal; enough for a seeded simulation.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
