package io.github.noisecal.calibration.bench;

import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.calibration.stats.ClusteredRate;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.ModuleGroups;
import io.github.noisecal.calibration.stats.Repeatability;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The module-level statistics of one tier, as {@code TierCalibration.of} computes them: grouping the runs by module,
 * the population interval of the timeout, fail and success rates and of every outcome code, and the repeatability.
 * Runs come from modules with a real module effect (timeout probability Beta with mean 0.2 and ICC 0.3, a tenth of
 * the other runs invalid). {@code runs} "10000x3" is 10,000 modules run 3 times (the target), "333334x3" a
 * million-record {@code fit}, "1000000x1" a million modules run once each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ModuleStatisticsBenchmark {

    @Param({"10000x3", "333334x3", "1000000x1"})
    public String runs;

    @Param({"WILSON", "CLOPPER_PEARSON"})
    public IntervalMethod method;

    private TierSamples samples;

    @Setup
    public void drawRuns() {
        String[] parts = runs.split("x");
        int modules = Integer.parseInt(parts[0]);
        int repeats = Integer.parseInt(parts[1]);
        int n = modules * repeats;
        SplittableRandom random = new SplittableRandom(20_261_201);
        UniformRandomProvider rng = random::nextLong;
        double concentration = (1 - 0.3) / 0.3;
        ContinuousDistribution.Sampler timeoutProbability =
                BetaDistribution.of(0.2 * concentration, 0.8 * concentration).createSampler(rng);
        Outcome[] outcomes = new Outcome[n];
        int[] moduleOf = new int[n];
        for (int module = 0; module < modules; module++) {
            double q = timeoutProbability.sample();
            for (int repeat = 0; repeat < repeats; repeat++) {
                int slot = module * repeats + repeat;
                moduleOf[slot] = module;
                double u = random.nextDouble();
                outcomes[slot] = u < q ? Outcome.VERIFIER_TIMEOUT
                        : u < q + 0.1 * (1 - q) ? Outcome.PROOF_INVALID : Outcome.VERIFIED;
            }
        }
        samples = TierSamples.of(Tier.BALANCED, outcomes, new double[n], moduleOf,
                IntStream.range(0, modules).mapToObj(i -> "M" + i).toList(), repeats);
    }

    @Benchmark
    public void tierModuleStatistics(Blackhole sink) {
        ModuleGroups groups = samples.byModule();
        sink.consume(ClusteredRate.of(groups, Outcome::isTimeout, 0.95, method));
        sink.consume(ClusteredRate.of(groups, Outcome::isFailure, 0.95, method));
        sink.consume(ClusteredRate.of(groups, Outcome::isSuccess, 0.95, method));
        for (Outcome outcome : Outcome.values()) {
            sink.consume(ClusteredRate.of(groups, outcome::equals, 0.95, method));
        }
        sink.consume(Repeatability.of(groups, 0.95, method));
    }
}
