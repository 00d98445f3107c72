package io.github.noisecal.calibration.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The library routes {@link IntervalBenchmark} is measured against, on its "calibration" mix of counts at 95%:
 * Commons Math 3's Wilson interval and a Clopper-Pearson interval from Commons Statistics' Beta quantiles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IntervalBaselineBenchmark {

    private static final int CASES = 1024;

    private final int[] successes = new int[CASES];
    private final int[] trials = new int[CASES];
    private final WilsonScoreInterval wilson = new WilsonScoreInterval();
    private int next;

    @Setup
    public void drawCases() {
        SplittableRandom random = new SplittableRandom(20_240_611);
        for (int i = 0; i < CASES; i++) {
            int n = random.nextInt(30, 100_001);
            trials[i] = n;
            successes[i] = (int) Math.round(0.5 * Math.pow(random.nextDouble(), 3) * n);
        }
    }

    private int nextCase() {
        int i = next;
        next = (i + 1) & (CASES - 1);
        return i;
    }

    @Benchmark
    public ConfidenceInterval commonsMath3Wilson() {
        int i = nextCase();
        return wilson.createInterval(trials[i], successes[i], 0.95);
    }

    @Benchmark
    public double commonsStatisticsClopperPearson() {
        int i = nextCase();
        int k = successes[i];
        int n = trials[i];
        double lower = k == 0 ? 0 : BetaDistribution.of(k, n - k + 1.0).inverseCumulativeProbability(0.025);
        double upper = k == n ? 1 : BetaDistribution.of(k + 1.0, n - k).inverseSurvivalProbability(0.025);
        return upper - lower;
    }
}
