package io.github.noisecal.calibration.bench;

import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.fit.DurationFitter;
import io.github.noisecal.calibration.fit.FitOptions;
import io.github.noisecal.calibration.fit.FittedDistribution;
import io.github.noisecal.calibration.fit.SurvivalBand;
import java.util.Locale;

/**
 * What {@code budget} answered before it answered from observations: the AIC-best family's S(b) and delta-method
 * band, on the mixture ({@link Mixture}, n = 2,000, censored at 60 s). Uses only the fit API that older
 * versions had, so the same file runs against them; {@code MixtureBudgetBench} gives today's answers beside.
 *
 * <pre>
 * bench/stats.sh MixtureBestFamilyBench [datasets]   # default 200
 * </pre>
 */
public final class MixtureBestFamilyBench {
    static final double[] BUDGETS_S = {10, 30, 60, 90, 120, 3600};

    private MixtureBestFamilyBench() {
    }

    public static void main(String[] args) {
        int datasets = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double[][] first = Mixture.draw(2000, 60_000, 0);
        DurationDistributionFit fit = DurationFitter.fit(first[0], Mixture.flags(first[1]),
                FitOptions.defaults().withBootstrapReplicates(200).withSeed(0));
        CandidateFit.Fitted best = fit.bestFit().orElseThrow();
        FittedDistribution model = best.distribution();
        System.out.printf(Locale.ROOT, "data set 0: best family %s, its bootstrap KS p-value %s%n", fit.best(),
                best.ksPValue());
        for (double seconds : BUDGETS_S) {
            SurvivalBand band = model.survivalBand(seconds * 1000, 0.95);
            long longer = 0;
            for (int i = 0; i < first[0].length; i++) {
                if (first[1][i] == 1 || first[0][i] > seconds * 1000) {
                    longer++;
                }
            }
            System.out.printf(Locale.ROOT, "  at %5.0f s: best family %.4f [%.4f, %.4f]   observed %s   truth %.4f%n",
                    seconds, band.estimate(), band.lower(), band.upper(), seconds <= 60
                            ? String.format(Locale.ROOT, "%.4f", longer / 2000.0) : "  --  ",
                    Mixture.survival(seconds * 1000));
        }
        for (double target : new double[] {0.2, 0.05}) {
            System.out.printf(Locale.ROOT, "  budget for %.2f: best family %.1f s   truth %.1f s%n", target,
                    model.inverseSurvival(target) / 1000, truthBudget(target) / 1000);
        }
        int[] covered = new int[BUDGETS_S.length];
        for (int d = 0; d < datasets; d++) {
            double[][] data = Mixture.draw(2000, 60_000, d);
            FittedDistribution m = DurationFitter.fit(data[0], Mixture.flags(data[1]),
                    FitOptions.defaults().withBootstrapReplicates(0)).bestFit().orElseThrow().distribution();
            for (int j = 0; j < BUDGETS_S.length; j++) {
                SurvivalBand band = m.survivalBand(BUDGETS_S[j] * 1000, 0.95);
                double truth = Mixture.survival(BUDGETS_S[j] * 1000);
                if (band.lower() <= truth && truth <= band.upper()) {
                    covered[j]++;
                }
            }
        }
        StringBuilder line = new StringBuilder("coverage of the best family's 95% band over " + datasets
                + " data sets:");
        for (int j = 0; j < BUDGETS_S.length; j++) {
            line.append(String.format(Locale.ROOT, " %.0f s %.3f;", BUDGETS_S[j], (double) covered[j] / datasets));
        }
        System.out.println(line);
    }

    static double truthBudget(double target) {
        double lo = 1;
        double hi = 1e8;
        for (int i = 0; i < 200; i++) {
            double mid = Math.sqrt(lo * hi);
            if (Mixture.survival(mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
