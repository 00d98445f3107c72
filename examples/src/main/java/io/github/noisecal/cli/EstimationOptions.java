package io.github.noisecal.cli;

import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.fit.FitOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How rates and fits are estimated: shared by the commands that build models. */
final class EstimationOptions {
    @Mixin
    IntervalOptions intervals;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "" + FitOptions.DEFAULT_BOOTSTRAP_REPLICATES,
            description = "Parametric-bootstrap replicates per goodness-of-fit p-value; 0 skips them. Default: ${DEFAULT-VALUE}.")
    int bootstrap;

    void validate() {
        intervals.validate();
        if (bootstrap < 0 || bootstrap > 100_000) {
            throw new UsageException("--bootstrap: must lie in [0, 100000], got " + bootstrap);
        }
    }

    double confidence() {
        return intervals.confidence;
    }

    IntervalMethod intervalMethod() {
        return intervals.intervalMethod();
    }
}
