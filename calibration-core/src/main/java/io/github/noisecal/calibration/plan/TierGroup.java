package io.github.noisecal.calibration.plan;

import java.util.List;

/**
 * Tiers that get their records from one shared run: the run happens in {@code runTier}, the group's largest budget,
 * and every other tier of the group gets a record derived from it. Under {@link TierRuns#INDEPENDENT} every group
 * holds one tier.
 *
 * @param tiers   indexes into the plan's tiers, in report order
 * @param runTier the index of the tier whose budget the run gets; one of {@code tiers}
 */
public record TierGroup(List<Integer> tiers, int runTier) {
    public TierGroup {
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty() || !tiers.contains(runTier)) {
            throw new IllegalArgumentException("a tier group needs tiers, among them its run tier " + runTier
                    + ": " + tiers);
        }
    }

    /** Whether the group's run stands for tiers other than its own. */
    public boolean isShared() {
        return tiers.size() > 1;
    }
}
