package io.github.noisecal.calibration.bench;

import io.github.noisecal.calibration.fit.BudgetAnswer;
import io.github.noisecal.calibration.fit.BudgetPoint;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.fit.DurationFitter;
import io.github.noisecal.calibration.fit.FitOptions;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.calibration.stats.IntervalMethod;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Today's {@code budget} answers on the mixture ({@link Mixture}, n = 2,000): BALANCED censored at 60 s and
 * FAST, with the same limits, at 30 s. Prints data set 0's answers beside the truth and the coverage of the answers'
 * 95 % intervals over many data sets; {@code MixtureBestFamilyBench} gives what the best family alone said.
 *
 * <pre>
 * bench/stats.sh MixtureBudgetBench [datasets] [bootstrap]   # default 200 data sets, 200 replicates
 * </pre>
 */
public final class MixtureBudgetBench {

    private MixtureBudgetBench() {
    }

    public static void main(String[] args) {
        int datasets = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int bootstrap = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<TimeoutBudgets.Evidence> model = tiers(0, 200);
        TimeoutBudgets.Evidence balanced = model.get(1);
        TimeoutBudgets.Evidence fast = model.get(0);
        System.out.println("data set 0, BALANCED (60 s, 2000 runs):");
        for (double seconds : MixtureBestFamilyBench.BUDGETS_S) {
            BudgetPoint point = TimeoutBudgets.rateAt(balanced, model, seconds * 1000);
            System.out.printf(Locale.ROOT, "  at %5.0f s: %-12s %s [%s, %s]%s   truth %.4f%n", seconds,
                    point.basis().id(), point.rate() == null ? "  --  " : String.format(Locale.ROOT, "%.4f",
                            point.rate()), format(point.lower()), format(point.upper()), point.factor() == null ? ""
                            : String.format(Locale.ROOT, " (%.2fx)", point.factor()),
                    Mixture.survival(seconds * 1000));
        }
        for (double target : new double[] {0.2, 0.05}) {
            BudgetAnswer answer = TimeoutBudgets.budgetFor(balanced, model, target);
            System.out.printf(Locale.ROOT, "  budget for %.2f: %s %s [%s, %s]   truth %.1f s%n", target,
                    answer.basis().id(), seconds(answer.budgetMs()), seconds(answer.budgetLowerMs()),
                    seconds(answer.budgetUpperMs()), MixtureBestFamilyBench.truthBudget(target) / 1000);
        }
        BudgetAnswer fastTarget = TimeoutBudgets.budgetFor(fast, model, 0.05);
        System.out.printf(Locale.ROOT, "FAST (30 s) budget for 0.05: %s %s [%s, %s]%s; its own best family alone "
                        + "says %s   truth %.1f s%n", fastTarget.basis().id(), seconds(fastTarget.budgetMs()),
                seconds(fastTarget.budgetLowerMs()), seconds(fastTarget.budgetUpperMs()),
                fastTarget.sourceTier() == null ? "" : " from " + fastTarget.sourceTier(),
                seconds(fastTarget.modelBudgetMs()), MixtureBestFamilyBench.truthBudget(0.05) / 1000);
        TimeoutBudgets.curve(balanced, List.of(60_000.0)).notes().forEach(note -> System.out.println("  note: " + note));

        double[] budgets = MixtureBestFamilyBench.BUDGETS_S;
        int[] covered = new int[budgets.length];
        int[] given = new int[budgets.length];
        for (int d = 0; d < datasets; d++) {
            List<TimeoutBudgets.Evidence> tiers = tiers(d, bootstrap);
            for (int j = 0; j < budgets.length; j++) {
                BudgetPoint point = TimeoutBudgets.rateAt(tiers.get(1), tiers.subList(1, 2), budgets[j] * 1000);
                double truth = Mixture.survival(budgets[j] * 1000);
                if (point.lower() != null) {
                    given[j]++;
                    if (point.lower() <= truth && truth <= point.upper()) {
                        covered[j]++;
                    }
                }
            }
        }
        StringBuilder line = new StringBuilder("coverage of BALANCED's answer intervals over " + datasets
                + " data sets:");
        for (int j = 0; j < budgets.length; j++) {
            line.append(String.format(Locale.ROOT, " %.0f s %.3f;", budgets[j], (double) covered[j] / given[j]));
        }
        System.out.println(line);
    }

    /** FAST (30 s) and BALANCED (60 s) from the same mixture, independent runs, identical limits. */
    private static List<TimeoutBudgets.Evidence> tiers(long seed, int bootstrap) {
        double[][] fast = Mixture.draw(2000, 30_000, 1_000_000 + seed);
        double[][] balanced = Mixture.draw(2000, 60_000, seed);
        FitOptions options = FitOptions.defaults().withBootstrapReplicates(bootstrap).withSeed(seed);
        DurationDistributionFit fastFit = DurationFitter.fit(fast[0], Mixture.flags(fast[1]), options);
        DurationDistributionFit balancedFit = DurationFitter.fit(balanced[0], Mixture.flags(balanced[1]), options);
        return List.of(new TimeoutBudgets.Evidence("FAST", Map.of(), 30_000, fastFit, 0.95, IntervalMethod.WILSON),
                new TimeoutBudgets.Evidence("BALANCED", Map.of(), 60_000, balancedFit, 0.95, IntervalMethod.WILSON));
    }

    private static String format(Double rate) {
        return rate == null ? "--" : rate == 0 ? "0" : rate < 1e-4 ? String.format(Locale.ROOT, "%.2e", rate)
                : String.format(Locale.ROOT, "%.4f", rate);
    }

    private static String seconds(Double ms) {
        return ms == null ? "--" : String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }
}
