package io.github.noisecal.cli;

import io.github.noisecal.calibration.stats.IntervalMethod;
import picocli.CommandLine.Option;

/** The confidence level and interval method of rate estimates. */
final class IntervalOptions {
    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "0.95",
            description = "Confidence level of the intervals, in (0, 1). Default: ${DEFAULT-VALUE}.")
    double confidence;

    @Option(names = "--interval", paramLabel = "METHOD", defaultValue = "wilson",
            completionCandidates = CompletionValues.IntervalMethods.class,
            description = "Interval method: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String interval;

    void validate() {
        if (!(confidence > 0 && confidence < 1)) {
            throw new UsageException("--confidence: must lie strictly between 0 and 1, got " + confidence);
        }
        intervalMethod();
    }

    IntervalMethod intervalMethod() {
        return CliOptions.intervalMethod(interval);
    }
}
