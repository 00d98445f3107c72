package io.github.noisecal.calibration.stats;

import io.github.noisecal.telemetry.Outcome;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * Seeded coverage simulations of the module-clustered intervals, shared by the unit tests (few replicates) and
 * {@code bench/coverage.sh} (many). Module effects are beta-binomial: module j verifies with probability
 * {@code q_j ~ Beta(p (1 - ρ) / ρ, (1 - p)(1 - ρ) / ρ)}, whose intra-module correlation is exactly ρ, and each of
 * its runs is an independent Bernoulli(q_j) draw.
 */
final class ClusteredCoverage {

    private ClusteredCoverage() {
    }

    /** One cell of a coverage table: its parameters and the share of replicates whose interval held the truth. */
    record Cell(int modules, int runsPerModule, double icc, double rate, int replicates, int covered,
                double meanWidth) {
        double coverage() {
            return (double) covered / replicates;
        }
    }

    /**
     * Coverage of the headline interval of {@link ClusteredRate} for the population rate {@code rate}: modules of
     * {@code runsPerModule} runs each, an event being a timeout.
     */
    static Cell rate(int modules, int runsPerModule, double icc, double rate, int replicates, long seed,
                     IntervalMethod method) {
        SplittableRandom random = new SplittableRandom(seed);
        UniformRandomProvider rng = random::nextLong;
        ContinuousDistribution.Sampler moduleRates = moduleRates(rate, icc).createSampler(rng);
        int slots = modules * runsPerModule;
        boolean[] event = new boolean[slots];
        int covered = 0;
        double width = 0;
        for (int r = 0; r < replicates; r++) {
            draw(moduleRates, random, runsPerModule, event);
            ModuleGroups groups = ModuleGroups.of(slots, modules, slot -> slot / runsPerModule,
                    slot -> event[slot] ? Outcome.VERIFIER_TIMEOUT : Outcome.VERIFIED);
            RateEstimate population = ClusteredRate.of(groups, Outcome::isTimeout, 0.95, method).population();
            if (population.lower() <= rate && rate <= population.upper()) {
                covered++;
            }
            width += population.upper() - population.lower();
        }
        return new Cell(modules, runsPerModule, icc, rate, replicates, covered, width / replicates);
    }

    /** Coverage, as an interval over proofs, of the Wilson interval over runs: what a model said before clustering. */
    static Cell runs(int modules, int runsPerModule, double icc, double rate, int replicates, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        UniformRandomProvider rng = random::nextLong;
        ContinuousDistribution.Sampler moduleRates = moduleRates(rate, icc).createSampler(rng);
        int slots = modules * runsPerModule;
        boolean[] event = new boolean[slots];
        int covered = 0;
        double width = 0;
        for (int r = 0; r < replicates; r++) {
            draw(moduleRates, random, runsPerModule, event);
            long events = 0;
            for (boolean e : event) {
                events += e ? 1 : 0;
            }
            RateEstimate runs = RateEstimate.wilson(events, slots, 0.95);
            if (runs.lower() <= rate && rate <= runs.upper()) {
                covered++;
            }
            width += runs.upper() - runs.lower();
        }
        return new Cell(modules, runsPerModule, icc, rate, replicates, covered, width / replicates);
    }

    /**
     * Coverage of the flip-rate interval of {@link Repeatability} for the true flip rate {@code 2 p (1 - p)(1 - ρ)}
     * (the chance that two runs of a random module disagree), where {@code rate} is the mean success probability.
     */
    static Cell flipRate(int modules, int runsPerModule, double icc, double rate, int replicates, long seed,
                         IntervalMethod method) {
        SplittableRandom random = new SplittableRandom(seed);
        UniformRandomProvider rng = random::nextLong;
        ContinuousDistribution.Sampler moduleRates = moduleRates(rate, icc).createSampler(rng);
        int slots = modules * runsPerModule;
        boolean[] success = new boolean[slots];
        double truth = 2 * rate * (1 - rate) * (1 - icc);
        int covered = 0;
        double width = 0;
        for (int r = 0; r < replicates; r++) {
            draw(moduleRates, random, runsPerModule, success);
            ModuleGroups groups = ModuleGroups.of(slots, modules, slot -> slot / runsPerModule,
                    slot -> success[slot] ? Outcome.VERIFIED : Outcome.PROOF_INVALID);
            MeanEstimate flips = Repeatability.of(groups, 0.95, method).flipRate();
            if (flips.lower() <= truth && truth <= flips.upper()) {
                covered++;
            }
            width += flips.upper() - flips.lower();
        }
        return new Cell(modules, runsPerModule, icc, truth, replicates, covered, width / replicates);
    }

    private static BetaDistribution moduleRates(double mean, double icc) {
        double concentration = (1 - icc) / icc;
        return BetaDistribution.of(mean * concentration, (1 - mean) * concentration);
    }

    /** One data set: each module's rate from {@code moduleRates}, then its runs' events, module after module. */
    private static void draw(ContinuousDistribution.Sampler moduleRates, SplittableRandom random, int runsPerModule,
                             boolean[] events) {
        for (int j = 0; j < events.length / runsPerModule; j++) {
            double q = moduleRates.sample();
            for (int i = 0; i < runsPerModule; i++) {
                events[j * runsPerModule + i] = random.nextDouble() < q;
            }
        }
    }
}
