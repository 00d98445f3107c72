package io.github.noisecal.calibration.bench;

import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.RateEstimate;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Interval evaluations per second, per method, over a fixed mix of counts at the 95% level.
 * {@code trials} "calibration" draws n from [30, 100000] (a calibration run's tiers), "huge" from [2^31, 3e9].
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IntervalBenchmark {

    private static final int CASES = 1024;

    @Param({"WILSON", "WILSON_CC", "CLOPPER_PEARSON", "JEFFREYS", "AGRESTI_COULL"})
    public IntervalMethod method;

    @Param({"calibration", "huge"})
    public String trials;

    private final long[] successes = new long[CASES];
    private final long[] trialCounts = new long[CASES];
    private int next;

    @Setup
    public void drawCases() {
        SplittableRandom random = new SplittableRandom(20_240_611);
        boolean huge = trials.equals("huge");
        for (int i = 0; i < CASES; i++) {
            long n = huge ? random.nextLong(1L << 31, 3_000_000_001L) : random.nextLong(30, 100_001);
            // timeout rates are mostly small: draw the rate from [0, 0.5) with a bias towards 0
            double rate = 0.5 * Math.pow(random.nextDouble(), 3);
            trialCounts[i] = n;
            successes[i] = Math.round(rate * n);
        }
    }

    @Benchmark
    public RateEstimate interval() {
        int i = next;
        next = (i + 1) & (CASES - 1);
        return RateEstimate.of(successes[i], trialCounts[i], 0.95, method);
    }
}
