package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulation of the coverage of the budget answers' 95 % bands, the claim the README makes for them: at budgets
 * the runs covered, the observed rate's interval; beyond them, the envelope of the plausible families' spliced
 * bands, against the band of the AIC-best family alone (the model shown beside, and what {@code budget} answered
 * before). Each truth is one of the fitted families, censored at its 0.85 quantile (15 % timeouts); the family is
 * chosen from the data, not known. A modest size runs in every build; {@code BudgetBandCoverageBench} runs the long
 * version and prints the table.
 */
class BudgetBandCoverageTest {

    /** Truths whose tails differ: lognormal (heavy), Weibull shape 0.9 (near exponential), gamma shape 2 (light). */
    static final List<Truth> TRUTHS = List.of(
            new Truth(DistributionFamily.LOGNORMAL, 9.2, 1.0),
            new Truth(DistributionFamily.WEIBULL, 0.9, 12_000),
            new Truth(DistributionFamily.GAMMA, 2, 5_000));
    static final double[] FACTORS = {0.5, 1.25, 1.5, 2};

    record Truth(DistributionFamily family, double first, double second) {
        ContinuousDistribution distribution() {
            return Samples.distribution(family, first, second);
        }
    }

    /** Coverage per factor of the answer's band and of the best family's band, over {@code datasets} data sets. */
    static double[][] coverage(Truth truth, int n, int datasets, int bootstrap, long seed) {
        ContinuousDistribution distribution = truth.distribution();
        double budget = distribution.inverseSurvivalProbability(0.15);
        double[][] covered = new double[2][FACTORS.length];
        for (int d = 0; d < datasets; d++) {
            Samples.Censored sample = Samples.draw(distribution, n, budget, seed + d);
            DurationDistributionFit fit = DurationFitter.fit(sample.durations(), sample.censored(),
                    FitOptions.defaults().withBootstrapReplicates(bootstrap).withSeed(seed + d));
            TimeoutBudgets.Evidence tier = Samples.evidence("T", budget, fit);
            for (int f = 0; f < FACTORS.length; f++) {
                double b = FACTORS[f] * budget;
                double truthAtB = distribution.survivalProbability(b);
                BudgetPoint point = TimeoutBudgets.rateAt(tier, List.of(tier), b);
                if (point.lower() <= truthAtB && truthAtB <= point.upper()) {
                    covered[0][f]++;
                }
                if (point.modelLower() <= truthAtB && truthAtB <= point.modelUpper()) {
                    covered[1][f]++;
                }
            }
        }
        for (double[] row : covered) {
            for (int f = 0; f < row.length; f++) {
                row[f] /= datasets;
            }
        }
        return covered;
    }

    static String row(Truth truth, double[][] coverage) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-10s", truth.family().key()));
        for (int f = 0; f < FACTORS.length; f++) {
            text.append(String.format(Locale.ROOT, " | %.2fB: %.3f (best family alone %.3f)", FACTORS[f],
                    coverage[0][f], coverage[1][f]));
        }
        return text.toString();
    }

    /**
     * 120 data sets of 400 runs per truth: a 95 % band's coverage has a Monte Carlo standard error of 0.02 here, so
     * each must reach 0.90. The observed point (0.5 B) is the Wilson interval's own coverage.
     */
    @Test
    void answerBandsCoverAtLeastNinetyPercentWhereverTheyAreGiven() {
        for (Truth truth : TRUTHS) {
            double[][] coverage = coverage(truth, 400, 120, 0, 1_000 * (truth.family().ordinal() + 1));
            System.out.println("budget band coverage " + row(truth, coverage));
            for (int f = 0; f < FACTORS.length; f++) {
                assertTrue(coverage[0][f] >= 0.90, row(truth, coverage));
            }
        }
    }
}
