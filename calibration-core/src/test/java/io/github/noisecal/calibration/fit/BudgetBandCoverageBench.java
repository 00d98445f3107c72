package io.github.noisecal.calibration.fit;

/**
 * The long version of {@link BudgetBandCoverageTest}: coverage of the budget answers' 95 % intervals, and of the
 * AIC-best family's band alone, with the goodness-of-fit bootstrap on (so rejected families leave the average).
 *
 * <pre>
 * bench/stats.sh io.github.noisecal.calibration.fit.BudgetBandCoverageBench [datasets] [n] [bootstrap]
 * </pre>
 * (defaults 1000 data sets of 400 runs, 100 bootstrap replicates per batch).
 */
public final class BudgetBandCoverageBench {

    private BudgetBandCoverageBench() {
    }

    public static void main(String[] args) {
        int datasets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int bootstrap = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        for (BudgetBandCoverageTest.Truth truth : BudgetBandCoverageTest.TRUTHS) {
            long started = System.nanoTime();
            double[][] coverage = BudgetBandCoverageTest.coverage(truth, n, datasets, bootstrap,
                    7_000 * (truth.family().ordinal() + 1));
            System.out.printf("%s  (%d data sets of %d runs, bootstrap %d, %.0f s)%n",
                    BudgetBandCoverageTest.row(truth, coverage), datasets, n, bootstrap,
                    (System.nanoTime() - started) / 1e9);
        }
    }
}
