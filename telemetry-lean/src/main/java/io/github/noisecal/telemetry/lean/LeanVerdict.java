package io.github.noisecal.telemetry.lean;

import io.github.noisecal.telemetry.Outcome;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The classification of one Lean run.
 *
 * @param outcome     the outcome
 * @param rule        the name of the rule that decided it (see the table in telemetry-lean's README)
 * @param diagnostic  the text that decided it: the first error message, or the runtime's complaint
 * @param timeoutKind for timeouts and exhausted budgets, which limit was hit ({@code wall_clock},
 *                    {@code heartbeats}, {@code kernel_deterministic_timeout}, {@code max_recursion_depth},
 *                    {@code deep_recursion})
 * @param signal      the signal that killed Lean, also when Lake reported it as exit code 128 + N
 */
public record LeanVerdict(Outcome outcome, String rule, String diagnostic, Optional<String> timeoutKind,
                          OptionalInt signal) {
    public LeanVerdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(diagnostic, "diagnostic");
        Objects.requireNonNull(timeoutKind, "timeoutKind");
        Objects.requireNonNull(signal, "signal");
    }
}
