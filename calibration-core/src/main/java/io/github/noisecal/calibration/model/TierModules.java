package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.stats.RateClustering;
import java.util.Objects;

/**
 * The modules behind one tier's runs, and how clustering by module bears on the tier's rates ({@code modules} in
 * the model file). Modules are recognised by name alone.
 *
 * @param distinct modules with at least one run in the tier
 * @param meanRuns runs per module on average, {@code n_samples / distinct}
 * @param minRuns  runs of the module that ran least
 * @param maxRuns  runs of the module that ran most
 * @param timeout  the timeout rate's interval over these runs and its design effect
 * @param fail     the same for the fail rate
 * @param success  the same for the success rate
 */
public record TierModules(long distinct, double meanRuns, long minRuns, long maxRuns, RateClustering timeout,
                          RateClustering fail, RateClustering success) {

    public TierModules {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(fail, "fail");
        Objects.requireNonNull(success, "success");
        long runs = timeout.runs().trials();
        if (fail.runs().trials() != runs || success.runs().trials() != runs) {
            throw new IllegalArgumentException("the three rates must count the same runs");
        }
        if (distinct < 1 || distinct > runs) {
            throw new IllegalArgumentException("distinct modules must lie in [1, runs=" + runs + "], got " + distinct);
        }
        if (meanRuns != (double) runs / distinct) {
            throw new IllegalArgumentException("meanRuns must be runs / distinct = " + (double) runs / distinct
                    + ", got " + meanRuns);
        }
        if (minRuns < 1 || minRuns > maxRuns || minRuns > meanRuns || maxRuns < meanRuns
                || maxRuns > runs - (distinct - 1)) {
            throw new IllegalArgumentException("runs per module min " + minRuns + " and max " + maxRuns
                    + " do not fit " + distinct + " modules of " + runs + " runs");
        }
    }
}
