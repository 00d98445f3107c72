package io.github.noisecal.cli;

import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.PlanCriterion;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierBackends;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The values of options with a closed set of them, for shell completion ({@code completionCandidates}) and for
 * help texts ({@code ${COMPLETION-CANDIDATES}}). Each list comes from where the values are defined.
 */
final class CompletionValues {
    private CompletionValues() {
    }

    /** {@code --format}. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return OutputOptions.FORMATS.iterator();
        }
    }

    /** {@code --interval}. */
    static final class IntervalMethods implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(IntervalMethod.values()).map(IntervalMethod::id).iterator();
        }
    }

    /** {@code --tier-runs}. */
    static final class TierRunsIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(TierRuns.values()).map(TierRuns::id).iterator();
        }
    }

    /** {@code plan --criterion}. */
    static final class PlanCriteria implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(PlanCriterion.values()).map(PlanCriterion::id).iterator();
        }
    }

    /** {@code compare --fail-on}. */
    static final class FailOnVerdicts implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return CompareCommand.FAIL_ON.iterator();
        }
    }

    /** {@code --tiers}: the predefined tiers (others are defined with {@code --budget}). */
    static final class PredefinedTiers implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Tier.PREDEFINED.stream().map(Tier::name).iterator();
        }
    }

    /**
     * {@code --backend}: the backends discovered on the CLI's class path (a plugin directory is not known when the
     * script is made; a broken registry offers none rather than failing the script).
     */
    static final class BackendNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names;
            try {
                names = VerifierBackends.load().names();
            } catch (RuntimeException e) {
                names = List.of();
            }
            return names.iterator();
        }
    }

    /** {@code completion SHELL}. */
    static final class Shells implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return CompletionCommand.SHELLS.iterator();
        }
    }
}
