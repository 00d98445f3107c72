package io.github.noisecal.calibration.bench;

import io.github.noisecal.calibration.compare.ClusteredDraws;
import io.github.noisecal.calibration.compare.ComparedProportion;
import io.github.noisecal.calibration.compare.ComparedRate;
import io.github.noisecal.calibration.compare.ComparisonOptions;
import io.github.noisecal.calibration.compare.ComparisonVerdict;
import io.github.noisecal.calibration.compare.RateComparison;
import io.github.noisecal.calibration.stats.ClusteredRate;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.telemetry.Outcome;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The level of {@code compare}'s test of equal rates when modules recur: pairs of calibrations of one verifier on
 * different draws of modules, each module run 25 times, compared with every run counted as a proof and with each
 * side at the model's design effect. The long version of {@code ClusteredComparisonTest}.
 *
 * <pre>
 * bench/stats.sh ClusteredCompareLevelBench [pairs]   # default 4,000 pairs per row
 * </pre>
 */
public final class ClusteredCompareLevelBench {
    private static final int RUNS_PER_MODULE = 25;

    private ClusteredCompareLevelBench() {
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        System.out.println("modules x runs | spread | mean ICC | false change, runs as proofs"
                + " | false change, clustered");
        for (double spread : new double[] {0, 0.5, 1.5}) {
            for (int modules : new int[] {10, 40, 160}) {
                row(modules, spread, pairs);
            }
        }
    }

    private static void row(int modules, double spread, int pairs) {
        SplittableRandom random = new SplittableRandom(1000L * modules + Math.round(spread * 10));
        int naive = 0;
        int clustered = 0;
        double iccSum = 0;
        int iccCount = 0;
        for (int i = 0; i < pairs; i++) {
            ClusteredRate a = rate(random, modules, spread);
            ClusteredRate b = rate(random, modules, spread);
            for (ClusteredRate side : List.of(a, b)) {
                if (side.clustering().icc() != null) {
                    iccSum += side.clustering().icc();
                    iccCount++;
                }
            }
            long n = a.population().trials();
            naive += changed(ComparedProportion.of(a.population().successes(), n),
                    ComparedProportion.of(b.population().successes(), n)) ? 1 : 0;
            clustered += changed(ComparedProportion.of(a.clustering()), ComparedProportion.of(b.clustering())) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%d x %d | %.1f | %.3f | %.3f | %.3f (±%.3f)%n", modules, RUNS_PER_MODULE,
                spread, iccSum / Math.max(1, iccCount), naive / (double) pairs, clustered / (double) pairs,
                2 * Math.sqrt(0.05 * 0.95 / pairs));
    }

    private static ClusteredRate rate(SplittableRandom random, int modules, double spread) {
        return ClusteredRate.of(ClusteredDraws.draw(random, modules, RUNS_PER_MODULE, spread), Outcome::isTimeout,
                0.95, IntervalMethod.WILSON);
    }

    private static boolean changed(ComparedProportion baseline, ComparedProportion candidate) {
        ComparisonVerdict verdict = RateComparison.decide(List.of(new RateComparison.Request("T", ComparedRate.TIMEOUT,
                baseline, candidate)), ComparisonOptions.defaults()).get(0).verdict();
        return verdict == ComparisonVerdict.WORSE || verdict == ComparisonVerdict.BETTER;
    }
}
