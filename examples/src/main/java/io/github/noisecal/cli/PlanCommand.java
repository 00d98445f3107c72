package io.github.noisecal.cli;

import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.stats.ComputeBudget;
import io.github.noisecal.calibration.stats.SampleSizePlan;
import io.github.noisecal.calibration.stats.SampleSizePlanner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Samples per tier needed for a confidence interval of a given half-width (an exact search on "
                + "the interval method, not the normal approximation), and the compute that implies.")
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--expected-rate", required = true, paramLabel = "RATE",
            description = "The rate to plan for, in [0, 1], such as the expected timeout rate.")
    double expectedRate;

    @Option(names = "--half-width", required = true, paramLabel = "H", description = "Target half-width, in (0, 0.5].")
    double halfWidth;

    @Mixin
    IntervalOptions intervals;

    @Option(names = "--mean-duration", paramLabel = "DURATION",
            description = "Mean wall time of one verification, such as 20s: adds the compute estimate.")
    String meanDuration;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "1",
            description = "Verifications run in parallel, for the wall-clock estimate. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--tiers", paramLabel = "K", defaultValue = "3",
            description = "Number of tiers calibrated. Default: ${DEFAULT-VALUE}.")
    int tiers;

    @Override
    public Integer call() {
        if (!(expectedRate >= 0 && expectedRate <= 1)) {
            throw new UsageException("--expected-rate: must lie in [0, 1], got " + expectedRate);
        }
        if (!(halfWidth > 0 && halfWidth <= 0.5)) {
            throw new UsageException("--half-width: must lie in (0, 0.5], got " + halfWidth);
        }
        intervals.validate();
        if (workers < 1 || tiers < 1) {
            throw new UsageException("--workers and --tiers: must be at least 1, got " + workers + " and " + tiers);
        }
        IntervalMethod method = intervals.intervalMethod();
        double confidence = intervals.confidence;
        Duration duration = meanDuration == null ? null : DurationParser.parse(meanDuration, "--mean-duration");
        SampleSizePlan plan = SampleSizePlanner.plan(expectedRate, halfWidth, confidence, method);
        RateEstimate achieved = plan.achieved();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Samples per tier: %d%n", plan.trials());
        out.printf(Locale.ROOT, "  %s interval at %s: %d of %d -> [%.5f, %.5f], half-width %.5f <= %s%n",
                method.id(), confidence, achieved.successes(), achieved.trials(),
                achieved.lower(), achieved.upper(), achieved.halfWidth(), halfWidth);
        out.printf(Locale.ROOT, "  (the normal approximation would say %d)%n", plan.normalApproximationTrials());
        if (duration != null) {
            ComputeBudget compute = new ComputeBudget(plan.trials(), tiers, duration, workers);
            out.printf(Locale.ROOT, "Compute: %d tiers x %d samples = %d verifications of %s each: %.1f CPU-hours, "
                            + "%.1f hours on %d workers%n", tiers, plan.trials(), compute.totalSamples(),
                    DurationParser.format(duration), compute.cpuHours(), compute.wallClockHours(), workers);
        }
        out.flush();
        return 0;
    }
}
