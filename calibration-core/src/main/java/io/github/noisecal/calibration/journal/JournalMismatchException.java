package io.github.noisecal.calibration.journal;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.plan.PlanDifference;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A journal to be resumed belongs to another calibration: another plan, another shard of it, another verifier
 * version, or other estimation settings (those the journal is refitted with). Nothing was written.
 */
public final class JournalMismatchException extends InvalidInputException {
    /** The prefix of {@linkplain JournalHeader.Estimation#differencesFrom estimation settings'} keys. */
    static final String ESTIMATION = "estimation.";
    private final transient Path file;
    private final List<PlanDifference> planDifferences;
    private final String shardDifference;
    private final String verifierDifference;

    /**
     * @param planDifferences    how the journal's plan differs from the calibration's (empty: the same plan)
     * @param shardDifference    "{@code journal-shard vs shard}", or null when they are the same
     * @param verifierDifference "{@code journal-version vs version}", or null when they are the same
     */
    public JournalMismatchException(Path file, List<PlanDifference> planDifferences, String shardDifference,
                                    String verifierDifference) {
        super(message(file, planDifferences, shardDifference, verifierDifference));
        this.file = file;
        this.planDifferences = List.copyOf(planDifferences);
        this.shardDifference = shardDifference;
        this.verifierDifference = verifierDifference;
    }

    private static String message(Path file, List<PlanDifference> plan, String shard, String verifier) {
        StringBuilder text = new StringBuilder("journal " + file + " belongs to another calibration: ");
        List<String> parts = new java.util.ArrayList<>();
        List<PlanDifference> ofPlan = plan.stream().filter(d -> !d.key().startsWith(ESTIMATION)).toList();
        List<PlanDifference> ofEstimation = plan.stream().filter(d -> d.key().startsWith(ESTIMATION)).toList();
        if (!ofPlan.isEmpty()) {
            parts.add("its plan has " + describe(ofPlan, ""));
        }
        if (!ofEstimation.isEmpty()) {
            parts.add("it is refitted with " + describe(ofEstimation, ESTIMATION));
        }
        if (shard != null) {
            parts.add("it holds shard " + shard.replace(" vs ", ", this run is shard "));
        }
        if (verifier != null) {
            parts.add("its samples ran on verifier " + verifier.replace(" vs ", ", this one is "));
        }
        return text.append(String.join("; ", parts)).toString();
    }

    private static String describe(List<PlanDifference> differences, String prefix) {
        return differences.stream().map(d -> d.key().substring(prefix.length()) + " " + show(d.first())
                + " where this one has " + show(d.second())).collect(Collectors.joining(", "));
    }

    static String show(List<String> values) {
        return values.isEmpty() ? "(none)" : values.size() == 1 ? values.get(0) : String.join(",", values);
    }

    public Path file() {
        return file;
    }

    public List<PlanDifference> planDifferences() {
        return planDifferences;
    }

    /** "{@code journal-shard vs shard}", or null. */
    public String shardDifference() {
        return shardDifference;
    }

    /** "{@code journal-version vs version}", or null. */
    public String verifierDifference() {
        return verifierDifference;
    }
}
