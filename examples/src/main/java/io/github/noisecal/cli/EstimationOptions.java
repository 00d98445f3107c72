package io.github.noisecal.cli;

import io.github.noisecal.calibration.IntervalMethod;
import io.github.noisecal.calibration.fit.FitOptions;
import picocli.CommandLine.Option;

/** How rates and fits are estimated: shared by the commands that build models. */
final class EstimationOptions {
    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "0.95",
            description = "Confidence level of the intervals, in (0, 1). Default: ${DEFAULT-VALUE}.")
    double confidence;

    @Option(names = "--interval", paramLabel = "METHOD", defaultValue = "wilson",
            description = "Interval method: wilson, wilson_cc, clopper_pearson, jeffreys, agresti_coull. Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "" + FitOptions.DEFAULT_BOOTSTRAP_REPLICATES,
            description = "Parametric-bootstrap replicates per goodness-of-fit p-value; 0 skips them. Default: ${DEFAULT-VALUE}.")
    int bootstrap;

    void validate() {
        if (!(confidence > 0 && confidence < 1)) {
            throw new UsageException("--confidence: must lie strictly between 0 and 1, got " + confidence);
        }
        if (bootstrap < 0 || bootstrap > 100_000) {
            throw new UsageException("--bootstrap: must lie in [0, 100000], got " + bootstrap);
        }
        intervalMethod();
    }

    IntervalMethod intervalMethod() {
        return CliOptions.intervalMethod(interval);
    }
}
