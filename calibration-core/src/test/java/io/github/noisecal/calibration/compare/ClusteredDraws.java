package io.github.noisecal.calibration.compare;

import io.github.noisecal.calibration.stats.ModuleGroups;
import io.github.noisecal.telemetry.Outcome;
import java.util.SplittableRandom;

/** Simulated calibrations whose modules recur: the input of the clustered-comparison test and its benchmark. */
public final class ClusteredDraws {
    private ClusteredDraws() {
    }

    /**
     * One calibration's timeouts: {@code modules} modules drawn from one population, each run {@code runs} times. A
     * module times out with its own probability, logistic(-1.7 + spread Z) for a standard normal Z: with spread 1.5,
     * a population timeout rate near 0.23 and an intra-module correlation near 0.3 (hard modules stay hard); with
     * spread 0 every run is independent.
     */
    public static ModuleGroups draw(SplittableRandom random, int modules, int runs, double spread) {
        Outcome[] outcomes = new Outcome[modules * runs];
        for (int m = 0; m < modules; m++) {
            double q = 1 / (1 + Math.exp(1.7 - spread * random.nextGaussian()));
            for (int r = 0; r < runs; r++) {
                outcomes[m * runs + r] = random.nextDouble() < q ? Outcome.VERIFIER_TIMEOUT : Outcome.VERIFIED;
            }
        }
        return ModuleGroups.of(outcomes.length, modules, slot -> slot / runs, slot -> outcomes[slot]);
    }
}
