package io.github.noisecal.telemetry.lean;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Tactic telemetry of a Lean source file.
 *
 * @param count     tactic steps inside {@code by} blocks
 * @param maxDepth  the deepest nesting of tactic blocks: 1 for a plain {@code by} block, one more for each block
 *                  inside a tactic ({@code by} in a term, focusing dots, {@code case ... =>}, {@code try},
 *                  parenthesised sequences, ...); 0 without tactics
 * @param perTactic how often each tactic occurs, by name, sorted
 */
public record TacticStatistics(int count, int maxDepth, Map<String, Integer> perTactic) {
    public TacticStatistics {
        Objects.requireNonNull(perTactic, "perTactic");
        if (count < 0 || maxDepth < 0) {
            throw new IllegalArgumentException("count and maxDepth must be non-negative, got " + count + " and "
                    + maxDepth);
        }
        int sum = perTactic.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != count) {
            throw new IllegalArgumentException("perTactic counts add up to " + sum + ", not count " + count);
        }
        perTactic = Collections.unmodifiableMap(new TreeMap<>(perTactic));
    }
}
