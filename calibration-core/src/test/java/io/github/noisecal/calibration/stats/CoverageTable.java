package io.github.noisecal.calibration.stats;

import java.util.Locale;

/**
 * Prints the README's coverage tables from many seeded replicates: {@code bench/coverage.sh [replicates]}. The same
 * simulations, with fewer replicates, are asserted by {@link ClusteredCoverageTest}.
 */
public final class CoverageTable {
    private CoverageTable() {
    }

    public static void main(String[] args) {
        int replicates = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double[] iccs = {0.05, 0.3, 0.9};
        double[] rates = {0.05, 0.2, 0.5};
        System.out.printf(Locale.ROOT, "Rates, 10 runs per module, %d replicates per cell: coverage of the 95%% interval"
                + " (Wilson) over the population; mean width in brackets; the interval over runs for comparison%n%n",
                replicates);
        System.out.println("| modules | ICC | rate 0.05 | rate 0.2 | rate 0.5 | over runs, rate 0.2 |");
        System.out.println("|---|---|---|---|---|---|");
        for (int modules : new int[] {3, 30, 300}) {
            for (double icc : iccs) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %s |", modules, icc));
                for (double rate : rates) {
                    ClusteredCoverage.Cell cell = ClusteredCoverage.rate(modules, 10, icc, rate, replicates,
                            ClusteredCoverageTest.seed(modules, icc, rate), IntervalMethod.WILSON);
                    row.append(String.format(Locale.ROOT, " %.3f (%.3f) |", cell.coverage(), cell.meanWidth()));
                }
                ClusteredCoverage.Cell runs = ClusteredCoverage.runs(modules, 10, icc, 0.2, replicates,
                        ClusteredCoverageTest.seed(modules, icc, 0.2) + 7);
                row.append(String.format(Locale.ROOT, " %.3f |", runs.coverage()));
                System.out.println(row);
            }
        }
        System.out.printf(Locale.ROOT, "%nEvery method at 30 and 300 modules: the lowest coverage over the 18 cells%n%n");
        System.out.println("| method | lowest coverage | where (modules, ICC, rate) |");
        System.out.println("|---|---|---|");
        for (IntervalMethod method : IntervalMethod.values()) {
            ClusteredCoverage.Cell worst = null;
            for (int modules : new int[] {30, 300}) {
                for (double icc : iccs) {
                    for (double rate : rates) {
                        ClusteredCoverage.Cell cell = ClusteredCoverage.rate(modules, 10, icc, rate, replicates / 5,
                                ClusteredCoverageTest.seed(modules, icc, rate) + 100 + method.ordinal(), method);
                        if (worst == null || cell.coverage() < worst.coverage()) {
                            worst = cell;
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %.3f | %d, %s, %s |%n", method.id(), worst.coverage(),
                    worst.modules(), worst.icc(), worst.rate());
        }
        System.out.printf(Locale.ROOT, "%nFlip rate (Wilson), %d replicates per cell: coverage of the 95%% interval;"
                + " true flip rate 2p(1-p)(1-ICC) in brackets%n%n", replicates / 2);
        System.out.println("| modules | runs per module | ICC 0.3, p 0.5 | ICC 0.3, p 0.9 | ICC 0.9, p 0.5 | ICC 0.9, p 0.9 |");
        System.out.println("|---|---|---|---|---|---|");
        for (int modules : new int[] {30, 300}) {
            for (int runs : new int[] {2, 3, 10}) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %d |", modules, runs));
                for (double icc : new double[] {0.3, 0.9}) {
                    for (double p : new double[] {0.5, 0.9}) {
                        ClusteredCoverage.Cell cell = ClusteredCoverage.flipRate(modules, runs, icc, p,
                                replicates / 2, ClusteredCoverageTest.seed(modules, icc, p) + runs + 1000,
                                IntervalMethod.WILSON);
                        row.append(String.format(Locale.ROOT, " %.3f (%.3f) |", cell.coverage(), cell.rate()));
                    }
                }
                System.out.println(row);
            }
        }
    }
}
