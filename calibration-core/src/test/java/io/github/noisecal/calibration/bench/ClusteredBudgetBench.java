package io.github.noisecal.calibration.bench;

import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DistributionFamily;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.fit.ObservedDurations;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.calibration.stats.IntervalMethod;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What clustering costs budget answers from the runs: one tier of {@code modules} modules run {@code repeats} times
 * (a module effect: lognormal module medians, σ 1, run jitter σ 0.35; killed at 30 s), its observations with and
 * without their modules. Times, median of {@code rounds}: keeping the module sums, the stored curve (24 budgets), and
 * budgets for targets of 1 %, 5 % and 20 % (1 %: no bound over the runs reaches it, so the clustered lower bound is
 * searched run by run through the whole range). No family is fitted, so only the answers from the runs are timed.
 *
 * <pre>
 * bench/stats.sh ClusteredBudgetBench [modules] [repeats] [rounds]   # default 10000 3 7
 * </pre>
 */
public final class ClusteredBudgetBench {
    private static final double BUDGET_MS = 30_000;

    private ClusteredBudgetBench() {
    }

    public static void main(String[] args) {
        int modules = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int n = modules * repeats;
        double[] durations = new double[n];
        boolean[] censored = new boolean[n];
        int[] moduleOf = new int[n];
        SplittableRandom random = new SplittableRandom(1);
        for (int j = 0; j < modules; j++) {
            double logMedian = Math.log(8_000) + gaussian(random);
            for (int k = 0; k < repeats; k++) {
                int slot = j * repeats + k;
                // Recorded to the millisecond, as the Lean backend records them.
                double t = Math.rint(Math.exp(logMedian + 0.35 * gaussian(random)));
                moduleOf[slot] = j;
                censored[slot] = t > BUDGET_MS;
                durations[slot] = Math.min(t, BUDGET_MS);
            }
        }
        System.out.printf(Locale.ROOT, "%d modules x %d repeats = %d runs, %d distinct durations; median of %d"
                + " rounds, ms%n", modules, repeats, n, ObservedDurations.of(durations, censored).eventTimesMs().length,
                rounds);
        System.out.println("| interval method | runs' modules | keeping the sums | stored curve (24 budgets) |"
                + " budget for 1 % | 5 % | 20 % |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (IntervalMethod method : new IntervalMethod[] {IntervalMethod.WILSON, IntervalMethod.CLOPPER_PEARSON}) {
            for (boolean clustered : new boolean[] {false, true}) {
                double keep = median(rounds, () -> clustered
                        ? ObservedDurations.of(durations, censored, moduleOf, modules)
                        : ObservedDurations.of(durations, censored));
                ObservedDurations observed = clustered ? ObservedDurations.of(durations, censored, moduleOf, modules)
                        : ObservedDurations.of(durations, censored);
                TimeoutBudgets.Evidence tier = evidence(observed, method);
                double curve = median(rounds, () -> TimeoutBudgets.curve(tier, TimeoutBudgets.defaultGrid(BUDGET_MS)));
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f |",
                        method.id(), clustered ? "clustered" : "unknown (over runs)", keep, curve));
                for (double target : new double[] {0.01, 0.05, 0.2}) {
                    row.append(String.format(Locale.ROOT, " %.1f |", median(rounds,
                            () -> TimeoutBudgets.budgetFor(tier, List.of(tier), target))));
                }
                System.out.println(row);
            }
        }
    }

    private static TimeoutBudgets.Evidence evidence(ObservedDurations observed, IntervalMethod method) {
        Map<String, CandidateFit> candidates = new LinkedHashMap<>();
        for (DistributionFamily family : DistributionFamily.values()) {
            candidates.put(family.key(), new CandidateFit.NotFitted(family, "not fitted in this benchmark"));
        }
        int timeouts = (int) observed.censored();
        DurationDistributionFit fit = new DurationDistributionFit(null, List.of(), (int) observed.events(), timeouts,
                timeouts == 0 ? null : BUDGET_MS, null, null, null, observed, candidates);
        return new TimeoutBudgets.Evidence("FAST", Map.of(), BUDGET_MS, fit, 0.95, method);
    }

    /** Median wall time of {@code rounds} runs after one warm-up, in ms. */
    private static double median(int rounds, Supplier<Object> task) {
        Object sink = task.get();
        double[] times = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            sink = task.get();
            times[r] = (System.nanoTime() - start) / 1e6;
        }
        if (sink == null) {
            throw new AssertionError();
        }
        Arrays.sort(times);
        return times[rounds / 2];
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
